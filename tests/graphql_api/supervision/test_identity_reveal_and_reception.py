"""显示 on a case's parties (audited) and editing leader reception days."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from supervision.models import ReceptionDay
from tenants.models import AuditAction, AuditEntry
from tests.factories.supervision import CITIZEN_ID, PHONE, in_unit, make_petition

TODAY = timezone.localdate()

REVEAL = """mutation($p: ID!) { petitionIdentityReveal(petitionId: $p) {
  identities { name citizenId phone address } errors { code field message } } }"""


def test_registrar_reveals_parties_and_each_is_audited(tree, gql):
    petition = make_petition(tree)
    registrar = tree.user("county_a", "registrar")

    data = gql(registrar).ok(REVEAL, {"p": str(petition.pk)})

    assert data["petitionIdentityReveal"] == {
        "identities": [
            {
                "name": "王建国",
                "citizenId": CITIZEN_ID,
                "phone": PHONE,
                "address": "江苏省南京市玄武区梅园新村街道长江路5号",
            }
        ],
        "errors": [],
    }
    entry = AuditEntry.objects.get(
        action=AuditAction.IDENTITY_REVEALED, details__via="reveal"
    )
    assert entry.actor == registrar
    assert entry.unit == tree.units["county_a"]
    assert entry.target == str(petition.pk)
    assert entry.details["fields"] == ["name", "citizenId", "phone", "address"]
    assert CITIZEN_ID not in str(entry.details)


@pytest.mark.parametrize(
    ("actor", "code"),
    [
        (None, "UNAUTHENTICATED"),
        (("county_a", "supervisor"), "PERMISSION_DENIED"),
        (("county_b", "registrar"), "NOT_FOUND"),
    ],
)
def test_reveal_refused_writes_no_audit_entry(tree, gql, actor, code):
    petition = make_petition(tree)
    before = AuditEntry.objects.filter(action=AuditAction.IDENTITY_REVEALED).count()

    data = gql(tree.user(*actor) if actor else None).ok(REVEAL, {"p": str(petition.pk)})

    payload = data["petitionIdentityReveal"]
    assert payload["identities"] is None
    assert [e["code"] for e in payload["errors"]] == [code]
    assert (
        AuditEntry.objects.filter(action=AuditAction.IDENTITY_REVEALED).count()
        == before
    )


LEADERS = "{ receptionLeaders { username fullName } }"


def test_registrar_is_offered_own_units_leaders(tree, gql):
    data = gql(tree.user("county_a", "registrar")).ok(LEADERS)

    assert [u["username"] for u in data["receptionLeaders"]] == ["county_a_leader"]
    assert gql(tree.user("county_a", "supervisor")).ok(LEADERS) == {
        "receptionLeaders": []
    }


UPDATE = """mutation($id: ID!, $d: Date!, $l: ID!, $place: String!) {
  receptionDayUpdate(id: $id, heldOn: $d, leaderId: $l, place: $place, note: "改期") {
    receptionDay { heldOn place note leader { username } } errors { code field message } } }"""


def _day(tree):
    with in_unit(tree.units["county_a"]):
        return ReceptionDay.objects.create(
            held_on=TODAY,
            leader=tree.user("county_a", "leader"),
            place="区委组织部接待室",
            created_by=tree.user("county_a", "registrar"),
        )


def test_reception_day_edited(tree, gql):
    day = _day(tree)
    later = TODAY + datetime.timedelta(days=7)

    data = gql(tree.user("county_a", "registrar")).ok(
        UPDATE,
        {
            "id": str(day.pk),
            "d": later.isoformat(),
            "l": str(tree.user("county_a", "leader").pk),
            "place": " 梅园新村街道 ",
        },
    )

    assert data["receptionDayUpdate"] == {
        "receptionDay": {
            "heldOn": later.isoformat(),
            "place": "梅园新村街道",
            "note": "改期",
            "leader": {"username": "county_a_leader"},
        },
        "errors": [],
    }


@pytest.mark.parametrize(
    ("leader", "place", "code", "field"),
    [
        (("county_a", "handler"), "梅园新村街道", "INVALID_LEADER", "leaderId"),
        (("county_b", "leader"), "梅园新村街道", "INVALID_LEADER", "leaderId"),
        (("county_a", "leader"), "  ", "REQUIRED", "place"),
    ],
)
def test_reception_day_bad_edit_changes_nothing(tree, gql, leader, place, code, field):
    day = _day(tree)

    data = gql(tree.user("county_a", "registrar")).ok(
        UPDATE,
        {
            "id": str(day.pk),
            "d": (TODAY + datetime.timedelta(days=1)).isoformat(),
            "l": str(tree.user(*leader).pk),
            "place": place,
        },
    )

    payload = data["receptionDayUpdate"]
    assert payload["receptionDay"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]
    with in_unit(tree.units["county_a"]):
        day.refresh_from_db()
    assert (day.held_on, day.place, day.note) == (TODAY, "区委组织部接待室", "")


MASKED_PARTIES = """query($p: ID!) { petition(id: $p) {
  identityRevealable
  masked: petitioners(masked: true) { name citizenId phone isIdentityMasked }
  plain: petitioners { name citizenId isIdentityMasked } } }"""


def test_parties_asked_masked_are_masked_and_not_audited(tree, gql):
    petition = make_petition(tree)
    before = AuditEntry.objects.filter(action=AuditAction.IDENTITY_REVEALED).count()

    data = gql(tree.user("county_a", "registrar")).ok(
        MASKED_PARTIES.replace(
            "plain: petitioners { name citizenId isIdentityMasked }", ""
        ),
        {"p": str(petition.pk)},
    )

    case = data["petition"]
    assert case["identityRevealable"] is True
    [person] = case["masked"]
    assert person["isIdentityMasked"] is True
    assert person["name"] != "王建国" and person["name"].startswith("王")
    assert CITIZEN_ID not in person["citizenId"] and PHONE not in person["phone"]
    assert (
        AuditEntry.objects.filter(action=AuditAction.IDENTITY_REVEALED).count()
        == before
    )


def test_masked_selection_does_not_mask_another_in_the_same_query(tree, gql):
    petition = make_petition(tree)

    data = gql(tree.user("county_a", "registrar")).ok(
        MASKED_PARTIES, {"p": str(petition.pk)}
    )

    assert data["petition"]["masked"][0]["isIdentityMasked"] is True
    assert data["petition"]["plain"] == [
        {"name": "王建国", "citizenId": CITIZEN_ID, "isIdentityMasked": False}
    ]


def test_only_those_who_see_the_identity_may_reveal_it(tree, gql):
    petition = make_petition(tree)

    data = gql(tree.user("county_a", "supervisor")).ok(
        MASKED_PARTIES, {"p": str(petition.pk)}
    )

    assert data["petition"]["identityRevealable"] is False
    assert data["petition"]["plain"][0]["isIdentityMasked"] is True
