"""create_unit_schemas: several schemas at once, optionally without the foreign
keys into public tables (the benchmark's bulk path)."""

import pytest
from django.db import connection

from tenants.models import Unit
from tenants.provisioning import create_unit_schemas, schema_version_of_code

FOREIGN_TARGETS = """
    SELECT DISTINCT confrelid::regclass::text FROM pg_constraint c
    JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE n.nspname = %s AND c.contype = 'f' ORDER BY 1"""


def _foreign_targets(schema: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(FOREIGN_TARGETS, [schema])
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.schema
def test_bulk_schemas_can_leave_out_keys_into_public_tables(tree):
    province = tree.units["province"]
    city = tree.units["city"]
    with_keys = Unit(pk=province.pk, schema_name="u_bulk_with")
    without_keys = Unit(pk=city.pk, schema_name="u_bulk_without")

    create_unit_schemas([with_keys])
    create_unit_schemas([without_keys], public_foreign_keys=False)

    full = _foreign_targets("u_bulk_with")
    lean = _foreign_targets("u_bulk_without")
    assert "tenants_user" in full and "tenants_department" in full
    assert [t for t in lean if t.startswith("tenants_")] == []
    # Keys between the unit's own tables stay.
    assert "u_bulk_without.supervision_petition" in lean
    assert set(
        Unit.objects.filter(pk__in=[province.pk, city.pk]).values_list(
            "schema_version", flat=True
        )
    ) == {schema_version_of_code()}
