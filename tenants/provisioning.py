"""Creating and migrating unit schemas fast.

Running Django's migrations for every new schema costs a migration graph load
and one statement per operation; with thousands of units that is hours.
Instead the DDL of the tenant migrations is collected once per
process, as `sqlmigrate` would print it, and a new unit's schema is created by
running that DDL in one round trip, then recording the migrations as applied.
`tests/tenants/test_provisioning.py` proves a schema made this way is identical
to one made by `migrate_schemas`. Tenant migrations must therefore stay
expressible as SQL without looking at the database: no RunPython, and no
operation that introspects existing constraints (altering or dropping a
foreign key or an index by field): collected for a schema that does not exist,
such an operation emits nothing. Keep tenant migrations additive; the
equivalence test fails when one is not.

Existing schemas are brought up to date by `migrate_units`, which skips those
whose recorded `schema_version` (a digest of the migration files' contents)
matches the code and migrates the rest in parallel worker processes, a batch
of schemas per transaction: each stale schema's pending migrations run as
SQL collected once per process, recorded in `django_migrations` and the
unit's version in the same transaction. Only a schema whose pending
migrations cannot be written as SQL (RunPython) goes through Django's
per-schema migrate, and the run says so.

Besides tenants.crossing, this is the only module allowed to switch schemas.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django_tenants.utils import get_public_schema_name, schema_exists

from core.progress import Progress
from tenants.models import Unit

logger = logging.getLogger(__name__)

SQL_UNSUPPORTED_MARKER = "CANNOT BE WRITTEN AS SQL"


class UncollectableMigrationError(RuntimeError):
    """A tenant migration's operations cannot be written as SQL."""

    def __init__(self, message: str, *, migration: str):
        super().__init__(message)
        self.migration = migration


def _tenant_app_labels() -> set[str]:
    labels = set()
    for app_name in settings.TENANT_APPS:
        for config in apps.get_app_configs():
            if config.name == app_name:
                labels.add(config.label)
    return labels


def _full_plan(loader: MigrationLoader) -> list:
    seen: set = set()
    plan = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            if key not in seen:
                seen.add(key)
                plan.append((loader.graph.nodes[key], False))
    return plan


def tenant_migration_keys() -> list[tuple[str, str]]:
    """(app_label, name) of every tenant-app migration, in dependency order."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    labels = _tenant_app_labels()
    return [
        (migration.app_label, migration.name)
        for migration, _ in _full_plan(loader)
        if migration.app_label in labels
    ]


def recorded_migration_keys() -> list[tuple[str, str]]:
    """What Django's migrate records in a tenant schema: every migration of the
    plan, shared apps' included (their operations are skipped there)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [(m.app_label, m.name) for m, _ in _full_plan(loader)]


def legacy_schema_version_of_code() -> str:
    """The digest earlier versions recorded: the tenant migrations' names only.
    A schema at it whose migrations are all applied is current (no file can be
    told apart then; from now on the contents are digested)."""
    names = "\n".join(f"{app}.{name}" for app, name in tenant_migration_keys())
    return hashlib.sha256(names.encode()).hexdigest()


def schema_version_of_code() -> str:
    """A digest of the tenant migrations the code ships, their names and
    their files' contents, so a migration edited in place is noticed; a
    schema at it is current."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    digest = hashlib.sha256()
    for app, name in tenant_migration_keys():
        module = sys.modules[type(loader.disk_migrations[(app, name)]).__module__]
        digest.update(f"{app}.{name}\n".encode())
        digest.update(hashlib.sha256(Path(module.__file__).read_bytes()).digest())
    return digest.hexdigest()


@lru_cache(maxsize=4)
def _tenant_ddl(version: str) -> str:
    """The DDL of all tenant migrations, unqualified, collected once per process."""
    return _collected_sql(None)


@lru_cache(maxsize=16)
def _pending_sql(
    version: str, pending: tuple[tuple[str, str], ...]
) -> str | UncollectableMigrationError:
    """The SQL of some tenant migrations (a stale schema's pending ones), as
    `sqlmigrate` prints it, collected once per process and set of migrations;
    or, as cached, the error naming the one that cannot be written as SQL
    (RunPython, RunSQL without SQL…)."""
    try:
        return _collected_sql(frozenset(pending), with_recorder=False)
    except UncollectableMigrationError as error:
        return error


def _collected_sql(
    keys: frozenset[tuple[str, str]] | None, *, with_recorder: bool = True
) -> str:
    """The collected SQL of the tenant migrations in `keys` (all when None).
    Every migration up to the last chosen one goes into the project state on
    the way (tenant models may refer to shared ones), but only the chosen
    tenant ones are applied through the schema editor and their SQL kept.
    The others only change the state, which is cheap until the first chosen
    one renders the models (so a run's few pending migrations near the end
    cost a fraction of collecting them all)."""
    previous_schema = connection.schema_name
    # The router only lets tenant apps' operations through on a non-public
    # schema; the name is never created, it only steers the router.
    connection.set_schema(settings.TENANT_TEMPLATE_SCHEMA)
    labels = _tenant_app_labels()
    statements: list[str] = []
    try:
        loader = MigrationLoader(connection, ignore_no_migrations=True)
        plan = [migration for migration, _ in _full_plan(loader)]
        chosen = [
            index
            for index, migration in enumerate(plan)
            if migration.app_label in labels
            and (keys is None or (migration.app_label, migration.name) in keys)
        ]
        state = None
        for migration in plan[: chosen[-1] + 1 if chosen else 0]:
            if state is None:
                state = loader.project_state(
                    (migration.app_label, migration.name), at_end=False
                )
            key = (migration.app_label, migration.name)
            if migration.app_label not in labels or (
                keys is not None and key not in keys
            ):
                state = migration.mutate_state(state, preserve=False)
                continue
            with connection.schema_editor(collect_sql=True, atomic=False) as editor:
                state = migration.apply(state, editor, collect_sql=True)
            bad = [s for s in editor.collected_sql if SQL_UNSUPPORTED_MARKER in s]
            if bad:
                name = f"{migration.app_label}.{migration.name}"
                raise UncollectableMigrationError(
                    "tenant migrations must be expressible as SQL for "
                    f"provisioning: {name}",
                    migration=name,
                )
            statements.extend(editor.collected_sql)
        if with_recorder:
            with connection.schema_editor(collect_sql=True, atomic=False) as editor:
                editor.create_model(MigrationRecorder.Migration)
            statements.extend(editor.collected_sql)
    finally:
        connection.set_schema(previous_schema)
    return "\n".join(s for s in statements if not s.lstrip().startswith("--"))


def tenant_ddl() -> str:
    return _tenant_ddl(schema_version_of_code())


def create_unit_schema(unit: Unit) -> None:
    """Create `unit`'s schema at the code's migration state, in the caller's transaction."""
    create_unit_schemas([unit])


def create_unit_schemas(units: list[Unit]) -> None:
    """Create several units' schemas in the caller's transaction, one round
    trip of collected DDL each.

    Unit tables hold no database constraint to public tables (see
    supervision.models), so the cost per schema stays flat as units are added.
    """
    version = schema_version_of_code()
    ddl = _tenant_ddl(version)
    records = recorded_migration_keys()
    with transaction.atomic(), connection.cursor() as cursor:
        for unit in units:
            quoted = connection.ops.quote_name(unit.schema_name)
            cursor.execute(f"CREATE SCHEMA {quoted}")
            cursor.execute(f"SET LOCAL search_path = {quoted}, public")
            cursor.execute(ddl)
            cursor.execute(
                "INSERT INTO django_migrations (app, name, applied) SELECT app, "
                "name, now() FROM unnest(%s::text[], %s::text[]) AS m(app, name)",
                [[app for app, _ in records], [name for _, name in records]],
            )
        cursor.execute("SET LOCAL search_path = public")
    # django-tenants caches the search_path it last set; make it set it again.
    connection.search_path_set_schemas = None
    Unit.objects.filter(pk__in=[unit.pk for unit in units]).update(
        schema_version=version
    )
    for unit in units:
        unit.schema_version = version


def migrate_unit_schema_with_django(schema_name: str) -> None:
    """Django's own per-schema migrate (used for stale schemas and for comparison)."""
    call_command(
        "migrate_schemas",
        schema_name=schema_name,
        tenant=True,
        interactive=False,
        verbosity=0,
    )


@dataclass(frozen=True)
class MigrationRun:
    up_to_date: int
    migrated: list[str]
    failed: dict[str, str]
    # Schemas whose pending migrations could not be written as SQL, so they
    # went through Django's per-schema migrate (0.3–0.8 s a schema), and the
    # migrations that made them (app.name).
    with_django: list[str] = field(default_factory=list)
    uncollectable: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BatchResult:
    """What a worker did with one batch of schemas."""

    failed: dict[str, str] = field(default_factory=dict)
    with_django: list[str] = field(default_factory=list)
    uncollectable: list[str] = field(default_factory=list)


class EditedMigrationError(RuntimeError):
    """A stale schema has every migration applied: one was edited in place."""


def _applied_keys(cursor, quoted: str) -> set[tuple[str, str]]:
    cursor.execute(f"SELECT app, name FROM {quoted}.django_migrations")
    return set(cursor.fetchall())


def _migrate_schema_with_sql(
    cursor, unit: Unit, version: str, plan: list[tuple[str, str]], legacy: str
) -> str | None:
    """Apply a schema's pending migrations (of `plan`, in its order) as
    collected SQL and record them, in the caller's transaction. Returns the
    pending migration that cannot be written as SQL (nothing is done then:
    the schema is left to Django's migrate), or None."""
    quoted = connection.ops.quote_name(unit.schema_name)
    applied = _applied_keys(cursor, quoted)
    pending = tuple(key for key in plan if key not in applied)
    if not pending:
        if unit.schema_version in {version, legacy}:
            return None
        raise EditedMigrationError(
            "单位模式已应用全部迁移，但迁移文件内容与记录的版本不一致"
            "（已应用的迁移被改动过）；请新增迁移而不要修改已发布的迁移"
        )
    # Collected first: collecting may open a cursor that resets the path.
    ddl = _pending_sql(version, pending)
    if isinstance(ddl, UncollectableMigrationError):
        return ddl.migration
    cursor.execute(f"SET LOCAL search_path = {quoted}, public")
    if ddl.strip():
        cursor.execute(ddl)
    cursor.execute(
        f"INSERT INTO {quoted}.django_migrations (app, name, applied) SELECT app, "
        "name, now() FROM unnest(%s::text[], %s::text[]) AS m(app, name)",
        [[app for app, _ in pending], [name for _, name in pending]],
    )
    cursor.execute("SET LOCAL search_path = public")
    return None


@lru_cache(maxsize=4)
def _migration_context(version: str) -> tuple[list[tuple[str, str]], str]:
    """The migration plan and the names-only version, once per process and
    code version (each costs a migration graph load; a run migrates many
    batches)."""
    return recorded_migration_keys(), legacy_schema_version_of_code()


def _failure(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _migrate_schemas_worker(schema_names: list[str], version: str) -> BatchResult:
    """Bring a batch of schemas to `version` in one transaction, each in a
    savepoint (a failing schema stays stale, the others commit together with
    their recorded version, so an interrupted run keeps the batch). A schema
    whose pending migrations cannot be written as SQL goes to Django's
    per-schema migrate afterwards, recorded on its own."""
    plan, legacy = _migration_context(version)
    units = {
        u.schema_name: u for u in Unit.objects.filter(schema_name__in=schema_names)
    }
    failures: dict[str, str] = {}
    slow: dict[str, str] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for name in schema_names:
            try:
                with transaction.atomic():
                    if name not in units or not schema_exists(name):
                        raise RuntimeError("单位模式不存在")
                    blocking = _migrate_schema_with_sql(
                        cursor, units[name], version, plan, legacy
                    )
                    if blocking is not None:
                        slow[name] = blocking
            except Exception as error:  # noqa: BLE001 - reported per schema
                failures[name] = _failure(error)
        done = [n for n in schema_names if n not in failures and n not in slow]
        Unit.objects.filter(schema_name__in=done).update(schema_version=version)
    connection.search_path_set_schemas = None
    for name in slow:
        try:
            migrate_unit_schema_with_django(name)
        except Exception as error:  # noqa: BLE001 - reported per schema, run goes on
            failures[name] = _failure(error)
        else:
            connection.set_schema_to_public()
            Unit.objects.filter(schema_name=name).update(schema_version=version)
    connections.close_all()
    return BatchResult(
        failed=failures,
        with_django=[name for name in slow if name not in failures],
        uncollectable=sorted(set(slow.values())),
    )


# Schemas per batch of `migrate_units`: each batch is marked current as soon
# as it is done (an interrupted run resumes after it) and writes a progress line.
MIGRATION_BATCH = 20


def migrate_units(
    *,
    processes: int | None = None,
    progress: Callable[[str], object] | None = None,
    batch_size: int = MIGRATION_BATCH,
) -> MigrationRun:
    """Bring every unit schema to the code's migrations, skipping current ones.

    Stale schemas go in batches to `processes` workers; every finished batch
    is recorded at once (its schemas' version), so a run that is interrupted
    leaves them current and the next run does only the rest. `progress`
    receives a line per batch (core.progress).
    """
    version = schema_version_of_code()
    stale = list(
        Unit.objects.exclude(schema_version=version)
        .order_by("path")
        .values_list("schema_name", flat=True)
    )
    up_to_date = Unit.objects.filter(schema_version=version).count()
    processes = max(1, processes or settings.TENANT_MIGRATION_PROCESSES)
    failed: dict[str, str] = {}
    migrated: list[str] = []
    with_django: list[str] = []
    uncollectable: set[str] = set()
    tracker = Progress("迁移单位模式", total=len(stale), write=progress)

    def record(batch: list[str], result: BatchResult) -> None:
        failed.update(result.failed)
        done = [name for name in batch if name not in result.failed]
        # (the worker recorded them with their migrations; this is idempotent)
        Unit.objects.filter(schema_name__in=done).update(schema_version=version)
        migrated.extend(done)
        with_django.extend(result.with_django)
        if result.uncollectable and not uncollectable.issuperset(result.uncollectable):
            logger.warning(
                "无法写成 SQL 的迁移 %s：相关单位模式改用 Django 逐个迁移（较慢）",
                "、".join(result.uncollectable),
            )
        uncollectable.update(result.uncollectable)
        counts = {"失败": len(failed)}
        if with_django:
            counts["逐个迁移"] = len(with_django)
        tracker.advance(len(batch), **counts)

    if stale:
        batches = [stale[i : i + batch_size] for i in range(0, len(stale), batch_size)]
        connections.close_all()
        if processes == 1 or len(batches) == 1:
            for batch in batches:
                result = _migrate_schemas_worker(batch, version)
                connection.set_schema_to_public()
                record(batch, result)
        else:
            with ProcessPoolExecutor(max_workers=processes) as pool:
                futures = {
                    pool.submit(_migrate_schemas_worker, batch, version): batch
                    for batch in batches
                }
                for future in as_completed(futures):
                    record(futures[future], future.result())
        connection.set_schema_to_public()
    order = {name: position for position, name in enumerate(stale)}
    migrated.sort(key=order.__getitem__)
    with_django.sort(key=order.__getitem__)
    return MigrationRun(
        up_to_date=up_to_date,
        migrated=migrated,
        failed=failed,
        with_django=with_django,
        uncollectable=sorted(uncollectable),
    )


def public_schema_name() -> str:
    return get_public_schema_name()
