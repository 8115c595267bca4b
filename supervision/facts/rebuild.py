"""Rebuilding case facts from the unit schemas, to find and repair drift.

Facts are written with every change to a petition, so this normally finds
nothing. The check is set-based: for a batch of units, one statement derives
the fact of every petition from the units' tables (schema-qualified, so nothing
switches schemas) and compares it with the stored one, returning only the
differences (`expected_facts_sql`). The deadline-dependent flags use ends
computed by the deadline rules themselves (supervision.deadlines) for
each distinct set of dates, put in a temporary table, so the clocks are defined
once. A fix goes through the Python derivation (`petition_fact_values`) and
`case_fact_upsert`, for the drifted petitions only; a test compares the two
derivations on varied petitions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connection, connections, transaction

from core.progress import Progress
from supervision.choices import OPEN_STATUSES, Stage, Status
from supervision.crosslevel.models import (
    REVIEW_LINK_KINDS,
    CaseLink,
    LinkState,
    MatchKind,
    MatchState,
    RepeatMatch,
    SupervisionOrder,
)
from supervision.deadlines import acceptance_period, stage_deadline
from supervision.facts.measures import NO_REVIEW_STAGE, SELF_HANDLING_MODE
from supervision.facts.models import CaseFact
from supervision.facts.petition_fact import (
    MERGED_STATUS,
    crosslevel_index,
    petition_fact_values,
)
from supervision.facts.services import case_fact_upsert
from supervision.models import Accused, Petition
from tenants.crossing import UnitRef, run_across_units
from tenants.models import Unit

# A fresh connection after this many schemas: the catalog cache grows with
# every schema one connection touches.
CONNECTION_RECYCLE = 250
# Units between two progress lines of `rebuild_facts`.
PROGRESS_UNITS = 100
# Units whose petitions one statement derives and compares.
SQL_BATCH = 50


@dataclass
class FactDrift:
    """Petition ids whose fact is missing, has no petition, or differs."""

    units: int = 0
    petitions: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    different: list[str] = field(default_factory=list)
    fixed: int = 0


def _expected_facts(ref: UnitRef) -> dict[str, dict]:
    """Inside one unit's schema: the fact values of each of its petitions."""

    unit = Unit.objects.get(pk=ref.id)
    expected = {}
    petitions = list(Petition.objects.prefetch_related("accused"))
    # The cross-level rows of all of them in a few queries, not per petition.
    index = crosslevel_index([petition.pk for petition in petitions])
    for petition in petitions:
        values = petition_fact_values(petition, unit, index)
        values.pop("unit")
        expected[str(petition.pk)] = values
    return expected


def _stored_facts(unit: Unit, names: list[str]) -> dict[str, dict]:
    rows = CaseFact.objects.filter(unit_id=unit.pk).values("petition_id", *names)
    return {str(row.pop("petition_id")): row for row in rows}


# The fields compared, in the order the SQL derives them.
COMPARED = (
    "unit_path",
    "unit_level",
    "tracking_number",
    "channel",
    "legal_type",
    "topic",
    "status",
    "origin",
    "accused_level",
    "accused_unit_name",
    "is_accepted",
    "is_open",
    "received_on",
    "accepted_on",
    "closed_on",
    "due_on",
    "due_clock",
    "closed_in_time",
    "accepted_in_time",
    "is_collective",
    "headcount",
    "is_anonymous",
    "review_stage",
    "satisfaction",
    "handling_mode",
    "source_unit_id",
    "return_count",
    "transfer_count",
    "is_supervised",
    "is_skip_level",
    "is_multi_send",
    "is_repeat",
)
# The inputs of `stage_deadline`, as a key the SQL and the ends table share.
STAGE_DEADLINE_FIELDS = (
    "stage",
    "review_requested_on",
    "re_review_requested_on",
    "accepted_on",
    "extension_status",
    "extension_days",
)
ACCEPTANCE_ENDS = "pg_temp.rebuild_acceptance_ends"
STAGE_ENDS = "pg_temp.rebuild_stage_ends"


def _stage_key_sql(alias: str) -> str:
    parts = ", ".join(
        f"COALESCE({alias}.{name}::text, '')" for name in STAGE_DEADLINE_FIELDS
    )
    return f"concat_ws('|', {parts})"


def _literal_list(values) -> str:
    return ", ".join("'" + str(value).replace("'", "''") + "'" for value in values)


def _petition_sql(schema: str) -> str:
    """SELECT of the expected fact of every petition of one schema, the
    columns of COMPARED after petition_id and unit_id; the unit's id, path and
    level are the parameters %s, %s, %s. Mirrors petition_fact_values."""

    q = connection.ops.quote_name(schema)
    petitions = f"{q}.{Petition._meta.db_table}"
    accused = f"{q}.{Accused._meta.db_table}"
    links = CaseLink._meta.db_table
    matches = RepeatMatch._meta.db_table
    orders = SupervisionOrder._meta.db_table
    review = _literal_list(REVIEW_LINK_KINDS)
    merged = "COALESCE(x.merged, FALSE)"
    return f"""
        SELECT p.id AS petition_id, %s AS unit_id, %s AS unit_path, %s AS unit_level,
            p.tracking_number, p.channel, p.legal_type, p.topic,
            CASE WHEN {merged} THEN '{MERGED_STATUS}' ELSE p.status END,
            p.origin,
            COALESCE(a.managing_level, ''), COALESCE(a.unit_name, ''),
            CASE WHEN {merged} THEN NULL
                 WHEN p.status IN ({_literal_list([Status.DECLINED, Status.REFERRED])})
                 THEN FALSE
                 WHEN p.accepted_on IS NOT NULL THEN TRUE END,
            NOT {merged} AND p.status IN ({_literal_list(OPEN_STATUSES)}),
            p.received_on, p.accepted_on, p.closed_on, p.due_on, p.due_clock,
            CASE WHEN {merged} OR p.closed_on IS NULL THEN NULL
                 ELSE p.closed_on <= se.end_on END,
            CASE WHEN p.decided_on IS NULL THEN NULL
                 ELSE p.decided_on <= ae.end_on END,
            p.is_collective, p.headcount, p.is_anonymous,
            CASE WHEN p.stage = '{Stage.ORIGINAL}' THEN '{NO_REVIEW_STAGE}'
                 ELSE p.stage END,
            p.satisfaction,
            COALESCE(o.kind, CASE WHEN p.department_id IS NOT NULL
                                  THEN '{SELF_HANDLING_MODE}' ELSE '' END),
            i.source_unit_id, COALESCE(i.return_count, 0),
            t.transfer_count::int,
            EXISTS (SELECT 1 FROM {orders} so WHERE so.petition_id = p.id),
            COALESCE(x.skip_level, FALSE), COALESCE(x.multi_send, FALSE),
            p.possible_duplicate_of_id IS NOT NULL OR COALESCE(x.repeat, FALSE)
        FROM {petitions} p
        LEFT JOIN LATERAL (
            SELECT managing_level, unit_name FROM {accused}
            WHERE petition_id = p.id ORDER BY position LIMIT 1
        ) a ON TRUE
        LEFT JOIN LATERAL (
            SELECT bool_or(state = '{MatchState.MERGED}') AS merged,
                   bool_or(kind = '{MatchKind.REPEAT}') AS repeat,
                   bool_or(kind = '{MatchKind.SKIP_LEVEL}') AS skip_level,
                   bool_or(kind = '{MatchKind.MULTI_SEND}') AS multi_send
            FROM {matches}
            WHERE petition_id = p.id AND state <> '{MatchState.DISMISSED}'
        ) x ON TRUE
        LEFT JOIN LATERAL (
            SELECT kind FROM {links}
            WHERE source_petition_id = p.id AND state <> '{LinkState.WITHDRAWN}'
              AND kind NOT IN ({review})
            ORDER BY created_at DESC, id DESC LIMIT 1
        ) o ON TRUE
        LEFT JOIN LATERAL (
            SELECT source_unit_id, return_count FROM {links}
            WHERE target_petition_id = p.id LIMIT 1
        ) i ON TRUE
        LEFT JOIN LATERAL (
            WITH RECURSIVE chain(petition_id, depth) AS (
                SELECT p.id, 0
                UNION ALL
                SELECT l.source_petition_id, c.depth + 1
                FROM chain c JOIN {links} l ON l.target_petition_id = c.petition_id
                WHERE c.depth < 7 AND l.kind NOT IN ({review})
            )
            SELECT count(l.id) AS transfer_count FROM chain c
            JOIN {links} l ON l.source_petition_id = c.petition_id
                          AND l.kind NOT IN ({review})
        ) t ON TRUE
        LEFT JOIN {ACCEPTANCE_ENDS} ae ON ae.start_on = p.received_on
        LEFT JOIN {STAGE_ENDS} se ON se.key = {_stage_key_sql("p")}
    """


def expected_facts_sql(units: list[Unit]) -> tuple[str, list]:
    """The expected facts of the units' petitions: one SELECT (UNION ALL per
    schema) of petition_id, unit_id and the COMPARED columns. Needs the ends
    tables `_fill_deadline_ends` fills."""
    parts, params = [], []
    for unit in units:
        parts.append(_petition_sql(unit.schema_name))
        params += [unit.pk, unit.path, unit.level]
    return " UNION ALL ".join(parts), params


def _fill_deadline_ends(cursor, units: list[Unit], ends: dict) -> None:
    """The deadline ends the units' petitions need, from the deadline rules
    (memoized in `ends` across batches), into the temporary tables."""

    table = Petition._meta.db_table
    fields = ", ".join(STAGE_DEADLINE_FIELDS)
    inputs = " UNION ".join(
        f"SELECT 'a', received_on, NULL, NULL, NULL, NULL, NULL, NULL, ''"
        f" FROM {connection.ops.quote_name(u.schema_name)}.{table}"
        " WHERE decided_on IS NOT NULL"
        f" UNION SELECT 's', NULL, {fields}, {_stage_key_sql('p')}"
        f" FROM {connection.ops.quote_name(u.schema_name)}.{table} p"
        " WHERE closed_on IS NOT NULL"
        for u in units
    )
    cursor.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {ACCEPTANCE_ENDS.split('.')[1]}"
        " (start_on date PRIMARY KEY, end_on date) ON COMMIT DELETE ROWS"
    )
    cursor.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {STAGE_ENDS.split('.')[1]}"
        " (key text PRIMARY KEY, end_on date) ON COMMIT DELETE ROWS"
    )
    # Emptied at commit, but a caller's transaction may hold several batches.
    cursor.execute(f"DELETE FROM {ACCEPTANCE_ENDS}")
    cursor.execute(f"DELETE FROM {STAGE_ENDS}")
    cursor.execute(inputs)
    acceptance, stage = [], []
    for kind, received_on, *values, key in cursor.fetchall():
        if kind == "a":
            if ("a", received_on) not in ends:
                petition = SimpleNamespace(received_on=received_on)
                ends["a", received_on] = acceptance_period(petition).end
            acceptance.append((received_on, ends["a", received_on]))
        else:
            if ("s", key) not in ends:
                petition = SimpleNamespace(
                    **dict(zip(STAGE_DEADLINE_FIELDS, values, strict=True))
                )
                deadline = stage_deadline(petition)
                ends["s", key] = None if deadline is None else deadline[1].end
            if ends["s", key] is not None:
                stage.append((key, ends["s", key]))
    for name, rows in ((ACCEPTANCE_ENDS, acceptance), (STAGE_ENDS, stage)):
        for start in range(0, len(rows), 1000):
            chunk = rows[start : start + 1000]
            cursor.execute(
                f"INSERT INTO {name} VALUES " + ", ".join(["(%s, %s)"] * len(chunk)),
                [value for row in chunk for value in row],
            )


def expected_facts(units: list[Unit]) -> dict[str, dict]:
    """The facts the SQL derives for the units' petitions, by petition id, as
    COMPARED field values (tests hold them against petition_fact_values)."""
    expected, params = expected_facts_sql(units)
    with transaction.atomic(), connection.cursor() as cursor:
        _fill_deadline_ends(cursor, units, {})
        cursor.execute(expected, params)
        rows = cursor.fetchall()
    return {
        str(petition_id): dict(zip(COMPARED, values, strict=True))
        for petition_id, _unit_id, *values in rows
    }


def _compare_batch(units: list[Unit], ends: dict) -> tuple[dict, list, list, list]:
    """Per unit its petition count, and the missing, differing and extra
    petition ids (as (unit id, petition id)) of a batch of units, in SQL."""
    expected, params = expected_facts_sql(units)
    fact_table = CaseFact._meta.db_table
    columns = ", ".join(f"e.c{i}" for i in range(len(COMPARED)))
    stored = ", ".join(f"f.{name}" for name in COMPARED)
    names = ", ".join(f"c{i}" for i in range(len(COMPARED)))
    with transaction.atomic(), connection.cursor() as cursor:
        _fill_deadline_ends(cursor, units, ends)
        cursor.execute(
            f"""
            WITH e (petition_id, unit_id, {names}) AS ({expected}),
            counted AS (SELECT unit_id, count(*) AS n FROM e GROUP BY unit_id),
            drift AS (
                SELECT CASE WHEN f.id IS NULL THEN 'missing' ELSE 'different' END,
                       e.unit_id, e.petition_id
                FROM e LEFT JOIN {fact_table} f
                  ON f.petition_id = e.petition_id AND f.unit_id = e.unit_id
                WHERE f.id IS NULL OR ROW({columns}) IS DISTINCT FROM ROW({stored})
                UNION ALL
                SELECT 'extra', f.unit_id, f.petition_id
                FROM {fact_table} f
                WHERE f.unit_id = ANY(%s) AND NOT EXISTS (
                    SELECT 1 FROM e
                    WHERE e.petition_id = f.petition_id AND e.unit_id = f.unit_id
                )
            )
            SELECT 'count', unit_id, NULL, n FROM counted
            UNION ALL SELECT *, 0 FROM drift
            """,
            [*params, [unit.pk for unit in units]],
        )
        rows = cursor.fetchall()
    counts = {}
    missing, different, extra = [], [], []
    for kind, unit_id, petition_id, n in rows:
        if kind == "count":
            counts[unit_id] = n
        else:
            {"missing": missing, "different": different, "extra": extra}[kind].append(
                (unit_id, str(petition_id))
            )
    return counts, missing, different, extra


def _fix(unit: Unit, petition_ids: set[str]) -> int:
    """Write the facts of the given petitions of one unit, derived in Python
    (petition_fact_values), through case_fact_upsert; how many it wrote."""
    expected = run_across_units(_expected_facts, units=[unit])[unit.code]
    for petition_id in sorted(petition_ids):
        case_fact_upsert(
            actor=None, petition_id=petition_id, unit=unit, **expected[petition_id]
        )
    return len(petition_ids)


def fact_drift(
    *,
    fix: bool = False,
    progress: Callable[[str], object] | None = None,
    units: list[Unit] | None = None,
) -> FactDrift:
    """Compare every unit's petitions with their stored facts, SQL_BATCH units
    a statement; with `fix`, write the missing and differing facts through
    `case_fact_upsert` (facts without a petition are reported, never
    deleted). `progress` gets a line every PROGRESS_UNITS units
    (core.progress). `units` narrows the check (the bench times a sample)."""
    drift = FactDrift()
    units = list(Unit.objects.order_by("path")) if units is None else units
    tracker = Progress("核对案件事实（单位）", total=len(units), write=progress)
    ends: dict = {}
    for start in range(0, len(units), SQL_BATCH):
        batch = units[start : start + SQL_BATCH]
        counts, missing, different, extra = _compare_batch(batch, ends)
        drift.units += len(batch)
        drift.petitions += sum(counts.values())
        drift.missing += [petition_id for _, petition_id in missing]
        drift.different += [petition_id for _, petition_id in different]
        drift.extra += [petition_id for _, petition_id in extra]
        if fix and (missing or different):
            wanted: dict[int, set[str]] = {}
            for unit_id, petition_id in missing + different:
                wanted.setdefault(unit_id, set()).add(petition_id)
            for unit in batch:
                if unit.pk in wanted:
                    drift.fixed += _fix(unit, wanted[unit.pk])
        done = start + len(batch)
        if done // CONNECTION_RECYCLE > start // CONNECTION_RECYCLE:
            connections.close_all()
        if done // PROGRESS_UNITS > start // PROGRESS_UNITS or done == len(units):
            tracker.advance(
                done - tracker.done,
                信访件=drift.petitions,
                偏差=len(drift.missing) + len(drift.different) + len(drift.extra),
            )
    return drift
