"""`petition { allowedActions }` lists exactly what the server would accept:
for case states × roles, each listed action succeeds when called and each
unlisted one is refused with nothing stored."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from graphql_api.crosslevel.mutations import links, reviews
from graphql_api.supervision.mutations import (
    acceptance,
    closure,
    handling,
    routing,
)
from supervision.models import PetitionEvent
from supervision.selectors import ACTION_PERMISSIONS, PetitionAction
from supervision.services import handling as handling_services
from tests.factories.supervision import OPINION, in_unit, make_petition
from tests.graphql_api.supervision import gql as docs

TODAY = timezone.localdate().isoformat()
ALLOWED = """
query($id: ID!) { petition(id: $id) { status allowedActions { action label } } }
"""
ROLES = ("registrar", "handler", "head", "leader", "supervisor")
STATES = (
    "registered",
    "accepted",
    "handling",
    "extension_requested",
    "concluded",
    "awaiting_closure",
    "closed",
    "answered",
)


def _arguments(tree, unit: str = "county_a") -> dict[str, tuple[str, dict]]:
    """Each action's mutation with arguments the service would take."""
    handler = tree.user(unit, "handler")
    return {
        "ACCEPT": (docs.ACCEPT, {}),
        "DECLINE": (docs.DECLINE, {"ground": "ALREADY_IN_PROGRESS"}),
        "REFER": (docs.REFER, {"target": "OTHER_BODY", "referTo": "市人力资源局"}),
        "ROUTE": (
            docs.ROUTE,
            {"departmentId": str(handler.department_id), "handlerId": str(handler.pk)},
        ),
        "INSTRUCT": (docs.INSTRUCT, {"content": "请认真核查，依规处理。"}),
        "ASSIGN_OWNER": (
            docs.ASSIGN_OWNER,
            {"leaderId": str(tree.user(unit, "leader").pk)},
        ),
        "RECUSE": (
            docs.RECUSE,
            {"userId": str(tree.user(unit, "admin").pk), "reason": "系信访人近亲属"},
        ),
        "HANDLING_RECORD_ADD": (
            docs.RECORD,
            {"kind": "INTERVIEW", "occurredOn": TODAY, "content": "约谈了解情况。"},
        ),
        "CONCLUDE": (
            docs.CONCLUDE,
            {
                "summary": "经核查，推荐程序符合规定。",
                "request": OPINION["request"],
                "facts": OPINION["facts"],
                "reasons": OPINION["reasons"],
                "legalBasis": OPINION["legal_basis"],
                "decision": "REJECT",
            },
        ),
        "EXTENSION_REQUEST": (
            docs.EXTENSION_REQUEST,
            {"days": 20, "reason": "涉及人员多，需进一步调查。"},
        ),
        "EXTENSION_APPROVE": (docs.EXTENSION_APPROVE, {"petitionerToldOn": TODAY}),
        "EXTENSION_REJECT": (docs.EXTENSION_REJECT, {"reason": "理由不充分"}),
        "CLOSURE_SUBMIT": (docs.SUBMIT, {}),
        "CLOSURE_APPROVE": (docs.APPROVE, {}),
        "CLOSURE_RETURN": (docs.RETURN, {"reason": "事实不清，请补充核查。"}),
        "FEEDBACK_RECORD": (
            docs.FEEDBACK,
            {"givenOn": TODAY, "content": "已当面向信访人出示办理结论。"},
        ),
        "RETURN_VISIT_RECORD": (
            docs.RETURN_VISIT,
            {"visitedOn": TODAY, "satisfaction": "SATISFIED"},
        ),
        "ARCHIVE": (docs.ARCHIVE, {}),
        "REVIEW_REQUEST": (docs.REVIEW, {"requestedOn": TODAY}),
        "REVIEW_DECIDE": (
            docs.REVIEW_DECIDE,
            {
                "decision": "UPHOLD",
                "request": OPINION["request"],
                "facts": OPINION["facts"],
                "reasons": OPINION["reasons"],
                "legalBasis": OPINION["legal_basis"],
            },
        ),
    }


# An open case of a county, which has a unit above and one below, may be sent
# either way by those who may send cases (features/crosslevel).
SEND = ["TRANSFER", "ASSIGN", "ESCALATE"]


def _petition_in(tree, state: str):
    if state != "extension_requested":
        return make_petition(tree, state)
    petition = make_petition(tree, "handling")
    with in_unit(tree.units["county_a"]):
        handling_services.extension_request(
            actor=tree.user("county_a", "handler"),
            petition_id=petition.pk,
            days=15,
            reason="需调取外地档案",
        )
    return petition


def _event_count(tree, unit, petition_id) -> int:
    with in_unit(tree.units[unit]):
        return PetitionEvent.objects.filter(petition_id=petition_id).count()


def _attempt(tree, unit, client, document, variables) -> list[str]:
    """Call the mutation inside a savepoint rolled back after: its error codes;
    a refused call has stored no event."""
    savepoint = transaction.savepoint()
    try:
        before = _event_count(tree, unit, variables["petitionId"])
        payload = next(iter(client.ok(document, variables).values()))
        if payload["errors"]:
            assert payload["petition"] is None
            assert _event_count(tree, unit, variables["petitionId"]) == before
    finally:
        transaction.savepoint_rollback(savepoint)
    return [error["code"] for error in payload["errors"]]


def _check_every_action(tree, gql, unit: str, petition_id) -> dict[str, list]:
    """For each role: what it is offered; each offered action succeeds and
    each other one is refused. Answers the offers by role."""
    arguments = _arguments(tree, unit)
    offers = {}
    for role in ROLES:
        client = gql(tree.user(unit, role))
        listed = [
            item["action"]
            for item in client.ok(ALLOWED, {"id": str(petition_id)})["petition"][
                "allowedActions"
            ]
        ]
        offers[role] = listed
        for action, (document, variables) in arguments.items():
            codes = _attempt(
                tree,
                unit,
                client,
                document,
                {"petitionId": str(petition_id), **variables},
            )
            if action in listed:
                assert codes == [], (unit, role, action, codes)
            else:
                assert codes != [], (unit, role, action, "succeeded but not listed")
    return offers


@pytest.mark.parametrize("state", STATES)
def test_listed_actions_succeed_and_the_others_are_refused(tree, gql, state):
    # given a case of county_a in `state`
    petition = _petition_in(tree, state)

    # when each role asks what it may do, then tries every action
    offers = _check_every_action(tree, gql, "county_a", petition.pk)

    # then (checked inside) offers and answers agree; someone may act on it
    assert any(offers.values())


def test_the_unit_above_decides_a_review_case_as_offered(tree, gql):
    # given county_a's answered appeal, the petitioner asking for 复查
    petition = make_petition(tree, "answered")
    requested = gql(tree.user("county_a", "registrar")).ok(
        docs.REVIEW_UP, {"petitionId": str(petition.pk), "requestedOn": TODAY}
    )["reviewRequest"]
    assert requested["errors"] == []
    review_case = requested["reviewLink"]["targetPetitionId"]

    # when the city's staff look at the review case and try every action
    offers = _check_every_action(tree, gql, "city", review_case)

    # then only the city's leader is offered the 复查意见 (and it is taken)
    assert [role for role, listed in offers.items() if "REVIEW_DECIDE" in listed] == [
        "leader"
    ]


@pytest.mark.parametrize(
    ("state", "role", "expected"),
    [
        (
            "registered",
            "registrar",
            ["ACCEPT", "DECLINE", "REFER", "RECUSE", "ATTACHMENT_ADD", *SEND],
        ),
        ("registered", "supervisor", []),
        (
            "handling",
            "handler",
            [
                "HANDLING_RECORD_ADD",
                "CONCLUDE",
                "EXTENSION_REQUEST",
                "ATTACHMENT_ADD",
            ],
        ),
        (
            "extension_requested",
            "leader",
            [
                "ROUTE",
                "INSTRUCT",
                "ASSIGN_OWNER",
                "RECUSE",
                "EXTENSION_APPROVE",
                "EXTENSION_REJECT",
                *SEND,
            ],
        ),
        (
            "awaiting_closure",
            "leader",
            [
                "INSTRUCT",
                "ASSIGN_OWNER",
                "RECUSE",
                "CLOSURE_APPROVE",
                "CLOSURE_RETURN",
                *SEND,
            ],
        ),
        (
            "answered",
            "registrar",
            [
                "RECUSE",
                "FEEDBACK_RECORD",
                "RETURN_VISIT_RECORD",
                "ARCHIVE",
                "REVIEW_REQUEST",
                "ATTACHMENT_ADD",
            ],
        ),
    ],
)
def test_allowed_actions_of_a_role_in_a_state(tree, gql, state, role, expected):
    petition = _petition_in(tree, state)

    data = gql(tree.user("county_a", role)).ok(ALLOWED, {"id": str(petition.pk)})

    actions = data["petition"]["allowedActions"]
    assert [item["action"] for item in actions] == expected
    assert all(
        item["label"] == PetitionAction[item["action"]].label for item in actions
    )


def test_a_recused_member_of_staff_sees_no_case_and_no_action(tree, gql):
    petition = make_petition(tree, "handling")
    leader = gql(tree.user("county_a", "leader"))
    handler = tree.user("county_a", "handler")
    recused = leader.ok(
        docs.RECUSE,
        {"petitionId": str(petition.pk), "userId": str(handler.pk), "reason": "亲属"},
    )
    assert recused["petitionRecuse"]["errors"] == []

    data = gql(handler).ok(ALLOWED, {"id": str(petition.pk)})

    assert data["petition"] is None


MUTATIONS = {
    PetitionAction.ACCEPT: acceptance.PetitionAccept,
    PetitionAction.DECLINE: acceptance.PetitionDecline,
    PetitionAction.REFER: acceptance.PetitionRefer,
    PetitionAction.ROUTE: routing.PetitionRoute,
    PetitionAction.INSTRUCT: routing.PetitionInstruct,
    PetitionAction.ASSIGN_OWNER: routing.PetitionAssignOwner,
    PetitionAction.RECUSE: routing.PetitionRecuse,
    PetitionAction.HANDLING_RECORD_ADD: handling.HandlingRecordAdd,
    PetitionAction.CONCLUDE: handling.PetitionConclude,
    PetitionAction.EXTENSION_REQUEST: handling.ExtensionRequest,
    PetitionAction.EXTENSION_APPROVE: handling.ExtensionApprove,
    PetitionAction.EXTENSION_REJECT: handling.ExtensionReject,
    PetitionAction.CLOSURE_SUBMIT: closure.ClosureSubmit,
    PetitionAction.CLOSURE_APPROVE: closure.ClosureApprove,
    PetitionAction.CLOSURE_RETURN: closure.ClosureReturn,
    PetitionAction.FEEDBACK_RECORD: closure.FeedbackRecord,
    PetitionAction.RETURN_VISIT_RECORD: closure.ReturnVisitRecord,
    PetitionAction.ARCHIVE: closure.PetitionArchive,
    PetitionAction.REVIEW_REQUEST: reviews.ReviewRequest,
    PetitionAction.REVIEW_DECIDE: reviews.ReviewDecide,
    PetitionAction.TRANSFER: links.PetitionTransfer,
    PetitionAction.ASSIGN: links.PetitionAssign,
    PetitionAction.ESCALATE: links.PetitionEscalate,
}


def test_each_action_needs_the_permission_its_mutation_declares():
    declared = {
        action: tuple(mutation._meta.permissions)
        for action, mutation in MUTATIONS.items()
    }
    assert declared == ACTION_PERMISSIONS
