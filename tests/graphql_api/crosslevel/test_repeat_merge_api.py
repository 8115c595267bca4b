"""Merging (并案) and dismissing repeat matches through GraphQL."""

from __future__ import annotations

import json

import pytest

from supervision.crosslevel.models import RepeatMatch
from supervision.facts.models import CaseFact
from supervision.services.attachments import attachment_add
from tests.factories.crosslevel import petition_fact, snapshot
from tests.factories.supervision import CITIZEN_ID, in_unit
from tests.graphql_api.crosslevel.flows import (
    SCAN,
    assert_facts_equal_a_rebuild,
    person,
)
from tests.graphql_api.crosslevel.test_authorization import (
    ANONYMOUS,
    COUNTY_OFFICER,
    PROVINCE_SUPERVISOR,
    SIBLING_COUNTY,
    TOWNSHIP_CLERK,
)
from tests.graphql_api.twins import assert_page_twin

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
MATCHES = """query($id: UUID!) { repeatMatches(petitionId: $id) {
  id kind state matchedUnitCode isMergeOffered } }"""
MERGE = """mutation($id: ID!, $note: String) { repeatMatchMerge(matchId: $id, note: $note) {
  match { id state decisionNote matchedTrackingNumber }
  errors { code message field } } }"""
DISMISS = """mutation($id: ID!, $note: String) {
  repeatMatchDismiss(matchId: $id, note: $note) {
    match { id state decisionNote } errors { code message field } } }"""
CASE = """query($id: ID!) { petition(id: $id) {
  trackingNumber status closedOn
  events { action note after }
  mergedInto { trackingNumber }
  mergedPetitions { trackingNumber petitioners { name } attachments { originalName } }
} }"""


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _repeat_pair(tree, gql, unit_key="county_a"):
    """An earlier and a later petition of one person in one unit, matched."""
    earlier = petition_fact(tree, unit_key, petitioners=person(CITIZEN_ID))
    later = petition_fact(tree, unit_key, petitioners=person(CITIZEN_ID))
    client = gql(tree.user(unit_key, "registrar"))
    for fact in (earlier, later):
        client.ok(SCAN, {"id": str(fact.petition_id)})
    match = RepeatMatch.objects.get(petition_id=later.petition_id)
    return earlier, later, match


def test_merge_within_a_unit_closes_the_later_case_on_both_timelines(tree, gql, media):
    # given two petitions of one person at county_a, the later with an attachment
    earlier, later, match = _repeat_pair(tree, gql)
    registrar = tree.user("county_a", "registrar")
    with in_unit(tree.units["county_a"]):
        attachment_add(
            actor=registrar,
            petition_id=later.petition_id,
            name="补充材料.pdf",
            chunks=[PDF],
        )
    client = gql(registrar)
    listed = client.ok(MATCHES, {"id": str(later.petition_id)})["repeatMatches"]
    assert_page_twin(
        client,
        "repeatMatches",
        "id kind state matchedUnitCode matchedTrackingNumber isMergeOffered",
        f'petitionId: "{later.petition_id}"',
    )
    assert listed == [
        {
            "id": str(match.pk),
            "kind": "REPEAT",
            "state": "OPEN",
            "matchedUnitCode": "320102",
            "isMergeOffered": True,
        }
    ]
    # when the registrar merges the later into the earlier
    data = client.ok(MERGE, {"id": str(match.pk), "note": "同一事项"})[
        "repeatMatchMerge"
    ]
    # then the match is merged and points at the earlier case
    assert data == {
        "match": {
            "id": str(match.pk),
            "state": "MERGED",
            "decisionNote": "同一事项",
            "matchedTrackingNumber": earlier.tracking_number,
        },
        "errors": [],
    }
    # and the later case is closed, its timeline says where it went
    later_case = client.ok(CASE, {"id": str(later.petition_id)})["petition"]
    assert later_case["status"] == "CLOSED"
    assert later_case["mergedInto"] == {"trackingNumber": earlier.tracking_number}
    assert later_case["events"][-1]["action"] == "CLOSURE_APPROVED"
    assert later_case["events"][-1]["note"] == (
        f"作为重复件并入{earlier.tracking_number}办理：同一事项"
    )
    assert json.loads(later_case["events"][-1]["after"])["merged_into"] == (
        earlier.tracking_number
    )
    # and the earlier case records it and shows the later one's parties and files
    earlier_case = client.ok(CASE, {"id": str(earlier.petition_id)})["petition"]
    assert earlier_case["status"] == "ACCEPTED"
    assert earlier_case["events"][-1]["note"] == (
        f"重复件{later.tracking_number}并入本件办理"
    )
    assert earlier_case["mergedPetitions"] == [
        {
            "trackingNumber": later.tracking_number,
            "petitioners": [{"name": "张某某"}],
            "attachments": [{"originalName": "补充材料.pdf"}],
        }
    ]
    assert earlier_case["mergedInto"] is None
    # and the facts count the matter once as open, the later as merged
    facts = {
        fact.petition_id: fact
        for fact in CaseFact.objects.filter(
            petition_id__in=[earlier.petition_id, later.petition_id]
        )
    }
    assert [
        (f.status, f.is_open, f.is_accepted, f.is_repeat, f.closed_in_time)
        for f in (facts[earlier.petition_id], facts[later.petition_id])
    ] == [("accepted", True, True, False, None), ("merged", False, None, True, None)]
    assert_facts_equal_a_rebuild(tree)


def test_merging_twice_has_no_double_effect(tree, gql):
    # given a merged repeat
    earlier, later, match = _repeat_pair(tree, gql)
    client = gql(tree.user("county_a", "registrar"))
    client.ok(MERGE, {"id": str(match.pk)})
    before = snapshot()
    # when the same merge is submitted again
    data = client.ok(MERGE, {"id": str(match.pk)})["repeatMatchMerge"]
    # then it answers the merged match and nothing changed
    assert (data["match"]["state"], data["errors"]) == ("MERGED", [])
    assert snapshot() == before


def test_merge_across_units_is_refused_and_the_match_stays_linked(tree, gql):
    # given the same person open at county_a and then at the city (skip-level)
    lower = petition_fact(tree, "county_a", petitioners=person(CITIZEN_ID))
    gql(tree.user("county_a", "registrar")).ok(SCAN, {"id": str(lower.petition_id)})
    upper = petition_fact(tree, "city", petitioners=person(CITIZEN_ID))
    city = gql(tree.user("city", "registrar"))
    city.ok(SCAN, {"id": str(upper.petition_id)})
    match = RepeatMatch.objects.get(petition_id=upper.petition_id)
    before = snapshot()
    # when the city tries to merge its case into county_a's
    data = city.ok(MERGE, {"id": str(match.pk)})["repeatMatchMerge"]
    # then it is refused with a clear code and nothing changed
    assert data["match"] is None
    assert [(e["code"], e["field"]) for e in data["errors"]] == [
        ("CROSS_UNIT_MERGE", "matchId")
    ]
    assert "跨单位" in data["errors"][0]["message"]
    assert snapshot() == before
    assert city.ok(MATCHES, {"id": str(upper.petition_id)})["repeatMatches"] == [
        {
            "id": str(match.pk),
            "kind": "SKIP_LEVEL",
            "state": "OPEN",
            "matchedUnitCode": "320102",
            "isMergeOffered": False,
        }
    ]


def test_merge_into_a_closed_earlier_case_is_refused(tree, gql):
    from tests.factories.crosslevel import close_petition

    earlier, later, match = _repeat_pair(tree, gql)
    close_petition(tree, "county_a", earlier.petition_id)
    before = snapshot()
    data = gql(tree.user("county_a", "registrar")).ok(MERGE, {"id": str(match.pk)})[
        "repeatMatchMerge"
    ]
    assert [e["code"] for e in data["errors"]] == ["EARLIER_CASE_CLOSED"]
    assert snapshot() == before


def test_dismissing_a_false_match_drops_the_flag_and_blocks_merging(tree, gql):
    # given the same letter received at county_b and other_county (multi-send)
    first = petition_fact(tree, "county_b", petitioners=person(phone="13912345678"))
    gql(tree.user("county_b", "registrar")).ok(SCAN, {"id": str(first.petition_id)})
    second = petition_fact(
        tree, "other_county", petitioners=person(phone="13912345678")
    )
    client = gql(tree.user("other_county", "registrar"))
    client.ok(SCAN, {"id": str(second.petition_id)})
    match = RepeatMatch.objects.get(petition_id=second.petition_id)
    assert CaseFact.objects.get(petition_id=second.petition_id).is_multi_send is True
    # when other_county finds it is not the same matter and dismisses it
    data = client.ok(DISMISS, {"id": str(match.pk), "note": "不同事项"})[
        "repeatMatchDismiss"
    ]
    # then the match is dismissed and the fact no longer counts it
    assert data == {
        "match": {
            "id": str(match.pk),
            "state": "DISMISSED",
            "decisionNote": "不同事项",
        },
        "errors": [],
    }
    fact = CaseFact.objects.get(petition_id=second.petition_id)
    assert (fact.is_multi_send, fact.is_repeat, fact.is_open) == (False, False, True)
    events = client.ok(CASE, {"id": str(second.petition_id)})["petition"]["events"]
    assert events[-1]["note"] == (
        f"经核实与{tree.units['county_b'].name}的在先信访件不是重复件：不同事项"
    )
    # and dismissing again changes nothing; merging it is refused
    before = snapshot()
    again = client.ok(DISMISS, {"id": str(match.pk)})["repeatMatchDismiss"]
    assert (again["match"]["state"], again["errors"]) == ("DISMISSED", [])
    merged = client.ok(MERGE, {"id": str(match.pk)})["repeatMatchMerge"]
    assert [e["code"] for e in merged["errors"]] == ["CROSS_UNIT_MERGE"]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (ANONYMOUS, "UNAUTHENTICATED"),
        (TOWNSHIP_CLERK, "NOT_FOUND"),
        (COUNTY_OFFICER, None),
        (SIBLING_COUNTY, "NOT_FOUND"),
        (PROVINCE_SUPERVISOR, "PERMISSION_DENIED"),
    ],
)
@pytest.mark.parametrize(
    ("mutation", "field", "state"),
    [
        (MERGE, "repeatMatchMerge", "MERGED"),
        (DISMISS, "repeatMatchDismiss", "DISMISSED"),
    ],
)
def test_repeat_match_decision_authorization(
    tree, gql, actor, expected, mutation, field, state
):
    # given a repeat match at county_a
    earlier, later, match = _repeat_pair(tree, gql)
    user = tree.user(*actor) if actor else None
    before = snapshot()
    # when the actor decides on it
    data = gql(user).ok(mutation, {"id": str(match.pk)})[field]
    # then only county_a's registrar may; a denial changes nothing
    codes = [error["code"] for error in data["errors"]]
    if expected is None:
        assert (codes, data["match"]["state"]) == ([], state)
    else:
        assert codes == [expected]
        assert data["match"] is None
        assert snapshot() == before
        assert RepeatMatch.objects.get(pk=match.pk).state == "open"


SUBTREE_MATCHES = """{ subtreeRepeatMatches { kind state unitCode trackingNumber
  matchedUnitCode matchedTrackingNumber } }"""


def test_a_match_across_branches_is_seen_by_the_common_ancestor_only(
    tree, gql, django_assert_num_queries
):
    # given the same person's letters at county_b and other_county (two cities)
    first = petition_fact(tree, "county_b", petitioners=person(phone="13912345678"))
    gql(tree.user("county_b", "registrar")).ok(SCAN, {"id": str(first.petition_id)})
    second = petition_fact(
        tree, "other_county", petitioners=person(phone="13912345678")
    )
    gql(tree.user("other_county", "registrar")).ok(
        SCAN, {"id": str(second.petition_id)}
    )
    # when the province and each city look at their subtree's matches
    province = gql(tree.user("province", "supervisor"))
    with django_assert_num_queries(7):
        seen = province.ok(SUBTREE_MATCHES)["subtreeRepeatMatches"]
    # then only the province, above both branches, sees the match
    assert seen == [
        {
            "kind": "MULTI_SEND",
            "state": "OPEN",
            "unitCode": "320213",
            "trackingNumber": second.tracking_number,
            "matchedUnitCode": "320104",
            "matchedTrackingNumber": first.tracking_number,
        }
    ]
    assert_page_twin(
        province,
        "subtreeRepeatMatches",
        "kind state unitCode trackingNumber matchedUnitCode matchedTrackingNumber",
    )
    for city in ("city", "other_city"):
        assert gql(tree.user(city, "supervisor")).ok(SUBTREE_MATCHES) == {
            "subtreeRepeatMatches": []
        }
    # and a registrar without the subtree view sees none
    assert gql(tree.user("other_county", "registrar")).ok(SUBTREE_MATCHES) == {
        "subtreeRepeatMatches": []
    }


def test_merging_a_case_assigned_down_is_refused(tree, gql):
    from tests.graphql_api.crosslevel.flows import ASSIGN, send

    # given the later of two repeats at county_a was assigned to the township
    earlier, later, match = _repeat_pair(tree, gql)
    client = gql(tree.user("county_a", "registrar"))
    sent = send(client, ASSIGN, "petitionAssign", later.petition_id, "320102002")
    assert sent["errors"] == []
    before = snapshot()
    # when the county merges it
    data = client.ok(MERGE, {"id": str(match.pk)})["repeatMatchMerge"]
    # then it is refused while the township works on it; nothing changed
    assert [e["code"] for e in data["errors"]] == ["CASE_IN_FLOW"]
    assert snapshot() == before


def test_scanning_again_keeps_a_dismissed_match_dismissed(tree, gql):
    # given a multi-send across branches that other_county dismissed
    first = petition_fact(tree, "county_b", petitioners=person(phone="13912345678"))
    gql(tree.user("county_b", "registrar")).ok(SCAN, {"id": str(first.petition_id)})
    second = petition_fact(
        tree, "other_county", petitioners=person(phone="13912345678")
    )
    client = gql(tree.user("other_county", "registrar"))
    client.ok(SCAN, {"id": str(second.petition_id)})
    match = RepeatMatch.objects.get(petition_id=second.petition_id)
    client.ok(DISMISS, {"id": str(match.pk)})
    # when the petition is scanned again
    client.ok(SCAN, {"id": str(second.petition_id)})
    # then the match stays dismissed and the fact unflagged, as a rebuild says
    assert RepeatMatch.objects.get(pk=match.pk).state == "dismissed"
    assert CaseFact.objects.get(petition_id=second.petition_id).is_multi_send is False
    assert_facts_equal_a_rebuild(tree)
