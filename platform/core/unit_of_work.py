"""A unit of work: one transaction whose hot-row writes run last, before commit.

A row every writer of a unit touches (the year's tracking counter) is locked
from its first write until commit. Inside `unit_of_work()`, code that would
write such a row registers a finishing step with `before_commit` instead; the
steps run, ordered by `order`, as the last statements of the same transaction,
so the row is held for those statements and the commit only, and what they
write commits with everything else or not at all (this is not
`transaction.on_commit`, which runs after the commit, outside it). The rollup
deltas are such a step too, though they lock no shared row (they are appended,
see supervision.facts.services): one insert for the whole unit of work.

Outside a unit of work `before_commit` returns False and the caller writes at
once, as before. A unit of work nested in another joins the outer one. State a
step needs (collected deltas, say) lives in `state(key)`, a dict per unit of work.

A savepoint rolled back inside the unit of work whose exception is caught would
leave its collected state behind: steps must only collect what the code that
raised did not (callers in this project let the error end the transaction).

**One message, locks released before the flush.** A step does not execute its
hot statement: it queues it (`send_with_commit`) and, if it needs something
back, a read (`read_after_commit`). The unit of work sends the queued
statements, the COMMIT and the read in ONE message to the server, so the rows
they lock are held for one round trip, not one per statement. That COMMIT is
asynchronous (`SET LOCAL synchronous_commit TO off`): the server releases the
locks once the commit record is in the WAL, without waiting for its flush to
disk, which on a busy machine is most of a hold (3-5 ms). The caller is not
answered before the flush, though: the same message opens a new transaction
that writes one transactional WAL record (`pg_logical_emit_message`, no table
touched), and Django's own COMMIT of it is synchronous, so it returns once the
WAL up to it, the unit of work's commit included, is on disk (WAL is flushed
in order). A crash in between loses the unit of work whole (nothing answered,
and any later transaction that used its rows or its counter value is later in
the WAL, so lost with it); a streaming replica is sent the WAL as it is
flushed, as before. The message first checks the foreign keys Django
declares deferred (`SET CONSTRAINTS ALL IMMEDIATE`, retroactive), which the
COMMIT would otherwise do row by row while the hot rows are held.
Outside a transaction of its own (nested in a caller's
`atomic`, as in tests) the queued statements are sent without the COMMIT.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import transaction

_local = threading.local()

# Finishing steps, by order: the rollup deltas (appended rows, locking nothing
# another writer needs), then numbering last, so the unit's counter row is
# held for its one statement and the commit.
ORDER_ROLLUPS = 10
ORDER_NUMBERING = 90

# A hook for the bench: called after each committed unit of work with (step
# key, seconds from the step's first statement to the end of the commit that
# releases its locks: for queued statements by the server's clock, marked in
# the final message before them and read after its COMMIT, so neither the
# network nor this process's wait for the CPU is counted), with (COMMIT_KEY,
# seconds the final message took by this clock: the queued statements and
# that commit, one round trip) and with (DURABLE_KEY, seconds then spent
# waiting for the WAL flush, no lock held) before the caller is answered.
# The marks are only sent while an observer is set.
hold_observer: Callable[[str, float], object] | None = None
COMMIT_KEY = "commit"
DURABLE_KEY = "durable"

# The transactional WAL record whose synchronous commit waits for the flush.
_DURABLE_MARK = "SELECT pg_logical_emit_message(true, 'zugong.durable', '')"


class _Work:
    def __init__(self) -> None:
        self.steps: dict[str, tuple[int, Callable[[], object]]] = {}
        self.states: dict[str, dict] = {}
        # Steps that ran; one registered again (by a later step) runs again.
        self.done: set[str] = set()
        # Statements (SQL, parameters, the step queuing it) sent with the
        # commit, in queue order, and reads (SQL, parameters, receiver) run
        # right after it.
        self.running = ""
        self.final: list[tuple[str, object, str]] = []
        self.reads: list[tuple[str, object, Callable[[list], object]]] = []


def active() -> bool:
    return getattr(_local, "work", None) is not None


def before_commit(key: str, step: Callable[[], object], *, order: int) -> bool:
    """Run `step` once, as one of the last statements of the current unit of
    work; False (and nothing registered) when none is active."""
    work = getattr(_local, "work", None)
    if work is None:
        return False
    work.steps.setdefault(key, (order, step))
    work.done.discard(key)
    return True


def send_with_commit(sql: str, params: object = None) -> None:
    """Queue a statement to go to the server with the commit, in one message
    (from a finishing step: nothing after it may depend on its effects)."""
    work = _local.work
    work.final.append((sql, params, work.running))


def read_after_commit(
    sql: str, params: object, receive: Callable[[list], object]
) -> None:
    """Run a query once the queued statements committed and pass its rows to
    `receive` (a step reading back what its queued statement wrote)."""
    _local.work.reads.append((sql, params, receive))


def _bound(cursor, sql: str, params: object) -> str:
    if params is None:
        return sql
    text = cursor.mogrify(sql, params)
    return text.decode() if isinstance(text, bytes) else text


def _mark(index: int) -> str:
    """Remember the server's clock now (a session setting: kept by COMMIT)."""
    return f"SELECT set_config('zugong.held_{index}', clock_timestamp()::text, false)"


def _since(index: int) -> str:
    return (
        "extract(epoch FROM clock_timestamp()"
        f" - current_setting('zugong.held_{index}')::timestamptz)::float8"
    )


def _send_final(
    work: _Work, using: str | None, *, commit: bool, measure: bool
) -> dict[str, float] | None:
    """The queued statements (and, when `commit`, the asynchronous COMMIT, the
    new transaction's WAL mark and the first read) as one message; the other
    reads after it. None unless the message committed the unit of work; then,
    when `measure`, the seconds from each step's first queued statement to
    the end of that COMMIT, by the server's clock (a mark before the step's
    first statement, read right after the COMMIT, in the same message)."""
    reads = list(work.reads)
    if not work.final and not reads:
        return None
    measure = measure and commit
    marked: list[str] = []
    with transaction.get_connection(using).cursor() as cursor:
        pieces = []
        for sql, params, key in work.final:
            if measure and key not in marked:
                pieces.append(_mark(len(marked)))
                marked.append(key)
            pieces.append(_bound(cursor, sql, params))
        if commit:
            pieces = [
                "SET LOCAL synchronous_commit TO off",
                # The foreign keys Django declares deferred are checked at
                # COMMIT, one lookup per row the unit of work inserted: here,
                # before the first hot statement, instead of inside its hold.
                "SET CONSTRAINTS ALL IMMEDIATE",
                *pieces,
                "COMMIT",
                "BEGIN",
                _DURABLE_MARK,
            ]
        timings = [_since(i) for i in range(len(marked))] or ["NULL"]
        skip = len(timings) + 1
        first = None
        if pieces and reads:
            sql, params, first = reads.pop(0)
            if marked:
                # The holds and the read's rows in the one last result.
                pieces.append(
                    f"SELECT {', '.join(timings)}, r.* FROM (SELECT 1) AS one"
                    " LEFT JOIN LATERAL (SELECT true AS present, q.* FROM ("
                    f"{_bound(cursor, sql, params)}) AS q) AS r ON true"
                )
            else:
                pieces.append(_bound(cursor, sql, params))
        elif marked:
            pieces.append(f"SELECT {', '.join(timings)}")
        held: dict[str, float] = {}
        if pieces:
            cursor.execute(";\n".join(pieces))
            rows = cursor.fetchall() if first is not None or marked else []
            if marked:
                held = dict(zip(marked, rows[0][: len(marked)], strict=True))
                if first is not None:
                    rows = [row[skip:] for row in rows if row[skip - 1] is not None]
            if first is not None:
                first(rows)
        for sql, params, receive in reads:
            cursor.execute(sql, params)
            receive(cursor.fetchall())
    return held if commit else None


def state(key: str) -> dict:
    """The current unit of work's dict for `key` (a unit of work must be active)."""
    work = _local.work
    return work.states.setdefault(key, {})


@contextmanager
def unit_of_work(using: str | None = None) -> Iterator[None]:
    """A transaction (transaction.atomic) that runs its finishing steps last."""
    if active():
        with transaction.atomic(using=using):
            yield
        return
    # Its own transaction, or a savepoint in a caller's (which then commits).
    own = not transaction.get_connection(using).in_atomic_block
    with transaction.atomic(using=using):
        _local.work = work = _Work()
        try:
            yield
            # A step may register another: run until none is left.
            done = work.done
            started: dict[str, float] = {}
            while pending := sorted(
                (order, key)
                for key, (order, _) in work.steps.items()
                if key not in done
            ):
                _, key = pending[0]
                done.add(key)
                started.setdefault(key, time.perf_counter())
                work.running = key
                work.steps[key][1]()
            committing = time.perf_counter()
            held = _send_final(
                work, using, commit=own, measure=hold_observer is not None
            )
            released = time.perf_counter()
        finally:
            _local.work = None
    if held is None:  # Django's COMMIT released the locks
        released = time.perf_counter()
        held = {}
    # Reported only when the unit of work committed (it was not itself inside
    # a caller's transaction, which would hold the rows until its own commit).
    # A step that queued its statements is timed by the server (its lock is
    # held from there to the COMMIT in the same message); one that executed
    # them itself from its start to the end of the commit, by this clock.
    if hold_observer is not None and own:
        ended = time.perf_counter()
        for key, at in started.items():
            hold_observer(key, held.get(key, released - at))
        hold_observer(COMMIT_KEY, released - committing)
        hold_observer(DURABLE_KEY, ended - released)
