"""The phases of `manage.py bench`, run inside a throwaway bench database.

`bench` (the parent command) creates the database and runs `bench_run` in a
child process pointed at it, so nothing here can touch real data. Each phase
returns figures as (name, value, unit) triples, printed one a line.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.core.management import call_command
from django.db import connection, connections, models, transaction
from django.db.models import NOT_PROVIDED

from supervision.facts.models import CaseFact
from supervision.facts.services import rollup_rebuild
from tenants.crossing import UnitRef, run_across_units
from tenants.models import LEVEL_DEPTH, PATH_SEPARATOR, Unit, UnitLevel, User
from tenants.provisioning import create_unit_schemas, migrate_unit_schema_with_django
from tenants.services.units import UnitSpec, units_import

Figure = tuple[str, float, str]

PETITION_MODEL = ("supervision", "Petition")
STAND_IN_TABLE = "bench_petition"
# Units per transaction when creating schemas in bulk: few enough that no
# transaction needs thousands of locks (max_locks_per_transaction may be 64).
SCHEMA_BATCH = 25
# Recycle the connection after this many schemas: its catalog cache grows
# with every schema it touches.
CONNECTION_RECYCLE = 250

# The lifecycle's vocabularies (supervision.models Topic, LegalType, Channel).
TOPICS = [
    "cadre_selection",
    "election",
    "party_members",
    "grassroots",
    "retiree_benefits",
    "enterprise_veterans",
    "talent",
    "civil_service",
    "self_building",
    "other",
]
ACCUSED_UNITS = [f"某某{kind}" for kind in "局委办镇街乡所院校站"] + [
    f"第{n}机关" for n in range(1, 11)
]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


# ---------------------------------------------------------------- the tree


def province_specs(total: int) -> list[UnitSpec]:
    """A province of `total` units, parents first: ~13 cities, ~8 counties
    each, townships for the rest (realistic GB/T 2260-shaped codes)."""
    total = max(total, 4)
    cities = max(1, min(13, total // 190))
    counties = max(1, min(cities * 8, (total - 1 - cities) // 20))
    townships = total - 1 - cities - counties
    specs = [UnitSpec("320000", "省委组织部", "省委组织部", UnitLevel.PROVINCE, None)]
    city_codes = [f"32{i + 1:02d}00" for i in range(cities)]
    specs += [
        UnitSpec(code, f"{code}市委组织部", f"{code}市", UnitLevel.CITY, "320000")
        for code in city_codes
    ]
    county_codes = [
        f"{city_codes[i % cities][:4]}{i // cities + 1:02d}" for i in range(counties)
    ]
    specs += [
        UnitSpec(
            code, f"{code}县委组织部", f"{code}县", UnitLevel.COUNTY, code[:4] + "00"
        )
        for code in county_codes
    ]
    specs += [
        UnitSpec(
            f"{county_codes[i % counties]}{i // counties + 1:03d}",
            f"{county_codes[i % counties]}{i // counties + 1:03d}乡镇组织办",
            "乡镇",
            UnitLevel.TOWNSHIP,
            county_codes[i % counties],
        )
        for i in range(townships)
    ]
    return specs


def _recycle_connection() -> None:
    connections.close_all()


def provision_through_import(specs: list[UnitSpec]) -> list[Figure]:
    """Units created one by one through `units_import`, the normal path."""
    batches = []  # (units, seconds) per import
    for i in range(0, len(specs), SCHEMA_BATCH * 2):
        batch = specs[i : i + SCHEMA_BATCH * 2]
        started = time.perf_counter()
        units_import(specs=batch)
        batches.append((len(batch), time.perf_counter() - started))
        _recycle_connection()
    elapsed = sum(seconds for _, seconds in batches)
    # The first and the last import show whether the cost grows with the
    # number of schemas (it must not: see tenants.provisioning).
    first, last = batches[0], batches[-1]
    return [
        ("provision_units", len(specs), "units"),
        ("provision_ms_per_unit", _ms(elapsed / len(specs)), "ms"),
        ("provision_first_batch_ms_per_unit", _ms(first[1] / first[0]), "ms"),
        ("provision_last_batch_ms_per_unit", _ms(last[1] / last[0]), "ms"),
    ]


def migrate_with_django(schema_names: list[str]) -> list[Figure]:
    """Django's per-schema `migrate_schemas` for some of the provisioned units:
    each schema is dropped, created empty and migrated."""
    elapsed = 0.0
    for name in schema_names:
        quoted = connection.ops.quote_name(name)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA {quoted} CASCADE")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA {quoted}")
        migrate_unit_schema_with_django(name)
        elapsed += time.perf_counter() - started
        _recycle_connection()
    return [
        ("migrate_units", len(schema_names), "units"),
        ("migrate_ms_per_unit", _ms(elapsed / len(schema_names)), "ms"),
    ]


def provision_in_bulk(specs: list[UnitSpec]) -> list[Figure]:
    """The rest of the province: Unit rows bulk-inserted, schemas created from
    the collected DDL, one batch of units per transaction."""
    started = time.perf_counter()
    ids = dict(Unit.objects.values_list("code", "id"))
    paths = dict(Unit.objects.values_list("code", "path"))
    for i, batch in enumerate(_batches(specs, SCHEMA_BATCH)):
        with transaction.atomic():
            units: list[Unit] = []
            # Parents first: a batch may hold a county and its townships.
            for level in (UnitLevel.CITY, UnitLevel.COUNTY, UnitLevel.TOWNSHIP):
                level_units = [
                    Unit(
                        schema_name=f"u_{spec.code}",
                        code=spec.code,
                        name=spec.name,
                        short_name=spec.short_name,
                        level=spec.level,
                        parent_id=ids[spec.parent_code],
                        path=paths[spec.parent_code] + PATH_SEPARATOR + spec.code,
                        depth=LEVEL_DEPTH[spec.level],
                    )
                    for spec in batch
                    if spec.level == level
                ]
                for unit in Unit.objects.bulk_create(level_units):
                    ids[unit.code], paths[unit.code] = unit.pk, unit.path
                units += level_units
            create_unit_schemas(units)
        if (i + 1) * SCHEMA_BATCH % CONNECTION_RECYCLE == 0:
            _recycle_connection()
    _recycle_connection()
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass",
            [User._meta.db_table],
        )
        triggers = cursor.fetchone()[0]
    return [
        ("bulk_provision_units", len(specs), "units"),
        ("bulk_provision_ms_per_unit", _ms(elapsed / max(1, len(specs))), "ms"),
        ("user_table_triggers", triggers, "triggers"),
    ]


def _batches(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# ---------------------------------------------------------------- the facts


def _fact_insert_sql() -> str:
    table = CaseFact._meta.db_table
    unit_table = Unit._meta.db_table
    topics = "(ARRAY[" + ", ".join(f"'{t}'" for t in TOPICS) + "])"
    accused = "(ARRAY[" + ", ".join(f"'{a}'" for a in ACCUSED_UNITS) + "])"
    return f"""
    WITH u AS (
        SELECT row_number() OVER (ORDER BY path) - 1 AS n, id, path, level
        FROM {unit_table}
    ), g AS (
        SELECT i, random() AS a, random() AS b, random() AS c, random() AS d,
               random() AS e, random() AS f, random() AS h, random() AS k,
               random() AS m, random() AS o, random() AS p, random() AS q
        FROM generate_series(0, %(facts)s - 1) AS i
    ), x AS (
        SELECT g.*, u.id AS unit_id, u.path, u.level,
               (%(today)s::date - floor(g.h * 365)::int) AS received_on,
               g.b < 0.92 AS accepted,
               floor(g.k * 20)::int AS accept_days,
               floor(g.m * 80)::int AS close_days
        FROM g JOIN u ON u.n = g.i %% %(units)s
    ), y AS (
        SELECT x.*,
               x.accepted AND (
                   (%(today)s::date - x.received_on < 60 AND x.o < 0.7)
                   OR x.o < 0.03
               ) AS open
        FROM x
    )
    INSERT INTO {table} (
        petition_id, unit_id, unit_path, unit_level, tracking_number, channel,
        legal_type, topic, status, origin, handling_mode, accused_level,
        accused_unit_name, is_accepted, is_open, received_on, accepted_on,
        closed_on, due_on, due_clock, closed_in_time, accepted_in_time, is_repeat,
        is_skip_level, is_multi_send, is_collective, headcount, is_anonymous,
        transfer_count, return_count, review_stage, is_supervised, satisfaction,
        updated_at
    )
    SELECT
        md5(y.i::text)::uuid, y.unit_id, y.path, y.level,
        'XF' || lpad(y.i::text, 9, '0'),
        (ARRAY['letter', 'visit', 'call', 'online'])[1 + floor(y.a * 4)::int],
        (ARRAY['suggestion', 'accusation', 'appeal'])[1 + floor(y.c * 3)::int],
        {topics}[1 + floor(y.d * {len(TOPICS)})::int],
        CASE WHEN NOT y.accepted THEN 'declined'
             WHEN y.open THEN 'handling' ELSE 'closed' END,
        'direct',
        CASE WHEN y.e < 0.8 THEN 'self' ELSE 'transfer' END,
        '',
        CASE WHEN y.f < 0.3 THEN {accused}[1 + floor(y.p * {len(ACCUSED_UNITS)})::int]
             ELSE '' END,
        y.accepted, y.open, y.received_on,
        CASE WHEN y.accepted THEN y.received_on + y.accept_days END,
        CASE WHEN NOT y.open THEN
             LEAST(%(today)s::date, y.received_on + y.accept_days + y.close_days) END,
        CASE WHEN y.open THEN y.received_on + y.accept_days + 60 END,
        CASE WHEN y.open THEN 'handling' ELSE '' END,
        CASE WHEN y.accepted AND NOT y.open THEN y.close_days <= 60 END,
        CASE WHEN y.accepted THEN y.accept_days <= 15 END,
        y.q < 0.12, y.q > 0.95, y.k > 0.97, y.m > 0.98, 1, y.p > 0.9, 0, 0, '',
        y.b > 0.96,
        CASE WHEN y.accepted AND NOT y.open THEN
             (ARRAY['satisfied', 'basically_satisfied', 'dissatisfied', ''])
             [1 + floor(y.h * 4)::int] ELSE '' END,
        now()
    FROM y
    """


def load_facts(*, facts: int, today: date) -> list[Figure]:
    """`facts` case facts spread evenly over the units, then the rollups."""
    units = Unit.objects.count()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.7)")
        cursor.execute(
            _fact_insert_sql(), {"facts": facts, "today": today, "units": units}
        )
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    rows = rollup_rebuild()
    rebuilt = time.perf_counter() - started
    with connection.cursor() as cursor:
        # What autovacuum would do after a bulk load: statistics, and the
        # visibility map that lets counts use index-only scans.
        cursor.execute(f"VACUUM ANALYZE {CaseFact._meta.db_table}")
        cursor.execute("ANALYZE")
    return [
        ("facts", facts, "rows"),
        ("fact_load_s", round(loaded, 2), "s"),
        ("rollup_rows", rows, "rows"),
        ("rollup_rebuild_ms", _ms(rebuilt), "ms"),
    ]


# ---------------------------------------------------- the same rows per unit


@dataclass(frozen=True)
class PetitionTable:
    name: str
    columns: list[str]
    select: str  # expressions over the fact row `f`, one per column
    is_stand_in: bool


FACT_COLUMNS = {
    "id": "f.petition_id",
    "tracking_number": "f.tracking_number",
    "channel": "f.channel",
    "legal_type": "f.legal_type",
    "topic": "f.topic",
    "status": "f.status",
    "received_on": "f.received_on",
    "accepted_on": "f.accepted_on",
    "closed_on": "f.closed_on",
    "due_on": "f.due_on",
    "due_clock": "f.due_clock",
    "origin": "f.origin",
    "is_collective": "f.is_collective",
    "headcount": "f.headcount",
    "is_anonymous": "f.is_anonymous",
    "satisfaction": "f.satisfaction",
}


def _filler(field: models.Field) -> str:
    """A SQL expression for a column the facts do not carry."""
    if field.column == "decline_ground" and field.choices:
        # A declined petition states its ground (a check constraint).
        return (
            f"CASE WHEN f.status = 'declined' THEN '{field.choices[0][0]}' ELSE '' END"
        )
    if field.is_relation and not field.null:
        related = field.related_model._meta.db_table
        return f"(SELECT min(id) FROM public.{related})"
    if field.is_relation:
        return "NULL"
    if field.has_default() and field.default is not NOT_PROVIDED:
        value = field.get_default()
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        if isinstance(value, str):
            return "'" + value.replace("'", "''") + "'"
        if isinstance(value, list | dict):
            return "'" + ("[]" if isinstance(value, list) else "{}") + "'"
    if field.null:
        return "NULL"
    internal = field.get_internal_type()
    if internal in {"DateTimeField"}:
        return "now()"
    if internal in {"DateField"}:
        return "f.received_on"
    if internal in {"BooleanField"}:
        return "false"
    if internal in {"UUIDField"}:
        return "md5(f.petition_id::text || 'x')::uuid"
    if "Integer" in internal or internal in {"DecimalField", "FloatField"}:
        return "0"
    if internal == "JSONField":
        return "'{}'"
    if internal == "TextField" or internal == "CharField":
        if field.unique:
            return "f.petition_id::text"
        return "''"
    return "NULL"


def petition_table() -> PetitionTable:
    """The tenant petition table if the code has one, else a stand-in."""
    try:
        model = apps.get_model(*PETITION_MODEL)
    except LookupError:
        columns = list(FACT_COLUMNS)
        return PetitionTable(
            STAND_IN_TABLE,
            columns,
            ", ".join(FACT_COLUMNS[c] for c in columns),
            is_stand_in=True,
        )
    columns, select = [], []
    for field in model._meta.concrete_fields:
        columns.append(field.column)
        select.append(FACT_COLUMNS.get(field.column) or _filler(field))
    return PetitionTable(model._meta.db_table, columns, ", ".join(select), False)


STAND_IN_DDL = f"""
CREATE TABLE {{schema}}.{STAND_IN_TABLE} (
    id uuid PRIMARY KEY, tracking_number varchar(40) NOT NULL,
    channel varchar(16) NOT NULL, legal_type varchar(24) NOT NULL,
    topic varchar(32) NOT NULL, status varchar(24) NOT NULL,
    received_on date NOT NULL, accepted_on date, closed_on date, due_on date,
    due_clock varchar(32) NOT NULL, origin varchar(16) NOT NULL,
    is_collective boolean NOT NULL, headcount integer NOT NULL,
    is_anonymous boolean NOT NULL, satisfaction varchar(24) NOT NULL
);
CREATE INDEX ON {{schema}}.{STAND_IN_TABLE} (received_on);
"""


def load_petitions_into_unit_schemas(table: PetitionTable) -> list[Figure]:
    """Copy each unit's facts into its own schema's petition table, as if the
    units had registered them (schema-qualified, so nothing switches schemas)."""
    fact_table = CaseFact._meta.db_table
    units = list(Unit.objects.order_by("path").values_list("id", "schema_name"))
    started = time.perf_counter()
    for batch_number, batch in enumerate(_batches(units, SCHEMA_BATCH)):
        with transaction.atomic(), connection.cursor() as cursor:
            for unit_id, schema in batch:
                quoted = connection.ops.quote_name(schema)
                if table.is_stand_in:
                    cursor.execute(STAND_IN_DDL.format(schema=quoted))
                cursor.execute(
                    f"INSERT INTO {quoted}.{table.name} ({', '.join(table.columns)}) "
                    f"SELECT {table.select} FROM {fact_table} f WHERE f.unit_id = %s",
                    [unit_id],
                )
        if (batch_number + 1) * SCHEMA_BATCH % CONNECTION_RECYCLE == 0:
            _recycle_connection()
    _recycle_connection()
    return [
        ("petition_copy_s", round(time.perf_counter() - started, 2), "s"),
    ]


def petition_counts_per_schema(
    *, units: Iterable[Unit], table: str, received_from
) -> dict[str, dict[str, int]]:
    """Petitions per status received since a date, one unit schema at a time.

    The naive way to build a cross-level view (SET search_path and GROUP BY per
    schema). Views read the public case facts instead; this exists so the
    bench can measure what that saves. `table` is a trusted internal name.
    """
    quoted = connection.ops.quote_name(table)

    def count(ref: UnitRef) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT status, count(*) FROM {quoted} "
                "WHERE received_on >= %s GROUP BY status",
                [received_from],
            )
            return dict(cursor.fetchall())

    return run_across_units(count, units=units)


def naive_loop(table: PetitionTable, *, received_from: date) -> list[Figure]:
    """Per unit schema: SET search_path, GROUP BY status. The best of three
    runs, each on a fresh connection."""
    units = list(Unit.objects.order_by("path"))
    timings = []
    for _ in range(3):
        _recycle_connection()
        started = time.perf_counter()
        counts = petition_counts_per_schema(
            units=units, table=table.name, received_from=received_from
        )
        timings.append(time.perf_counter() - started)
    _recycle_connection()
    total = sum(sum(by_status.values()) for by_status in counts.values())
    return [
        ("loop_schemas", len(units), "schemas"),
        ("loop_rows_counted", total, "rows"),
        ("loop_ms", _ms(min(timings)), "ms"),
    ]


# ------------------------------------------------------ through the endpoint


def _months_back(today: date, months: int) -> str:
    month = today.replace(day=1)
    for _ in range(months - 1):
        month = (month - timedelta(days=1)).replace(day=1)
    return month.strftime("%Y-%m")


DASHBOARD = """
query($unit: String, $from: String!, $to: String!) {
  overview(unitCode: $unit, fromMonth: $from, toMonth: $to) {
    unit { code name }
    totals { received accepted acceptedInTime closed closedInTime selfHandled
             repeat skipLevel satisfied timelyAcceptanceRate closureRate
             onTimeClosureRate selfHandlingRate repeatRate satisfactionRate }
    ownUnit { received }
    children { unit { code name level } figures { received accepted closed
               closureRate onTimeClosureRate repeatRate } }
    trend { month figures { received closed } }
    byChannel: split(by: CHANNEL) { value figures { received } }
    byType: split(by: LEGAL_TYPE) { value figures { received } }
    hotTopics(limit: 5) { value figures { received } }
    accusedUnits(limit: 5) { value figures { received } }
    openCounts { open overdue dueSoon }
    supervisionOrders { issued open overdue }
  }
}"""
OVERDUE = """
query($unit: String) {
  overdueCases(unitCode: $unit, limit: 50) {
    totalCount
    items { trackingNumber dueOn daysOverdue unit { code name level } }
  }
}"""


def _timed_requests(client, query: str, variables: dict, repeats: int) -> list[float]:
    import json

    body = json.dumps({"query": query, "variables": variables})
    timings = []
    for i in range(repeats + 3):
        started = time.perf_counter()
        response = client.post("/graphql/", data=body, content_type="application/json")
        elapsed = time.perf_counter() - started
        payload = response.json()
        if response.status_code != 200 or payload.get("errors"):
            raise RuntimeError(f"bench query failed: {payload}")
        if i >= 3:  # the first requests warm caches
            timings.append(elapsed)
    return timings


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def bench_user():
    """The provincial supervisor the bench reads as (and registers as)."""
    from tenants.roles import Role

    province = Unit.objects.get(level=UnitLevel.PROVINCE)
    user, _ = User.objects.get_or_create(
        username="bench_supervisor",
        defaults={"unit": province, "roles": [Role.SUPERVISOR]},
    )
    return user


def measure_endpoint(*, today: date, repeats: int) -> list[Figure]:
    """Province dashboard, a city drill-down and the first overdue page, as a
    provincial supervisor through /graphql/ (in-process test client)."""
    from django.test import Client

    user = bench_user()
    province = user.unit
    city = Unit.objects.filter(level=UnitLevel.CITY).order_by("code").first()
    client = Client()
    client.force_login(user)
    period = {"from": _months_back(today, 12), "to": today.strftime("%Y-%m")}
    dashboard = _timed_requests(
        client, DASHBOARD, {**period, "unit": province.code}, repeats
    )
    drilldown = _timed_requests(
        client, DASHBOARD, {**period, "unit": (city or province).code}, repeats
    )
    overdue = _timed_requests(client, OVERDUE, {"unit": province.code}, repeats)
    return [
        ("requests_per_figure", repeats, "requests"),
        ("dashboard_p50_ms", _ms(statistics.median(dashboard)), "ms"),
        ("dashboard_p95_ms", _ms(_percentile(dashboard, 0.95)), "ms"),
        ("drilldown_p50_ms", _ms(statistics.median(drilldown)), "ms"),
        ("drilldown_p95_ms", _ms(_percentile(drilldown, 0.95)), "ms"),
        ("overdue_p50_ms", _ms(statistics.median(overdue)), "ms"),
        ("overdue_p95_ms", _ms(_percentile(overdue, 0.95)), "ms"),
    ]


DASHBOARD_PAGE_MARK = "dashboard-page-interactive"


def measure_dashboard_page() -> list[Figure]:
    """The province dashboard in Chromium as the provincial supervisor, over
    gunicorn on the bench province: the median of 10 loads to the page's own
    mark (its figures rendered) or its last request answered, whichever is
    later (bench.page)."""
    from django.conf import settings
    from django.test import Client

    from bench.page import chromium_page, interactive_ms
    from bench.writes import free_port, start_gunicorn

    client = Client()
    client.force_login(bench_user())
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # The bench speaks plain HTTP to the app, as a TLS proxy would.
    server = start_gunicorn(
        port,
        extra_env={"SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false"},
    )
    try:
        with chromium_page(base) as page:
            page.context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}]
            )
            timings = interactive_ms(
                page, "/dashboard", DASHBOARD_PAGE_MARK, ready="[data-test=kpi-overdue]"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return [
        ("dashboard_page_ms", round(timings["interactive"]), "ms"),
        ("dashboard_page_networkidle_ms", round(timings["networkidle"]), "ms"),
    ]


def migrate_public_schema() -> None:
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
