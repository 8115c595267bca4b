"""Reads from a streaming replica (只读副本) for dashboards, lists and exports.

With DATABASE_REPLICA_URL set, settings add a `replica` database alias (the
same django-tenants backend, a hot standby of the primary) together with
`ReplicaRouter` and `ReplicaMiddleware`. Without it nothing here is installed
and every query goes to the primary, as before.

What is read where:

- Only code that asks for it reads from the replica: a block under
  `replica_reads(request)`. The GraphQL view opens one for a query operation
  whose root fields are all in REPLICA_ROOT_FIELDS (the dashboards, the
  petitions list); the report and bulletin downloads open one too.
- Everything else reads from the primary: mutations, sign-in and sessions,
  every other query, Celery tasks and commands.
- Inside such a block a read still goes to the primary when
  * this request already wrote (any INSERT/UPDATE/DELETE… on the primary),
  * this caller wrote in the last READ_YOUR_WRITES_SECONDS (a cookie set on
    the response of a request that wrote: read-your-own-writes across
    requests, for sessions and cookie-keeping API clients alike),
  * the primary connection is inside a transaction (`atomic`), or
  * the replica lags more than REPLICA_MAX_LAG_SECONDS, or cannot be reached.
- The choice is made once per request (`ReadDecision`), so one answer never
  mixes sources, and the API tells it (`dataFreshness`): where the figures
  were read, as of when and how far behind. The dashboard shows
  "数据更新于 … （延迟约 N 秒）" whenever the figures come from a lagging replica,
  and says so when it fell back to the primary because the lag was too large.

Lag is `now() - pg_last_xact_replay_timestamp()` on the replica, or 0 when
it has replayed all WAL it received (an idle primary writes no new
transactions, so the last replay time alone would read as a growing lag). It
is measured at most once every REPLICA_LAG_CACHE_SECONDS per process.

The replica connection follows the primary connection's schema (the unit
the request acts for, or whatever `tenants.crossing` switched to) at every
routed read: see `tenants.crossing.replica_schema_follow_primary`.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone

from tenants.crossing import replica_schema_follow_primary

REPLICA = "replica"
PRIMARY_COOKIE = "zugong_primary_until"
# Root fields of GraphQL query operations that may read from the replica:
# the dashboard and its drill-down lists, the cross-level case view, the
# petitions list, and the freshness notice itself.
REPLICA_ROOT_FIELDS = frozenset(
    {
        "overview",
        "overdueCases",
        "dueSoonCases",
        "crossLevelCase",
        "petitions",
        "dataFreshness",
        "__typename",
    }
)


class ReadSource(models.TextChoices):
    """Where a request's figures were read (读取来源)."""

    PRIMARY = "primary", "主库"
    REPLICA = "replica", "只读副本"


class ReplicaFallback(models.TextChoices):
    """Why reads that could have gone to the replica went to the primary."""

    RECENT_WRITE = "recent-write", "刚提交过修改，读取主库"
    LAGGING = "lagging", "只读副本延迟过大，读取主库"
    UNAVAILABLE = "unavailable", "只读副本不可用，读取主库"


_WRITE_VERBS = (
    "INSERT",
    "UPDATE",
    "DELETE",
    "MERGE",
    "CREATE",
    "ALTER",
    "DROP",
    "TRUNCATE",
    "GRANT",
    "REVOKE",
    "COPY",
)

logger = logging.getLogger("zugong.replica")


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@dataclass(frozen=True)
class ReplicaLag:
    """What the replica has replayed: how far behind, as of when (None when
    it could not be asked)."""

    seconds: float | None
    replayed_at: datetime.datetime | None
    measured_at: datetime.datetime

    @property
    def available(self) -> bool:
        return self.seconds is not None


@dataclass(frozen=True)
class ReadDecision:
    """Where one request's replica-eligible reads go, decided once."""

    source: ReadSource
    fallback: ReplicaFallback | None = None
    lag: ReplicaLag | None = None

    @property
    def uses_replica(self) -> bool:
        return self.source == ReadSource.REPLICA

    @property
    def data_as_of(self) -> datetime.datetime:
        """When the data read was current: the last replayed transaction's
        time for a lagging replica, now for the primary or a caught-up one."""
        lag = self.lag
        if self.uses_replica and lag is not None and lag.seconds:
            return lag.measured_at - datetime.timedelta(seconds=lag.seconds)
        return timezone.now()

    @property
    def lag_seconds(self) -> int | None:
        if self.lag is None or self.lag.seconds is None:
            return None
        return round(self.lag.seconds)


PRIMARY_DECISION = ReadDecision(source=ReadSource.PRIMARY)

# Per request (and per thread or task): the open replica_reads decision, and
# whether this request wrote.
_decision: contextvars.ContextVar[ReadDecision | None] = contextvars.ContextVar(
    "replica_decision", default=None
)
_wrote: contextvars.ContextVar[list[bool] | None] = contextvars.ContextVar(
    "replica_wrote", default=None
)


# The lag, measured at most once every REPLICA_LAG_CACHE_SECONDS per process.
_lag_lock = threading.Lock()
_lag_cache: tuple[float, ReplicaLag] | None = None


def replica_lag_get(*, fresh: bool = False) -> ReplicaLag:
    """The replica's lag, from this process's cache when recent enough."""
    global _lag_cache
    ttl = settings.REPLICA_LAG_CACHE_SECONDS
    with _lag_lock:
        cached = _lag_cache
        if not fresh and cached is not None and time.monotonic() - cached[0] < ttl:
            return cached[1]
        lag = _lag_measure()
        _lag_cache = (time.monotonic(), lag)
        return lag


def replica_lag_forget() -> None:
    """Drop the cached lag (tests, and after pausing or resuming replay)."""
    global _lag_cache
    with _lag_lock:
        _lag_cache = None


def _lag_measure() -> ReplicaLag:
    now = timezone.now()
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM "
                "pg_last_wal_replay_lsn() THEN 0 ELSE greatest(0, extract(epoch "
                "FROM now() - pg_last_xact_replay_timestamp())) END, "
                "pg_last_xact_replay_timestamp(), pg_is_in_recovery()"
            )
            seconds, replayed_at, in_recovery = cursor.fetchone()
    except Exception:  # the replica is down or unreachable: read the primary
        logger.warning("replica unreachable, reading from the primary", exc_info=True)
        with contextlib.suppress(Exception):
            connections[REPLICA].close()
        return ReplicaLag(seconds=None, replayed_at=None, measured_at=now)
    if not in_recovery:
        # A promoted or misconfigured "replica" is another primary: its data
        # diverges from ours, so never read it.
        logger.warning("DATABASE_REPLICA_URL is not a standby; reading the primary")
        return ReplicaLag(seconds=None, replayed_at=replayed_at, measured_at=now)
    return ReplicaLag(
        seconds=float(seconds or 0), replayed_at=replayed_at, measured_at=now
    )


def read_decision_make(*, pinned_to_primary: bool) -> ReadDecision:
    """Where a replica-eligible request reads, given whether its caller wrote
    recently; measures (or recalls) the lag."""
    if not replica_configured():
        return PRIMARY_DECISION
    if pinned_to_primary:
        return ReadDecision(
            source=ReadSource.PRIMARY, fallback=ReplicaFallback.RECENT_WRITE
        )
    lag = replica_lag_get()
    if not lag.available:
        return ReadDecision(
            source=ReadSource.PRIMARY, fallback=ReplicaFallback.UNAVAILABLE, lag=lag
        )
    if lag.seconds > settings.REPLICA_MAX_LAG_SECONDS:
        return ReadDecision(
            source=ReadSource.PRIMARY, fallback=ReplicaFallback.LAGGING, lag=lag
        )
    return ReadDecision(source=ReadSource.REPLICA, lag=lag)


def _pinned_to_primary(request) -> bool:
    if request is None:
        return False
    try:
        until = float(request.COOKIES.get(PRIMARY_COOKIE, "0"))
    except ValueError:
        return False
    return until > time.time()


@contextlib.contextmanager
def replica_reads(request=None) -> Iterator[ReadDecision]:
    """Let the reads of this block go to the replica when that is safe; the
    decision is kept on the request for `dataFreshness`."""
    decision = read_decision_make(pinned_to_primary=_pinned_to_primary(request))
    if request is not None:
        request.read_decision = decision
    token = _decision.set(decision)
    try:
        yield decision
    finally:
        _decision.reset(token)


def read_decision_of(request) -> ReadDecision:
    """The decision of this request's replica_reads block (primary if none)."""
    decision = getattr(request, "read_decision", None)
    if decision is None:
        return _decision.get() or PRIMARY_DECISION
    return decision


def _wrote_in_this_request() -> bool:
    flag = _wrote.get()
    return bool(flag and flag[0])


def _mark_written() -> None:
    flag = _wrote.get()
    if flag is not None:
        flag[0] = True


def _reads_go_to_replica() -> bool:
    decision = _decision.get()
    return (
        decision is not None
        and decision.uses_replica
        and not _wrote_in_this_request()
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    )


class ReplicaRouter:
    """Replica-eligible reads to `replica`, everything else to the primary.

    Always answers explicitly: an instance read from the replica must still
    be saved, and its relations followed, on the primary afterwards.
    """

    def db_for_read(self, model, **hints):
        if _reads_go_to_replica():
            replica_schema_follow_primary(connections[REPLICA])
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        _mark_written()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The standby replays the primary's migrations; never run them on it.
        if db == REPLICA:
            return False
        return None


def _write_detector(execute, sql, params, many, context):
    """Notices a write on the primary, whether through the ORM or raw SQL."""
    if isinstance(sql, str) and sql.lstrip()[:8].upper().startswith(_WRITE_VERBS):
        _mark_written()
    return execute(sql, params, many, context)


class ReplicaMiddleware:
    """Tracks whether a request wrote and, if it did, keeps its caller on the
    primary for READ_YOUR_WRITES_SECONDS with a cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        flag = [False]
        token = _wrote.set(flag)
        try:
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(_write_detector):
                response = self.get_response(request)
        finally:
            _wrote.reset(token)
        if flag[0]:
            seconds = settings.READ_YOUR_WRITES_SECONDS
            response.set_cookie(
                PRIMARY_COOKIE,
                f"{time.time() + seconds:.0f}",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
