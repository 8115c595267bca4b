"""Each legal type through its whole path via GraphQL, and the side paths."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from supervision.facts.models import CaseFact
from supervision.rules.identity import make_citizen_id
from tests.factories.supervision import OPINION, make_petition
from tests.graphql_api.supervision import gql as docs

TODAY = timezone.localdate()


def call(client, document, **variables):
    """Run a mutation that must succeed; its payload."""
    data = client.ok(document, variables)
    payload = next(iter(data.values()))
    assert payload["errors"] == [], payload["errors"]
    return payload["petition"]


def fail(client, document, **variables):
    data = client.ok(document, variables)
    payload = next(iter(data.values()))
    assert payload["petition"] is None
    return [error["code"] for error in payload["errors"]]


def actions(petition):
    return [event["action"] for event in petition["events"]]


def register_input(legal_type, **overrides):
    value = {
        "receivedOn": (TODAY - datetime.timedelta(days=2)).isoformat(),
        "channel": "LETTER",
        "legalType": legal_type,
        "topic": "CADRE_SELECTION",
        "title": "反映干部选拔任用问题",
        "content": f"{legal_type}：反映某街道在干部选拔任用中存在的问题，请求组织部门调查处理。",
        "petitioners": [
            {
                "name": "赵红梅",
                "citizenId": make_citizen_id("320102", TODAY.replace(year=1975), 42),
                "phone": "13851234567",
                "politicalStatus": "PARTY_MEMBER",
            }
        ],
    }
    if legal_type == "ACCUSATION":
        value["accused"] = [
            {
                "name": "孙志强",
                "unitName": "玄武区某街道党工委",
                "unitCode": "320102002",
                "post": "组织委员",
                "managingLevel": "COUNTY",
            }
        ]
    value.update(overrides)
    return value


class Staff:
    def __init__(self, tree, gql, unit_key="county_a"):
        self.registrar = gql(tree.user(unit_key, "registrar"))
        self.handler = gql(tree.user(unit_key, "handler"))
        self.leader = gql(tree.user(unit_key, "leader"))
        self.handler_user = tree.user(unit_key, "handler")


def _register_and_route(staff, legal_type):
    petition = call(staff.registrar, docs.REGISTER, input=register_input(legal_type))
    pid = petition["id"]
    assert petition["status"] == "REGISTERED"
    assert petition["dueClock"] == "ACCEPTANCE"
    petition = call(staff.registrar, docs.ACCEPT, petitionId=pid)
    assert (petition["status"], petition["acceptedOn"]) == (
        "ACCEPTED",
        TODAY.isoformat(),
    )
    assert petition["dueClock"] == "HANDLING"
    petition = call(
        staff.registrar,
        docs.ROUTE,
        petitionId=pid,
        departmentId=str(staff.handler_user.department_id),
        handlerId=str(staff.handler_user.pk),
    )
    assert petition["status"] == "HANDLING"
    return pid


def _close(staff, pid, **conclusion):
    call(staff.handler, docs.CONCLUDE, petitionId=pid, **conclusion)
    assert call(staff.handler, docs.SUBMIT, petitionId=pid)["status"] == (
        "AWAITING_CLOSURE"
    )
    petition = call(staff.leader, docs.APPROVE, petitionId=pid)
    assert (petition["status"], petition["closedOn"]) == ("CLOSED", TODAY.isoformat())
    return petition


def test_suggestion_walks_to_archive(tree, gql):
    staff = Staff(tree, gql)
    pid = _register_and_route(staff, "SUGGESTION")
    _close(staff, pid, summary="建议已转相关科室研究采纳。")
    call(
        staff.registrar,
        docs.FEEDBACK,
        petitionId=pid,
        givenOn=TODAY.isoformat(),
        content="已函复信访人采纳情况。",
    )
    visited = call(
        staff.registrar,
        docs.RETURN_VISIT,
        petitionId=pid,
        visitedOn=TODAY.isoformat(),
        satisfaction="SATISFIED",
    )
    assert visited["satisfaction"] == "SATISFIED"
    petition = call(staff.registrar, docs.ARCHIVE, petitionId=pid)
    assert petition["status"] == "ARCHIVED"
    assert actions(petition) == [
        "REGISTERED",
        "ACCEPTED",
        "ROUTED",
        "CONCLUDED",
        "CLOSURE_SUBMITTED",
        "CLOSURE_APPROVED",
        "FEEDBACK_GIVEN",
        "RETURN_VISITED",
        "ARCHIVED",
    ]
    fact = CaseFact.objects.get(petition_id=pid)
    assert (fact.status, fact.is_open, fact.satisfaction, fact.unit_id) == (
        "archived",
        False,
        "satisfied",
        tree.units["county_a"].pk,
    )
    assert (fact.accepted_in_time, fact.closed_in_time, fact.handling_mode) == (
        True,
        True,
        "self",
    )


def test_accusation_needs_a_finding_and_walks_to_archive(tree, gql):
    staff = Staff(tree, gql)
    pid = _register_and_route(staff, "ACCUSATION")
    call(
        staff.handler,
        docs.RECORD,
        petitionId=pid,
        kind="INTERVIEW",
        occurredOn=TODAY.isoformat(),
        content="约谈被反映人，核实推荐过程。",
    )
    assert fail(staff.handler, docs.CONCLUDE, petitionId=pid, summary="已核查") == [
        "FINDING_REQUIRED"
    ]
    _close(staff, pid, summary="经核查，反映问题部分属实。", finding="PARTLY_TRUE")
    assert fail(staff.registrar, docs.ARCHIVE, petitionId=pid) == ["FEEDBACK_REQUIRED"]
    call(
        staff.registrar,
        docs.FEEDBACK,
        petitionId=pid,
        givenOn=TODAY.isoformat(),
        content="已向实名举报人反馈核查结果。",
        petitionerOpinion="表示认可",
    )
    petition = call(staff.registrar, docs.ARCHIVE, petitionId=pid)
    assert petition["status"] == "ARCHIVED"
    fact = CaseFact.objects.get(petition_id=pid)
    assert (fact.accused_level, fact.accused_unit_name, fact.legal_type) == (
        "county",
        "玄武区某街道党工委",
        "accusation",
    )


def test_appeal_walks_through_review_and_re_review_to_final(tree, gql):
    staff = Staff(tree, gql)
    pid = _register_and_route(staff, "APPEAL")
    incomplete = {**OPINION, "legal_basis": ""}
    opinion = {
        "request": OPINION["request"],
        "facts": OPINION["facts"],
        "reasons": OPINION["reasons"],
        "legalBasis": OPINION["legal_basis"],
        "decision": "REJECT",
    }
    assert fail(
        staff.handler,
        docs.CONCLUDE,
        petitionId=pid,
        summary="已调查",
        request=incomplete["request"],
        decision="REJECT",
    ) == ["OPINION_INCOMPLETE"]
    _close(staff, pid, summary="作出处理意见书。", **opinion)
    # The review window opens only once the petitioner has the written answer.
    assert fail(
        staff.registrar, docs.REVIEW, petitionId=pid, requestedOn=TODAY.isoformat()
    ) == ["FEEDBACK_REQUIRED"]
    call(
        staff.registrar,
        docs.FEEDBACK,
        petitionId=pid,
        givenOn=TODAY.isoformat(),
        content="已向信访人送达处理意见书。",
    )
    # 复查 one level up (the city), then 复核 one more (the province).
    case_id, requesting = pid, staff.registrar
    for stage, unit_key, code in (
        ("REVIEW", "city", "320100"),
        ("RE_REVIEW", "province", "320000"),
    ):
        payload = requesting.ok(
            docs.REVIEW_UP, {"petitionId": case_id, "requestedOn": TODAY.isoformat()}
        )["reviewRequest"]
        assert payload["errors"] == []
        assert (payload["petition"]["stage"], payload["petition"]["status"]) == (
            stage,
            "CLOSED",
        )
        assert payload["petition"]["dueClock"] is None
        link = payload["reviewLink"]
        assert (link["kind"], link["targetUnit"]["code"]) == (stage, code)
        upper = Staff(tree, gql, unit_key)
        case = call(
            upper.leader,
            docs.REVIEW_DECIDE,
            petitionId=link["targetPetitionId"],
            decision="UPHOLD",
            request=opinion["request"],
            facts=opinion["facts"],
            reasons=opinion["reasons"],
            legalBasis=opinion["legalBasis"],
        )
        assert (case["stage"], case["status"], case["feedbackOn"]) == (
            stage,
            "CLOSED",
            TODAY.isoformat(),
        )
        case_id, requesting = link["targetPetitionId"], upper.registrar
    petition = staff.registrar.ok(docs.CASE_VIEW_TIMELINE, {"id": pid})["petition"]
    assert petition["isFinal"] is True
    assert actions(petition)[-4:] == [
        "REVIEW_REQUESTED",
        "REVIEW_DECIDED",
        "RE_REVIEW_REQUESTED",
        "RE_REVIEW_DECIDED",
    ]
    assert fail(
        staff.registrar, docs.REVIEW, petitionId=pid, requestedOn=TODAY.isoformat()
    ) == ["FINAL"]
    fact = CaseFact.objects.get(petition_id=pid)
    assert (fact.review_stage, fact.status, fact.is_open) == (
        "re_review",
        "closed",
        False,
    )
    assert actions(petition).count("CLOSURE_APPROVED") == 1


def test_review_is_only_for_appeals(tree, gql):
    petition = make_petition(tree, "answered", legal_type="suggestion")
    client = gql(tree.user("county_a", "registrar"))
    assert fail(
        client, docs.REVIEW, petitionId=str(petition.pk), requestedOn=TODAY.isoformat()
    ) == ["NOT_APPEAL"]


def test_decline_on_a_statutory_ground(tree, gql):
    petition = make_petition(tree)
    client = gql(tree.user("county_a", "registrar"))
    result = call(
        client,
        docs.DECLINE,
        petitionId=str(petition.pk),
        ground="LOWER_UNIT_IN_PROGRESS",
        note="该事项已由梅园新村街道受理办理中",
    )
    assert (result["status"], result["dueClock"], result["acceptedOn"]) == (
        "DECLINED",
        None,
        None,
    )
    fact = CaseFact.objects.get(petition_id=petition.pk)
    assert (fact.is_accepted, fact.is_open, fact.accepted_in_time) == (
        False,
        False,
        True,
    )


def test_divert_litigation_and_discipline(tree, gql):
    client = gql(tree.user("county_a", "registrar"))
    appeal = make_petition(tree)
    result = call(
        client,
        docs.REFER,
        petitionId=str(appeal.pk),
        target="LITIGATION",
        referTo="玄武区人民法院",
    )
    assert result["status"] == "REFERRED"
    other = make_petition(tree)
    assert fail(
        client,
        docs.REFER,
        petitionId=str(other.pk),
        target="DISCIPLINE",
        referTo="玄武区纪委监委",
    ) == ["REFERRAL_NOT_APPLICABLE"]
    accusation = make_petition(tree, legal_type="accusation")
    result = call(
        client,
        docs.REFER,
        petitionId=str(accusation.pk),
        target="DISCIPLINE",
        referTo="玄武区纪委监委",
    )
    assert result["status"] == "REFERRED"
    assert json.loads(result["events"][-1]["after"]) == {
        "status": "referred",
        "decided_on": TODAY.isoformat(),
        "refer_target": "discipline",
        "refer_to": "玄武区纪委监委",
        "decision_note": "",
    }


def test_extension_once_at_most_30_days_with_leader_approval(tree, gql):
    petition = make_petition(tree, "handling")
    pid = str(petition.pk)
    handler = gql(tree.user("county_a", "handler"))
    leader = gql(tree.user("county_a", "leader"))
    assert fail(
        handler, docs.EXTENSION_REQUEST, petitionId=pid, days=31, reason="情况复杂"
    ) == ["TOO_LONG"]
    call(
        handler, docs.EXTENSION_REQUEST, petitionId=pid, days=30, reason="需赴外地调查"
    )
    assert fail(
        handler, docs.EXTENSION_REQUEST, petitionId=pid, days=10, reason="再延"
    ) == ["ALREADY_EXTENDED"]
    result = call(
        leader,
        docs.EXTENSION_APPROVE,
        petitionId=pid,
        petitionerToldOn=TODAY.isoformat(),
    )
    assert (result["extensionStatus"], result["dueClock"]) == ("APPROVED", "EXTENSION")
    view = gql(tree.user("county_a", "registrar")).ok(docs.CASE_VIEW, {"id": pid})
    [clock] = view["petition"]["clocks"]
    assert clock["code"] == "EXTENSION"
    assert clock["explanation"].startswith("延长办理期限：自")


def test_extension_refused_keeps_the_handling_deadline(tree, gql):
    petition = make_petition(tree, "handling")
    pid = str(petition.pk)
    call(
        gql(tree.user("county_a", "handler")),
        docs.EXTENSION_REQUEST,
        petitionId=pid,
        days=15,
        reason="需补充材料",
    )
    result = call(
        gql(tree.user("county_a", "leader")),
        docs.EXTENSION_REJECT,
        petitionId=pid,
        reason="可在期限内办结",
    )
    assert (result["extensionStatus"], result["dueClock"]) == ("REJECTED", "HANDLING")


def test_closure_return_resumes_handling_and_is_counted(tree, gql):
    petition = make_petition(tree, "awaiting_closure")
    pid = str(petition.pk)
    leader = gql(tree.user("county_a", "leader"))
    handler = gql(tree.user("county_a", "handler"))
    result = call(leader, docs.RETURN, petitionId=pid, reason="事实不清，补充调查")
    assert (result["status"], result["closureReturnCount"]) == ("HANDLING", 1)
    call(handler, docs.SUBMIT, petitionId=pid)
    assert call(leader, docs.APPROVE, petitionId=pid)["status"] == "CLOSED"
    assert actions(result)[-1] == "CLOSURE_RETURNED"
    assert json.loads(result["events"][-1]["before"]) == {
        "status": "awaiting_closure",
        "closure_return_count": 0,
    }


def test_an_action_not_allowed_in_the_state_changes_nothing(tree, gql):
    petition = make_petition(tree)
    leader = gql(tree.user("county_a", "leader"))
    data = leader.ok(docs.APPROVE, {"petitionId": str(petition.pk)})["closureApprove"]
    assert data["errors"] == [
        {
            "code": "INVALID_STATE",
            "field": "petitionId",
            "message": "信访件当前为“待受理”，不能审核办结",
        }
    ]
    assert CaseFact.objects.get(petition_id=petition.pk).status == "registered"


@pytest.mark.parametrize(
    ("satisfaction", "stored"),
    [
        ("SATISFIED", "satisfied"),
        ("MOSTLY_SATISFIED", "mostly_satisfied"),
        ("DISSATISFIED", "dissatisfied"),
    ],
)
def test_every_satisfaction_fits_the_fact_row(tree, gql, satisfaction, stored):
    petition = make_petition(tree, "answered")
    call(
        gql(tree.user("county_a", "registrar")),
        docs.RETURN_VISIT,
        petitionId=str(petition.pk),
        visitedOn=TODAY.isoformat(),
        satisfaction=satisfaction,
    )
    assert CaseFact.objects.get(petition_id=petition.pk).satisfaction == stored


def test_township_liaison_registers_accepts_and_routes_to_itself(tree, gql):
    liaison_user = tree.user("township", "liaison")
    liaison = gql(liaison_user)
    pid = call(liaison, docs.REGISTER, input=register_input("SUGGESTION"))["id"]
    assert call(liaison, docs.ACCEPT, petitionId=pid)["status"] == "ACCEPTED"
    routed = call(
        liaison,
        docs.ROUTE,
        petitionId=pid,
        departmentId=str(liaison_user.department_id),
        handlerId=str(liaison_user.pk),
    )
    assert routed["status"] == "HANDLING"
    fact = CaseFact.objects.get(petition_id=pid)
    assert (fact.unit_id, fact.status, fact.handling_mode) == (
        tree.units["township"].pk,
        "handling",
        "self",
    )
