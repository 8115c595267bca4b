"""A unit schema made from the collected DDL equals one made by Django's migrate."""

import pytest
from django.db import connection

from tenants.models import Unit
from tenants.provisioning import (
    create_unit_schema,
    migrate_unit_schema_with_django,
    migrate_units,
    schema_version_of_code,
    tenant_migration_keys,
)
from tests.tenants.catalog import catalog


@pytest.mark.schema
def test_ddl_schema_equals_django_migrated_schema(tree):
    fast = Unit(schema_name="u_cmp_fast", code="cmp1", path="x", depth=0)
    fast.pk = tree.units["province"].pk  # update() of schema_version hits a real row
    create_unit_schema(fast)
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "u_cmp_slow"')
    migrate_unit_schema_with_django("u_cmp_slow")

    fast_catalog = catalog("u_cmp_fast")
    slow_catalog = catalog("u_cmp_slow")
    assert fast_catalog["columns"] == slow_catalog["columns"]
    assert fast_catalog["indexes"] == slow_catalog["indexes"]
    assert fast_catalog["constraints"] == slow_catalog["constraints"]
    assert fast_catalog["migrations"] == slow_catalog["migrations"]
    recorded = {app for app, _ in fast_catalog["migrations"]}
    assert {app for app, _ in tenant_migration_keys()} <= recorded


def test_every_unit_schema_is_recorded_at_the_code_version(tree):
    versions = set(Unit.objects.values_list("schema_version", flat=True))
    assert versions == {schema_version_of_code()}


def test_migrate_units_skips_current_schemas(tree):
    run = migrate_units(processes=1)
    assert (run.up_to_date, run.migrated, run.failed) == (Unit.objects.count(), [], {})
