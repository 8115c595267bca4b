"""Writing case facts and keeping their monthly rollups in step.

`case_fact_upsert` is the one way a fact is written: it runs in the caller's
transaction (the service changing the petition), so the petition, its fact and
the rollup counts commit together or not at all. The counts are appended as
delta rows (`CaseFactRollupDelta`, `CaseFactOpenRollupDelta`), never added to a
row another writer may hold: `rollup_deltas_fold` (a periodic task) moves them
into the rollup rows, and readers sum rollup and unfolded deltas in one
statement (the `…Current` views), so figures are exact at every moment.
`rollup_rebuild` recomputes every rollup row from the facts in SQL (used after
bulk loads and by the drift check); a property test keeps the two equal.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import connection, transaction
from django.db.models import Sum

from core import unit_of_work
from supervision.facts.measures import (
    MEASURE_KEYS,
    MEASURES,
    Measure,
    closed_month_sql,
    fact_closed_month,
)
from supervision.facts.models import (
    NO_DEADLINE,
    CaseFact,
    CaseFactOpenRollup,
    CaseFactOpenRollupCurrent,
    CaseFactOpenRollupDelta,
    CaseFactRollup,
    CaseFactRollupCurrent,
    CaseFactRollupDelta,
    RollupDimension,
)
from tenants.models import PATH_SEPARATOR, Unit

# unit id, dimension, month received, value, month closed
RollupKey = tuple[int, str, date, str, date]
ROLLUP_KEY_COLUMNS = "unit_id, dimension, month, value, closed_month"
OpenKey = tuple[int, date]  # unit id, current deadline

# Fields a caller may set on a fact; unit_path and unit_level follow the unit.
FACT_FIELDS = frozenset(
    field.name
    for field in CaseFact._meta.concrete_fields
    if field.name
    not in {"id", "petition_id", "unit", "unit_path", "unit_level", "updated_at"}
) | {"source_unit_id"}


def fact_measures(fact: CaseFact) -> dict[str, int]:
    """What one fact adds to each rollup count, by the measures' definitions."""
    return {measure.key: measure.of(fact) for measure in MEASURES}


def fact_dimension_values(fact: CaseFact) -> list[tuple[str, str]]:
    """The (dimension, value) buckets a fact counts in."""
    buckets = [
        (RollupDimension.ALL.value, ""),
        (RollupDimension.CHANNEL.value, fact.channel),
        (RollupDimension.LEGAL_TYPE.value, fact.legal_type),
        (RollupDimension.TOPIC.value, fact.topic),
    ]
    if fact.accused_unit_name:
        buckets.append((RollupDimension.ACCUSED_UNIT.value, fact.accused_unit_name))
    return buckets


def _contribution(
    fact: CaseFact, unit_ids: dict[str, int], sign: int
) -> dict[RollupKey, Counter]:
    month = fact.received_on.replace(day=1)
    closed_month = fact_closed_month(fact)
    measures = fact_measures(fact)
    deltas: dict[RollupKey, Counter] = {}
    for code in fact.unit_path.split(PATH_SEPARATOR):
        for dimension, value in fact_dimension_values(fact):
            key = (unit_ids[code], dimension, month, value, closed_month)
            deltas[key] = Counter({m: sign * n for m, n in measures.items() if n})
    return deltas


def _open_contribution(fact: CaseFact, unit_ids: dict[str, int], sign: int) -> Counter:
    if not fact.is_open:
        return Counter()
    due_on = fact.due_on or NO_DEADLINE
    return Counter(
        {
            (unit_ids[code], due_on): sign
            for code in fact.unit_path.split(PATH_SEPARATOR)
        }
    )


def _open_deltas_sql(deltas: Counter) -> tuple[str, list] | None:
    """The statement appending the open-case deltas (new rows, none shared)."""
    rows = [(*key, deltas[key]) for key in sorted(deltas) if deltas[key]]
    if not rows:
        return None
    table = CaseFactOpenRollupDelta._meta.db_table
    return (
        f"INSERT INTO {table} (unit_id, due_on, open) VALUES "
        + ", ".join(["(%s, %s, %s)"] * len(rows)),
        [value for row in rows for value in row],
    )


def _apply_open_deltas(deltas: Counter) -> None:
    if statement := _open_deltas_sql(deltas):
        with connection.cursor() as cursor:
            cursor.execute(*statement)


def _merge(target: dict[RollupKey, Counter], source: dict[RollupKey, Counter]):
    for key, counts in source.items():
        current = target.setdefault(key, Counter())
        for measure, n in counts.items():
            current[measure] += n


def _rollup_deltas_sql(deltas: dict[RollupKey, Counter]) -> tuple[str, list] | None:
    """The statement appending the deltas as new rows of the delta table: no
    row is shared with another writer, so none waits for one (the fold adds
    them to the rollup rows later)."""
    rows = []
    for key in sorted(deltas):
        counts = deltas[key]
        if any(counts.values()):
            rows.append((*key, *(counts.get(m, 0) for m in MEASURE_KEYS)))
    if not rows:
        return None
    table = CaseFactRollupDelta._meta.db_table
    columns = ", ".join(MEASURE_KEYS)
    placeholders = ", ".join(
        "(" + ", ".join(["%s"] * (5 + len(MEASURE_KEYS))) + ")" for _ in rows
    )
    return (
        f"INSERT INTO {table} ({ROLLUP_KEY_COLUMNS}, {columns}) VALUES {placeholders}",
        [value for row in rows for value in row],
    )


def _apply_rollup_deltas(deltas: dict[RollupKey, Counter]) -> None:
    if statement := _rollup_deltas_sql(deltas):
        with connection.cursor() as cursor:
            cursor.execute(*statement)


def _unit_ids_for_paths(*paths: str) -> dict[str, int]:
    codes = {code for path in paths for code in path.split(PATH_SEPARATOR)}
    return dict(Unit.objects.filter(code__in=codes).values_list("code", "id"))


@transaction.atomic
def case_fact_upsert(*, actor, petition_id, unit: Unit, **values) -> CaseFact:
    """Create or update the fact of one petition and its rollup counts.

    Call it from the service that changes the petition, in the same
    transaction. `actor` is who caused the change; facts hold no personal data,
    so it is not stored. `values` are CaseFact fields; unit_path and unit_level
    follow `unit`.
    """
    # Denormalized copies of the unit may be passed along, but must agree.
    for name, expected in (("unit_path", unit.path), ("unit_level", unit.level)):
        if name in values and values.pop(name) != expected:
            raise ValueError(f"{name} does not match the unit {unit.code}")
    unknown = set(values) - FACT_FIELDS
    if unknown:
        raise TypeError(f"unknown case fact fields: {sorted(unknown)}")
    fact = CaseFact.objects.select_for_update().filter(petition_id=petition_id).first()
    deltas: dict[RollupKey, Counter] = {}
    open_deltas: Counter = Counter()
    if fact is None:
        fact = CaseFact(petition_id=petition_id)
        old_path = None
    else:
        old_path = fact.unit_path
    unit_ids = _unit_ids_for_paths(*filter(None, [old_path, unit.path]))
    if old_path is not None:
        _merge(deltas, _contribution(fact, unit_ids, -1))
        open_deltas.update(_open_contribution(fact, unit_ids, -1))
    fact.unit = unit
    fact.unit_path = unit.path
    fact.unit_level = unit.level
    for name, value in values.items():
        setattr(fact, name, value)
    fact.save()
    _merge(deltas, _contribution(fact, unit_ids, +1))
    open_deltas.update(_open_contribution(fact, unit_ids, +1))
    if unit_of_work.active():
        # One insert of all the unit of work's deltas, at its end (the
        # deltas of several facts of one case merge into fewer rows).
        pending = unit_of_work.state(ROLLUP_STEP)
        _merge(pending.setdefault("monthly", {}), deltas)
        pending.setdefault("open", Counter()).update(open_deltas)
        unit_of_work.before_commit(
            ROLLUP_STEP, _flush_pending_deltas, order=unit_of_work.ORDER_ROLLUPS
        )
    else:
        _apply_rollup_deltas(deltas)
        _apply_open_deltas(open_deltas)
    return fact


ROLLUP_STEP = "facts.rollups"


def _flush_pending_deltas() -> None:
    """Both rollups' deltas in one statement, the monthly rows in a
    data-modifying WITH, then the open-case rows; queued to go with the
    commit in the unit of work's final message (core.unit_of_work)."""
    pending = unit_of_work.state(ROLLUP_STEP)
    monthly = _rollup_deltas_sql(pending.pop("monthly", {}))
    open_rows = _open_deltas_sql(pending.pop("open", Counter()))
    statement: tuple[str, list] | None
    if monthly and open_rows:
        statement = (
            f"WITH monthly AS ({monthly[0]}) {open_rows[0]}",
            monthly[1] + open_rows[1],
        )
    else:
        statement = monthly or open_rows
    if statement:
        unit_of_work.send_with_commit(*statement)


def _rollup_select_sql(measures: tuple[Measure, ...] = MEASURES) -> str:
    """SQL computing every rollup row from the facts: per own unit first, then
    summed up each fact's path, so the big GROUP BY runs once, not per ancestor."""
    fact_table = CaseFact._meta.db_table
    unit_table = Unit._meta.db_table
    own_counts = {measure.key: measure.sql("f") for measure in measures}
    own_columns = ", ".join(f"{sql} AS {m}" for m, sql in own_counts.items())
    sums = ", ".join(f"sum(own.{m.key})::int" for m in measures)
    return f"""
        WITH own AS (
            SELECT f.unit_path, date_trunc('month', f.received_on)::date AS month,
                   d.dimension, d.value, {closed_month_sql("f")} AS closed_month,
                   {own_columns}
            FROM {fact_table} f
            CROSS JOIN LATERAL (VALUES
                ('{RollupDimension.ALL.value}', ''),
                ('{RollupDimension.CHANNEL.value}', f.channel),
                ('{RollupDimension.LEGAL_TYPE.value}', f.legal_type),
                ('{RollupDimension.TOPIC.value}', f.topic),
                ('{RollupDimension.ACCUSED_UNIT.value}', f.accused_unit_name)
            ) AS d(dimension, value)
            WHERE d.dimension <> '{RollupDimension.ACCUSED_UNIT.value}' OR d.value <> ''
            GROUP BY 1, 2, 3, 4, 5
        )
        SELECT u.id, own.dimension, own.month, own.value, own.closed_month, {sums}
        FROM own
        CROSS JOIN LATERAL unnest(string_to_array(own.unit_path, '.')) AS c(code)
        JOIN {unit_table} u ON u.code = c.code
        GROUP BY 1, 2, 3, 4, 5
    """


def _open_select_sql() -> str:
    fact_table = CaseFact._meta.db_table
    unit_table = Unit._meta.db_table
    return f"""
        WITH own AS (
            SELECT unit_path, COALESCE(due_on, %(no_deadline)s) AS due_on,
                   count(*) AS open
            FROM {fact_table} WHERE is_open GROUP BY 1, 2
        )
        SELECT u.id, own.due_on, sum(own.open)::int
        FROM own
        CROSS JOIN LATERAL unnest(string_to_array(own.unit_path, '.')) AS c(code)
        JOIN {unit_table} u ON u.code = c.code
        GROUP BY 1, 2
    """


def rollup_rows_from_facts() -> set[tuple]:
    """Every rollup row a full rebuild would write, as tuples: ("month", key,
    counts) for the monthly rollup and ("open", unit id, due date, count)."""
    with connection.cursor() as cursor:
        cursor.execute(_rollup_select_sql())
        rows = {("month", *row) for row in cursor.fetchall()}
        cursor.execute(_open_select_sql(), {"no_deadline": NO_DEADLINE})
        rows |= {("open", *row) for row in cursor.fetchall()}
    return rows


def rollup_rows_stored() -> set[tuple]:
    """The stored rollup rows, unfolded deltas added (as readers see them), as
    the same tuples, ignoring rows counted to zero."""
    key = ("unit_id", "dimension", "month", "value", "closed_month")
    monthly = (
        CaseFactRollupCurrent.objects.values(*key)
        .annotate(**{f"sum_{m}": Sum(m) for m in MEASURE_KEYS})
        .filter(sum_received__gt=0)
        .values_list(*key, *(f"sum_{m}" for m in MEASURE_KEYS))
    )
    open_rows = (
        CaseFactOpenRollupCurrent.objects.values("unit_id", "due_on")
        .annotate(sum_open=Sum("open"))
        .filter(sum_open__gt=0)
        .values_list("unit_id", "due_on", "sum_open")
    )
    return {("month", *row) for row in monthly} | {("open", *row) for row in open_rows}


# Deltas folded per transaction, and the advisory lock that lets one fold run
# at a time (a second one finds it taken and leaves: the first folds all).
FOLD_BATCH = 50_000
FOLD_LOCK = 0x7A6766  # "zgf"


def _fold_sql() -> tuple[str, str]:
    """Per rollup: one statement moving a batch of deltas into the rollup rows
    (DELETE … RETURNING feeding the upsert), answering how many it moved."""
    statements = []
    for table, delta, key, columns in (
        (
            CaseFactRollup._meta.db_table,
            CaseFactRollupDelta._meta.db_table,
            ROLLUP_KEY_COLUMNS,
            MEASURE_KEYS,
        ),
        (
            CaseFactOpenRollup._meta.db_table,
            CaseFactOpenRollupDelta._meta.db_table,
            "unit_id, due_on",
            ("open",),
        ),
    ):
        counts = ", ".join(columns)
        sums = ", ".join(f"sum({m})::int" for m in columns)
        updates = ", ".join(f"{m} = {table}.{m} + EXCLUDED.{m}" for m in columns)
        statements.append(
            f"""
            WITH moved AS (
                DELETE FROM {delta} WHERE id IN (
                    SELECT id FROM {delta} ORDER BY id LIMIT {FOLD_BATCH}
                ) RETURNING {key}, {counts}
            ), added AS (
                INSERT INTO {table} ({key}, {counts})
                SELECT {key}, {sums} FROM moved GROUP BY {key}
                ON CONFLICT ({key}) DO UPDATE SET {updates}
            )
            SELECT count(*) FROM moved
            """
        )
    return statements[0], statements[1]


def rollup_deltas_fold() -> int:
    """Move the unfolded deltas into the rollup rows; returns how many delta
    rows it folded (0 when another fold is running).

    Each batch is one statement per rollup, in one transaction: a delta is
    either still in its table or added to its rollup row, never both and never
    neither, for readers too (they sum both in one statement). Idempotent,
    safe beside writers (they only append rows, which a running fold does not
    see until they commit) and beside another fold (the advisory lock: the
    rollup rows are written by one fold at a time, so folds cannot deadlock).
    """
    folded = 0
    statements = _fold_sql()
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [FOLD_LOCK])
            if not cursor.fetchone()[0]:
                return folded
            moved = []
            for statement in statements:
                cursor.execute(statement)
                moved.append(cursor.fetchone()[0])
        folded += sum(moved)
        if max(moved) < FOLD_BATCH:
            return folded


@transaction.atomic
def rollup_rebuild(
    *, measures: tuple[Measure, ...] = MEASURES, deltas: bool = True
) -> int:
    """Recompute every rollup row from the facts (the unfolded deltas are then
    counted in them and dropped); returns how many rows it wrote.

    A migration passes the measures its version of the table has columns for,
    and `deltas=False` before the delta tables exist.
    """
    if unit_of_work.active():
        # Deltas collected so far are in the facts the rebuild counts.
        unit_of_work.state(ROLLUP_STEP).clear()
    table = CaseFactRollup._meta.db_table
    open_table = CaseFactOpenRollup._meta.db_table
    columns = ", ".join(m.key for m in measures)
    tables = [table, open_table]
    if deltas:
        tables += [
            CaseFactRollupDelta._meta.db_table,
            CaseFactOpenRollupDelta._meta.db_table,
        ]
    with connection.cursor() as cursor:
        # Writers of facts (their deltas) and folds wait until the rebuild
        # commits; it counts every fact committed before it took the lock.
        cursor.execute(f"LOCK TABLE {', '.join(tables)} IN EXCLUSIVE MODE")
        for name in tables:
            cursor.execute(f"DELETE FROM {name}")
        cursor.execute(
            f"INSERT INTO {table} ({ROLLUP_KEY_COLUMNS}, {columns}) "
            + _rollup_select_sql(measures)
        )
        written = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {open_table} (unit_id, due_on, open) " + _open_select_sql(),
            {"no_deadline": NO_DEADLINE},
        )
        return written + cursor.rowcount
