"""Every petition mutation, over anonymous, township clerk, county officer,
sibling county and province supervisor: only the county officer may act, and a
denied call changes nothing (no event, no fact change, no status change)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from graphql_api.schema import schema
from supervision.facts.models import CaseFact
from supervision.models import Petition, PetitionEvent
from supervision.services.handling import extension_request
from tests.factories.supervision import OPINION, in_unit, make_petition
from tests.graphql_api.supervision import gql as docs

TODAY = timezone.localdate()


def _route(tree):
    handler = tree.user("county_a", "handler")
    return {"departmentId": str(handler.department_id), "handlerId": str(handler.pk)}


# mutation document, state the petition is brought to, the county role that may
# act, extra variables.
CASES = {
    "petitionAccept": (docs.ACCEPT, "registered", "registrar", lambda t: {}),
    "petitionDecline": (
        docs.DECLINE,
        "registered",
        "registrar",
        lambda t: {"ground": "FINAL"},
    ),
    "petitionRefer": (
        docs.REFER,
        "registered",
        "registrar",
        lambda t: {"target": "LITIGATION", "referTo": "玄武区人民法院"},
    ),
    "petitionRoute": (docs.ROUTE, "accepted", "registrar", _route),
    "petitionInstruct": (
        docs.INSTRUCT,
        "handling",
        "leader",
        lambda t: {"content": "请干部监督科认真核查，按期办结。"},
    ),
    "petitionAssignOwner": (
        docs.ASSIGN_OWNER,
        "handling",
        "leader",
        lambda t: {"leaderId": str(t.user("county_a", "leader").pk)},
    ),
    "petitionRecuse": (
        docs.RECUSE,
        "handling",
        "head",
        lambda t: {
            "userId": str(t.user("county_a", "handler").pk),
            "reason": "与信访人系近亲属",
        },
    ),
    "handlingRecordAdd": (
        docs.RECORD,
        "handling",
        "handler",
        lambda t: {
            "kind": "INVESTIGATION",
            "occurredOn": TODAY.isoformat(),
            "content": "调阅干部档案",
        },
    ),
    "petitionConclude": (
        docs.CONCLUDE,
        "handling",
        "handler",
        lambda t: {
            "summary": "已调查",
            "request": OPINION["request"],
            "facts": OPINION["facts"],
            "reasons": OPINION["reasons"],
            "legalBasis": OPINION["legal_basis"],
            "decision": "EXPLAIN",
        },
    ),
    "extensionRequest": (
        docs.EXTENSION_REQUEST,
        "handling",
        "handler",
        lambda t: {"days": 20, "reason": "需外调"},
    ),
    "closureSubmit": (docs.SUBMIT, "concluded", "handler", lambda t: {}),
    "closureApprove": (docs.APPROVE, "awaiting_closure", "leader", lambda t: {}),
    "closureReturn": (
        docs.RETURN,
        "awaiting_closure",
        "leader",
        lambda t: {"reason": "补充调查"},
    ),
    "feedbackRecord": (
        docs.FEEDBACK,
        "closed",
        "registrar",
        lambda t: {"givenOn": TODAY.isoformat(), "content": "已反馈"},
    ),
    "returnVisitRecord": (
        docs.RETURN_VISIT,
        "answered",
        "registrar",
        lambda t: {"visitedOn": TODAY.isoformat(), "satisfaction": "SATISFIED"},
    ),
    "petitionArchive": (docs.ARCHIVE, "answered", "registrar", lambda t: {}),
    "reviewRequest": (
        docs.REVIEW,
        "answered",
        "registrar",
        lambda t: {"requestedOn": TODAY.isoformat()},
    ),
}
ACTORS = {
    "anonymous": None,
    "township clerk": ("township", "liaison"),
    "county officer": ("county_a", None),
    "sibling county": ("county_b", None),
    "province supervisor": ("province", "supervisor"),
}


def _snapshot(tree, petition):
    with in_unit(tree.units["county_a"]):
        row = Petition.objects.get(pk=petition.pk)
        events = PetitionEvent.objects.filter(petition=petition).count()
    fact = CaseFact.objects.get(petition_id=petition.pk)
    return (row.status, row.updated_at, events, fact.status, fact.updated_at)


def _permissions(name: str) -> tuple[str, ...]:
    field = schema.graphql_schema.mutation_type.fields[name]
    return field.resolve.__self__._meta.permissions


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", CASES)
def test_mutation_authorization(tree, gql, name, actor):
    document, state, role, extra = CASES[name]
    petition = make_petition(tree, state)
    unit_key, role_key = ACTORS[actor] or (None, None)
    user = tree.user(unit_key, role_key or role) if unit_key else None
    before = _snapshot(tree, petition)

    data = gql(user).ok(document, {"petitionId": str(petition.pk), **extra(tree)})

    payload = data[name]
    if actor == "county officer":
        assert payload["errors"] == []
        assert payload["petition"]["id"] == str(petition.pk)
        assert _snapshot(tree, petition)[2] == before[2] + 1
        return
    if user is None:
        expected = "UNAUTHENTICATED"
    else:
        # Staff of another unit who hold the permission do not find the case.
        holds = all(user.has_unit_permission(p) for p in _permissions(name))
        expected = "NOT_FOUND" if holds else "PERMISSION_DENIED"
    assert payload["petition"] is None
    assert [error["code"] for error in payload["errors"]] == [expected]
    assert _snapshot(tree, petition) == before


def test_extension_decisions_need_a_leader(tree, gql):
    petition = make_petition(tree, "handling")
    with in_unit(tree.units["county_a"]):
        extension_request(
            actor=tree.user("county_a", "handler"),
            petition_id=petition.pk,
            days=10,
            reason="需外调",
        )
    variables = {"petitionId": str(petition.pk)}
    for document, extra in (
        (docs.EXTENSION_APPROVE, {"petitionerToldOn": TODAY.isoformat()}),
        (docs.EXTENSION_REJECT, {"reason": "不同意"}),
    ):
        for user, expected in (
            (None, "UNAUTHENTICATED"),
            (tree.user("township", "liaison"), "PERMISSION_DENIED"),
            (tree.user("county_a", "handler"), "PERMISSION_DENIED"),
            (tree.user("county_b", "leader"), "NOT_FOUND"),
            (tree.user("province", "supervisor"), "PERMISSION_DENIED"),
        ):
            data = gql(user).ok(document, {**variables, **extra})
            payload = next(iter(data.values()))
            assert [e["code"] for e in payload["errors"]] == [expected]
    result = gql(tree.user("county_a", "leader")).ok(
        docs.EXTENSION_APPROVE, {**variables, "petitionerToldOn": TODAY.isoformat()}
    )["extensionApprove"]
    assert (result["errors"], result["petition"]["extensionStatus"]) == (
        [],
        "APPROVED",
    )


RECEPTION_DAY = """
mutation($heldOn: Date!, $leaderId: ID!, $place: String!) {
  receptionDayCreate(heldOn: $heldOn, leaderId: $leaderId, place: $place) {
    receptionDay { heldOn place leader { username } }
    errors { code }
  }
}"""


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (None, "UNAUTHENTICATED"),
        (("township", "liaison"), "INVALID_LEADER"),
        (("county_a", "registrar"), None),
        (("county_b", "registrar"), "INVALID_LEADER"),
        (("province", "supervisor"), "PERMISSION_DENIED"),
    ],
)
def test_reception_day_create_authorization(tree, gql, actor, expected):
    user = tree.user(*actor) if actor else None
    leader = tree.user("county_a", "leader")
    data = gql(user).ok(
        RECEPTION_DAY,
        {
            "heldOn": (TODAY - datetime.timedelta(days=1)).isoformat(),
            "leaderId": str(leader.pk),
            "place": "区委组织部接待室",
        },
    )["receptionDayCreate"]
    if expected is None:
        assert data == {
            "receptionDay": {
                "heldOn": (TODAY - datetime.timedelta(days=1)).isoformat(),
                "place": "区委组织部接待室",
                "leader": {"username": "county_a_leader"},
            },
            "errors": [],
        }
    else:
        assert data == {"receptionDay": None, "errors": [{"code": expected}]}
