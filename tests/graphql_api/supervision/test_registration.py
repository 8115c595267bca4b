"""Registration through GraphQL: bad input stores nothing; duplicates; identity."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from supervision.facts.models import CaseFact
from supervision.models import Petition, Petitioner
from supervision.rules.identity import make_citizen_id
from tests.factories.supervision import CITIZEN_ID, in_unit, make_petition
from tests.graphql_api.supervision import gql as docs
from tests.graphql_api.supervision.test_lifecycle import register_input

TODAY = timezone.localdate()


def _counts(tree):
    with in_unit(tree.units["county_a"]):
        counts = (Petition.objects.count(), Petitioner.objects.count())
    return (*counts, CaseFact.objects.count())


def _register(tree, gql, value):
    client = gql(tree.user("county_a", "registrar"))
    return client.ok(docs.REGISTER, {"input": value})["petitionRegister"]


WRONG_CHECK_DIGIT = CITIZEN_ID[:17] + ("0" if CITIZEN_ID[17] != "0" else "1")


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        (
            {"petitioners": [{"name": "赵红梅", "citizenId": WRONG_CHECK_DIGIT}]},
            {
                "code": "INVALID_CITIZEN_ID",
                "field": "petitioners.0.citizenId",
                "message": "公民身份号码校验位不正确，请核对号码",
            },
        ),
        (
            {"petitioners": [{"name": "赵红梅", "phone": "1385123"}]},
            {
                "code": "INVALID_PHONE",
                "field": "petitioners.0.phone",
                "message": "手机号码应为11位，以13至19开头",
            },
        ),
        (
            {"legalType": "ACCUSATION"},
            {
                "code": "REQUIRED",
                "field": "accused",
                "message": "检举控告类信访须登记被反映人",
            },
        ),
        (
            {"isAnonymous": True, "petitioners": []},
            {
                "code": "REQUIRED",
                "field": "isAnonymous",
                "message": "申诉求决类信访须实名提出",
            },
        ),
        (
            {"receivedOn": (TODAY + datetime.timedelta(days=1)).isoformat()},
            {
                "code": "DATE_IN_FUTURE",
                "field": "receivedOn",
                "message": "收件日期不能晚于今天",
            },
        ),
        (
            {"content": "   "},
            {"code": "REQUIRED", "field": "content", "message": "请填写反映内容"},
        ),
        (
            {"origin": "UPPER_UNIT"},
            {"code": "REQUIRED", "field": "originBody", "message": "请填写转来机关"},
        ),
        (
            {
                "channel": "VISIT",
                "isCollective": True,
                "headcount": 30,
                "petitioners": [
                    {"name": f"代表{i}", "role": "REPRESENTATIVE"} for i in range(6)
                ],
            },
            {
                "code": "TOO_MANY_REPRESENTATIVES",
                "field": "petitioners",
                "message": "集体访推选代表不得超过5人",
            },
        ),
        (
            {"channel": "VISIT", "isCollective": True, "headcount": 3},
            {
                "code": "INVALID_HEADCOUNT",
                "field": "headcount",
                "message": "集体访人数应不少于5人",
            },
        ),
        (
            {"isJoint": True},
            {
                "code": "JOINT_NEEDS_COSIGNERS",
                "field": "petitioners",
                "message": "联名信须登记至少两名联名人",
            },
        ),
    ],
)
def test_bad_registration_is_refused_and_stores_nothing(tree, gql, overrides, error):
    before = _counts(tree)
    data = _register(tree, gql, register_input("APPEAL", **overrides))
    assert data == {"petition": None, "possibleDuplicates": None, "errors": [error]}
    assert _counts(tree) == before


def test_an_unknown_enum_is_a_graphql_error_and_stores_nothing(tree, gql):
    before = _counts(tree)
    client = gql(tree.user("county_a", "registrar"))
    status, body = client.execute(
        docs.REGISTER, {"input": register_input("APPEAL", topic="GOSSIP")}
    )
    assert status == 400
    assert "GOSSIP" in body["errors"][0]["message"]
    assert _counts(tree) == before


def test_collective_visit_with_five_representatives_and_joint_letter(tree, gql):
    data = _register(
        tree,
        gql,
        register_input(
            "APPEAL",
            channel="VISIT",
            isCollective=True,
            headcount=40,
            petitioners=[
                {"name": f"代表{i}", "role": "REPRESENTATIVE"} for i in range(5)
            ],
        ),
    )
    assert data["errors"] == []
    fact = CaseFact.objects.get(petition_id=data["petition"]["id"])
    assert (fact.is_collective, fact.headcount, fact.channel) == (True, 40, "visit")
    joint = _register(
        tree,
        gql,
        register_input(
            "SUGGESTION",
            isJoint=True,
            petitioners=[
                {"name": "钱文静"},
                {"name": "周卫东", "role": "COSIGNER"},
                {"name": "吴秀英", "role": "COSIGNER"},
            ],
        ),
    )
    assert joint["errors"] == []
    assert len(joint["petition"]["petitioners"]) == 3
    fact = CaseFact.objects.get(petition_id=joint["petition"]["id"])
    assert (fact.is_collective, fact.headcount) == (False, 3)


def test_identity_is_encrypted_at_rest_and_masked_without_permission(tree, gql):
    data = _register(tree, gql, register_input("APPEAL"))
    pid = data["petition"]["id"]
    citizen_id = make_citizen_id("320102", TODAY.replace(year=1975), 42)
    assert data["petition"]["petitioners"] == [
        {
            "name": "赵红梅",
            "citizenId": citizen_id,
            "phone": "13851234567",
            "isIdentityMasked": False,
        }
    ]
    with in_unit(tree.units["county_a"]):
        row = Petitioner.objects.get(petition_id=pid)
    assert citizen_id not in row.citizen_id_encrypted
    assert "13851234567" not in row.phone_encrypted
    assert len(row.citizen_id_key) == 64

    supervisor = gql(tree.user("county_a", "supervisor"))
    view = supervisor.ok(
        "query($id: ID!) { petition(id: $id) { petitioners "
        "{ name citizenId phone address isIdentityMasked } } }",
        {"id": pid},
    )
    assert view["petition"]["petitioners"] == [
        {
            "name": "赵**",
            "citizenId": citizen_id[:6] + "********" + citizen_id[-4:],
            "phone": "138****4567",
            "address": None,
            "isIdentityMasked": True,
        }
    ]


def test_a_possible_duplicate_in_the_unit_is_shown_at_registration(tree, gql):
    earlier = make_petition(tree)
    data = _register(
        tree,
        gql,
        register_input(
            "APPEAL",
            content="完全不同的内容，关于老干部待遇落实问题。",
            petitioners=[{"name": "王建国", "citizenId": CITIZEN_ID}],
        ),
    )
    assert data["possibleDuplicates"] == [
        {
            "petition": {"trackingNumber": earlier.tracking_number},
            "reason": "同一信访人",
            "similarity": 1.0,
        }
    ]
    fact = CaseFact.objects.get(petition_id=data["petition"]["id"])
    assert fact.is_repeat is True
    same_text = _register(
        tree,
        gql,
        register_input(
            "SUGGESTION", content=earlier.content, petitioners=[{"name": "匿名群众"}]
        ),
    )
    assert [d["reason"] for d in same_text["possibleDuplicates"]] == [
        "反映内容高度相似"
    ]


def test_tracking_numbers_run_per_unit_and_year(tree, gql):
    first = make_petition(tree, received_on=datetime.date(2025, 12, 30))
    second = make_petition(tree, received_on=datetime.date(2025, 12, 31))
    other = make_petition(
        tree, unit_key="county_b", received_on=datetime.date(2025, 6, 1)
    )
    assert (first.tracking_number, second.tracking_number, other.tracking_number) == (
        "320102-2025-00001",
        "320102-2025-00002",
        "320104-2025-00001",
    )


def test_origin_from_another_body_is_recorded(tree, gql):
    data = _register(
        tree,
        gql,
        register_input("APPEAL", origin="OTHER_BODY", originBody="玄武区信访局"),
    )
    assert data["errors"] == []
    assert CaseFact.objects.get(petition_id=data["petition"]["id"]).origin == (
        "other_body"
    )
