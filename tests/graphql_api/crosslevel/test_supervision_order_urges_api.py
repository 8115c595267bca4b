"""Manual urges (催办) of a supervision order through GraphQL: only from three
working days before the reply is due (or once overdue), once a day, by the
issuing unit or one above it; on the order's history and in the supervised
unit's inbox."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from supervision.crosslevel.models import SupervisionOrder, SupervisionOrderEvent
from supervision.crosslevel.services import orders
from supervision.rules.workcalendar import chinese_date
from tests.factories.crosslevel import snapshot

URGE = """mutation($id: ID!, $note: String) {
  urgeSupervisionOrder(input: {orderId: $id, note: $note}) {
    order { id viewerActions urgeRefusal lastUrgedAt
      events { action note actorName } }
    errors { code field message } } }"""
ORDER = """query($id: ID!) { supervisionOrder(id: $id) {
  viewerActions urgeRefusal events { action note } } }"""
INBOX = """{ notifications(unreadOnly: true) {
  items { kind title body } } }"""


def _issue(tree, *, due_in_days: int, issuer=("city", "supervisor")):
    """An order from the city to county_a, its reply due in `due_in_days`."""
    order = orders.supervision_order_issue(
        actor=tree.user(*issuer),
        target_code="320102",
        topic="督促化解信访积案",
        method="letter",
        requirement="请书面回复办理情况",
    )
    due_on = timezone.localdate() + datetime.timedelta(days=due_in_days)
    SupervisionOrder.objects.filter(pk=order.pk).update(due_on=due_on)
    return order, due_on


def test_an_order_not_due_soon_cannot_be_urged_yet(tree, gql):
    # given an order due in a month
    order, due_on = _issue(tree, due_in_days=30)
    city = gql(tree.user("city", "supervisor"))
    # then the page offers no urge, and says why
    reason = f"回复期限为{chinese_date(due_on)}，距期限3个工作日内或逾期后方可催办"
    assert city.ok(ORDER, {"id": str(order.pk)})["supervisionOrder"] == {
        "viewerActions": [],
        "urgeRefusal": reason,
        "events": [{"action": "ISSUED", "note": ""}],
    }
    # and urging is refused in Chinese, changing nothing
    before = snapshot()
    data = city.ok(URGE, {"id": str(order.pk)})["urgeSupervisionOrder"]
    assert data == {
        "order": None,
        "errors": [{"code": "NOT_DUE_SOON", "field": "orderId", "message": reason}],
    }
    assert snapshot() == before


def test_the_issuer_urges_once_a_day_and_the_county_is_told(tree, gql):
    # given an order due today, not answered
    order, due_on = _issue(tree, due_in_days=0)
    city = gql(tree.user("city", "supervisor"))
    assert city.ok(ORDER, {"id": str(order.pk)})["supervisionOrder"][
        "viewerActions"
    ] == ["URGE"]
    # when the city urges it
    data = city.ok(URGE, {"id": str(order.pk), "note": "请今日内回复"})[
        "urgeSupervisionOrder"
    ]
    # then the order's history has the urge, and it cannot be urged again today
    note = f"南京市委组织部催办（回复期限{chinese_date(due_on)}）：请今日内回复"
    assert data["errors"] == []
    assert data["order"]["events"][-1] == {
        "action": "URGED",
        "note": note,
        "actorName": tree.user("city", "supervisor").full_name
        or tree.user("city", "supervisor").username,
    }
    assert (data["order"]["viewerActions"], data["order"]["urgeRefusal"]) == (
        [],
        "今日已催办",
    )
    assert data["order"]["lastUrgedAt"] is not None
    # and the county's registrar finds it in the inbox
    inbox = gql(tree.user("county_a", "registrar")).ok(INBOX)["notifications"]
    urged = [item for item in inbox["items"] if item["kind"] == "SUPERVISION_URGED"]
    assert urged == [
        {
            "kind": "SUPERVISION_URGED",
            "title": f"南京市委组织部催办督办单 {order.number}"
            f"（回复期限{chinese_date(due_on)}），请尽快回复",
            "body": "请今日内回复",
        }
    ]
    # the county itself sees the step on the order but may only reply
    county = gql(tree.user("county_a", "registrar"))
    seen = county.ok(ORDER, {"id": str(order.pk)})["supervisionOrder"]
    assert (seen["viewerActions"], seen["urgeRefusal"]) == (["REPLY"], "")
    assert seen["events"][-1] == {"action": "URGED", "note": note}

    # when it is urged a second time the same day
    before = snapshot()
    again = city.ok(URGE, {"id": str(order.pk)})["urgeSupervisionOrder"]
    assert again == {
        "order": None,
        "errors": [
            {"code": "URGED_TODAY", "field": "orderId", "message": "今日已催办"}
        ],
    }
    assert snapshot() == before

    # the next day it may be urged again
    yesterday = timezone.now() - datetime.timedelta(days=1)
    SupervisionOrderEvent.objects.filter(order=order, action="urged").update(
        created_at=yesterday
    )
    assert city.ok(URGE, {"id": str(order.pk)})["urgeSupervisionOrder"]["errors"] == []


def test_an_overdue_order_is_urged_from_above_and_an_answered_one_not(tree, gql):
    # given an order three days overdue
    order, _ = _issue(tree, due_in_days=-3)
    # when the province, above the issuing city, urges it
    data = gql(tree.user("province", "supervisor")).ok(URGE, {"id": str(order.pk)})[
        "urgeSupervisionOrder"
    ]
    # then it is logged as its urge
    assert data["errors"] == []
    assert data["order"]["events"][-1]["note"] == "省委组织部催办（已逾期3天）"
    # and once the county answers it, no one can urge it
    orders.supervision_order_reply(
        actor=tree.user("county_a", "registrar"),
        order_id=order.pk,
        kind="result",
        content="已办结",
    )
    SupervisionOrderEvent.objects.filter(order=order, action="urged").delete()
    refused = gql(tree.user("city", "supervisor")).ok(URGE, {"id": str(order.pk)})
    assert refused["urgeSupervisionOrder"]["errors"] == [
        {
            "code": "ORDER_ANSWERED",
            "field": "orderId",
            "message": "该督办单已回复办结，无需催办",
        }
    ]


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (None, "UNAUTHENTICATED"),
        (("township", "liaison"), "PERMISSION_DENIED"),
        (("county_a", "registrar"), "PERMISSION_DENIED"),
        # the supervised unit's own supervisor issues orders, but not this one
        (("county_a", "supervisor"), "NOT_FOUND"),
        (("county_b", "supervisor"), "NOT_FOUND"),
        (("other_city", "supervisor"), "NOT_FOUND"),
        (("city", "supervisor"), None),
        (("province", "supervisor"), None),
    ],
)
def test_urge_authorization(tree, gql, actor, expected):
    order, _ = _issue(tree, due_in_days=0)
    before = snapshot()
    urges_before = SupervisionOrderEvent.objects.filter(action="urged").count()
    user = tree.user(*actor) if actor else None
    data = gql(user).ok(URGE, {"id": str(order.pk)})["urgeSupervisionOrder"]
    codes = [error["code"] for error in data["errors"]]
    if expected is None:
        assert codes == []
        assert (
            SupervisionOrderEvent.objects.filter(action="urged").count()
            == urges_before + 1
        )
    else:
        assert codes == [expected]
        assert data["order"] is None
        assert snapshot() == before
