"""Cross-level views through GraphQL: figures, drill-down, scoping, errors."""

from datetime import date

import pytest

from tests.factories.facts import fact_create

OVERVIEW = """
query($unit: String, $from: String!, $to: String!) {
  overview(unitCode: $unit, fromMonth: $from, toMonth: $to) {
    unit { code }
    includesSubordinates
    totals { received accepted closed closedInTime repeat skipLevel closureRate
             onTimeClosureRate timelyAcceptanceRate selfHandlingRate repeatRate
             satisfactionRate }
    ownUnit { received }
    children { unit { code } figures { received closed } }
  }
}"""
YEAR = {"from": "2026-01", "to": "2026-12"}


@pytest.fixture
def cases(tree):
    """Two cases at county_a, one at its township, one at the city, one at
    other_county, and one at county_a received outside 2026."""
    closed = {"is_open": False, "closed_on": date(2026, 4, 1), "closed_in_time": True}
    fact_create(tree.units["county_a"], received_on=date(2026, 3, 1), **closed)
    fact_create(
        tree.units["county_a"],
        received_on=date(2026, 5, 2),
        is_repeat=True,
        handling_mode="transfer",
        satisfaction="satisfied",
    )
    fact_create(
        tree.units["township"],
        received_on=date(2026, 5, 20),
        is_skip_level=True,
        satisfaction="dissatisfied",
    )
    fact_create(tree.units["city"], received_on=date(2026, 6, 1), **closed)
    fact_create(tree.units["other_county"], received_on=date(2026, 2, 1))
    fact_create(tree.units["county_a"], received_on=date(2025, 12, 31))


def test_province_sees_its_whole_tree_with_drill_down(tree, gql, cases):
    data = gql(tree.user("province", "supervisor")).ok(OVERVIEW, YEAR)["overview"]

    assert data == {
        "unit": {"code": "320000"},
        "includesSubordinates": True,
        "totals": {
            "received": 5,
            "accepted": 5,
            "closed": 2,
            "closedInTime": 2,
            "repeat": 1,
            "skipLevel": 1,
            "closureRate": 0.4,
            "onTimeClosureRate": 1.0,
            "timelyAcceptanceRate": 1.0,
            "selfHandlingRate": 0.8,
            "repeatRate": 0.2,
            "satisfactionRate": 0.5,
        },
        "ownUnit": {"received": 0},
        "children": [
            {"unit": {"code": "320100"}, "figures": {"received": 4, "closed": 2}},
            {"unit": {"code": "320200"}, "figures": {"received": 1, "closed": 0}},
        ],
    }


def test_city_drill_down_splits_own_cases_from_its_counties(tree, gql, cases):
    data = gql(tree.user("city", "leader")).ok(OVERVIEW, {**YEAR, "unit": "320100"})[
        "overview"
    ]

    assert data["totals"]["received"] == 4
    assert data["ownUnit"] == {"received": 1}
    assert data["children"] == [
        {"unit": {"code": "320102"}, "figures": {"received": 3, "closed": 1}},
        {"unit": {"code": "320104"}, "figures": {"received": 0, "closed": 0}},
    ]


def test_a_province_viewer_drills_into_a_county(tree, gql, cases):
    data = gql(tree.user("province", "supervisor")).ok(
        OVERVIEW, {**YEAR, "unit": "320102"}
    )["overview"]

    assert data["totals"]["received"] == 3
    assert data["ownUnit"] == {"received": 2}
    assert data["children"] == [
        {"unit": {"code": "320102002"}, "figures": {"received": 1, "closed": 0}}
    ]


def test_without_subtree_view_a_unit_sees_its_own_cases_only(tree, gql, cases):
    data = gql(tree.user("county_a", "registrar")).ok(OVERVIEW, YEAR)["overview"]

    assert data["unit"] == {"code": "320102"}
    assert data["includesSubordinates"] is False
    assert data["totals"]["received"] == 2
    assert data["ownUnit"] == {"received": 2}
    assert data["children"] == []


@pytest.mark.parametrize(
    ("actor", "unit_code"),
    [
        (("county_b", "supervisor"), "320102"),  # sibling county
        (("township", "supervisor"), "320102"),  # its own parent
        (("other_city", "supervisor"), "320100"),  # an unrelated city
        (("other_city", "supervisor"), "320102002"),
        (("county_a", "registrar"), "320102002"),  # no SUBTREE_VIEW
        (("county_a", "admin"), "320102"),  # cannot see cases at all
        # Anonymous callers are told to sign in: tests/graphql_api/test_authentication.py
        (("province", "supervisor"), "999999"),  # missing: the same answer
    ],
)
def test_out_of_scope_answers_like_not_found(tree, gql, cases, actor, unit_code):
    user = tree.user(*actor) if actor else None

    status, body = gql(user).execute(OVERVIEW, {**YEAR, "unit": unit_code})

    assert status == 200
    assert body["data"] == {"overview": None}
    assert [(e["message"], e["extensions"]) for e in body["errors"]] == [
        ("单位不存在", {"code": "NOT_FOUND", "field": "unitCode"})
    ]


@pytest.mark.parametrize(
    ("actor", "received"),
    [
        (("county_b", "supervisor"), 0),
        (("township", "supervisor"), 1),
        (("other_city", "supervisor"), 1),
    ],
)
def test_other_branches_get_nothing_of_county_a(tree, gql, cases, actor, received):
    data = gql(tree.user(*actor)).ok(OVERVIEW, YEAR)["overview"]

    # Only their own subtree's cases: none of county_a's two, nor the city's.
    assert data["totals"]["received"] == received
    assert all(child["unit"]["code"] != "320102" for child in data["children"])


def test_trend_split_hot_topics_accused_and_ranking(tree, gql):
    city = tree.units["city"]
    fact_create(
        tree.units["county_a"],
        received_on=date(2026, 1, 3),
        channel="visit",
        topic="party_members",
        accused_unit_name="某某局",
    )
    fact_create(tree.units["county_a"], received_on=date(2026, 3, 3))
    fact_create(
        tree.units["county_b"],
        received_on=date(2026, 3, 9),
        accused_unit_name="某某局",
        is_open=False,
        closed_on=date(2026, 3, 20),
    )
    query = """
    query($unit: String) {
      overview(unitCode: $unit, fromMonth: "2026-01", toMonth: "2026-03") {
        trend { month figures { received } }
        split(by: CHANNEL) { value figures { received } }
        hotTopics(limit: 1) { value figures { received } }
        accusedUnits { value figures { received } }
        ranking(by: CLOSURE_RATE) { rank unit { code } value }
      }
    }"""

    data = gql(tree.user("city", "supervisor")).ok(query, {"unit": city.code})[
        "overview"
    ]

    assert data == {
        "trend": [
            {"month": "2026-01", "figures": {"received": 1}},
            {"month": "2026-02", "figures": {"received": 0}},
            {"month": "2026-03", "figures": {"received": 2}},
        ],
        "split": [
            {"value": "letter", "figures": {"received": 2}},
            {"value": "visit", "figures": {"received": 1}},
        ],
        "hotTopics": [{"value": "cadre_selection", "figures": {"received": 2}}],
        "accusedUnits": [{"value": "某某局", "figures": {"received": 2}}],
        "ranking": [
            {"rank": 1, "unit": {"code": "320104"}, "value": 1.0},
            {"rank": 2, "unit": {"code": "320102"}, "value": 0.0},
        ],
    }


@pytest.mark.parametrize(
    ("period", "field"),
    [
        ({"from": "2026-13", "to": "2026-12"}, "fromMonth"),
        ({"from": "2026-05", "to": "2026-04"}, "toMonth"),
        ({"from": "2026-05", "to": "latest"}, "toMonth"),
    ],
)
def test_a_bad_period_is_invalid_period(tree, gql, period, field):
    status, body = gql(tree.user("province", "supervisor")).execute(OVERVIEW, period)

    assert body["data"] == {"overview": None}
    assert [e["extensions"] for e in body["errors"]] == [
        {"code": "INVALID_PERIOD", "field": field}
    ]
