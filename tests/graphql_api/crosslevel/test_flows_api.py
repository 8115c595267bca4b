"""Cross-level flows through GraphQL across three levels of the tree."""

import datetime

import pytest
from django.utils import timezone

from supervision.crosslevel.dates import due_date
from supervision.crosslevel.models import (
    CaseLink,
    Notification,
    RefusalLog,
    SupervisionOrder,
)
from supervision.crosslevel.services import links as link_services
from supervision.crosslevel.services import reports as reports_services
from supervision.crosslevel.tasks import crosslevel_deadlines_scan
from supervision.facts.models import CaseFact
from supervision.models import Petition
from supervision.rules.clocks import ClockCode
from supervision.services.intake import AccusedData, PetitionerData
from tests.factories.crosslevel import (
    close_petition,
    petition_fact,
    petition_status,
    snapshot,
)
from tests.factories.supervision import CITIZEN_ID, in_unit
from tests.graphql_api.supervision.gql import REGISTER
from tests.graphql_api.supervision.test_lifecycle import register_input
from tests.graphql_api.twins import assert_page_twin

TRANSFER = """mutation($input: CaseSendInput!) { petitionTransfer(input: $input) {
  link { id kind state targetUnit { code } targetPetitionId targetTrackingNumber
         targetStatus isTargetOpen }
  errors { code message field } } }"""
ASSIGN = """mutation($input: PetitionAssignInput!) { petitionAssign(input: $input) {
  link { id kind state dueOn targetPetitionId returnCount }
  errors { code message field } } }"""
SUBJECT = """mutation($input: CaseSubjectRecordInput!) { caseSubjectRecord(input: $input) {
  suggestedUnit { code } errors { code } } }"""
SUBMIT = """mutation($input: ResultReportSubmitInput!) { resultReportSubmit(input: $input) {
  report { id state finding } errors { code message } } }"""
DECIDE = """mutation($id: ID!, $accept: Boolean!, $note: String) {
  resultReportDecide(reportId: $id, accept: $accept, note: $note) {
    report { state decisionNote } errors { code message } } }"""
LINKS = """query($direction: LinkDirection) { caseLinks(direction: $direction) {
  id kind state targetUnit { code } targetStatus isTargetOpen returnCount
  events { action unitCode } reports { state } } }"""


def _send(client, query, field, petition_id, target, **extra):
    variables = {
        "input": {"petitionId": str(petition_id), "targetCode": target, **extra}
    }
    return client.ok(query, variables)[field]


def test_transfer_down_two_levels_shows_live_status_to_each_sender(tree, gql):
    # given a petition at the city
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))
    county = gql(tree.user("county_a", "registrar"))
    # when the city transfers it to county_a, and county_a transfers on to its township
    first = _send(city, TRANSFER, "petitionTransfer", fact.petition_id, "320102")
    county_petition = first["link"]["targetPetitionId"]
    second = _send(county, TRANSFER, "petitionTransfer", county_petition, "320102002")
    # then each unit holds its own linked petition, and the senders see them
    assert first["errors"] == [] and second["errors"] == []
    assert first["link"]["kind"] == "TRANSFER"
    assert first["link"]["targetStatus"] == "registered"
    township_fact = CaseFact.objects.get(petition_id=second["link"]["targetPetitionId"])
    assert (
        township_fact.unit.code,
        township_fact.origin,
        township_fact.source_unit.code,
    ) == (
        "320102002",
        "upper_unit",
        "320102",
    )
    assert township_fact.transfer_count == 2
    source = CaseFact.objects.get(petition_id=fact.petition_id)
    # a transfer hands the matter over: the sender's case ends as transferred
    assert (source.transfer_count, source.status, source.is_open) == (
        1,
        "transferred",
        False,
    )
    # each unit's own timeline records its side
    with in_unit(tree.units["city"]):
        assert list(
            Petition.objects.get(pk=fact.petition_id)
            .events.order_by("created_at", "id")
            .values_list("action", "note")
        )[-1] == ("sent_across", "转办至中共南京市玄武区委组织部")
    with in_unit(tree.units["township"]):
        received = Petition.objects.get(pk=township_fact.petition_id)
        assert (received.origin, received.origin_body, received.status) == (
            "upper_unit",
            "中共南京市玄武区委组织部",
            "registered",
        )
    sent = county.ok(LINKS, {"direction": "SENT"})["caseLinks"]
    received = county.ok(LINKS, {"direction": "RECEIVED"})["caseLinks"]
    assert [(link["targetUnit"]["code"], link["targetStatus"]) for link in sent] == [
        ("320102002", "registered")
    ]
    assert [link["id"] for link in received] == [first["link"]["id"]]
    assert (
        Notification.objects.filter(recipient=tree.user("township", "liaison")).count()
        == 0
    )  # liaisons hold no cross-level permission
    assert (
        Notification.objects.filter(
            recipient=tree.user("county_a", "registrar"), kind="case_received"
        ).count()
        == 1
    )


def test_transfer_failing_half_way_leaves_neither_side_changed(tree, gql, monkeypatch):
    # given a petition at county_a, and an error injected after the target's
    # petition is written but before the source's link event
    fact = petition_fact(tree, "county_a")
    before = snapshot()

    def broken(*args, **kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(link_services, "link_event", broken)
    # when the transfer runs
    status, body = gql(tree.user("county_a", "registrar")).execute(
        TRANSFER,
        {"input": {"petitionId": str(fact.petition_id), "targetCode": "320102002"}},
    )
    # then it failed, and neither unit has anything new
    assert body["data"]["petitionTransfer"] is None
    # The caller sees only the request id, never the exception's text.
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INTERNAL_ERROR"
    assert (
        error["message"] == f"系统内部错误（编号 {error['extensions']['requestId']}）"
    )
    assert snapshot() == before
    assert not CaseFact.objects.filter(unit=tree.units["township"]).exists()


def test_double_submit_of_a_transfer_has_no_double_effect(tree, gql):
    fact = petition_fact(tree, "county_a")
    client = gql(tree.user("county_a", "registrar"))
    first = _send(client, TRANSFER, "petitionTransfer", fact.petition_id, "320102002")
    second = _send(client, TRANSFER, "petitionTransfer", fact.petition_id, "320102002")
    assert first["link"]["id"] == second["link"]["id"]
    assert CaseLink.objects.count() == 1
    assert CaseFact.objects.filter(unit=tree.units["township"]).count() == 1
    assert CaseFact.objects.get(petition_id=fact.petition_id).transfer_count == 1


def test_main_leader_recusal_refuses_the_unit_and_below_and_is_logged(tree, gql):
    # given a petition at the city reporting county_a's main leader
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))
    city.ok(
        SUBJECT,
        {
            "input": {
                "petitionId": str(fact.petition_id),
                "accusedUnitCode": "320102",
                "managingLevel": "CITY",
                "isMainLeader": True,
            }
        },
    )
    before = snapshot()
    # when the city tries to assign it to county_a
    data = _send(city, ASSIGN, "petitionAssign", fact.petition_id, "320102")
    # then it is refused with a clear reason, logged, and nothing else changed
    assert data == {
        "link": None,
        "errors": [
            {
                "code": "RECUSAL_MAIN_LEADER",
                "field": "targetCode",
                # the leader belongs to the area's Party committee or
                # government, not to its organization department
                "message": "该信访件反映中共南京市玄武区委、南京市玄武区人民政府"
                "的主要负责人，不得转交中共南京市玄武区委组织部或其下级单位办理（回避）",
            }
        ],
    }
    after = snapshot()
    assert after.pop("RefusalLog") == before.pop("RefusalLog") + 1
    assert after == before
    refusals = """{ crossLevelRefusals { code actorName sourceUnit { code }
      targetUnit { code } } }"""
    assert gql(tree.user("province", "supervisor")).ok(refusals) == {
        "crossLevelRefusals": [
            {
                "code": "RECUSAL_MAIN_LEADER",
                "actorName": str(tree.user("city", "registrar")),
                "sourceUnit": {"code": "320100"},
                "targetUnit": {"code": "320102"},
            }
        ]
    }
    assert gql(tree.user("other_city", "supervisor")).ok(refusals) == {
        "crossLevelRefusals": []
    }
    assert_page_twin(
        gql(tree.user("province", "supervisor")),
        "crossLevelRefusals",
        "code actorName sourceUnit { code } targetUnit { code }",
    )


def test_accusation_never_reaches_the_accused_unit(tree, gql):
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))
    city.ok(
        SUBJECT,
        {
            "input": {
                "petitionId": str(fact.petition_id),
                "accusedUnitCode": "320104",
                "managingLevel": "COUNTY",
            }
        },
    )
    data = _send(city, TRANSFER, "petitionTransfer", fact.petition_id, "320104")
    assert [e["code"] for e in data["errors"]] == ["CONFIDENTIAL_ACCUSED_UNIT"]
    assert data["errors"][0]["message"] == (
        "检举控告材料和信访人信息不得转交被反映人所在单位（保密）"
    )
    assert RefusalLog.objects.filter(code="CONFIDENTIAL_ACCUSED_UNIT").count() == 1
    assert not CaseLink.objects.exists()


def test_routing_by_managing_level_allows_skipping_a_level(tree, gql):
    # given a province petition about a township cadre that the county manages
    fact = petition_fact(tree, "province")
    province = gql(tree.user("province", "registrar"))
    suggested = province.ok(
        SUBJECT,
        {
            "input": {
                "petitionId": str(fact.petition_id),
                "accusedUnitCode": "320102002",
                "managingLevel": "COUNTY",
            }
        },
    )["caseSubjectRecord"]["suggestedUnit"]
    # when it assigns straight to the managing county, and tries another county
    ok = _send(province, ASSIGN, "petitionAssign", fact.petition_id, "320102")
    skipped = _send(province, ASSIGN, "petitionAssign", fact.petition_id, "320213")
    # then the managing unit was suggested and accepted; the other skips a level
    assert suggested == {"code": "320102"}
    assert ok["errors"] == []
    assert [e["code"] for e in skipped["errors"]] == ["SKIPS_LEVEL"]


def test_returned_result_report_reopens_the_lower_case(tree, gql):
    # given the city assigned a case to county_a, which closed it and reported
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))
    county = gql(tree.user("county_a", "registrar"))
    link = _send(city, ASSIGN, "petitionAssign", fact.petition_id, "320102")["link"]
    # three months by default (1987 minutes)
    assert link["dueOn"] == (
        due_date(ClockCode.ASSIGNMENT_RESULT, timezone.localdate()).isoformat()
    )
    close_petition(tree, "county_a", link["targetPetitionId"])
    submit = {
        "input": {
            "linkId": link["id"],
            "finding": "PARTLY_TRUE",
            "handling": "已约谈提醒",
            "petitionerOpinion": "基本满意",
        }
    }
    report = county.ok(SUBMIT, submit)["resultReportSubmit"]["report"]
    again = county.ok(SUBMIT, submit)["resultReportSubmit"]["report"]
    assert again["id"] == report["id"]  # a double submit adds nothing
    # when the city sends it back
    returned = city.ok(
        DECIDE, {"id": report["id"], "accept": False, "note": "未反馈信访人"}
    )["resultReportDecide"]
    # then county_a's case is open again and the link is back in handling
    assert returned == {
        "report": {"state": "RETURNED", "decisionNote": "未反馈信访人"},
        "errors": [],
    }
    target = CaseFact.objects.get(petition_id=link["targetPetitionId"])
    assert (target.status, target.is_open, target.return_count) == ("handling", True, 1)
    status, _ = petition_status(tree.units["county_a"], link["targetPetitionId"])
    assert status == "handling"
    sent = city.ok(LINKS, {"direction": "SENT"})["caseLinks"][0]
    assert (sent["state"], sent["returnCount"], sent["isTargetOpen"]) == (
        "ACTIVE",
        1,
        True,
    )
    assert [event["action"] for event in sent["events"]] == [
        "SENT",
        "REPORT_SUBMITTED",
        "REPORT_RETURNED",
    ]
    assert (
        Notification.objects.filter(
            recipient=tree.user("county_a", "registrar"), kind="report_returned"
        ).count()
        == 1
    )
    # and a second report, once closed again, can be accepted
    close_petition(tree, "county_a", link["targetPetitionId"])
    second = county.ok(SUBMIT, submit)["resultReportSubmit"]["report"]
    accepted = city.ok(DECIDE, {"id": second["id"], "accept": True})
    assert accepted["resultReportDecide"]["report"]["state"] == "ACCEPTED"
    assert CaseLink.objects.get(pk=link["id"]).state == "accepted"
    # the assignment kept the city's case open until now
    source = CaseFact.objects.get(petition_id=fact.petition_id)
    assert (source.status, source.is_open) == ("closed", False)


def test_sending_back_failing_half_way_leaves_both_units_unchanged(
    tree, gql, monkeypatch
):
    # given a reported assignment city → county_a
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))
    link = _send(city, ASSIGN, "petitionAssign", fact.petition_id, "320102")["link"]
    close_petition(tree, "county_a", link["targetPetitionId"])
    report = gql(tree.user("county_a", "registrar")).ok(
        SUBMIT,
        {"input": {"linkId": link["id"], "finding": "TRUE", "handling": "已处理"}},
    )["resultReportSubmit"]["report"]
    before = snapshot()

    def broken(*args, **kwargs):
        raise RuntimeError("injected failure")

    # when sending it back fails after county_a's case was reopened
    monkeypatch.setattr(reports_services, "flag_if_problem_case", broken)
    status, body = city.execute(
        DECIDE, {"id": report["id"], "accept": False, "note": "事实不清"}
    )
    # then county_a's case is still closed and the report still pending
    # The caller sees only the request id, never the exception's text.
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INTERNAL_ERROR"
    assert (
        error["message"] == f"系统内部错误（编号 {error['extensions']['requestId']}）"
    )
    assert snapshot() == before
    assert petition_status(tree.units["county_a"], link["targetPetitionId"])[0] == (
        "closed"
    )


def test_result_report_of_an_open_case_is_refused(tree, gql):
    fact = petition_fact(tree, "county_a")
    county = gql(tree.user("county_a", "registrar"))
    link = _send(county, ASSIGN, "petitionAssign", fact.petition_id, "320102002")[
        "link"
    ]
    data = gql(tree.user("township", "liaison")).ok(
        SUBMIT,
        {"input": {"linkId": link["id"], "finding": "TRUE", "handling": "已处理"}},
    )["resultReportSubmit"]
    assert data["errors"] == [
        {"code": "CASE_STILL_OPEN", "message": "本单位的信访件办结后才能报结"}
    ]


def test_remit_objection_upheld_withdraws_the_item(tree, gql):
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))
    link = _send(city, TRANSFER, "petitionTransfer", fact.petition_id, "320102")["link"]
    raised = gql(tree.user("county_a", "registrar")).ok(
        """mutation($id: ID!) { remitObjectionRaise(linkId: $id, reason: "属市管干部") {
          objection { id state } errors { code } } }""",
        {"id": link["id"]},
    )["remitObjectionRaise"]
    decided = city.ok(
        """mutation($id: ID!) { remitObjectionDecide(objectionId: $id, uphold: true,
          note: "收回市本级办理") { objection { state } errors { code } } }""",
        {"id": raised["objection"]["id"]},
    )["remitObjectionDecide"]
    assert raised["objection"]["state"] == "PENDING"
    assert decided == {"objection": {"state": "UPHELD"}, "errors": []}
    target = CaseFact.objects.get(petition_id=link["targetPetitionId"])
    assert (target.status, target.is_open) == ("closed", False)
    assert CaseLink.objects.get(pk=link["id"]).state == "withdrawn"
    # the city's own case, closed by the transfer, is back where it was
    source = CaseFact.objects.get(petition_id=fact.petition_id)
    assert (source.status, source.is_open) == ("accepted", True)


def test_escalation_goes_to_the_managing_ancestor(tree, gql):
    # given a township petition about a cadre the city manages
    fact = petition_fact(tree, "township")
    township = gql(tree.user("township", "leader"))
    # when the township escalates it straight to the city
    escalated = _send(
        township,
        """mutation($input: CaseSendInput!) { petitionEscalate(input: $input) {
          link { kind targetUnit { code } targetPetitionId } errors { code } } }""",
        "petitionEscalate",
        fact.petition_id,
        "320100",
    )
    # then the city holds it as reported from below, and is told
    assert escalated["errors"] == []
    assert (escalated["link"]["kind"], escalated["link"]["targetUnit"]) == (
        "ESCALATE",
        {"code": "320100"},
    )
    with in_unit(tree.units["city"]):
        received = Petition.objects.get(pk=escalated["link"]["targetPetitionId"])
        assert (received.origin, received.origin_body) == (
            "lower_unit",
            "梅园新村街道党工委组织办",
        )
    told = Notification.objects.filter(kind="escalation_received").values_list(
        "recipient__username", flat=True
    )
    assert sorted(told) == ["city_leader", "city_registrar"]
    received_links = gql(tree.user("city", "registrar")).ok(
        LINKS, {"direction": "RECEIVED"}
    )["caseLinks"]
    assert [link["kind"] for link in received_links] == ["ESCALATE"]
    # and a unit below the sender, or beside it, cannot be escalated to
    sideways = _send(
        township,
        """mutation($input: CaseSendInput!) { petitionEscalate(input: $input) {
          link { kind } errors { code } } }""",
        "petitionEscalate",
        fact.petition_id,
        "320104",
    )
    assert sideways == {"link": None, "errors": [{"code": "INVALID_TARGET"}]}


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


def test_problem_case_after_three_transfers_and_returns(tree, gql):
    # given a case assigned city → county_a whose report is sent back twice
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))
    county = gql(tree.user("county_a", "registrar"))
    link = _send(city, ASSIGN, "petitionAssign", fact.petition_id, "320102")["link"]
    for _ in range(2):
        close_petition(tree, "county_a", link["targetPetitionId"])
        report = county.ok(
            SUBMIT,
            {"input": {"linkId": link["id"], "finding": "TRUE", "handling": "已处理"}},
        )["resultReportSubmit"]["report"]
        city.ok(DECIDE, {"id": report["id"], "accept": False, "note": "事实不清"})
    # then the case (1 transfer + 2 returns) is a problem case for the province
    cases = gql(tree.user("province", "supervisor")).ok(
        "{ problemCases { trackingNumber transferCount returnCount unit { code } } }"
    )["problemCases"]
    target = CaseFact.objects.get(petition_id=link["targetPetitionId"])
    assert cases == [
        {
            "trackingNumber": target.tracking_number,
            "transferCount": 1,
            "returnCount": 2,
            "unit": {"code": "320102"},
        }
    ]
    assert (
        Notification.objects.filter(kind="problem_case")
        .values_list("recipient__username", flat=True)
        .distinct()
        .count()
        == 2
    )  # the province's leader and supervisor
    assert gql(tree.user("other_city", "supervisor")).ok(
        "{ problemCases { trackingNumber } }"
    ) == {"problemCases": []}
    assert_page_twin(
        gql(tree.user("province", "supervisor")),
        "problemCases",
        "trackingNumber transferCount returnCount unit { code }",
    )


SCAN = """mutation($id: UUID!) { petitionRepeatScan(petitionId: $id) {
  matches { kind basis matchedUnitCode isMergeOffered } errors { code } } }"""
LETTER = (
    "尊敬的领导：我反映某镇党委在干部选拔任用中违规操作，未经民主推荐和考察程序，"
    "直接将不符合任职条件的人员提拔为副科级干部，群众意见很大，请上级组织部门调查处理。"
)


def _person(citizen_id="", phone=""):
    return [PetitionerData(name="张某某", citizen_id=citizen_id, phone=phone)]


def _scan(gql, tree, unit_key, fact):
    client = gql(tree.user(unit_key, "registrar"))
    return client.ok(SCAN, {"id": str(fact.petition_id)})["petitionRepeatScan"]


def test_skip_level_detected_when_open_below(tree, gql):
    # given the same person's petition open at county_a
    lower = petition_fact(tree, "county_a", petitioners=_person(CITIZEN_ID))
    _scan(gql, tree, "county_a", lower)
    # when the person goes to the city with another letter on the same matter
    upper = petition_fact(
        tree,
        "city",
        petitioners=_person(CITIZEN_ID),
        content="再次反映，县里没有答复。",
    )
    data = _scan(gql, tree, "city", upper)
    assert data["matches"] == [
        {
            "kind": "SKIP_LEVEL",
            "basis": "PETITIONER",
            "matchedUnitCode": "320102",
            "isMergeOffered": False,
        }
    ]
    assert CaseFact.objects.get(petition_id=upper.petition_id).is_skip_level is True


def test_registration_detects_multi_send_across_two_branches(tree, gql):
    # given one letter registered in the Nanjing branch
    first = petition_fact(tree, "county_b", content=LETTER, petitioners=_person())
    _scan(gql, tree, "county_b", first)
    # when the same letter, readdressed, is registered in the Wuxi branch
    registered = gql(tree.user("other_county", "registrar")).ok(
        REGISTER,
        {
            "input": {
                **register_input("SUGGESTION"),
                "content": "梁溪区委组织部：" + LETTER,
                "petitioners": [{"name": "张某某"}],
            }
        },
    )["petitionRegister"]
    second = registered["petition"]["id"]
    # then registration found the multi-send in the other branch
    client = gql(tree.user("other_county", "registrar"))
    matches = """query($id: UUID!) { repeatMatches(petitionId: $id) {
      kind basis matchedUnitCode matchedTrackingNumber isMergeOffered } }"""
    assert client.ok(matches, {"id": second})["repeatMatches"] == [
        {
            "kind": "MULTI_SEND",
            "basis": "CONTENT",
            # a unit in another branch learns only that a repeat exists
            "matchedUnitCode": None,
            "matchedTrackingNumber": None,
            "isMergeOffered": False,
        }
    ]
    assert CaseFact.objects.get(petition_id=second).is_multi_send is True
    # and scanning again adds nothing
    client.ok(SCAN, {"id": second})
    assert len(client.ok(matches, {"id": second})["repeatMatches"]) == 1


def test_repeat_in_one_unit_offers_merging_and_long_term_petitioners(tree, gql):
    facts = [
        petition_fact(tree, "county_a", petitioners=_person(phone="13912345678"))
        for _ in range(3)
    ]
    results = [_scan(gql, tree, "county_a", fact) for fact in facts]
    # the factory's letters are the same too
    same_unit = {
        "kind": "REPEAT",
        "basis": "BOTH",
        "matchedUnitCode": "320102",
        "isMergeOffered": True,
    }
    assert results[2]["matches"] == [same_unit, same_unit]
    province = gql(tree.user("province", "supervisor")).ok(
        "{ longTermPetitioners { petitionCount unitCount label } }"
    )["longTermPetitioners"]
    assert [
        (p["petitionCount"], p["unitCount"], len(p["label"])) for p in province
    ] == [(3, 1, 12)]
    assert_page_twin(
        gql(tree.user("province", "supervisor")),
        "longTermPetitioners",
        "petitionCount unitCount label",
    )
    assert (
        gql(tree.user("other_city", "supervisor")).ok(
            "{ longTermPetitioners { petitionCount } }"
        )["longTermPetitioners"]
        == []
    )


def test_a_transferred_case_is_not_a_repeat_of_itself(tree, gql):
    fact = petition_fact(tree, "city", petitioners=_person(phone="13912345678"))
    _scan(gql, tree, "city", fact)
    with in_unit(tree.units["city"]):
        link = link_services.petition_transfer(
            actor=tree.user("city", "registrar"),
            petition_id=fact.petition_id,
            target_code="320102",
        )
    received = CaseFact.objects.get(petition_id=link.target_petition_id)
    assert _scan(gql, tree, "county_a", received)["matches"] == []


def test_inbox_lists_own_messages_and_marks_them_read(tree, gql):
    fact = petition_fact(tree, "city")
    _send(
        gql(tree.user("city", "registrar")),
        TRANSFER,
        "petitionTransfer",
        fact.petition_id,
        "320102",
    )
    inbox = gql(tree.user("county_a", "leader"))
    page = inbox.ok(
        "{ notifications(unreadOnly: true) { totalCount items { id kind isRead } } }"
    )
    items = page["notifications"]["items"]
    assert [(i["kind"], i["isRead"]) for i in items] == [("CASE_RECEIVED", False)]
    inbox.ok(
        "mutation($ids: [ID!]!) { notificationMarkRead(ids: $ids) { marked } }",
        {"ids": [items[0]["id"]]},
    )
    after = inbox.ok("{ notifications(unreadOnly: true) { totalCount } }")
    assert after == {"notifications": {"totalCount": 0}}


@pytest.mark.parametrize("runs", [1, 2])
def test_assignment_deadline_scan_warns_reminds_and_reports_missing_once(tree, runs):
    fact = petition_fact(tree, "county_a")
    with in_unit(tree.units["county_a"]):
        link = link_services.petition_assign(
            actor=tree.user("county_a", "registrar"),
            petition_id=fact.petition_id,
            target_code="320102002",
            due_on=timezone.localdate() + datetime.timedelta(days=10),
        )
    warn_day = link.due_on - datetime.timedelta(days=1)
    overdue_day = link.due_on + datetime.timedelta(days=7)
    for _ in range(runs):
        crosslevel_deadlines_scan(today=warn_day.isoformat())
        crosslevel_deadlines_scan(today=overdue_day.isoformat())
    close_petition(tree, "township", link.target_petition_id)
    for _ in range(runs):
        crosslevel_deadlines_scan(today=overdue_day.isoformat())
    kinds = sorted(
        Notification.objects.exclude(kind="case_received").values_list(
            "kind", "recipient__username"
        )
    )
    assert kinds == [
        ("deadline_warning", "township_leader"),
        ("deadline_warning", "township_registrar"),
        ("overdue_bulletin", "county_a_leader"),
        ("overdue_reminder", "township_leader"),
        # the township's own overdue case, to those who register cases
        ("overdue_reminder", "township_liaison"),
        ("overdue_reminder", "township_registrar"),
        ("overdue_reminder", "township_registrar"),
        ("report_missing", "township_leader"),
        ("report_missing", "township_registrar"),
    ]


def test_escalation_never_reaches_the_accused_unit(tree, gql):
    # given a township petition accusing a cadre of county_a's own unit
    fact = petition_fact(tree, "township")
    township = gql(tree.user("township", "leader"))
    recorded = gql(tree.user("township", "liaison")).ok(
        SUBJECT,
        {
            "input": {
                "petitionId": str(fact.petition_id),
                "accusedUnitCode": "320102",
                "managingLevel": "CITY",
                "isMainLeader": True,
            }
        },
    )
    assert recorded["caseSubjectRecord"] == {
        "suggestedUnit": {"code": "320100"},
        "errors": [],
    }
    escalate = """mutation($input: CaseSendInput!) { petitionEscalate(input: $input) {
      link { targetUnit { code } } errors { code } } }"""
    refused = _send(township, escalate, "petitionEscalate", fact.petition_id, "320102")
    allowed = _send(township, escalate, "petitionEscalate", fact.petition_id, "320100")
    assert refused == {"link": None, "errors": [{"code": "RECUSAL_MAIN_LEADER"}]}
    assert allowed == {"link": {"targetUnit": {"code": "320100"}}, "errors": []}


def test_remit_objection_after_five_working_days_is_refused(tree, gql):
    fact = petition_fact(tree, "city")
    link = _send(
        gql(tree.user("city", "registrar")),
        TRANSFER,
        "petitionTransfer",
        fact.petition_id,
        "320102",
    )["link"]
    CaseLink.objects.filter(pk=link["id"]).update(
        objection_due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    data = gql(tree.user("county_a", "registrar")).ok(
        """mutation($id: ID!) { remitObjectionRaise(linkId: $id, reason: "不属管辖") {
          objection { state } errors { code } } }""",
        {"id": link["id"]},
    )["remitObjectionRaise"]
    assert data["objection"] is None
    assert [e["code"] for e in data["errors"]] == ["WINDOW_CLOSED"]
    assert CaseLink.objects.get(pk=link["id"]).state == "active"


def test_notifications_are_mailed_when_configured(
    tree, gql, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_EMAIL_ENABLED = True
    leader = tree.user("county_a", "leader")
    type(leader).objects.filter(pk=leader.pk).update(email="leader@xw.example")
    fact = petition_fact(tree, "city")
    with django_capture_on_commit_callbacks(execute=True):
        link = _send(
            gql(tree.user("city", "registrar")),
            TRANSFER,
            "petitionTransfer",
            fact.petition_id,
            "320102",
        )["link"]
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            ["leader@xw.example"],
            f"南京市委组织部转办信访件 {link['targetTrackingNumber']}",
        )
    ]


ROUTE = """query($id: UUID!) { petitionRouteSuggestion(petitionId: $id) { code } }"""


def test_registration_suggests_the_unit_that_manages_the_accused(tree, gql):
    # given county_a registers an accusation about a cadre the city manages
    fact = petition_fact(
        tree,
        "county_a",
        accused=[
            AccusedData(name="钱某", unit_name="玄武区某局", managing_level="city")
        ],
    )
    # then the city is suggested; a sibling cannot even ask
    county = gql(tree.user("county_a", "registrar"))
    sibling = gql(tree.user("county_b", "registrar"))
    assert county.ok(ROUTE, {"id": str(fact.petition_id)}) == {
        "petitionRouteSuggestion": {"code": "320100"}
    }
    assert sibling.ok(ROUTE, {"id": str(fact.petition_id)}) == {
        "petitionRouteSuggestion": None
    }


def test_a_later_change_keeps_the_assigned_case_counted_as_assigned(tree, gql):
    # given the city assigned a case to county_a
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))
    _send(city, ASSIGN, "petitionAssign", fact.petition_id, "320102")
    assert CaseFact.objects.get(pk=fact.pk).handling_mode == "assign"
    # when the city's leader writes an instruction on its own (still open) case
    from tests.graphql_api.supervision.gql import INSTRUCT

    data = gql(tree.user("city", "leader")).ok(
        INSTRUCT,
        {"petitionId": str(fact.petition_id), "content": "请督促县里按期报结。"},
    )
    assert data["petitionInstruct"]["errors"] == []
    # then the fact, re-synced by that change, still says it was assigned
    refreshed = CaseFact.objects.get(pk=fact.pk)
    assert (refreshed.handling_mode, refreshed.transfer_count) == ("assign", 1)


def _facts_equal_a_rebuild(tree) -> None:
    from supervision.facts.rebuild import COMPARED, expected_facts
    from supervision.services.facts import crosslevel_index, petition_fact_values

    units = {unit.pk: unit for unit in tree.units.values()}
    # rebuild_facts derives them in SQL: the same values
    derived = expected_facts(list(units.values()))
    assert set(derived) == {
        str(pk) for pk in CaseFact.objects.values_list("petition_id", flat=True)
    }
    for fact in CaseFact.objects.all():
        unit = units[fact.unit_id]
        with in_unit(unit):
            petition = Petition.objects.get(pk=fact.petition_id)
            expected = petition_fact_values(petition, unit)
            # rebuild_facts reads the cross-level rows of a unit at once
            pks = list(Petition.objects.values_list("pk", flat=True))
            indexed = petition_fact_values(petition, unit, crosslevel_index(pks))
        stored = {name: getattr(fact, name) for name in expected}
        assert stored == expected, fact.tracking_number
        assert indexed == expected, fact.tracking_number
        assert derived[str(fact.petition_id)] == {
            name: expected[name] for name in COMPARED
        }, fact.tracking_number


def test_cross_level_fact_values_equal_a_rebuild_after_the_flows(tree, gql):
    # given a transfer city → county_a, an assignment city → county_b that is
    # reported and sent back once, and a supervision order on county_b's case
    city = gql(tree.user("city", "registrar"))
    transferred = petition_fact(tree, "city")
    _send(city, TRANSFER, "petitionTransfer", transferred.petition_id, "320102")
    assigned = petition_fact(tree, "city")
    link = _send(city, ASSIGN, "petitionAssign", assigned.petition_id, "320104")["link"]
    close_petition(tree, "county_b", link["targetPetitionId"])
    report = gql(tree.user("county_b", "registrar")).ok(
        SUBMIT,
        {
            "input": {
                "linkId": link["id"],
                "finding": "TRUE",
                "handling": "已责令整改",
                "petitionerOpinion": "满意",
            }
        },
    )["resultReportSubmit"]["report"]
    city.ok(DECIDE, {"id": report["id"], "accept": False, "note": "请补充整改材料"})
    # then every fact, as the flows left it, equals one computed afresh
    target = CaseFact.objects.get(petition_id=link["targetPetitionId"])
    assert (target.source_unit_id, target.return_count, target.transfer_count) == (
        tree.units["city"].pk,
        1,
        1,
    )
    _facts_equal_a_rebuild(tree)
