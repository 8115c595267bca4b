"""Online petitions (网上信访) go through the same cross-tree repeat scan."""

from __future__ import annotations

from supervision.facts.models import CaseFact
from tests.graphql_api.crosslevel.flows import LETTER
from tests.graphql_api.crosslevel.test_registration_accused_unit_api import REGISTER
from tests.graphql_api.supervision.test_lifecycle import register_input

MATCHES = """query($id: UUID!) { repeatMatches(petitionId: $id) {
  kind basis matchedUnitCode isMergeOffered } }"""


def _online(content):
    return {
        "input": {
            **register_input("SUGGESTION"),
            "channel": "ONLINE",
            "content": content,
            "petitioners": [{"name": "张某某"}],
        }
    }


def test_online_petition_is_flagged_multi_send_across_two_branches(tree, gql):
    # given an online letter registered by county_b (Nanjing branch)
    county_b = gql(tree.user("county_b", "registrar"))
    first = county_b.ok(REGISTER, _online(LETTER))["petitionRegister"]
    assert first["errors"] == []
    # when the same letter submitted online to other_county (Wuxi) is registered
    other = gql(tree.user("other_county", "registrar"))
    second = other.ok(REGISTER, _online("梁溪区委组织部：" + LETTER))[
        "petitionRegister"
    ]
    second_id = second["petition"]["id"]
    # then it is linked to the first as a multi-send and its fact is flagged
    assert other.ok(MATCHES, {"id": second_id})["repeatMatches"] == [
        {
            "kind": "MULTI_SEND",
            "basis": "CONTENT",
            "matchedUnitCode": None,
            "isMergeOffered": False,
        }
    ]
    fact = CaseFact.objects.get(petition_id=second_id)
    assert (fact.channel, fact.is_multi_send) == ("online", True)
    # and county_b's earlier case is not flagged by the later one
    assert CaseFact.objects.get(petition_id=first["petition"]["id"]).is_multi_send is (
        False
    )
