"""复查 one level up and 复核 two levels up (Art 35, 36), through GraphQL:
county_a answers, the city reviews, the province re-reviews, then it is final."""

from __future__ import annotations

import pytest
from django.utils import timezone

from graphql_api.schema import schema
from supervision.crosslevel import petitions as crosslevel_petitions
from supervision.crosslevel.models import CaseLink, CaseLinkEvent
from supervision.deadlines import period_end
from supervision.facts.models import CaseFact
from supervision.facts.petition_fact import petition_fact_values
from supervision.inbox.models import Notification
from supervision.models import HandlingRecord, Petition, PetitionEvent
from supervision.rules.clocks import ClockCode
from supervision.services import closure, handling, routing
from tests.factories.supervision import OPINION, in_unit, make_petition
from tests.graphql_api.supervision import gql as docs

TODAY = timezone.localdate()
UNITS = ("county_a", "city", "province")

LINK_FIELDS = """
  id kind state decision dueOn sourcePetitionId targetPetitionId targetStatus
  sourceUnit { code } targetUnit { code } events { action unitCode note }
"""
PETITION_FIELDS = """
  id trackingNumber status stage isFinal isReviewedUpstream dueClock dueOn feedbackOn
  events { action stage note }
"""
REQUEST = f"""
mutation($petitionId: ID!, $requestedOn: Date!) {{
  reviewRequest(petitionId: $petitionId, requestedOn: $requestedOn) {{
    petition {{ {PETITION_FIELDS} }}
    reviewLink {{ {LINK_FIELDS} }}
    errors {{ code field message }}
  }}
}}"""
DECIDE = f"""
mutation($petitionId: ID!, $decision: ReviewDecision!, $request: String!,
         $facts: String!, $reasons: String!, $legalBasis: String!) {{
  reviewDecide(petitionId: $petitionId, decision: $decision, request: $request,
               facts: $facts, reasons: $reasons, legalBasis: $legalBasis) {{
    petition {{ {PETITION_FIELDS} results {{ stage reviewDecision request facts }} }}
    reviewLink {{ {LINK_FIELDS} }}
    errors {{ code field message }}
  }}
}}"""
CASE_VIEW = f"""
query($id: ID!) {{
  petition(id: $id) {{ {PETITION_FIELDS} reviewChain {{ {LINK_FIELDS} }} }}
}}"""
QUEUE = """
query($queue: Queue) { petitions(queue: $queue) { items { id } } }
"""


def opinion(decision: str = "UPHOLD", **overrides) -> dict:
    values = {
        "decision": decision,
        "request": OPINION["request"],
        "facts": "经复查，原处理意见认定的事实清楚",
        "reasons": "原处理意见适用依据正确，程序合法",
        "legalBasis": "《信访工作条例》第三十五条",
    }
    values.update(overrides)
    return values


def request(client, petition_id) -> dict:
    data = client.ok(
        REQUEST, {"petitionId": str(petition_id), "requestedOn": TODAY.isoformat()}
    )["reviewRequest"]
    assert data["errors"] == [], data["errors"]
    return data


def decide(client, petition_id, decision="UPHOLD") -> dict:
    data = client.ok(DECIDE, {"petitionId": str(petition_id), **opinion(decision)})[
        "reviewDecide"
    ]
    assert data["errors"] == [], data["errors"]
    return data


def refused(client, document, petition_id, **variables) -> list[str]:
    if document is REQUEST:
        variables = {"requestedOn": TODAY.isoformat(), **variables}
    payload = next(
        iter(
            client.ok(document, {"petitionId": str(petition_id), **variables}).values()
        )
    )
    assert payload["petition"] is None
    return [error["code"] for error in payload["errors"]]


def row(tree, unit_key, petition_id) -> Petition:
    with in_unit(tree.units[unit_key]):
        return Petition.objects.get(pk=petition_id)


def state_of_units(tree) -> tuple:
    """Everything a review flow may write, in the three units and in public."""
    rows = []
    for key in UNITS:
        with in_unit(tree.units[key]):
            rows.append(
                (
                    sorted(
                        Petition.objects.values_list(
                            "id", "status", "stage", "is_final", "is_reviewed_upstream"
                        )
                    ),
                    PetitionEvent.objects.count(),
                    HandlingRecord.objects.count(),
                )
            )
    facts = sorted(
        CaseFact.objects.values_list("petition_id", "status", "review_stage", "is_open")
    )
    links = sorted(CaseLink.objects.values_list("id", "state", "decision"))
    return (
        rows,
        facts,
        links,
        CaseLinkEvent.objects.count(),
        Notification.objects.count(),
    )


def reviewed_by_city(tree, gql, decision="UPHOLD"):
    """county_a's answered appeal, reviewed and decided by the city."""
    original = make_petition(tree, "answered")
    link = request(gql(tree.user("county_a", "registrar")), original.pk)["reviewLink"]
    decide(gql(tree.user("city", "leader")), link["targetPetitionId"], decision)
    return original, link["targetPetitionId"]


def test_review_request_opens_the_review_case_one_level_up(tree, gql):
    # given county_a's answered 申诉求决
    original = make_petition(tree, "answered")

    # when the petitioner's 复查 request is registered at county_a
    data = request(gql(tree.user("county_a", "registrar")), original.pk)

    # then county_a's case shows the 复查 running upstairs, with no clock here
    petition = data["petition"]
    assert (
        petition["stage"],
        petition["status"],
        petition["isReviewedUpstream"],
        petition["isFinal"],
        petition["dueClock"],
    ) == ("REVIEW", "CLOSED", True, False, None)
    assert petition["events"][-1] == {
        "action": "REVIEW_REQUESTED",
        "stage": "REVIEW",
        "note": "由中共南京市委组织部复查",
    }
    # and the link goes to the city, with the 30-day decision clock
    decision_end = period_end(ClockCode.REVIEW_DECISION, TODAY).end
    link = data["reviewLink"]
    assert (
        link["kind"],
        link["state"],
        link["sourceUnit"]["code"],
        link["targetUnit"]["code"],
        link["sourcePetitionId"],
        link["targetStatus"],
        link["dueOn"],
        link["decision"],
    ) == (
        "REVIEW",
        "ACTIVE",
        "320102",
        "320100",
        str(original.pk),
        "accepted",
        decision_end.isoformat(),
        None,
    )
    # and the city holds an accepted 复查 case with the original's essentials
    # and the answer under review on file
    case = row(tree, "city", link["targetPetitionId"])
    assert (
        case.stage,
        case.status,
        case.origin,
        case.origin_reference,
        case.review_requested_on,
        case.due_clock,
        case.due_on,
        case.legal_type,
        case.title,
    ) == (
        "review",
        "accepted",
        "lower_unit",
        original.tracking_number,
        TODAY,
        "review_decision",
        decision_end,
        "appeal",
        original.title,
    )
    with in_unit(tree.units["city"]):
        answer = HandlingRecord.objects.get(petition_id=case.pk)
        names = list(case.petitioners.values_list("name", flat=True))
    assert answer.content.startswith(f"处理意见书（{original.tracking_number}）")
    assert f"信访请求：{OPINION['request']}" in answer.content
    assert "意见：不予支持" in answer.content
    assert names == ["王建国"]
    # and both facts carry the stage; the city's case came from county_a
    assert CaseFact.objects.get(petition_id=original.pk).review_stage == "review"
    city_fact = CaseFact.objects.get(petition_id=case.pk)
    assert (
        city_fact.review_stage,
        city_fact.source_unit_id,
        city_fact.transfer_count,
    ) == ("review", tree.units["county_a"].pk, 0)
    assert Notification.objects.filter(
        recipient__unit=tree.units["city"], kind="review_received"
    ).exists()


def test_the_city_sees_the_review_case_in_its_queues(tree, gql):
    # given a 复查 request from county_a
    original = make_petition(tree, "answered")
    case_id = request(gql(tree.user("county_a", "registrar")), original.pk)[
        "reviewLink"
    ]["targetPetitionId"]

    # then the city's registrar routes it and its leader has it to decide
    def queue(user, name):
        items = gql(user).ok(QUEUE, {"queue": name})["petitions"]["items"]
        return [item["id"] for item in items]

    assert queue(tree.user("city", "registrar"), "TO_ROUTE") == [case_id]
    assert queue(tree.user("city", "leader"), "AWAITING_REVIEW") == [case_id]
    assert queue(tree.user("county_a", "leader"), "AWAITING_REVIEW") == []


def test_the_review_decision_closes_the_case_and_is_reported_back(tree, gql):
    # given a 复查 case at the city
    original = make_petition(tree, "answered")
    link = request(gql(tree.user("county_a", "registrar")), original.pk)["reviewLink"]
    case_id = link["targetPetitionId"]
    leader = gql(tree.user("city", "leader"))
    before = state_of_units(tree)

    # when the opinion lacks its legal basis, nothing changes
    incomplete = leader.ok(DECIDE, {"petitionId": case_id, **opinion(legalBasis=" ")})[
        "reviewDecide"
    ]
    assert [(e["code"], e["field"]) for e in incomplete["errors"]] == [
        ("OPINION_INCOMPLETE", "legalBasis")
    ]
    assert state_of_units(tree) == before

    # when the city's leader decides to revoke the answer
    data = decide(leader, case_id, "REVOKE")

    # then the city's case is closed with its 复查意见书, served today
    petition = data["petition"]
    assert (
        petition["status"],
        petition["stage"],
        petition["isFinal"],
        petition["feedbackOn"],
        petition["events"][-1]["action"],
    ) == ("CLOSED", "REVIEW", False, TODAY.isoformat(), "REVIEW_DECIDED")
    assert petition["results"] == [
        {
            "stage": "REVIEW",
            "reviewDecision": "REVOKE",
            "request": OPINION["request"],
            "facts": "经复查，原处理意见认定的事实清楚",
        }
    ]
    assert (data["reviewLink"]["state"], data["reviewLink"]["decision"]) == (
        "DECIDED",
        "REVOKE",
    )
    assert data["reviewLink"]["events"][-1] == {
        "action": "REVIEW_DECIDED",
        "unitCode": "320100",
        "note": "复查意见：撤销",
    }
    # and county_a's timeline has the decision; its matter is not final yet
    county = gql(tree.user("county_a", "registrar")).ok(
        CASE_VIEW, {"id": str(original.pk)}
    )["petition"]
    assert county["events"][-1] == {
        "action": "REVIEW_DECIDED",
        "stage": "REVIEW",
        "note": "中共南京市委组织部复查意见：撤销",
    }
    assert (county["stage"], county["status"], county["isFinal"]) == (
        "REVIEW",
        "CLOSED",
        False,
    )
    assert [(link["kind"], link["decision"]) for link in county["reviewChain"]] == [
        ("REVIEW", "REVOKE")
    ]
    assert CaseFact.objects.get(petition_id=original.pk).review_stage == "review"
    city_fact = CaseFact.objects.get(petition_id=case_id)
    assert (city_fact.status, city_fact.is_open) == ("closed", False)
    # and deciding twice is refused
    assert refused(leader, DECIDE, case_id, **opinion()) == ["INVALID_STATE"]


def test_re_review_goes_two_levels_up_and_makes_the_matter_final(tree, gql):
    # given county_a's answer reviewed by the city
    original, city_case = reviewed_by_city(tree, gql)

    # then county_a cannot register the 复核: it goes to the 复查 unit
    county = gql(tree.user("county_a", "registrar"))
    assert refused(county, REQUEST, original.pk) == ["REVIEWED_UPSTREAM"]

    # when the 复核 request is registered at the city
    data = request(gql(tree.user("city", "registrar")), city_case)

    # then the province holds the 复核 case with its own 30-day clock
    link = data["reviewLink"]
    assert (link["kind"], link["sourceUnit"]["code"], link["targetUnit"]["code"]) == (
        "RE_REVIEW",
        "320100",
        "320000",
    )
    province_case = row(tree, "province", link["targetPetitionId"])
    assert (
        province_case.stage,
        province_case.status,
        province_case.re_review_requested_on,
        province_case.due_clock,
        province_case.due_on,
    ) == (
        "re_review",
        "accepted",
        TODAY,
        "re_review_decision",
        period_end(ClockCode.RE_REVIEW_DECISION, TODAY).end,
    )
    with in_unit(tree.units["province"]):
        answer = HandlingRecord.objects.get(petition_id=province_case.pk).content
    assert answer.startswith("复查意见书") and "意见：维持" in answer
    # and the city's and county_a's cases show the 复核 running upstairs
    assert (data["petition"]["stage"], data["petition"]["isReviewedUpstream"]) == (
        "RE_REVIEW",
        True,
    )
    original_row = row(tree, "county_a", original.pk)
    assert (original_row.stage, original_row.re_review_requested_on) == (
        "re_review",
        TODAY,
    )
    assert CaseFact.objects.get(petition_id=original.pk).review_stage == "re_review"

    # when the province decides
    decide(gql(tree.user("province", "leader")), province_case.pk, "CHANGE")

    # then the matter is final at all three units
    for key, case_id in (
        ("county_a", original.pk),
        ("city", city_case),
        ("province", province_case.pk),
    ):
        assert row(tree, key, case_id).is_final is True
    view = county.ok(CASE_VIEW, {"id": str(original.pk)})["petition"]
    assert view["events"][-1] == {
        "action": "RE_REVIEW_DECIDED",
        "stage": "RE_REVIEW",
        "note": "中共江苏省委组织部复核意见：变更",
    }
    assert [
        (item["kind"], item["targetUnit"]["code"], item["state"], item["decision"])
        for item in view["reviewChain"]
    ] == [
        ("REVIEW", "320100", "DECIDED", "UPHOLD"),
        ("RE_REVIEW", "320000", "DECIDED", "CHANGE"),
    ]
    city_view = gql(tree.user("city", "registrar")).ok(CASE_VIEW, {"id": city_case})
    assert city_view["petition"]["events"][-1]["action"] == "RE_REVIEW_DECIDED"
    # and no unit accepts another 复查 or 复核 of it
    assert refused(county, REQUEST, original.pk) == ["FINAL"]
    assert refused(gql(tree.user("city", "registrar")), REQUEST, city_case) == ["FINAL"]
    assert refused(
        gql(tree.user("province", "registrar")), REQUEST, province_case.pk
    ) == ["FINAL"]


def test_a_provincial_answer_has_no_review_in_the_system(tree, gql):
    # given the province's own answered appeal
    petition = make_petition(tree, "answered", unit_key="province")
    client = gql(tree.user("province", "registrar"))
    before = state_of_units(tree)

    # when a 复查 is requested
    payload = client.ok(
        REQUEST, {"petitionId": str(petition.pk), "requestedOn": TODAY.isoformat()}
    )["reviewRequest"]

    # then it is refused, naming the 中央组织部, and nothing is written
    assert [(e["code"], e["message"]) for e in payload["errors"]] == [
        (
            "NO_HIGHER_UNIT",
            "中共江苏省委组织部已是本系统最高一级组织部门，没有上一级机关受理复查；"
            "请告知信访人向中共中央组织部提出复查请求",
        )
    ]
    assert state_of_units(tree) == before


def test_a_re_review_after_a_provincial_review_has_no_unit_above(tree, gql):
    # given the city's answer reviewed by the province
    original = make_petition(tree, "answered", unit_key="city")
    link = request(gql(tree.user("city", "registrar")), original.pk)["reviewLink"]
    decide(gql(tree.user("province", "leader")), link["targetPetitionId"])
    before = state_of_units(tree)

    # when the 复核 is requested at the province
    payload = gql(tree.user("province", "registrar")).ok(
        REQUEST,
        {"petitionId": link["targetPetitionId"], "requestedOn": TODAY.isoformat()},
    )["reviewRequest"]

    # then it is refused and nothing changed
    assert [e["code"] for e in payload["errors"]] == ["NO_HIGHER_UNIT"]
    assert "中共中央组织部提出复核请求" in payload["errors"][0]["message"]
    assert state_of_units(tree) == before


def test_only_review_cases_take_a_review_decision(tree, gql):
    # given an ordinary case in handling at the city
    petition = make_petition(tree, "handling", unit_key="city")
    before = state_of_units(tree)
    leader = gql(tree.user("city", "leader"))
    assert refused(leader, DECIDE, petition.pk, **opinion()) == ["NOT_REVIEW_CASE"]
    assert state_of_units(tree) == before


def test_a_review_case_is_not_closed_by_closure_approval(tree, gql):
    # given a 复查 case at the city, concluded and submitted by its handler
    original = make_petition(tree, "answered")
    case_id = request(gql(tree.user("county_a", "registrar")), original.pk)[
        "reviewLink"
    ]["targetPetitionId"]

    handler = tree.user("city", "handler")
    with in_unit(tree.units["city"]):
        routing.petition_route(
            actor=tree.user("city", "registrar"),
            petition_id=case_id,
            department_id=handler.department_id,
            handler_id=handler.pk,
        )
        handling.petition_conclude(
            actor=handler, petition_id=case_id, summary="复查调查完毕", **OPINION
        )
        closure.closure_submit(actor=handler, petition_id=case_id)
    approve = """mutation($petitionId: ID!) { closureApprove(petitionId: $petitionId) {
        petition { id } errors { code message } } }"""
    payload = gql(tree.user("city", "leader")).ok(approve, {"petitionId": case_id})
    assert [e["code"] for e in payload["closureApprove"]["errors"]] == ["INVALID_STATE"]
    # and the leader decides it by the opinion instead
    assert decide(gql(tree.user("city", "leader")), case_id)["petition"]["status"] == (
        "CLOSED"
    )


ACTORS = {
    "anonymous": None,
    "township clerk": ("township", "liaison"),
    "county officer": ("county_a", "leader"),
    "sibling county": ("county_b", "leader"),
    "province supervisor": ("province", "supervisor"),
}


def _permissions(name: str) -> tuple[str, ...]:
    field = schema.graphql_schema.mutation_type.fields[name]
    return field.resolve.__self__._meta.permissions


@pytest.mark.parametrize("actor", ACTORS)
def test_review_decide_authorization(tree, gql, actor):
    # given a 复查 case at the city
    original = make_petition(tree, "answered")
    case_id = request(gql(tree.user("county_a", "registrar")), original.pk)[
        "reviewLink"
    ]["targetPetitionId"]
    user = tree.user(*ACTORS[actor]) if ACTORS[actor] else None
    before = state_of_units(tree)

    # when someone other than the city's leader decides
    payload = gql(user).ok(DECIDE, {"petitionId": case_id, **opinion()})["reviewDecide"]

    # then it is refused and nothing changed
    if user is None:
        expected = "UNAUTHENTICATED"
    else:
        holds = all(user.has_unit_permission(p) for p in _permissions("reviewDecide"))
        expected = "NOT_FOUND" if holds else "PERMISSION_DENIED"
    assert (payload["petition"], payload["reviewLink"]) == (None, None)
    assert [e["code"] for e in payload["errors"]] == [expected]
    assert state_of_units(tree) == before


def test_a_review_request_failing_half_way_leaves_both_units_unchanged(
    tree, gql, monkeypatch
):
    # given county_a's answered appeal, and an error injected after the city's
    # case is written but before county_a's own case is changed
    original = make_petition(tree, "answered")
    before = state_of_units(tree)

    def broken(*args, **kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(crosslevel_petitions, "petition_review_sent_record", broken)

    # when the request runs
    status, body = gql(tree.user("county_a", "registrar")).execute(
        REQUEST, {"petitionId": str(original.pk), "requestedOn": TODAY.isoformat()}
    )

    # then it failed and neither unit has anything new
    assert body["data"]["reviewRequest"] is None
    # The caller sees only the request id, never the exception's text.
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INTERNAL_ERROR"
    assert (
        error["message"] == f"系统内部错误（编号 {error['extensions']['requestId']}）"
    )
    assert state_of_units(tree) == before
    assert not CaseFact.objects.filter(unit=tree.units["city"]).exists()


def test_a_new_registration_of_a_final_matter_is_not_accepted(tree, gql):
    # given county_a's matter made final by the province's 复核
    original, city_case = reviewed_by_city(tree, gql)
    link = request(gql(tree.user("city", "registrar")), city_case)["reviewLink"]
    decide(gql(tree.user("province", "leader")), link["targetPetitionId"])
    # and the same petitioner registering the same matter again at county_a
    again = make_petition(tree)
    assert row(tree, "county_a", again.pk).possible_duplicate_of_id == original.pk
    registrar = gql(tree.user("county_a", "registrar"))
    before = state_of_units(tree)

    # then it is not accepted
    assert refused(registrar, docs.ACCEPT, again.pk) == ["ALREADY_FINAL"]
    assert state_of_units(tree) == before
    # and is declined on the ground that it is final
    declined = registrar.ok(
        docs.DECLINE, {"petitionId": str(again.pk), "ground": "FINAL"}
    )["petitionDecline"]
    assert (declined["errors"], declined["petition"]["status"]) == ([], "DECLINED")


def test_facts_after_review_and_re_review_equal_a_rebuild(tree, gql):
    # given the whole chain county_a → city → province
    original, city_case = reviewed_by_city(tree, gql)
    link = request(gql(tree.user("city", "registrar")), city_case)["reviewLink"]
    decide(gql(tree.user("province", "leader")), link["targetPetitionId"])

    # then each unit's fact equals one computed afresh from its petition
    for key, case_id in (
        ("county_a", original.pk),
        ("city", city_case),
        ("province", link["targetPetitionId"]),
    ):
        unit = tree.units[key]
        with in_unit(unit):
            expected = petition_fact_values(Petition.objects.get(pk=case_id), unit)
        fact = CaseFact.objects.get(petition_id=case_id)
        assert {name: getattr(fact, name) for name in expected} == expected
    # and review links count as neither transfers nor a handling mode
    county_fact = CaseFact.objects.get(petition_id=original.pk)
    assert (
        county_fact.review_stage,
        county_fact.transfer_count,
        county_fact.handling_mode,
    ) == ("re_review", 0, "self")


TRANSFER = """
mutation($input: CaseSendInput!) {
  petitionTransfer(input: $input) { link { id } errors { code } }
}"""


def test_the_review_unit_cannot_transfer_the_review_case(tree, gql):
    # given a 复查 case at the city
    original = make_petition(tree, "answered")
    case_id = request(gql(tree.user("county_a", "registrar")), original.pk)[
        "reviewLink"
    ]["targetPetitionId"]
    before = state_of_units(tree)

    # when the city tries to transfer it back down to county_b
    payload = gql(tree.user("city", "registrar")).ok(
        TRANSFER, {"input": {"petitionId": case_id, "targetCode": "320104"}}
    )["petitionTransfer"]

    # then it is refused and nothing changed
    assert (payload["link"], payload["errors"]) == (None, [{"code": "REVIEW_CASE"}])
    assert state_of_units(tree) == before


def test_a_review_decision_failing_half_way_leaves_both_units_unchanged(
    tree, gql, monkeypatch
):
    # given a 复查 case at the city, and an error injected after the city's
    # case is closed but before county_a's timeline hears of it
    original = make_petition(tree, "answered")
    case_id = request(gql(tree.user("county_a", "registrar")), original.pk)[
        "reviewLink"
    ]["targetPetitionId"]
    before = state_of_units(tree)

    def broken(*args, **kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(crosslevel_petitions, "linked_review_decided", broken)

    # when the city's leader decides
    status, body = gql(tree.user("city", "leader")).execute(
        DECIDE, {"petitionId": case_id, **opinion()}
    )

    # then it failed and neither unit has anything new
    assert body["data"]["reviewDecide"] is None
    # The caller sees only the request id, never the exception's text.
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INTERNAL_ERROR"
    assert (
        error["message"] == f"系统内部错误（编号 {error['extensions']['requestId']}）"
    )
    assert state_of_units(tree) == before
    assert row(tree, "city", case_id).status == "accepted"
