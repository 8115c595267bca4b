"""首问负责: whoever first decides on an online petition becomes its registrar."""

from __future__ import annotations

import json

import pytest

from supervision.models import Petition
from tests.factories.supervision import in_unit
from tests.graphql_api.crosslevel.test_online_api import REGISTER, submit
from tests.graphql_api.supervision import gql as docs
from tests.graphql_api.supervision.test_lifecycle import TODAY, call, register_input

PAYLOAD = "id status registrar { username } events { action actorName before after }"
ACCEPT = docs.mutation("petitionAccept", "petitionId: ID!", PAYLOAD)
DECLINE = docs.mutation(
    "petitionDecline", "petitionId: ID!, ground: DeclineGround!", PAYLOAD
)
REFER = docs.mutation(
    "petitionRefer", "petitionId: ID!, target: ReferTarget!, referTo: String!", PAYLOAD
)
DECISIONS = {
    "accept": (ACCEPT, {}, "ACCEPTED", "accepted"),
    "decline": (DECLINE, {"ground": "ALREADY_IN_PROGRESS"}, "DECLINED", "declined"),
    "refer": (
        REFER,
        {"target": "LITIGATION", "referTo": "玄武区人民法院"},
        "REFERRED",
        "referred",
    ),
}


def _online_petition_id(tree, gql) -> str:
    receipt = submit(gql())
    assert receipt["errors"] == []
    with in_unit(tree.units["county_a"]):
        petition = Petition.objects.get(public_number=receipt["trackingNumber"])
    assert petition.registrar_id is None
    return str(petition.pk)


@pytest.mark.parametrize("decision", ["accept", "decline", "refer"])
def test_the_first_decider_becomes_the_registrar_of_an_online_petition(
    tree, gql, decision
):
    # given: an online petition from the public, with no registrar
    petition_id = _online_petition_id(tree, gql)
    document, arguments, status, action = DECISIONS[decision]
    liaison = tree.user("county_a", "liaison")

    # when: the county's liaison decides on it
    result = call(gql(liaison), document, petitionId=petition_id, **arguments)

    # then: the liaison is its first receiver, in the decision's timeline entry
    assert result["status"] == status
    assert result["registrar"] == {"username": "county_a_liaison"}
    event = result["events"][-1]
    assert (event["action"], event["actorName"]) == (action.upper(), str(liaison))
    assert json.loads(event["before"])["registrar"] is None
    assert json.loads(event["after"])["registrar"] == liaison.pk
    with in_unit(tree.units["county_a"]):
        stored = Petition.objects.get(pk=petition_id)
    assert (stored.registrar_id, stored.status) == (liaison.pk, action)


def test_a_staff_registered_petition_keeps_its_registrar_whoever_decides(tree, gql):
    # given: a petition the county's registrar registered
    registrar = tree.user("county_a", "registrar")
    registered = gql(registrar).ok(REGISTER, {"input": register_input("SUGGESTION")})
    petition_id = registered["petitionRegister"]["petition"]["id"]

    # when: the liaison accepts it
    result = call(
        gql(tree.user("county_a", "liaison")),
        ACCEPT,
        petitionId=petition_id,
    )

    # then: the registrar is unchanged and the timeline records no registrar change
    assert result["registrar"] == {"username": "county_a_registrar"}
    assert json.loads(result["events"][-1]["after"]) == {
        "status": "accepted",
        "accepted_on": TODAY.isoformat(),
        "decided_on": TODAY.isoformat(),
        "decision_note": "",
    }
