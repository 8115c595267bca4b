"""Whose case figures an actor reads: decided by tenants.scoping.figure_scope."""

import pytest

from tenants.scoping import figure_scope


@pytest.mark.parametrize(
    ("actor", "unit_key", "expected"),
    [
        (("province", "supervisor"), None, ("320000", True)),
        (("province", "supervisor"), "township", ("320102002", True)),
        (("city", "leader"), "county_a", ("320102", True)),
        (("county_a", "registrar"), None, ("320102", False)),
        (("township", "liaison"), None, ("320102002", False)),
        (("county_a", "registrar"), "township", None),  # no SUBTREE_VIEW
        (("county_b", "supervisor"), "county_a", None),  # sibling
        (("township", "supervisor"), "county_a", None),  # ancestor
        (("township", "supervisor"), "city", None),
        (("other_city", "supervisor"), "city", None),  # unrelated city
        (("other_city", "supervisor"), "township", None),
        (("city", "supervisor"), "province", None),
        (("county_a", "admin"), None, None),  # may not see cases at all
    ],
)
def test_figure_scope(tree, actor, unit_key, expected):
    unit = tree.units[unit_key] if unit_key else None

    scope = figure_scope(tree.user(*actor), unit)

    got = None if scope is None else (scope.unit.code, scope.includes_descendants)
    assert got == expected


def test_an_inactive_user_sees_nothing(tree):
    user = tree.user("province", "supervisor")
    user.is_active = False

    assert figure_scope(user, tree.units["city"]) is None
