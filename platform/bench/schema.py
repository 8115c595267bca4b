"""The migration and rebuild figures of `manage.py bench`, in the throwaway
bench database only (see `bench_run`): `migrate_units` with nothing to do and
with a real one-column migration pending in every unit schema, and
`rebuild_facts` extrapolated to a province's million petitions."""

from __future__ import annotations

import time

from django.db import connection, connections, transaction
from django.db.models import Count

from supervision.facts.models import CaseFact
from supervision.facts.rebuild import fact_drift
from tenants.models import Unit
from tenants.provisioning import migrate_units, tenant_ddl

Figure = tuple[str, float, str]

# The migration the bench makes pending again: a column and a partial
# unique index on the petition table.
COLUMN_MIGRATION = ("supervision", "0004_online_public_number")
COLUMN = ("supervision_petition", "public_number")
# Schemas per transaction while the bench rolls the column back.
ROLLBACK_BATCH = 50


def _roll_back_column(schemas: list[str]) -> None:
    """Every schema as it was before COLUMN_MIGRATION: column dropped (its
    index goes with it) and the migration no longer recorded."""
    table, column = COLUMN
    for start in range(0, len(schemas), ROLLBACK_BATCH):
        with transaction.atomic(), connection.cursor() as cursor:
            for schema in schemas[start : start + ROLLBACK_BATCH]:
                quoted = connection.ops.quote_name(schema)
                cursor.execute(f"ALTER TABLE {quoted}.{table} DROP COLUMN {column}")
                cursor.execute(
                    f"DELETE FROM {quoted}.django_migrations "
                    "WHERE app = %s AND name = %s",
                    list(COLUMN_MIGRATION),
                )
    Unit.objects.filter(schema_name__in=schemas).update(schema_version="bench-old")


# One digest per schema of its tables' columns, indexes and constraints, the
# schema's own name replaced, in name order (a column added later sits last
# by position, as it does in any migrated database).
CATALOG_DIGEST_SQL = """
WITH cols AS (
    SELECT n.nspname AS s, string_agg(concat_ws(' ', c.relname, a.attname,
        format_type(a.atttypid, a.atttypmod), a.attnotnull,
        pg_get_expr(d.adbin, d.adrelid)), E'\\n' ORDER BY c.relname, a.attname) AS t
    FROM pg_namespace n
    JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p')
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    WHERE n.nspname = ANY(%(schemas)s) GROUP BY n.nspname
), idx AS (
    SELECT schemaname AS s, string_agg(concat_ws(' ', tablename, indexname,
        replace(indexdef, schemaname || '.', 'S.')), E'\\n'
        ORDER BY tablename, indexname) AS t
    FROM pg_indexes WHERE schemaname = ANY(%(schemas)s) GROUP BY schemaname
), con AS (
    SELECT n.nspname AS s, string_agg(concat_ws(' ', c.relname, o.conname,
        o.contype, replace(pg_get_constraintdef(o.oid), n.nspname || '.', 'S.')),
        E'\\n' ORDER BY c.relname, o.conname) AS t
    FROM pg_constraint o JOIN pg_namespace n ON n.oid = o.connamespace
    JOIN pg_class c ON c.oid = o.conrelid
    WHERE n.nspname = ANY(%(schemas)s) GROUP BY n.nspname
)
SELECT cols.s, md5(concat_ws(E'\\n--\\n', cols.t, idx.t, con.t))
FROM cols LEFT JOIN idx USING (s) LEFT JOIN con USING (s)
"""
FRESH_SCHEMA = "bench_fresh_schema"


def _catalog_digests(schemas: list[str]) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(CATALOG_DIGEST_SQL, {"schemas": schemas})
        return dict(cursor.fetchall())


def _fresh_schema_digest() -> str:
    """The catalog digest of a schema provisioned now (rolled back after)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {FRESH_SCHEMA}")
        cursor.execute(f"SET LOCAL search_path = {FRESH_SCHEMA}, public")
        cursor.execute(tenant_ddl())
        cursor.execute("SET LOCAL search_path = public")
        digest = _catalog_digests([FRESH_SCHEMA])[FRESH_SCHEMA]
        transaction.set_rollback(True)
    connection.search_path_set_schemas = None
    return digest


def _schemas_like_fresh(schemas: list[str]) -> int:
    """How many of `schemas` have the catalog of a freshly provisioned one."""
    fresh = _fresh_schema_digest()
    digests = _catalog_digests(schemas)
    return sum(digests.get(schema) == fresh for schema in schemas)


def measure_migrations() -> list[Figure]:
    schemas = list(Unit.objects.order_by("path").values_list("schema_name", flat=True))
    count = len(schemas)
    connections.close_all()
    started = time.perf_counter()
    noop = migrate_units()
    noop_s = time.perf_counter() - started
    _roll_back_column(schemas)
    connections.close_all()
    started = time.perf_counter()
    column = migrate_units()
    column_s = time.perf_counter() - started
    if column.failed or len(column.migrated) != count:
        raise RuntimeError(f"bench migration failed: {list(column.failed.items())[:3]}")
    again = migrate_units()
    like_fresh = _schemas_like_fresh(schemas)
    if again.migrated or like_fresh != count:
        raise RuntimeError(
            f"bench migration left {len(again.migrated)} schemas stale and "
            f"{count - like_fresh} unlike a fresh one"
        )
    return [
        ("migrate_schemas", count, "schemas"),
        (f"migrate_noop_s_{count}", round(noop_s, 2), "s"),
        (f"migrate_column_s_{count}", round(column_s, 2), "s"),
        ("migrate_noop_stale", len(noop.migrated), "schemas"),
        ("migrate_column_with_django", len(column.with_django), "schemas"),
        ("migrate_column_again_stale", len(again.migrated), "schemas"),
        ("migrate_column_like_fresh", like_fresh, "schemas"),
    ]


# Petitions the rebuild is timed on at most: the units with the most cases
# until this many, so the bench stays minutes long on a province.
REBUILD_SAMPLE = 20_000


def _rebuild_sample() -> list[Unit]:
    counts = dict(
        CaseFact.objects.values_list("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    sample, total = [], 0
    for unit in Unit.objects.order_by("path"):
        if total >= REBUILD_SAMPLE:
            break
        sample.append(unit)
        total += counts.get(unit.pk, 0)
    return sample


def measure_rebuild() -> list[Figure]:
    """`rebuild_facts` (the drift check over units' petitions) on a sample of
    units; the million-petition figure is extrapolated from the size measured."""
    units = _rebuild_sample()
    connections.close_all()
    started = time.perf_counter()
    drift = fact_drift(units=units)
    seconds = time.perf_counter() - started
    petitions = max(drift.petitions, 1)
    return [
        ("rebuild_facts_petitions", drift.petitions, "petitions"),
        ("rebuild_facts_units", drift.units, "units"),
        ("rebuild_facts_s", round(seconds, 2), "s"),
        ("rebuild_facts_s_1m", round(seconds / petitions * 1_000_000, 1), "s"),
    ]
