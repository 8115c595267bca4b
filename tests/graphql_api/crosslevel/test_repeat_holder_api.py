"""Who learns which unit holds a repeat (issue 11 item 3)."""

from __future__ import annotations

import pytest

from supervision.crosslevel.models import RepeatMatch
from supervision.facts.models import CaseFact
from supervision.services.intake import AccusedData, PetitionerData
from tests.factories.crosslevel import petition_fact

SCAN = """mutation($id: UUID!) { petitionRepeatScan(petitionId: $id) {
  matches { kind basis isHolderShown matchedUnitCode matchedUnitName
            matchedTrackingNumber matchedPetitionId isMergeOffered }
  errors { code } } }"""
PHONE = "13912345678"
HIDDEN = {
    "kind": "REPEAT",
    "basis": "PETITIONER",
    "isHolderShown": False,
    "matchedUnitCode": None,
    "matchedUnitName": None,
    "matchedTrackingNumber": None,
    "matchedPetitionId": None,
    "isMergeOffered": False,
}


def _person():
    return [PetitionerData(name="张某某", phone=PHONE)]


def _held(tree, gql, unit_key, legal_type="accusation", managing_level="county"):
    """The person's earlier petition at `unit_key`, already scanned."""
    accused = (
        [
            AccusedData(
                name="李明",
                unit_name="玄武区某街道党工委",
                managing_level=managing_level,
                post="副书记",
            )
        ]
        if legal_type == "accusation"
        else []
    )
    held = petition_fact(
        tree, unit_key, legal_type, petitioners=_person(), accused=accused
    )
    gql(tree.user(unit_key, "registrar")).ok(SCAN, {"id": str(held.petition_id)})
    return held


def _scan(gql, tree, unit_key, content):
    dummy = petition_fact(
        tree, unit_key, "suggestion", petitioners=_person(), content=content
    )
    client = gql(tree.user(unit_key, "registrar"))
    data = client.ok(SCAN, {"id": str(dummy.petition_id)})["petitionRepeatScan"]
    assert data["errors"] == []
    return data["matches"]


@pytest.mark.parametrize("holder", ["county_b", "other_county", "county_a"])
def test_a_township_learns_only_that_a_repeat_exists_wherever_it_is_held(
    tree, gql, holder
):
    # given the person's accusation held sideways, in another branch or above
    _held(tree, gql, holder)
    # when the township registers a dummy petition with the person's phone
    matches = _scan(gql, tree, "township", "建议加强基层党组织活动阵地建设。")
    # then every answer is the same: a repeat exists, nobody says where
    assert matches == [HIDDEN]


def test_an_accusation_is_not_named_to_a_unit_inside_the_accused_area(tree, gql):
    # given an accusation of a county-managed cadre held at the township
    held = _held(tree, gql, "township", managing_level="county")
    # when the county (the accused's managing level) scans the same person
    county = _scan(gql, tree, "county_a", "建议加强基层党组织活动阵地建设。")
    # then it is not told that the township holds it
    assert county == [HIDDEN]
    # and the city, above the accused's level, is
    city = _scan(gql, tree, "city", "反映村级组织换届选举中存在拉票问题。")
    by_unit = {match["matchedUnitCode"]: match for match in city}
    assert sorted(by_unit) == ["320102", "320102002"]
    assert by_unit["320102002"] == {
        "kind": "SKIP_LEVEL",
        "basis": "PETITIONER",
        "isHolderShown": True,
        "matchedUnitCode": "320102002",
        "matchedUnitName": "梅园新村街道党工委组织办",
        "matchedTrackingNumber": held.tracking_number,
        "matchedPetitionId": str(held.petition_id),
        "isMergeOffered": False,
    }


def test_a_unit_above_the_holder_is_told_where_an_appeal_is_held(tree, gql):
    held = _held(tree, gql, "township", legal_type="appeal")
    matches = _scan(gql, tree, "county_a", "建议加强基层党组织活动阵地建设。")
    assert matches == [
        {
            "kind": "SKIP_LEVEL",
            "basis": "PETITIONER",
            "isHolderShown": True,
            "matchedUnitCode": "320102002",
            "matchedUnitName": "梅园新村街道党工委组织办",
            "matchedTrackingNumber": held.tracking_number,
            "matchedPetitionId": str(held.petition_id),
            "isMergeOffered": False,
        }
    ]
    assert RepeatMatch.objects.filter(matched_petition_id=held.petition_id).count() == 1
    assert CaseFact.objects.get(petition_id=held.petition_id).is_repeat is False
