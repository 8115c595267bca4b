"""Overdue and due-soon lists across a subtree: order, filters, scope, queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.facts import fact_create

OVERDUE = """
query($unit: String, $level: UnitLevel, $under: String, $limit: Int) {
  overdueCases(unitCode: $unit, level: $level, under: $under, limit: $limit) {
    totalCount
    items { trackingNumber daysOverdue unitLevel unit { code name level parentCode } }
  }
}"""


def _due(days_from_today: int):
    return timezone.localdate() + timedelta(days=days_from_today)


@pytest.fixture
def open_cases(tree):
    fact_create(tree.units["county_a"], tracking_number="A-3", due_on=_due(-3))
    fact_create(tree.units["township"], tracking_number="T-10", due_on=_due(-10))
    fact_create(tree.units["county_b"], tracking_number="B-1", due_on=_due(-1))
    fact_create(tree.units["other_county"], tracking_number="O-5", due_on=_due(-5))
    fact_create(tree.units["county_a"], tracking_number="A-due", due_on=_due(2))
    fact_create(tree.units["city"], tracking_number="C-today", due_on=_due(0))
    fact_create(
        tree.units["county_a"],
        tracking_number="A-closed",
        due_on=_due(-30),
        is_open=False,
    )


def _numbers(data):
    return [(i["trackingNumber"], i["daysOverdue"]) for i in data["items"]]


def test_province_lists_every_overdue_case_most_overdue_first(tree, gql, open_cases):
    data = gql(tree.user("province", "supervisor")).ok(OVERDUE)["overdueCases"]

    assert data["totalCount"] == 4
    assert _numbers(data) == [("T-10", 10), ("O-5", 5), ("A-3", 3), ("B-1", 1)]
    assert data["items"][0]["unit"] == {
        "code": "320102002",
        "name": "梅园新村街道党工委组织办",
        "level": "TOWNSHIP",
        "parentCode": "320102",
    }


def test_the_list_filters_by_level_and_by_unit(tree, gql, open_cases):
    client = gql(tree.user("province", "supervisor"))

    by_level = client.ok(OVERDUE, {"level": "COUNTY"})["overdueCases"]
    by_unit = client.ok(OVERDUE, {"under": "320102"})["overdueCases"]

    assert _numbers(by_level) == [("O-5", 5), ("A-3", 3), ("B-1", 1)]
    assert _numbers(by_unit) == [("T-10", 10), ("A-3", 3)]


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (("county_b", "supervisor"), [("B-1", 1)]),  # sibling county
        (("township", "supervisor"), [("T-10", 10)]),
        (("other_city", "supervisor"), [("O-5", 5)]),  # unrelated city
        (("county_a", "registrar"), [("A-3", 3)]),  # own unit only
    ],
)
def test_each_branch_lists_only_its_own(tree, gql, open_cases, actor, expected):
    data = gql(tree.user(*actor)).ok(OVERDUE)["overdueCases"]

    assert _numbers(data) == expected


@pytest.mark.parametrize(
    ("actor", "variables"),
    [
        (("county_b", "supervisor"), {"unit": "320102"}),
        (("county_b", "supervisor"), {"under": "320102"}),
        (("township", "supervisor"), {"under": "320102"}),
        (("other_city", "supervisor"), {"under": "320102002"}),
        (("county_a", "registrar"), {"under": "320102002"}),
    ],
)
def test_naming_another_branch_is_not_found(tree, gql, open_cases, actor, variables):
    status, body = gql(tree.user(*actor)).execute(OVERDUE, variables)

    assert body["data"] == {"overdueCases": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"]


def test_due_soon_lists_open_cases_within_the_window(tree, gql, open_cases):
    query = (
        """{ dueSoonCases(withinDays: 3) { totalCount items { trackingNumber } } }"""
    )

    data = gql(tree.user("province", "supervisor")).ok(query)["dueSoonCases"]

    assert [i["trackingNumber"] for i in data["items"]] == ["C-today", "A-due"]


def test_open_counts_are_computed_against_today(tree, gql, open_cases):
    query = """{ overview(fromMonth: "2026-01", toMonth: "2026-12") {
        openCounts(dueSoonDays: 3) { open overdue dueSoon } } }"""

    data = gql(tree.user("city", "supervisor")).ok(query)["overview"]

    assert data["openCounts"] == {"open": 5, "overdue": 3, "dueSoon": 2}


def _count_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        data = client.ok(OVERDUE, {"limit": 50})["overdueCases"]
    return len(data["items"]), len(captured.captured_queries)


def test_listing_fifty_overdue_cases_with_units_costs_a_constant(tree, gql):
    client = gql(tree.user("province", "supervisor"))
    units = list(tree.units.values())
    for i in range(5):
        fact_create(units[i % len(units)], due_on=_due(-1 - i))
    few = _count_queries(client)
    for i in range(45):
        fact_create(units[i % len(units)], due_on=_due(-10 - i))

    many = _count_queries(client)

    # Domain, session, user, unit, search_path, the page, the count: 7 for 5
    # items and for 50 (the units come with the page).
    assert few == (5, 7)
    assert many == (50, 7)
