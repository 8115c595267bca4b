"""migrate_units applies a stale schema's pending migrations as collected SQL,
records them and the version in the batch's transaction, resumes an
interrupted run after its last finished batch, falls back to Django's migrate
(and says so) only for a migration that cannot be written as SQL, and notices
a migration edited in place (the version digests the files' contents)."""

import importlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, migrations
from django.db.migrations.loader import MigrationLoader

from tenants import provisioning
from tenants.models import Unit
from tenants.provisioning import migrate_units, schema_version_of_code
from tests.tenants.catalog import catalog

MIGRATION = ("supervision", "0004_online_public_number")


def _last_migration() -> tuple[str, str]:
    """The supervision app's leaf, from Django's migration loader: nothing
    applied depends on it, so Django's migrate takes it; a new migration
    needs no edit here."""
    [leaf] = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes(
        "supervision"
    )
    return leaf


LAST_MIGRATION = _last_migration()
LAST_MIGRATION_MODULE = f"supervision.migrations.{LAST_MIGRATION[1]}"


@pytest.fixture(autouse=True)
def _same_connection(monkeypatch):
    """The worker closes its connections after a batch; here they carry the
    test's transaction. Collected SQL is cached per process: start afresh."""
    monkeypatch.setattr(provisioning.connections, "close_all", lambda: None)
    provisioning._pending_sql.cache_clear()
    yield
    provisioning._pending_sql.cache_clear()


@pytest.fixture
def one_schema(tree):
    unit = tree.units["county_a"]
    return Unit.objects.get(pk=unit.pk)


def _before_the_migration(*schemas: str) -> None:
    """The schemas as they were before MIGRATION, and marked stale."""
    with connection.cursor() as cursor:
        for schema in schemas:
            quoted = connection.ops.quote_name(schema)
            # (the column's partial unique index goes with it)
            cursor.execute(
                f"ALTER TABLE {quoted}.supervision_petition DROP COLUMN public_number"
            )
            cursor.execute(
                f"DELETE FROM {quoted}.django_migrations WHERE app = %s AND name = %s",
                list(MIGRATION),
            )
    Unit.objects.filter(schema_name__in=schemas).update(schema_version="old")


def _columns(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = 'supervision_petition'",
            [schema],
        )
        return {row[0] for row in cursor.fetchall()}


def _recorded(schema: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT app, name FROM {connection.ops.quote_name(schema)}.django_migrations"
        )
        return set(cursor.fetchall())


def _current(names: list[str]) -> list[str]:
    return sorted(
        Unit.objects.filter(
            schema_name__in=names, schema_version=schema_version_of_code()
        ).values_list("schema_name", flat=True)
    )


def _no_django_migrate(monkeypatch) -> None:
    monkeypatch.setattr(
        provisioning,
        "migrate_unit_schema_with_django",
        lambda name: pytest.fail("Django's per-schema migrate was used"),
    )


def test_a_pending_migration_is_applied_as_sql_and_recorded(one_schema, monkeypatch):
    schema = one_schema.schema_name
    # given a schema from before the migration that added the public number
    _before_the_migration(schema)
    _no_django_migrate(monkeypatch)
    # when the units are migrated
    run = migrate_units(processes=1)
    # then the column is back, the migration recorded and the schema current
    assert run.migrated == [schema] and run.failed == {} and run.with_django == []
    assert "public_number" in _columns(schema)
    assert MIGRATION in _recorded(schema)
    assert Unit.objects.get(pk=one_schema.pk).schema_version == schema_version_of_code()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE schemaname = %s "
            "AND indexname = 'petition_unique_public_number'",
            [schema],
        )
        assert cursor.fetchone()[0] == 1
    # and a second run has nothing to do
    assert migrate_units(processes=1).migrated == []


def test_a_migrated_schema_equals_a_freshly_provisioned_one(tree, monkeypatch):
    migrated = tree.units["county_a"].schema_name
    fresh = tree.units["county_b"].schema_name
    _before_the_migration(migrated)
    _no_django_migrate(monkeypatch)

    migrate_units(processes=1)

    after, provisioned = catalog(migrated), catalog(fresh)
    for part in ("columns", "indexes", "constraints"):
        assert after[part] == provisioned[part], part
    # (the re-applied migration is recorded last, so compare without order)
    assert sorted(after["migrations"]) == sorted(provisioned["migrations"])


def test_a_run_interrupted_in_its_second_batch_resumes_there(tree, monkeypatch):
    names = list(
        Unit.objects.order_by("path").values_list("schema_name", flat=True)[:4]
    )
    _before_the_migration(*names)
    _no_django_migrate(monkeypatch)
    applied = provisioning._migrate_schema_with_sql
    seen = []

    def killed_in_the_second_batch(cursor, unit, *args):
        seen.append(unit.schema_name)
        if unit.schema_name == names[3]:
            raise KeyboardInterrupt  # as the run is stopped there
        return applied(cursor, unit, *args)

    monkeypatch.setattr(
        provisioning, "_migrate_schema_with_sql", killed_in_the_second_batch
    )
    # when a run with batches of two is stopped in its second batch
    with pytest.raises(KeyboardInterrupt):
        migrate_units(processes=1, batch_size=2)
    # then the first batch is migrated and current, the second as before
    # (names[2] was migrated in the batch's transaction, which rolled back)
    assert seen == names
    assert _current(names) == sorted(names[:2])
    assert [("public_number" in _columns(name)) for name in names] == [
        True,
        True,
        False,
        False,
    ]
    assert MIGRATION not in _recorded(names[2])
    # and the next run does only the second batch
    seen.clear()
    monkeypatch.setattr(
        provisioning,
        "_migrate_schema_with_sql",
        lambda cursor, unit, *args: (
            seen.append(unit.schema_name) or applied(cursor, unit, *args)
        ),
    )
    resumed = migrate_units(processes=1, batch_size=2)
    assert seen == names[2:]
    assert resumed.migrated == names[2:] and resumed.failed == {}
    assert resumed.up_to_date == Unit.objects.count() - 2
    assert _current(names) == sorted(names)
    assert all("public_number" in _columns(name) for name in names)


def test_a_migration_that_cannot_be_written_as_sql_goes_through_django(
    one_schema, monkeypatch
):
    schema = one_schema.schema_name
    quoted = connection.ops.quote_name(schema)
    ran_in = []

    def forwards(apps, schema_editor):
        ran_in.append(schema_editor.connection.schema_name)

    # given the last migration pending in one schema, and it also runs Python
    # (re-applying its operations to the schema is harmless)
    module = importlib.import_module(LAST_MIGRATION_MODULE)
    monkeypatch.setattr(
        module.Migration,
        "operations",
        [*module.Migration.operations, migrations.RunPython(forwards)],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quoted}.django_migrations WHERE app = %s AND name = %s",
            list(LAST_MIGRATION),
        )
    Unit.objects.filter(pk=one_schema.pk).update(schema_version="old")
    out, err = StringIO(), StringIO()
    # when the units are migrated by the command
    call_command(
        "migrate_units", "--skip-shared", "--processes", "1", stdout=out, stderr=err
    )
    # then Django's migrate ran it, and the command says so
    assert ran_in == [schema]
    assert LAST_MIGRATION in _recorded(schema)
    assert _current([schema]) == [schema]
    assert out.getvalue().splitlines() == [
        f"单位模式：已是最新 {Unit.objects.count() - 1} 个，迁移 1 个，失败 0 个",
        "其中 1 个单位模式的待应用迁移含无法写成 SQL 的操作"
        f"（supervision.{LAST_MIGRATION[1]}），已改用 Django 逐个迁移",
    ]
    assert "失败 0，逐个迁移 1" in err.getvalue()


def test_a_schema_at_the_names_only_digest_is_current_after_the_upgrade(one_schema):
    legacy = provisioning.legacy_schema_version_of_code()
    Unit.objects.filter(pk=one_schema.pk).update(schema_version=legacy)
    run = migrate_units(processes=1)
    assert run.migrated == [one_schema.schema_name] and run.failed == {}


def _edit_in_place(monkeypatch, file_name: str) -> None:
    read = Path.read_bytes

    def edited(path):
        content = read(path)
        return content + b"\n# edited" if path.name == file_name else content

    monkeypatch.setattr(Path, "read_bytes", edited)


def test_the_version_digests_the_migration_files_contents(monkeypatch):
    before = schema_version_of_code()
    _edit_in_place(monkeypatch, "0001_initial.py")
    assert schema_version_of_code() != before


def test_a_migration_edited_in_place_makes_every_unit_stale_and_is_reported(
    tree, monkeypatch
):
    recorded = dict(Unit.objects.values_list("schema_name", "schema_version"))
    # given an applied migration changed in place (not a new migration)
    _edit_in_place(monkeypatch, f"{MIGRATION[1]}.py")
    # when the units are migrated
    run = migrate_units(processes=1)
    # then no unit counts as current, each is reported, none is marked current
    assert run.up_to_date == 0 and run.migrated == []
    assert sorted(run.failed) == sorted(recorded)
    assert all("迁移文件内容与记录的版本不一致" in r for r in run.failed.values())
    assert dict(Unit.objects.values_list("schema_name", "schema_version")) == recorded
