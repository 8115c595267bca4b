"""Repeat, skip-level and multi-send detection (重复信访, 越级访, 一信多投)
across the tree through GraphQL."""

from supervision.crosslevel.services import links as link_services
from supervision.facts.models import CaseFact
from tests.factories.crosslevel import petition_fact
from tests.factories.supervision import CITIZEN_ID, in_unit
from tests.graphql_api.crosslevel.flows import LETTER, SCAN, person, scan
from tests.graphql_api.supervision.gql import REGISTER
from tests.graphql_api.supervision.test_lifecycle import register_input
from tests.graphql_api.twins import assert_page_twin


def test_skip_level_detected_when_open_below(tree, gql):
    # given the same person's petition open at county_a
    lower = petition_fact(tree, "county_a", petitioners=person(CITIZEN_ID))
    scan(gql, tree, "county_a", lower)
    # when the person goes to the city with another letter on the same matter
    upper = petition_fact(
        tree,
        "city",
        petitioners=person(CITIZEN_ID),
        content="再次反映，县里没有答复。",
    )
    data = scan(gql, tree, "city", upper)
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
    first = petition_fact(tree, "county_b", content=LETTER, petitioners=person())
    scan(gql, tree, "county_b", first)
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
        petition_fact(tree, "county_a", petitioners=person(phone="13912345678"))
        for _ in range(3)
    ]
    results = [scan(gql, tree, "county_a", fact) for fact in facts]
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
    fact = petition_fact(tree, "city", petitioners=person(phone="13912345678"))
    scan(gql, tree, "city", fact)
    with in_unit(tree.units["city"]):
        link = link_services.petition_transfer(
            actor=tree.user("city", "registrar"),
            petition_id=fact.petition_id,
            target_code="320102",
        )
    received = CaseFact.objects.get(petition_id=link.target_petition_id)
    assert scan(gql, tree, "county_a", received)["matches"] == []
