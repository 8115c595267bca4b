"""migrate_units applies a stale schema's pending migrations as collected SQL,
records them and the version in the batch's transaction, and notices a
migration edited in place (the version digests the files' contents)."""

from pathlib import Path

import pytest
from django.db import connection

from tenants import provisioning
from tenants.models import Unit
from tenants.provisioning import migrate_units, schema_version_of_code

MIGRATION = ("supervision", "0004_online_public_number")


@pytest.fixture
def one_schema(tree, monkeypatch):
    monkeypatch.setattr(provisioning.connections, "close_all", lambda: None)
    unit = tree.units["county_a"]
    return Unit.objects.get(pk=unit.pk)


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


def test_a_pending_migration_is_applied_as_sql_and_recorded(one_schema, monkeypatch):
    schema = one_schema.schema_name
    quoted = connection.ops.quote_name(schema)
    # given a schema from before the migration that added the public number
    with connection.cursor() as cursor:
        cursor.execute(
            # (the column's partial unique index goes with it)
            f"ALTER TABLE {quoted}.supervision_petition DROP COLUMN public_number"
        )
        cursor.execute(
            f"DELETE FROM {quoted}.django_migrations WHERE app = %s AND name = %s",
            list(MIGRATION),
        )
    Unit.objects.filter(pk=one_schema.pk).update(schema_version="old")
    monkeypatch.setattr(
        provisioning,
        "migrate_unit_schema_with_django",
        lambda name: pytest.fail("Django's per-schema migrate was used"),
    )
    # when the units are migrated
    run = migrate_units(processes=1)
    # then the column is back, the migration recorded and the schema current
    assert run.migrated == [schema] and run.failed == {}
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


def test_a_schema_at_the_names_only_digest_is_current_after_the_upgrade(one_schema):
    legacy = provisioning.legacy_schema_version_of_code()
    Unit.objects.filter(pk=one_schema.pk).update(schema_version=legacy)
    run = migrate_units(processes=1)
    assert run.migrated == [one_schema.schema_name] and run.failed == {}


def test_an_edited_migration_is_noticed(one_schema, monkeypatch):
    # a schema recorded at a version whose files differ, with nothing pending
    Unit.objects.filter(pk=one_schema.pk).update(schema_version="edited")
    run = migrate_units(processes=1)
    assert list(run.failed) == [one_schema.schema_name]
    assert "迁移文件内容与记录的版本不一致" in run.failed[one_schema.schema_name]
    assert Unit.objects.get(pk=one_schema.pk).schema_version == "edited"


def test_the_version_digests_the_migration_files_contents(monkeypatch):
    before = schema_version_of_code()
    read = Path.read_bytes

    def edited(path):
        content = read(path)
        return content + b"\n# edited" if path.name == "0001_initial.py" else content

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert schema_version_of_code() != before
