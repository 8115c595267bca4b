"""Finality is a fact of the whole tree (Art 36), through GraphQL: after the
province's 复核, the same matter of the same person is shown as final and not
accepted at any unit; it is declined as 已经复核终结 and stays on record."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from supervision.crosslevel import petitions as crosslevel_petitions
from supervision.crosslevel.models import FinalMatter, FinalMatterKey
from supervision.facts.models import CaseFact
from supervision.models import Petition, PetitionEvent
from supervision.rules import similarity
from supervision.rules.keys import PetitionerKeyKind
from supervision.rules.workcalendar import chinese_date
from supervision.services.identity import identity_key
from tests.factories.supervision import (
    CITIZEN_ID,
    PHONE,
    in_unit,
    make_petition,
    registration,
)
from tests.graphql_api.supervision import gql as docs
from tests.graphql_api.supervision.test_lifecycle import register_input
from tests.graphql_api.supervision.test_review_up_the_tree import (
    DECIDE,
    decide,
    opinion,
    request,
    reviewed_by_city,
)

TODAY = timezone.localdate()
CONTENT = registration().content
PROVINCE_NAME = "中共江苏省委组织部"

MATCH_FIELDS = "finalUnit { code name } decidedOn trackingNumber similarity description"
REGISTER = f"""
mutation($input: PetitionRegisterInput!) {{
  petitionRegister(input: $input) {{
    petition {{ id trackingNumber status }}
    possibleDuplicates {{ petition {{ trackingNumber }} reason }}
    finalMatters {{ {MATCH_FIELDS} }}
    errors {{ code field message }}
  }}
}}"""
FINAL_MATTERS = f"""
query($content: String!, $citizenIds: [String!], $phones: [String!]) {{
  petitionFinalMatters(content: $content, citizenIds: $citizenIds, phones: $phones) {{
    {MATCH_FIELDS}
  }}
}}"""
CASE_VIEW = """
query($id: ID!) {
  petition(id: $id) { id status declineGround decisionNote events { action after } }
}"""
DESCRIPTION = (
    f"同一信访人反映的同一事项已于{chinese_date(TODAY)}经{PROVINCE_NAME}复核终结"
)


def made_final(tree, gql) -> tuple[Petition, str]:
    """county_a's appeal, reviewed by the city and re-reviewed by the
    province; returns county_a's case and the province's 复核 case id."""
    original, city_case = reviewed_by_city(tree, gql)
    link = request(gql(tree.user("city", "registrar")), city_case)["reviewLink"]
    decide(gql(tree.user("province", "leader")), link["targetPetitionId"], "CHANGE")
    return original, link["targetPetitionId"]


def province_number(case_id) -> str:
    return CaseFact.objects.get(petition_id=case_id).tracking_number


def same_matter_input(**overrides) -> dict:
    """The matter of the factories' petitioner, as a registrar enters it."""
    values = {
        "content": CONTENT,
        "petitioners": [{"name": "王建国", "citizenId": CITIZEN_ID, "phone": PHONE}],
    }
    return register_input("APPEAL", **{**values, **overrides})


def register(client, value) -> dict:
    data = client.ok(REGISTER, {"input": value})["petitionRegister"]
    assert data["errors"] == [], data["errors"]
    return data


def state_of(tree, unit_key) -> tuple:
    """What an acceptance decision may write in a unit and in public."""
    with in_unit(tree.units[unit_key]):
        petitions = sorted(
            Petition.objects.values_list("id", "status", "decline_ground")
        )
        events = PetitionEvent.objects.count()
    facts = sorted(
        CaseFact.objects.filter(unit=tree.units[unit_key]).values_list(
            "petition_id", "status", "is_open"
        )
    )
    return petitions, events, facts


def test_a_sibling_county_sees_the_final_matter_and_declines_it(tree, gql):
    # given the matter made final by the province's 复核 (county_a → city →
    # province)
    made_final(tree, gql)
    registrar = gql(tree.user("county_b", "registrar"))

    # when county_b registers the same matter of the same person
    data = register(registrar, same_matter_input())

    # then it is registered, with the final decision shown: the province and
    # the date, but not the province's tracking number (not county_b's to see)
    assert data["petition"]["status"] == "REGISTERED"
    assert data["possibleDuplicates"] == []
    assert data["finalMatters"] == [
        {
            "finalUnit": {"code": "320000", "name": PROVINCE_NAME},
            "decidedOn": TODAY.isoformat(),
            "trackingNumber": None,
            "similarity": 1.0,
            "description": DESCRIPTION,
        }
    ]
    petition_id = data["petition"]["id"]
    before = state_of(tree, "county_b")

    # when its registrar accepts it
    accepted = registrar.ok(docs.ACCEPT, {"petitionId": petition_id})["petitionAccept"]

    # then it is refused, naming the final decision, and nothing changed
    assert accepted["petition"] is None
    assert accepted["errors"] == [
        {
            "code": "ALREADY_FINAL",
            "field": "petitionId",
            "message": f"{DESCRIPTION}，依照《信访工作条例》第三十六条不再受理；"
            "请以“已经复核终结”为由作出不予受理决定",
        }
    ]
    assert state_of(tree, "county_b") == before

    # when it is declined on the ground that the matter is final
    declined = registrar.ok(
        docs.DECLINE,
        {"petitionId": petition_id, "ground": "FINAL", "note": "已告知信访人"},
    )["petitionDecline"]

    # then the letter stays registered as a declined record
    assert (declined["errors"], declined["petition"]["status"]) == ([], "DECLINED")
    view = registrar.ok(CASE_VIEW, {"id": petition_id})["petition"]
    assert (view["status"], view["declineGround"], view["decisionNote"]) == (
        "DECLINED",
        "FINAL",
        "已告知信访人",
    )
    # and its timeline names the 复核 it was declined on, as county_b sees it
    assert [event["action"] for event in view["events"]] == ["REGISTERED", "DECLINED"]
    assert json.loads(view["events"][-1]["after"]) == {
        "status": "declined",
        "decided_on": TODAY.isoformat(),
        "decline_ground": "final",
        "decision_note": "已告知信访人",
        "final_unit": "320000",
        "final_decided_on": TODAY.isoformat(),
        "final_tracking_number": None,
    }
    fact = CaseFact.objects.get(petition_id=petition_id)
    assert (fact.unit_id, fact.status, fact.is_open) == (
        tree.units["county_b"].pk,
        "declined",
        False,
    )


def test_the_tracking_number_is_shown_where_the_final_case_is_seen(tree, gql):
    # given the matter made final by the province
    _, province_case = made_final(tree, gql)
    number = province_number(province_case)
    variables = {"content": CONTENT, "citizenIds": [CITIZEN_ID], "phones": []}

    def asked_by(unit_key):
        client = gql(tree.user(unit_key, "registrar"))
        return client.ok(FINAL_MATTERS, variables)["petitionFinalMatters"]

    # then the province, while registering, sees its own 复核 case's number
    assert asked_by("province") == [
        {
            "finalUnit": {"code": "320000", "name": PROVINCE_NAME},
            "decidedOn": TODAY.isoformat(),
            "trackingNumber": number,
            "similarity": 1.0,
            "description": f"{DESCRIPTION}（{number}）",
        }
    ]
    # and so do the city and county_a, whose cases went up to it (their
    # review chain shows that case); every other unit sees the decision only
    seen = {
        unit_key: [match["trackingNumber"] for match in asked_by(unit_key)]
        for unit_key in ("city", "county_a", "county_b", "township", "other_county")
    }
    assert seen == {
        "city": [number],
        "county_a": [number],
        "county_b": [None],
        "township": [None],
        "other_county": [None],
    }
    # and the phone alone is the same petitioner too
    by_phone = gql(tree.user("county_b", "registrar")).ok(
        FINAL_MATTERS, {"content": CONTENT, "phones": [PHONE]}
    )["petitionFinalMatters"]
    assert [match["decidedOn"] for match in by_phone] == [TODAY.isoformat()]


def test_the_original_unit_refuses_a_new_registration_of_the_final_matter(tree, gql):
    # given the matter made final, and the same letter registered again at
    # county_a, the unit that gave the first answer
    _, province_case = made_final(tree, gql)
    number = province_number(province_case)
    again = register(gql(tree.user("county_a", "registrar")), same_matter_input())
    assert [
        (m["finalUnit"]["code"], m["trackingNumber"]) for m in again["finalMatters"]
    ] == [("320000", number)]
    before = state_of(tree, "county_a")

    # when it is accepted, it is refused naming the 复核 case, nothing changed
    accepted = gql(tree.user("county_a", "registrar")).ok(
        docs.ACCEPT, {"petitionId": again["petition"]["id"]}
    )["petitionAccept"]
    assert [(e["code"], e["message"]) for e in accepted["errors"]] == [
        (
            "ALREADY_FINAL",
            f"{DESCRIPTION}（{number}），依照《信访工作条例》第三十六条不再受理；"
            "请以“已经复核终结”为由作出不予受理决定",
        )
    ]
    assert state_of(tree, "county_a") == before


ANOTHER_PERSON = register_input("APPEAL")["petitioners"]
ANOTHER_MATTER = "来信反映本人退休后养老金待遇未按规定落实，请求组织部门协调解决。"


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"petitioners": ANOTHER_PERSON}, id="another person"),
        pytest.param({"content": ANOTHER_MATTER}, id="another matter"),
    ],
)
def test_another_person_or_another_matter_is_not_blocked(tree, gql, overrides):
    # given the matter made final by the province
    made_final(tree, gql)

    # when county_b registers a letter that differs in person or content
    data = register(
        gql(tree.user("county_b", "registrar")), same_matter_input(**overrides)
    )

    # then no final matter is shown and it is accepted
    assert data["finalMatters"] == []
    accepted = gql(tree.user("county_b", "registrar")).ok(
        docs.ACCEPT, {"petitionId": data["petition"]["id"]}
    )["petitionAccept"]
    assert (accepted["errors"], accepted["petition"]["status"]) == ([], "ACCEPTED")


def test_a_matter_under_review_is_not_final_yet(tree, gql):
    # given the matter reviewed by the city (复查) but not re-reviewed
    reviewed_by_city(tree, gql)

    # when county_b registers it, nothing final is shown and it is accepted
    data = register(gql(tree.user("county_b", "registrar")), same_matter_input())
    assert data["finalMatters"] == []
    assert FinalMatter.objects.count() == 0
    accepted = gql(tree.user("county_b", "registrar")).ok(
        docs.ACCEPT, {"petitionId": data["petition"]["id"]}
    )["petitionAccept"]
    assert accepted["errors"] == []


def test_the_registry_holds_no_personal_data(tree, gql):
    # given the matter made final by the province
    original, province_case = made_final(tree, gql)

    # then the registry has only the final unit, the decision, the case id,
    # the content signature and the keyed hashes
    assert [field.column for field in FinalMatter._meta.concrete_fields] == [
        "id",
        "final_unit_id",
        "review_petition_id",
        "decided_on",
        "signature",
        "created_at",
    ]
    assert [field.column for field in FinalMatterKey._meta.concrete_fields] == [
        "id",
        "matter_id",
        "kind",
        "key",
    ]
    matter = FinalMatter.objects.get()
    expected_signature = list(
        similarity.minhash_signature(similarity.shingles(original.content))
    )
    assert (
        matter.final_unit_id,
        str(matter.review_petition_id),
        matter.decided_on,
        matter.signature,
    ) == (tree.units["province"].pk, province_case, TODAY, expected_signature)
    assert sorted(matter.keys.values_list("kind", "key")) == sorted(
        [
            ("citizen_id", identity_key(PetitionerKeyKind.CITIZEN_ID, CITIZEN_ID)),
            ("phone", identity_key(PetitionerKeyKind.PHONE, PHONE)),
        ]
    )
    # and no plaintext of the petitioner or the letter is anywhere in it
    stored = repr(
        list(FinalMatter.objects.values()) + list(FinalMatterKey.objects.values())
    )
    for plaintext in ("王建国", CITIZEN_ID, PHONE, original.title, CONTENT[:10]):
        assert plaintext not in stored


def test_a_re_review_decision_failing_half_way_enters_nothing(tree, gql, monkeypatch):
    # given a 复核 case at the province, and an error injected after the
    # province's case is closed but before the units below hear of it
    _, city_case = reviewed_by_city(tree, gql)
    link = request(gql(tree.user("city", "registrar")), city_case)["reviewLink"]

    def broken(*args, **kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(crosslevel_petitions, "linked_review_decided", broken)

    # when the province's leader decides
    status, body = gql(tree.user("province", "leader")).execute(
        DECIDE, {"petitionId": link["targetPetitionId"], **opinion()}
    )

    # then it failed, and the registry has no entry
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_ERROR"
    assert "injected failure" not in body["errors"][0]["message"]
    assert (FinalMatter.objects.count(), FinalMatterKey.objects.count()) == (0, 0)


def test_the_backfill_enters_matters_made_final_before_the_registry(tree, gql):
    # given a matter made final, whose entry is missing (as for matters
    # decided before the registry existed)
    _, province_case = made_final(tree, gql)
    entry = FinalMatter.objects.values(
        "final_unit_id", "review_petition_id", "decided_on", "signature"
    ).get()
    keys = sorted(FinalMatterKey.objects.values_list("kind", "key"))
    FinalMatter.objects.all().delete()

    # when the backfill runs
    out = StringIO()
    call_command("backfill_final_matters", stdout=out)

    # then the entry is as the decision would have written it
    assert out.getvalue().splitlines()[-1] == "复核终结事项：补录 1 件"
    assert (
        FinalMatter.objects.values(
            "final_unit_id", "review_petition_id", "decided_on", "signature"
        ).get()
        == entry
    )
    assert sorted(FinalMatterKey.objects.values_list("kind", "key")) == keys
    # and a second run enters nothing
    again = StringIO()
    call_command("backfill_final_matters", stdout=again)
    assert again.getvalue().splitlines() == ["复核终结事项：补录 0 件"]
    assert FinalMatter.objects.count() == 1


def test_rebuild_facts_reports_and_repairs_a_missing_entry(tree, gql):
    # given a matter made final whose entry is missing
    made_final(tree, gql)
    FinalMatter.objects.all().delete()

    # when the facts are checked, the missing entry is drift
    out = StringIO()
    with pytest.raises(CommandError, match="--fix"):
        call_command("rebuild_facts", stdout=out)
    assert "复核终结事项：缺少 1 件" in out.getvalue().splitlines()
    assert FinalMatter.objects.count() == 0

    # when they are repaired, the entry is back
    fixed = StringIO()
    call_command("rebuild_facts", "--fix", stdout=fixed)
    assert "已补录复核终结事项 1 件" in fixed.getvalue().splitlines()
    assert FinalMatter.objects.count() == 1


def test_a_petition_registered_through_the_services_is_refused_too(tree, gql):
    # given the matter made final, and the same matter registered at county_b
    # without the registration's tree scan (as any service-level import does)
    made_final(tree, gql)
    petition = make_petition(tree, unit_key="county_b")
    before = state_of(tree, "county_b")

    # then acceptance still consults the registry and refuses it
    accepted = gql(tree.user("county_b", "registrar")).ok(
        docs.ACCEPT, {"petitionId": str(petition.pk)}
    )["petitionAccept"]
    assert [e["code"] for e in accepted["errors"]] == ["ALREADY_FINAL"]
    assert state_of(tree, "county_b") == before


def test_a_letter_registered_before_the_re_review_is_refused_once_it_is_final(
    tree, gql
):
    # given the same matter registered at county_b while the 复核 is pending
    _, city_case = reviewed_by_city(tree, gql)
    link = request(gql(tree.user("city", "registrar")), city_case)["reviewLink"]
    registrar = gql(tree.user("county_b", "registrar"))
    data = register(registrar, same_matter_input())
    assert data["finalMatters"] == []

    # when the province decides the 复核 before county_b decides on the letter
    decide(gql(tree.user("province", "leader")), link["targetPetitionId"])
    before = state_of(tree, "county_b")

    # then acceptance consults the registry as it is now, and refuses it
    accepted = registrar.ok(docs.ACCEPT, {"petitionId": data["petition"]["id"]})[
        "petitionAccept"
    ]
    assert [e["code"] for e in accepted["errors"]] == ["ALREADY_FINAL"]
    assert state_of(tree, "county_b") == before


def test_staff_who_may_not_view_petitions_are_shown_no_final_matter(tree, gql):
    # given the matter made final by the province
    made_final(tree, gql)
    variables = {"content": CONTENT, "citizenIds": [CITIZEN_ID], "phones": [PHONE]}

    # then county_b's unit administrator (no petition rights) is shown nothing,
    # while its registrar is shown the decision
    def asked_by(role_key):
        client = gql(tree.user("county_b", role_key))
        return client.ok(FINAL_MATTERS, variables)["petitionFinalMatters"]

    assert asked_by("admin") == []
    assert [match["finalUnit"]["code"] for match in asked_by("registrar")] == ["320000"]
