"""Supervision orders issued within the viewed subtree, counted by state."""

from datetime import date, timedelta

from django.utils import timezone

from supervision.crosslevel.models import SupervisionOrder

QUERY = """
query($unit: String) {
  overview(unitCode: $unit, fromMonth: "2026-01", toMonth: "2026-12") {
    supervisionOrders { issued open answered overdue }
  }
}"""


def _order(tree, number, issuer, target, *, issued_on, due_on, state="open"):
    return SupervisionOrder.objects.create(
        number=number,
        issuer_unit=tree.units[issuer],
        target_unit=tree.units[target],
        topic="督办某信访件",
        method="letter",
        requirement="请于期限内回复办理结果",
        issued_on=issued_on,
        due_on=due_on,
        state=state,
        issued_by=tree.user(issuer, "supervisor"),
    )


def test_orders_are_counted_for_the_issuing_subtree(tree, gql):
    today = timezone.localdate()
    past = today - timedelta(days=1)
    _order(tree, "D1", "city", "county_a", issued_on=date(2026, 3, 1), due_on=past)
    _order(
        tree,
        "D2",
        "county_a",
        "township",
        issued_on=date(2026, 4, 1),
        due_on=past,
        state="answered",
    )
    _order(
        tree,
        "D3",
        "other_city",
        "other_county",
        issued_on=date(2026, 5, 1),
        due_on=today + timedelta(days=5),
    )
    _order(tree, "D4", "city", "county_b", issued_on=date(2025, 12, 1), due_on=past)

    province = gql(tree.user("province", "supervisor")).ok(QUERY)["overview"]
    city = gql(tree.user("city", "supervisor")).ok(QUERY)["overview"]
    sibling = gql(tree.user("county_b", "supervisor")).ok(QUERY)["overview"]
    own_only = gql(tree.user("county_a", "registrar")).ok(QUERY)["overview"]

    assert province["supervisionOrders"] == {
        "issued": 3,
        "open": 2,
        "answered": 1,
        "overdue": 1,
    }
    assert city["supervisionOrders"] == {
        "issued": 2,
        "open": 1,
        "answered": 1,
        "overdue": 1,
    }
    assert sibling["supervisionOrders"] == {
        "issued": 0,
        "open": 0,
        "answered": 0,
        "overdue": 0,
    }
    assert own_only["supervisionOrders"] == {
        "issued": 1,
        "open": 0,
        "answered": 1,
        "overdue": 0,
    }
