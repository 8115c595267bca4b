"""create_unit_schemas: several schemas at once, with no database constraint
into public tables (each would add triggers there for every unit)."""

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


def _user_table_triggers() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'tenants_user'::regclass"
        )
        return cursor.fetchone()[0]


@pytest.mark.schema
def test_bulk_schemas_keep_their_own_keys_and_add_none_into_public_tables(tree):
    province, city = tree.units["province"], tree.units["city"]
    triggers_before = _user_table_triggers()

    create_unit_schemas(
        [
            Unit(pk=province.pk, schema_name="u_bulk_one"),
            Unit(pk=city.pk, schema_name="u_bulk_two"),
        ]
    )

    for schema in ("u_bulk_one", "u_bulk_two"):
        targets = _foreign_targets(schema)
        assert [t for t in targets if t.startswith("tenants_")] == []
        assert f"{schema}.supervision_petition" in targets
    assert _user_table_triggers() == triggers_before
    assert set(
        Unit.objects.filter(pk__in=[province.pk, city.pk]).values_list(
            "schema_version", flat=True
        )
    ) == {schema_version_of_code()}
