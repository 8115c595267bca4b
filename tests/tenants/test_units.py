"""Level and parent rules, region codes, subtree and ancestor queries, history."""

import pytest

from core.errors import DomainError
from tenants.models import AuditAction, AuditEntry, Unit
from tenants.scoping import unit_ancestors, units_in_subtree, visible_units
from tenants.services.units import (
    UnitSpec,
    unit_create,
    unit_rename,
    unit_set_active,
    units_import,
)


def _import_one(code, level, parent_code, name="测试单位"):
    return units_import(specs=[UnitSpec(code, name, "", level, parent_code)])


def _create_as_system(code, level, parent_code, name="测试单位"):
    return unit_create(
        actor=None, code=code, name=name, level=level, parent_code=parent_code
    )


@pytest.mark.parametrize(
    ("code", "level", "parent_code", "error_code"),
    [
        ("330000", "province", "320000", "INVALID_PARENT"),  # a province has no parent
        ("320500", "city", None, "INVALID_PARENT"),  # a city needs one
        ("320500", "city", "320102", "INVALID_PARENT"),  # parent one level up only
        ("320105", "county", "320000", "INVALID_PARENT"),  # skipping the city
        ("320102009", "township", "320100", "INVALID_PARENT"),
        ("32010", "county", "320100", "INVALID_CODE"),  # six digits
        ("320500", "county", "320100", "INVALID_CODE"),  # a county code ends not in 00
        ("320103", "township", "320102", "INVALID_CODE"),  # townships have nine digits
        (
            "330100",
            "city",
            "320000",
            "CODE_PARENT_MISMATCH",
        ),  # Hangzhou is not in Jiangsu
        ("320201", "county", "320100", "CODE_PARENT_MISMATCH"),
        ("320104001", "township", "320102", "CODE_PARENT_MISMATCH"),
        ("320100", "city", "320000", "DUPLICATE_CODE"),
        ("320105", "district", "320100", "INVALID_LEVEL"),
    ],
)
def test_unit_rules_refuse_bad_tree_and_store_nothing(
    tree, code, level, parent_code, error_code
):
    before = Unit.objects.count()
    with pytest.raises(DomainError) as raised:
        _create_as_system(code, level, parent_code)
    assert raised.value.code == error_code
    assert Unit.objects.count() == before


def test_new_unit_gets_path_depth_and_schema(tree):
    created, existing = _import_one(
        "320105", "county", "320100", "中共南京市建邺区委组织部"
    )
    unit = created[0]
    assert (existing, unit.path, unit.depth, unit.schema_name) == (
        0,
        "320000.320100.320105",
        2,
        "u_320105",
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s "
            "AND table_name = 'django_migrations'",
            ["u_320105"],
        )
        assert cursor.fetchone()[0] == 1


def test_subtree_is_one_indexed_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        codes = sorted(
            units_in_subtree(tree.units["city"]).values_list("code", flat=True)
        )
    assert codes == ["320100", "320102", "320102002", "320104"]


def test_subtree_does_not_match_code_prefixes_of_other_units(tree):
    # 3201020 is not a unit, but a path prefix without the separator would match
    # 320102002 under 320102 and also any 3201021.. sibling; the dot prevents it.
    codes = set(units_in_subtree(tree.units["county_a"]).values_list("code", flat=True))
    assert codes == {"320102", "320102002"}


def test_ancestors_are_one_query_root_first(tree, django_assert_num_queries):
    township = tree.units["township"]
    with django_assert_num_queries(1):
        codes = list(unit_ancestors(township).values_list("code", flat=True))
    assert codes == ["320000", "320100", "320102"]


def test_visible_units_are_own_subtree_and_ancestors_never_siblings(tree):
    county_b = tree.user("county_b", "registrar")
    codes = set(visible_units(county_b).values_list("code", flat=True))
    assert codes == {"320000", "320100", "320104"}


def test_rename_and_deactivate_keep_history(tree):
    admin = tree.user("city", "admin")
    unit_rename(actor=admin, code="320104", name="中共南京市秦淮区委组织部（新）")
    with pytest.raises(DomainError) as raised:
        unit_set_active(actor=admin, code="320102", is_active=False)
    assert raised.value.code == "HAS_ACTIVE_CHILDREN"
    unit_set_active(actor=admin, code="320104", is_active=False)
    entries = list(
        AuditEntry.objects.filter(unit__code="320104")
        .order_by("id")
        .values_list("action", "before", "after")
    )
    assert entries[-2:] == [
        (
            AuditAction.UNIT_RENAMED,
            {"name": "中共南京市秦淮区委组织部", "short_name": "秦淮区委组织部"},
            {
                "name": "中共南京市秦淮区委组织部（新）",
                "short_name": "中共南京市秦淮区委组织部（新）",
            },
        ),
        (AuditAction.UNIT_DEACTIVATED, {"is_active": True}, {"is_active": False}),
    ]
    assert Unit.objects.get(code="320104").is_active is False


def test_units_cannot_be_deleted_while_referenced(tree):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        tree.units["county_a"].delete()
    assert Unit.objects.filter(code="320102").exists()


def test_import_is_all_or_nothing(tree):
    before = Unit.objects.count()
    with pytest.raises(DomainError) as raised:
        units_import(
            specs=[
                UnitSpec("320105", "建邺区委组织部", "", "county", "320100"),
                UnitSpec("320106", "鼓楼区委组织部", "", "county", "320999"),
            ]
        )
    assert raised.value.code == "NOT_FOUND"
    assert "320106" in raised.value.message
    assert Unit.objects.count() == before
