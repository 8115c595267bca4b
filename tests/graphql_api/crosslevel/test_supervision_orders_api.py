"""The supervision order pages' API (督办单): the reply clock, the state
filter, the supervised case's number, who acted, and the issue form's
refusals."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from supervision.crosslevel.models import SupervisionOrder
from supervision.crosslevel.services import orders
from supervision.crosslevel.tasks import crosslevel_deadlines_scan
from supervision.facts.models import CaseFact
from supervision.inbox.models import Notification
from supervision.models import Petition
from tests.factories.crosslevel import petition_fact
from tests.factories.supervision import in_unit

ISSUE = """mutation($input: SupervisionOrderIssueInput!) {
  supervisionOrderIssue(input: $input) {
    order { id petitionTrackingNumber issuedByName }
    errors { code field message } } }"""
REPLY = """mutation($input: SupervisionOrderReplyInput!) {
  supervisionOrderReply(input: $input) {
    order { state daysRemaining daysOverdue isAnsweredLate answeredOn }
    errors { code } } }"""
PAGE = """query($direction: OrderDirection, $state: OrderState, $overdue: Boolean) {
  supervisionOrders(direction: $direction, state: $state, overdueOnly: $overdue) {
    totalCount
    items { topic state daysRemaining daysOverdue isOverdue petitionTrackingNumber
      issuedByName targetUnit { code }
      replies { kind content repliedByName }
      events { action actorName note } } } }"""


def _issue(tree, topic: str, *, target="320102", petition_id=None, due_on=None):
    return orders.supervision_order_issue(
        actor=tree.user("province", "supervisor"),
        target_code=target,
        topic=topic,
        method="letter",
        requirement="请书面回复",
        petition_id=petition_id,
        due_on=due_on,
    )


def test_the_reply_clock_counts_days_from_the_server_and_stops_once_answered(tree, gql):
    # given three orders to county_a: due in 4 days, 3 days overdue, answered
    today = timezone.localdate()
    due_soon = _issue(tree, "四日后到期")
    SupervisionOrder.objects.filter(pk=due_soon.pk).update(
        due_on=today + datetime.timedelta(days=4)
    )
    late = _issue(tree, "已逾期三日")
    SupervisionOrder.objects.filter(pk=late.pk).update(
        due_on=today - datetime.timedelta(days=3)
    )
    county = gql(tree.user("county_a", "registrar"))
    # when the county answers the overdue one with its result
    answered = county.ok(
        REPLY,
        {"input": {"orderId": str(late.pk), "kind": "RESULT", "content": "已办结"}},
    )["supervisionOrderReply"]
    # then the answered order's clock stops and shows it was answered late
    assert answered == {
        "order": {
            "state": "ANSWERED",
            "daysRemaining": None,
            "daysOverdue": None,
            "isAnsweredLate": True,
            "answeredOn": today.isoformat(),
        },
        "errors": [],
    }
    items = county.ok(PAGE, {"direction": "RECEIVED"})["supervisionOrders"]["items"]
    clocks = {i["topic"]: (i["daysRemaining"], i["daysOverdue"]) for i in items}
    assert clocks == {"四日后到期": (4, -4), "已逾期三日": (None, None)}


def test_the_state_filter_and_overdue_only_narrow_the_issued_list(tree, gql):
    # given one open, one overdue and one answered order issued by the province
    today = timezone.localdate()
    _issue(tree, "督办中")
    overdue = _issue(tree, "逾期")
    SupervisionOrder.objects.filter(pk=overdue.pk).update(
        due_on=today - datetime.timedelta(days=1)
    )
    answered = _issue(tree, "已办结", target="320102002")
    orders.supervision_order_reply(
        actor=tree.user("township", "liaison"),
        order_id=answered.pk,
        kind="result",
        content="整改完成",
    )
    province = gql(tree.user("province", "supervisor"))

    def topics(**variables):
        page = province.ok(PAGE, {"direction": "ISSUED", **variables})
        return sorted(i["topic"] for i in page["supervisionOrders"]["items"])

    # then each filter answers exactly its orders
    assert topics() == ["已办结", "督办中", "逾期"]
    assert topics(state="OPEN") == ["督办中", "逾期"]
    assert topics(state="ANSWERED") == ["已办结"]
    assert topics(overdue=True) == ["逾期"]
    assert topics(state="ANSWERED", overdue=True) == []


def test_both_units_see_the_case_number_who_issued_and_who_replied(tree, gql):
    # given the province supervises one of county_a's cases
    fact = petition_fact(tree, "county_a")
    assert fact.tracking_number
    supervisor = tree.user("province", "supervisor")
    supervisor.full_name = "周督查"
    supervisor.save(update_fields=["full_name"])
    province = gql(supervisor)
    issued = province.ok(
        ISSUE,
        {
            "input": {
                "targetCode": "320102",
                "petitionId": str(fact.petition_id),
                "topic": "超期未办结",
                "method": "LETTER",
                "requirement": "请于期限内办结并书面回复",
            }
        },
    )["supervisionOrderIssue"]
    assert issued["errors"] == []
    assert issued["order"]["petitionTrackingNumber"] == fact.tracking_number
    assert issued["order"]["issuedByName"] == "周督查"
    # when county_a's registrar replies with progress
    registrar = tree.user("county_a", "registrar")
    gql(registrar).ok(
        REPLY,
        {
            "input": {
                "orderId": issued["order"]["id"],
                "kind": "PROGRESS",
                "content": "已约谈承办人",
            }
        },
    )
    # then the issuer sees the reply, the replier and the history's actors
    [item] = province.ok(PAGE, {"direction": "ISSUED"})["supervisionOrders"]["items"]
    assert item["petitionTrackingNumber"] == fact.tracking_number
    assert item["replies"] == [
        {
            "kind": "PROGRESS",
            "content": "已约谈承办人",
            "repliedByName": registrar.full_name or registrar.username,
        }
    ]
    assert [(e["action"], e["actorName"]) for e in item["events"]] == [
        ("ISSUED", "周督查"),
        ("REPLIED", registrar.full_name or registrar.username),
    ]
    # and a sibling county sees none of it
    sibling = gql(tree.user("county_b", "registrar")).ok(PAGE)
    assert sibling["supervisionOrders"] == {"totalCount": 0, "items": []}


def test_a_topic_order_has_no_case_number_and_the_scan_is_the_system(tree, gql):
    # given an overdue topic order, escalated by the deadline scan
    order = _issue(tree, "换届风气专项督办")
    due = timezone.localdate() - datetime.timedelta(days=2)
    SupervisionOrder.objects.filter(pk=order.pk).update(due_on=due)
    orders.supervision_order_escalate(order_id=order.pk, today=timezone.localdate())
    # then it shows no case number and the reminder has no actor
    [item] = gql(tree.user("county_a", "registrar")).ok(
        PAGE, {"direction": "RECEIVED", "overdue": True}
    )["supervisionOrders"]["items"]
    assert (item["petitionTrackingNumber"], item["daysOverdue"]) == (None, 2)
    assert item["events"][-1] == {
        "action": "REMINDED",
        "actorName": None,
        "note": f"{timezone.localdate():%Y-%m-%d}逾期催办",
    }


def test_an_order_without_topic_or_requirement_is_refused_in_chinese(tree, gql):
    province = gql(tree.user("province", "supervisor"))
    base = {
        "targetCode": "320102",
        "topic": "专项督办",
        "method": "BULLETIN",
        "requirement": "请书面回复",
    }
    no_topic = province.ok(ISSUE, {"input": {**base, "topic": "  "}})
    no_requirement = province.ok(ISSUE, {"input": {**base, "requirement": ""}})
    sibling = province.ok(ISSUE, {"input": {**base, "targetCode": "320000"}})
    assert no_topic["supervisionOrderIssue"] == {
        "order": None,
        "errors": [
            {"code": "TOPIC_REQUIRED", "field": "topic", "message": "请填写督办事项"}
        ],
    }
    assert no_requirement["supervisionOrderIssue"]["errors"] == [
        {
            "code": "REQUIREMENT_REQUIRED",
            "field": "requirement",
            "message": "请填写督办要求",
        }
    ]
    assert sibling["supervisionOrderIssue"]["errors"] == [
        {
            "code": "INVALID_TARGET",
            "field": "targetCode",
            "message": "只能对本单位的下级单位督办",
        }
    ]
    assert SupervisionOrder.objects.count() == 0


def test_the_order_list_takes_the_same_queries_for_one_or_three(tree, gql):
    province = gql(tree.user("province", "supervisor"))
    fact = petition_fact(tree, "county_a")
    _issue(tree, "一", petition_id=fact.petition_id)
    with CaptureQueriesContext(connection) as one:
        first = province.ok(PAGE, {"direction": "ISSUED"})
    _issue(tree, "二", petition_id=petition_fact(tree, "county_a").petition_id)
    _issue(tree, "三")
    orders.supervision_order_reply(
        actor=tree.user("county_a", "registrar"),
        order_id=SupervisionOrder.objects.get(topic="三").pk,
        kind="progress",
        content="进展",
    )
    with CaptureQueriesContext(connection) as three:
        later = province.ok(PAGE, {"direction": "ISSUED"})
    assert first["supervisionOrders"]["totalCount"] == 1
    assert later["supervisionOrders"]["totalCount"] == 3
    assert len(one) == len(three)


ORDER = """query($id: ID!) { supervisionOrder(id: $id) {
  number state isOverdue escalationStage method targetUnit { code }
  events { action } replies { kind content } } }"""


def test_supervision_order_overdue_escalates_reminder_then_bulletin(tree, gql):
    # given the province supervises county_a (two levels down) on a case
    fact = petition_fact(tree, "county_a")
    province = gql(tree.user("province", "supervisor"))
    issued = province.ok(
        """mutation($input: SupervisionOrderIssueInput!) {
          supervisionOrderIssue(input: $input) { order { id dueOn } errors { code } } }""",
        {
            "input": {
                "targetCode": "320102",
                "petitionId": str(fact.petition_id),
                "topic": "反映干部违规提拔问题",
                "method": "INTERVIEW",
                "requirement": "请查明情况书面回复",
            }
        },
    )["supervisionOrderIssue"]["order"]
    assert CaseFact.objects.get(petition_id=fact.petition_id).is_supervised is True
    with in_unit(tree.units["county_a"]):
        event = Petition.objects.get(pk=fact.petition_id).events.latest("created_at")
        assert (event.action, event.note) == (
            "supervised",
            f"督办单{SupervisionOrder.objects.get().number}：反映干部违规提拔问题",
        )
    # when its due date passes unanswered (a scan runs twice that day, then later)
    order = SupervisionOrder.objects.get(pk=issued["id"])
    due = timezone.localdate() - datetime.timedelta(days=1)
    SupervisionOrder.objects.filter(pk=order.pk).update(due_on=due)
    first = crosslevel_deadlines_scan(today=timezone.localdate().isoformat())
    second = crosslevel_deadlines_scan(today=timezone.localdate().isoformat())
    # then county_a is reminded once, and the order shows overdue to both units
    assert first["orders_escalated"] == 1 and second["orders_escalated"] == 0
    reminded = Notification.objects.filter(kind="overdue_reminder").values_list(
        "recipient__username", flat=True
    )
    assert sorted(reminded) == ["county_a_leader", "county_a_registrar"]
    for viewer in (province, gql(tree.user("county_a", "registrar"))):
        seen = viewer.ok(ORDER, {"id": issued["id"]})["supervisionOrder"]
        assert (seen["isOverdue"], seen["escalationStage"], seen["method"]) == (
            True,
            1,
            "INTERVIEW",
        )
        assert [e["action"] for e in seen["events"]] == ["ISSUED", "REMINDED"]
    assert gql(tree.user("county_b", "registrar")).ok(ORDER, {"id": issued["id"]}) == {
        "supervisionOrder": None
    }
    # and six days after the due date the issuer's leader gets a bulletin, once
    later = (due + datetime.timedelta(days=6)).isoformat()
    crosslevel_deadlines_scan(today=later)
    crosslevel_deadlines_scan(today=later)
    bulletins = Notification.objects.filter(kind="overdue_bulletin").values_list(
        "recipient__username", flat=True
    )
    assert list(bulletins) == ["province_leader"]
    overdue = province.ok(
        "{ supervisionOrders(direction: ISSUED, overdueOnly: true) { totalCount items { escalationStage } } }"
    )["supervisionOrders"]
    assert overdue == {"totalCount": 1, "items": [{"escalationStage": 2}]}


def test_supervision_order_result_reply_answers_it(tree, gql):
    province = gql(tree.user("province", "supervisor"))
    order_id = province.ok(
        """mutation { supervisionOrderIssue(input: {targetCode: "320102002",
          topic: "软弱涣散党组织整顿", method: SITE_VISIT, requirement: "实地调研"}) {
          order { id } errors { code } } }"""
    )["supervisionOrderIssue"]["order"]["id"]
    reply = """mutation($input: SupervisionOrderReplyInput!) { supervisionOrderReply(input: $input) {
      order { state } errors { code } } }"""
    township = gql(tree.user("township", "liaison"))
    progress = township.ok(
        reply,
        {
            "input": {
                "orderId": order_id,
                "kind": "PROGRESS",
                "content": "已制定整顿方案",
            }
        },
    )["supervisionOrderReply"]
    result = township.ok(
        reply, {"input": {"orderId": order_id, "kind": "RESULT", "content": "整顿完成"}}
    )["supervisionOrderReply"]
    late = township.ok(
        reply, {"input": {"orderId": order_id, "kind": "PROGRESS", "content": "补充"}}
    )["supervisionOrderReply"]
    assert progress == {"order": {"state": "OPEN"}, "errors": []}
    assert result == {"order": {"state": "ANSWERED"}, "errors": []}
    assert [e["code"] for e in late["errors"]] == ["ORDER_ANSWERED"]
    seen = province.ok(ORDER, {"id": order_id})["supervisionOrder"]
    assert [r["kind"] for r in seen["replies"]] == ["PROGRESS", "RESULT"]
    assert [e["action"] for e in seen["events"]] == [
        "ISSUED",
        "REPLIED",
        "REPLIED",
        "ANSWERED",
    ]


SUBTREE_PAGE = """query($direction: OrderDirection) {
  supervisionOrders(direction: $direction) {
    totalCount
    items { id topic issuerUnit { code } targetUnit { code } viewerActions } } }"""
DETAIL = """query($id: ID!) { supervisionOrder(id: $id) {
  topic viewerActions urgeRefusal issuerUnit { code } } }"""


def test_a_unit_above_the_issuer_lists_the_orders_issued_below_it(tree, gql):
    # given the city supervises county_a, and county_a its township
    today = timezone.localdate()
    by_city = orders.supervision_order_issue(
        actor=tree.user("city", "supervisor"),
        target_code="320102",
        topic="市督区",
        method="letter",
        requirement="请书面回复",
    )
    SupervisionOrder.objects.filter(pk=by_city.pk).update(
        due_on=today - datetime.timedelta(days=2)
    )
    with in_unit(tree.units["county_a"]):
        orders.supervision_order_issue(
            actor=tree.user("county_a", "supervisor"),
            target_code="320102002",
            topic="区督街道",
            method="letter",
            requirement="请书面回复",
        )
    _issue(tree, "省督区")
    province = gql(tree.user("province", "supervisor"))

    def topics(client, direction):
        page = client.ok(SUBTREE_PAGE, {"direction": direction})["supervisionOrders"]
        return sorted(item["topic"] for item in page["items"])

    # then the province's own list holds its order, its subtree list the two below
    assert topics(province, "ISSUED") == ["省督区"]
    assert topics(province, "SUBTREE") == ["区督街道", "市督区"]
    # the city sees the county's order below it, not its own nor the province's
    assert topics(gql(tree.user("city", "supervisor")), "SUBTREE") == ["区督街道"]
    # a sibling county, the township and staff who do not issue orders see none
    assert topics(gql(tree.user("county_b", "supervisor")), "SUBTREE") == []
    assert topics(gql(tree.user("township", "liaison")), "SUBTREE") == []
    assert topics(gql(tree.user("province", "registrar")), "SUBTREE") == []
    # the province opens the overdue city order: it may urge it, not reply to it
    detail = province.ok(DETAIL, {"id": str(by_city.pk)})["supervisionOrder"]
    assert detail == {
        "topic": "市督区",
        "viewerActions": ["URGE"],
        "urgeRefusal": "",
        "issuerUnit": {"code": "320100"},
    }
    # and a sibling city's supervisor does not find it
    outsider = gql(tree.user("other_city", "supervisor"))
    assert outsider.ok(DETAIL, {"id": str(by_city.pk)})["supervisionOrder"] is None
