"""The national / observer reporting node: PostgreSQL logical replication of
the non-personal public tables of several province databases into one
reporting database.

What is published (`PUBLISHED_TABLES`): the unit tree, the case facts, the
monthly and open-case rollups, and the supervision orders' dates and states.
All of them live in the public schema (dashboards read facts, never loop over
unit schemas), so one publication per province database covers a
province of 2,500 unit schemas as well as one of ten; nothing of a unit schema
(petitions, petitioners, content, attachments) is ever published. The unit
table and the supervision orders are published with a column list (PostgreSQL
15) that leaves out what names a person or holds prose: the 签发人, the order's
subject, requirement and issuing user. The fact tables hold no personal data by
design and are published whole, so a new measure column travels without a code
change here. TRUNCATE is not published: a province's rollup rebuild deletes row
by row, and a truncate would empty every province's rows on the reporting node.

How rows of several provinces coexist: the reporting database has the same
tables (it is migrated like any other) and the subscriptions of all provinces
write into them. Unit codes are unique nationally (GB/T 2260), but the primary
keys are sequence numbers; `publication_setup` therefore moves each published
table's ids into the province's own block (`id_base`: the first two digits of
the province code × 10¹²; ids stay below 2⁵³), renumbering rows created before
and every foreign key that points at them, and sets the sequences there, so
the same selectors (which filter by `unit_id`) answer on the reporting node
without a province key in every query.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import psycopg2
from django.db import connection, transaction
from django.db.models import Model
from psycopg2 import sql

from core.errors import DomainError
from supervision.crosslevel.models import SupervisionOrder
from supervision.facts.errors import ReportingErrorCode
from supervision.facts.models import (
    CaseFact,
    CaseFactOpenRollup,
    CaseFactOpenRollupDelta,
    CaseFactRollup,
    CaseFactRollupDelta,
)
from tenants.models import Unit

PUBLICATION = "zugong_reporting"
SUBSCRIPTION_PREFIX = "zugong_report_"
# Every province's ids of the published tables lie in [base, base + ID_BLOCK).
ID_BLOCK = 10**12


@dataclass(frozen=True)
class PublishedTable:
    model: type[Model]
    # None: every column (tables without personal data by design).
    columns: tuple[str, ...] | None = None

    @property
    def table(self) -> str:
        return self.model._meta.db_table


PUBLISHED_TABLES = (
    PublishedTable(
        Unit,
        (
            "id",
            "schema_name",
            "code",
            "name",
            "short_name",
            "level",
            "parent_id",
            "path",
            "depth",
            "is_active",
            "created_at",
            "updated_at",
        ),
    ),
    PublishedTable(CaseFact),
    PublishedTable(CaseFactRollup),
    PublishedTable(CaseFactOpenRollup),
    # The rollups' deltas not yet folded (readers sum rollup and deltas): the
    # fold's deletes and upserts travel too, so the node's figures stay exact.
    PublishedTable(CaseFactRollupDelta),
    PublishedTable(CaseFactOpenRollupDelta),
    PublishedTable(
        SupervisionOrder,
        (
            "id",
            "issuer_unit_id",
            "target_unit_id",
            "method",
            "issued_on",
            "due_on",
            "requested_due_on",
            "state",
            "answered_on",
            "escalation_stage",
            "created_at",
        ),
    ),
)


def id_base(province_code: str) -> int:
    """The first id of a province's block: its two-digit code × 10¹²."""
    return int(province_code[:2]) * ID_BLOCK


def subscription_name(province_code: str) -> str:
    return f"{SUBSCRIPTION_PREFIX}{province_code}"


def _error(code: ReportingErrorCode, message: str) -> DomainError:
    return DomainError(code, message)


def _fetch(cursor, query, params=()) -> list[tuple]:
    cursor.execute(query, params)
    return cursor.fetchall()


def _scalar(cursor, query, params=()):
    cursor.execute(query, params)
    return cursor.fetchone()[0]


# ---------------------------------------------------------------------------
# The province side


@dataclass(frozen=True)
class PublishResult:
    province_code: str
    id_base: int
    renumbered: dict[str, int]
    created: bool
    tables: tuple[str, ...]


def _province_root(cursor) -> str:
    codes = [
        row[0]
        for row in _fetch(
            cursor, "SELECT code FROM tenants_unit WHERE parent_id IS NULL"
        )
    ]
    if len(codes) != 1:
        raise _error(
            ReportingErrorCode.NOT_ONE_PROVINCE,
            "省级数据库应恰有一个省级单位"
            + (f"（现有：{'、'.join(codes)}）" if codes else "（尚未导入单位）"),
        )
    return codes[0]


def _check_publisher(cursor) -> None:
    wal_level = _scalar(cursor, "SHOW wal_level")
    if wal_level != "logical":
        raise _error(
            ReportingErrorCode.WAL_LEVEL,
            f"省级数据库的 wal_level 应为 logical（当前为 {wal_level}），"
            "修改 postgresql.conf 后重启 PostgreSQL",
        )
    if not _scalar(
        cursor, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
    ):
        raise _error(
            ReportingErrorCode.NOT_SUPERUSER,
            "设置报送发布需以数据库超级用户连接（重新编号时暂停触发器）",
        )


# Columns holding a unit's id without a foreign key (the rollup deltas keep
# none, so an insert locks no unit row): renumbered with the unit table.
SOFT_REFERENCES = {
    Unit._meta.db_table: (
        ("public", CaseFactRollupDelta._meta.db_table, "unit_id"),
        ("public", CaseFactOpenRollupDelta._meta.db_table, "unit_id"),
    ),
}


def _renumber(cursor, table: str, base: int) -> int:
    """Move the ids of `table` below `base` into the block, and every foreign
    key (in any schema) that points at them. Ids already in the block stay; an
    id of another province's block is refused."""
    low, high = _fetch(cursor, f'SELECT min(id), max(id) FROM "{table}"')[0]
    if high is None:
        return 0
    stray = _scalar(
        cursor,
        f'SELECT count(*) FROM "{table}" WHERE id >= %s AND NOT (id >= %s AND id < %s)',
        (ID_BLOCK, base, base + ID_BLOCK),
    )
    if stray:
        raise _error(
            ReportingErrorCode.ID_RANGE,
            f"{table} 中有 {stray} 行的编号不在本省的编号段内"
            f"（{base}–{base + ID_BLOCK - 1}），无法发布",
        )
    if low >= base:
        return 0
    references = _fetch(
        cursor,
        """
        SELECT n.nspname, c.relname, a.attname
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        WHERE k.contype = 'f' AND k.confrelid = %s::regclass
        """,
        (f'public."{table}"',),
    )
    references = [*references, *SOFT_REFERENCES.get(table, ())]
    for schema, referencing, column in references:
        cursor.execute(
            sql.SQL("UPDATE {} SET {col} = {col} + %s WHERE {col} < %s").format(
                sql.Identifier(schema, referencing), col=sql.Identifier(column)
            ),
            (base, base),
        )
    cursor.execute(f'UPDATE "{table}" SET id = id + %s WHERE id < %s', (base, base))
    return cursor.rowcount


def _move_sequence(cursor, table: str, base: int) -> None:
    sequence = _scalar(cursor, "SELECT pg_get_serial_sequence(%s, 'id')", (table,))
    highest = _scalar(cursor, f'SELECT coalesce(max(id), 0) FROM "{table}"')
    last = _scalar(cursor, f"SELECT last_value FROM {sequence}")
    top = max(highest, last if base <= last < base + ID_BLOCK else 0)
    if top >= base:
        cursor.execute("SELECT setval(%s, %s, true)", (sequence, top))
    else:
        cursor.execute("SELECT setval(%s, %s, false)", (sequence, base))


def _table_list(tables=PUBLISHED_TABLES) -> sql.Composable:
    parts = []
    for entry in tables:
        name = sql.Identifier("public", entry.table)
        if entry.columns is not None:
            columns = sql.SQL(", ").join(map(sql.Identifier, entry.columns))
            parts.append(sql.SQL("{} ({})").format(name, columns))
        else:
            parts.append(name)
    return sql.SQL(", ").join(parts)


def publication_setup() -> PublishResult:
    """Set up (or bring up to date) the reporting publication of this province
    database: ids into the province's block, sequences there, and the
    publication of `PUBLISHED_TABLES`. Idempotent; one transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        _check_publisher(cursor)
        province = _province_root(cursor)
        base = id_base(province)
        # Renumbering rewrites references in every schema, the append-only
        # audit trail's unit ids included: triggers (foreign key checks and
        # the audit guard) pause for this transaction only.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("LOCK TABLE tenants_unit IN SHARE ROW EXCLUSIVE MODE")
        renumbered = {}
        for entry in PUBLISHED_TABLES:
            renumbered[entry.table] = _renumber(cursor, entry.table, base)
            _move_sequence(cursor, entry.table, base)
        cursor.execute("SET LOCAL session_replication_role = origin")
        exists = _scalar(
            cursor,
            "SELECT count(*) FROM pg_publication WHERE pubname = %s",
            (PUBLICATION,),
        )
        name = sql.Identifier(PUBLICATION)
        if exists:
            cursor.execute(
                sql.SQL("ALTER PUBLICATION {} SET TABLE {}").format(name, _table_list())
            )
            cursor.execute(
                sql.SQL(
                    "ALTER PUBLICATION {} SET (publish = 'insert, update, delete')"
                ).format(name)
            )
        else:
            cursor.execute(
                sql.SQL(
                    "CREATE PUBLICATION {} FOR TABLE {} "
                    "WITH (publish = 'insert, update, delete')"
                ).format(name, _table_list())
            )
    return PublishResult(
        province_code=province,
        id_base=base,
        renumbered=renumbered,
        created=not exists,
        tables=tuple(entry.table for entry in PUBLISHED_TABLES),
    )


# ---------------------------------------------------------------------------
# The reporting side


@dataclass(frozen=True)
class SubscribeResult:
    province_code: str
    subscription: str
    created: bool
    tables: tuple[str, ...]


def _remote_publication(province_url: str) -> tuple[str, dict[str, list[str]]]:
    """The province code and the published columns of each table."""
    try:
        remote = psycopg2.connect(province_url, connect_timeout=10)
    except psycopg2.Error as error:
        raise _error(
            ReportingErrorCode.PROVINCE_UNREACHABLE,
            f"无法连接省级数据库：{str(error).strip()}",
        ) from error
    try:
        with remote.cursor() as cursor:
            province = _province_root(cursor)
            rows = _fetch(
                cursor,
                "SELECT tablename, attnames FROM pg_publication_tables "
                "WHERE pubname = %s AND schemaname = 'public'",
                (PUBLICATION,),
            )
    finally:
        remote.close()
    if not rows:
        raise _error(
            ReportingErrorCode.NOT_PUBLISHED,
            f"省级数据库（{province}）尚无报送发布：先在该库运行 reporting_publish",
        )
    return province, {table: list(columns) for table, columns in rows}


def _local_columns(cursor, table: str) -> dict[str, bool]:
    """Column name → NOT NULL, of a public table of this database."""
    return {
        name: not_null
        for name, not_null in _fetch(
            cursor,
            """
            SELECT a.attname, a.attnotnull FROM pg_attribute a
            WHERE a.attrelid = to_regclass(%s) AND a.attnum > 0 AND NOT a.attisdropped
            """,
            (f'public."{table}"',),
        )
    }


def _prepare_local_tables(cursor, published: dict[str, list[str]]) -> None:
    for table, columns in published.items():
        local = _local_columns(cursor, table)
        if not local:
            raise _error(
                ReportingErrorCode.SCHEMA_MISMATCH,
                f"报送库缺少表 {table}：先在报送库运行 migrate_units",
            )
        missing = [c for c in columns if c not in local]
        if missing:
            raise _error(
                ReportingErrorCode.SCHEMA_MISMATCH,
                f"报送库的表 {table} 缺少列 {'、'.join(missing)}：先迁移报送库，再迁移省级数据库",
            )
        # Columns left out of the publication arrive as NULL.
        for column, not_null in local.items():
            if not_null and column not in columns:
                cursor.execute(
                    sql.SQL("ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL").format(
                        sql.Identifier("public", table), sql.Identifier(column)
                    )
                )


def _check_no_conflict(cursor, province: str, tables) -> None:
    base = id_base(province)
    for table in tables:
        clashing = _scalar(
            cursor,
            f'SELECT count(*) FROM "{table}" WHERE id >= %s AND id < %s',
            (base, base + ID_BLOCK),
        )
        if clashing:
            raise _error(
                ReportingErrorCode.CONFLICT,
                f"报送库的 {table} 已有 {clashing} 行属于省份 {province} 的编号段，"
                "但没有该省的订阅：请先清空这些行",
            )


def subscription_setup(*, province_url: str) -> SubscribeResult:
    """Subscribe this reporting database to a province's publication, or bring
    an existing subscription up to date (connection, tables). Idempotent.

    The initial copy runs in the background; `subscription_wait` waits for it.
    """
    province, published = _remote_publication(province_url)
    name = subscription_name(province)
    with connection.cursor() as cursor:
        exists = _scalar(
            cursor, "SELECT count(*) FROM pg_subscription WHERE subname = %s", (name,)
        )
        with transaction.atomic():
            _prepare_local_tables(cursor, published)
            if not exists:
                _check_no_conflict(cursor, province, published)
        # CREATE SUBSCRIPTION (it creates the slot) and REFRESH PUBLICATION
        # cannot run inside a transaction block.
        if exists:
            cursor.execute(
                sql.SQL("ALTER SUBSCRIPTION {} CONNECTION {}").format(
                    sql.Identifier(name), sql.Literal(province_url)
                )
            )
            cursor.execute(
                sql.SQL("ALTER SUBSCRIPTION {} ENABLE").format(sql.Identifier(name))
            )
            cursor.execute(
                sql.SQL(
                    "ALTER SUBSCRIPTION {} REFRESH PUBLICATION WITH (copy_data = true)"
                ).format(sql.Identifier(name))
            )
        else:
            cursor.execute(
                sql.SQL(
                    "CREATE SUBSCRIPTION {} CONNECTION {} PUBLICATION {} "
                    "WITH (copy_data = true)"
                ).format(
                    sql.Identifier(name),
                    sql.Literal(province_url),
                    sql.Identifier(PUBLICATION),
                )
            )
    return SubscribeResult(
        province_code=province,
        subscription=name,
        created=not exists,
        tables=tuple(sorted(published)),
    )


@dataclass(frozen=True)
class SubscriptionState:
    name: str
    enabled: bool
    tables: dict[str, str]  # table → state: i init, d copying, f/s syncing, r ready
    received_lsn: str | None

    @property
    def ready(self) -> bool:
        return self.enabled and bool(self.tables) and set(self.tables.values()) == {"r"}


def subscription_states() -> list[SubscriptionState]:
    """Every reporting subscription of this database and its tables' states."""
    with connection.cursor() as cursor:
        subscriptions = _fetch(
            cursor,
            "SELECT s.oid, s.subname, s.subenabled, "
            "(SELECT max(received_lsn)::text FROM pg_stat_subscription t "
            " WHERE t.subid = s.oid) "
            "FROM pg_subscription s WHERE s.subname LIKE %s ORDER BY s.subname",
            (f"{SUBSCRIPTION_PREFIX}%",),
        )
        states = []
        for oid, name, enabled, lsn in subscriptions:
            tables = dict(
                _fetch(
                    cursor,
                    "SELECT c.relname, r.srsubstate FROM pg_subscription_rel r "
                    "JOIN pg_class c ON c.oid = r.srrelid WHERE r.srsubid = %s",
                    (oid,),
                )
            )
            states.append(SubscriptionState(name, enabled, tables, lsn))
    return states


def subscription_wait(*, timeout: float = 60.0) -> list[SubscriptionState]:
    """Wait until every subscription's initial copy is done (all tables
    ready), or REPORTING_NOT_READY after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        states = subscription_states()
        if states and all(state.ready for state in states):
            return states
        if time.monotonic() > deadline:
            waiting = [s.name for s in states if not s.ready] or ["（无订阅）"]
            raise _error(
                ReportingErrorCode.NOT_READY,
                f"{timeout:.0f} 秒内订阅未就绪：{'、'.join(waiting)}",
            )
        time.sleep(0.2)
