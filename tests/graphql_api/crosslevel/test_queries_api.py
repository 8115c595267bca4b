"""List queries of cross-level flows: a fixed number of queries, scoped views."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervision.crosslevel.services import links, orders
from tests.factories.crosslevel import petition_fact, petition_status
from tests.factories.supervision import in_unit

LINKS = """{ caseLinks { id kind state targetUnit { code } sourceUnit { code }
  targetTrackingNumber targetStatus isOverdue
  events { action unitCode } reports { state } objections { state } } }"""
ORDERS = """{ supervisionOrders { totalCount items { number issuerUnit { code }
  targetUnit { code } replies { kind } events { action } isOverdue } } }"""


def _sent_links(tree, count):
    sent = []
    for _ in range(count):
        fact = petition_fact(tree, "city")
        with in_unit(tree.units["city"]):
            sent.append(
                links.petition_assign(
                    actor=tree.user("city", "registrar"),
                    petition_id=fact.petition_id,
                    target_code="320102",
                )
            )
    return sent


def _queries(client, query) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        data = client.ok(query)
    return len(captured), data


def test_case_links_take_the_same_queries_for_one_or_three(tree, gql):
    client = gql(tree.user("city", "registrar"))
    _sent_links(tree, 1)
    one, data_one = _queries(client, LINKS)
    _sent_links(tree, 2)
    three, data_three = _queries(client, LINKS)
    assert len(data_one["caseLinks"]) == 1
    assert len(data_three["caseLinks"]) == 3
    assert one == three


def test_supervision_orders_take_the_same_queries_for_one_or_three(tree, gql):
    def issue():
        orders.supervision_order_issue(
            actor=tree.user("province", "supervisor"),
            target_code="320102",
            topic="专项督办",
            method="letter",
            requirement="书面回复",
        )

    client = gql(tree.user("province", "supervisor"))
    issue()
    one, data_one = _queries(client, ORDERS)
    issue()
    issue()
    three, data_three = _queries(client, ORDERS)
    assert data_one["supervisionOrders"]["totalCount"] == 1
    assert data_three["supervisionOrders"]["totalCount"] == 3
    assert one == three


def test_each_side_sees_its_links_and_the_sibling_sees_none(tree, gql):
    [link] = _sent_links(tree, 1)
    received = gql(tree.user("county_a", "registrar")).ok(LINKS)["caseLinks"]
    sibling = gql(tree.user("county_b", "registrar")).ok(LINKS)["caseLinks"]
    assert [(item["id"], item["sourceUnit"]["code"]) for item in received] == [
        (str(link.pk), "320100")
    ]
    assert sibling == []
    # registered, and the receipt from the city (接收转办交办上报)
    assert petition_status(tree.units["county_a"], link.target_petition_id) == (
        "registered",
        2,
    )
