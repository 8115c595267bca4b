"""Who sees a petitioner's identity (issue 11): per case, on every surface."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from graphql_api.core.lookup_limits import MAX_LOOKUPS_PER_MINUTE
from supervision.models import Petition, Petitioner, PetitionEvent
from supervision.rules.identity import make_citizen_id
from tenants.models import Department
from tenants.roles import Role
from tests.factories.supervision import CITIZEN_ID, PHONE, in_unit, make_petition
from tests.factories.tenants import UserFactory

VIEW = """query($id: ID!) { petition(id: $id) { petitioners
  { name citizenId phone address isIdentityMasked } } }"""
SEARCH = """query($s: String) { petitions(search: $s) {
  totalCount items { trackingNumber petitioners { name } } } }"""
DUPLICATES = """query($c: String!, $ids: [String!], $phones: [String!]) {
  petitionDuplicates(content: $c, citizenIds: $ids, phones: $phones)
  { petition { trackingNumber } reason similarity } }"""
# Another valid number of the same region, so only the hash tells them apart.
OTHER_CITIZEN_ID = make_citizen_id("320102", datetime.date(1968, 5, 17), 125)

SHOWN = {
    "name": "王建国",
    "citizenId": CITIZEN_ID,
    "phone": PHONE,
    "address": "江苏省南京市玄武区梅园新村街道长江路5号",
    "isIdentityMasked": False,
}
MASKED = {
    "name": "王**",
    "citizenId": CITIZEN_ID[:6] + "********" + CITIZEN_ID[-4:],
    "phone": "139****5678",
    "address": "江苏省南京市****",
    "isIdentityMasked": True,
}


def _other_handler(tree):
    """A handler of county_a in another department, not on the case."""
    unit = tree.units["county_a"]
    return UserFactory(
        username="county_a_other_handler",
        unit=unit,
        department=Department.objects.get(unit=unit, name="办公室"),
        roles=[Role.HANDLER],
    )


@pytest.mark.parametrize(
    ("role_key", "expected"),
    [
        ("registrar", SHOWN),
        ("handler", SHOWN),
        ("head", SHOWN),
        ("leader", SHOWN),
        ("liaison", MASKED),
        ("supervisor", MASKED),
        ("other_handler", MASKED),
    ],
)
def test_identity_is_shown_only_to_the_people_of_the_case(
    tree, gql, role_key, expected
):
    # given a case routed to county_a's handler in the supervision department
    petition = make_petition(tree, "handling")
    viewer = (
        _other_handler(tree)
        if role_key == "other_handler"
        else tree.user("county_a", role_key)
    )
    # when the viewer opens the case
    data = gql(viewer).ok(VIEW, {"id": str(petition.pk)})
    # then the identity is shown to those who need it, masked for the rest
    assert data["petition"]["petitioners"] == [expected]


def test_before_routing_the_handler_and_head_see_the_identity_masked(tree, gql):
    petition = make_petition(tree, "accepted")
    for role_key in ("handler", "head"):
        data = gql(tree.user("county_a", role_key)).ok(VIEW, {"id": str(petition.pk)})
        assert data["petition"]["petitioners"] == [MASKED]


@pytest.mark.parametrize("text", [CITIZEN_ID, PHONE, "王建国"])
def test_search_by_person_cannot_tell_a_match_from_none_without_the_identity(
    tree, gql, text
):
    # given a case registered by county_a's registrar with that person
    petition = make_petition(tree)
    supervisor = gql(tree.user("county_a", "supervisor"))
    # when a supervisor searches for the real value and for another one
    real = supervisor.ok(SEARCH, {"s": text})
    other = supervisor.ok(SEARCH, {"s": OTHER_CITIZEN_ID})
    # then both answers are the same: nothing found
    assert real == other == {"petitions": {"totalCount": 0, "items": []}}
    # and the registrar of the case finds it by the same value
    found = gql(tree.user("county_a", "registrar")).ok(SEARCH, {"s": text})
    assert found == {
        "petitions": {
            "totalCount": 1,
            "items": [
                {
                    "trackingNumber": petition.tracking_number,
                    "petitioners": [{"name": "王建国"}],
                }
            ],
        }
    }


def test_a_handler_off_the_case_cannot_find_it_by_id_number(tree, gql):
    make_petition(tree, "handling")
    client = gql(_other_handler(tree))
    assert client.ok(SEARCH, {"s": CITIZEN_ID}) == client.ok(
        SEARCH, {"s": OTHER_CITIZEN_ID}
    )
    assert client.ok(SEARCH, {"s": CITIZEN_ID})["petitions"]["totalCount"] == 0


def test_duplicates_by_person_cannot_tell_a_match_from_none_without_the_identity(
    tree, gql
):
    # given a case of the person registered by county_a's registrar
    earlier = make_petition(tree)
    supervisor = gql(tree.user("county_a", "supervisor"))
    # when a supervisor checks the real ID number and phone and other ones
    real = supervisor.ok(
        DUPLICATES, {"c": "另一件事", "ids": [CITIZEN_ID], "phones": [PHONE]}
    )
    other = supervisor.ok(
        DUPLICATES,
        {"c": "另一件事", "ids": [OTHER_CITIZEN_ID], "phones": ["13700000000"]},
    )
    # then the answers are identical
    assert real == other == {"petitionDuplicates": []}
    # and the case's registrar is told it is the same person
    registrar = gql(tree.user("county_a", "registrar")).ok(
        DUPLICATES, {"c": "另一件事", "ids": [CITIZEN_ID], "phones": []}
    )
    assert registrar == {
        "petitionDuplicates": [
            {
                "petition": {"trackingNumber": earlier.tracking_number},
                "reason": "同一信访人",
                "similarity": 1.0,
            }
        ]
    }


def test_more_than_three_lookups_in_one_request_are_refused(tree, gql):
    make_petition(tree)
    candidates = [CITIZEN_ID[:14] + f"{n:03d}X" for n in range(4)]
    aliased = " ".join(
        f'c{n}: petitions(search: "{value}") {{ totalCount }}'
        for n, value in enumerate(candidates)
    )
    client = gql(tree.user("county_a", "registrar"))
    status, body = client.execute("{ " + aliased + " }")
    assert status == 400
    assert "data" not in body
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        ("一次请求最多包含3个检索或查重，请分开查询", "TOO_MANY_LOOKUPS")
    ]
    # three are still one request's worth
    three = " ".join(aliased.split(" c3:")[0:1])
    assert len(client.ok("{ " + three + " }")) == 3


def test_lookups_per_user_per_minute_are_limited(tree, gql):
    make_petition(tree)
    client = gql(tree.user("county_a", "registrar"))
    for _ in range(MAX_LOOKUPS_PER_MINUTE):
        client.ok(SEARCH, {"s": CITIZEN_ID})
    status, body = client.execute(SEARCH, {"s": CITIZEN_ID})
    assert body["data"] is None
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        ("检索或查重过于频繁，请一分钟后再试", "LOOKUPS_TOO_FREQUENT")
    ]
    # another user is not held back by this one
    other = gql(tree.user("county_a", "leader")).ok(SEARCH, {"s": CITIZEN_ID})
    assert other["petitions"]["totalCount"] == 1


def test_a_notice_naming_the_petitioner_is_refused_to_a_handler_off_the_case(
    tree, gql, client
):
    petition = make_petition(tree, "accepted")
    client.force_login(_other_handler(tree))
    response = client.get(f"/petitions/{petition.pk}/notices/acceptance/")
    assert response.status_code == 403
    with in_unit(tree.units["county_a"]):
        assert (
            PetitionEvent.objects.filter(
                petition=petition, action="notice_printed"
            ).count()
            == 0
        )
        assert Petition.objects.get(pk=petition.pk).status == "accepted"


def test_names_stay_searchable_while_addresses_are_encrypted_at_rest(tree, gql):
    petition = make_petition(tree)
    with in_unit(tree.units["county_a"]):
        row = Petitioner.objects.get(petition=petition)
    assert row.address_encrypted.startswith("v2.")
    assert "长江路" not in row.address_encrypted
    data = gql(tree.user("county_a", "registrar")).ok(VIEW, {"id": str(petition.pk)})
    assert data["petition"]["petitioners"] == [SHOWN]


def test_addresses_stored_in_plain_text_are_read_then_encrypted_by_the_command(
    tree, gql
):
    # given a petitioner whose address was stored before encryption
    petition = make_petition(tree)
    plain = "江苏省南京市玄武区梅园新村街道长江路5号"
    with in_unit(tree.units["county_a"]):
        Petitioner.objects.filter(petition=petition).update(
            address=plain, address_encrypted=""
        )
    client = gql(tree.user("county_a", "registrar"))
    assert client.ok(VIEW, {"id": str(petition.pk)})["petition"]["petitioners"] == [
        SHOWN
    ]
    # when the addresses are encrypted, twice
    outputs = []
    for _ in range(2):
        out = io.StringIO()
        call_command("encrypt_addresses", stdout=out)
        outputs.append(out.getvalue())
    assert outputs == [
        "已加密住址 1 条，涉及单位 7 个\n",
        "已加密住址 0 条，涉及单位 7 个\n",
    ]
    # then no plain text is left and the case shows the same address
    with in_unit(tree.units["county_a"]):
        row = Petitioner.objects.get(petition=petition)
    assert row.address == ""
    assert plain not in row.address_encrypted
    assert client.ok(VIEW, {"id": str(petition.pk)})["petition"]["petitioners"] == [
        SHOWN
    ]


KINDS = """query($c: String!, $ids: [String!], $phones: [String!]) {
  petitionDuplicates(content: $c, citizenIds: $ids, phones: $phones)
  { petition { trackingNumber statusLabel } kind kindLabel reason } }"""
SAME_MATTER = "来信反映某镇2026年提拔副科级干部时民主推荐程序不规范，请求复核。"


def test_the_same_person_on_the_same_matter_after_closure_is_a_repeat_petition(
    tree, gql
):
    # given a closed case of the person and an open one on another matter
    closed = make_petition(tree, "closed")
    open_case = make_petition(
        tree, "handling", content="反映某单位公示期内调整干部任职的情况。"
    )
    registrar = gql(tree.user("county_a", "registrar"))
    # when the registrar checks a new letter of the person on the first matter
    answer = registrar.ok(KINDS, {"c": SAME_MATTER, "ids": [CITIZEN_ID], "phones": []})
    kinds = {
        item["petition"]["trackingNumber"]: (
            item["kind"],
            item["kindLabel"],
            item["petition"]["statusLabel"],
        )
        for item in answer["petitionDuplicates"]
    }
    # then the closed case is a 重复信访 and the open one a 重复件
    assert kinds == {
        closed.tracking_number: ("REPEAT", "重复信访", "已办结"),
        open_case.tracking_number: ("DUPLICATE", "重复件", "办理中"),
    }


def test_the_repeat_kind_tells_nobody_without_the_identity_who_is_on_file(tree, gql):
    make_petition(tree, "closed")
    supervisor = gql(tree.user("county_a", "supervisor"))
    # the text alone still matches (a duplicate by content), never a repeat by person
    real = supervisor.ok(
        KINDS, {"c": SAME_MATTER, "ids": [CITIZEN_ID], "phones": [PHONE]}
    )
    other = supervisor.ok(
        KINDS, {"c": SAME_MATTER, "ids": [OTHER_CITIZEN_ID], "phones": ["13700000000"]}
    )
    assert real == other
    assert {item["kind"] for item in real["petitionDuplicates"]} <= {"DUPLICATE"}
