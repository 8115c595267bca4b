"""The public's online petitions (网上信访) and progress queries (阳光信访)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from supervision.crosslevel.models import RepeatMatch
from supervision.crosslevel.services import online
from supervision.crosslevel.services.challenge import (
    online_challenge_new,
    online_challenge_solved,
)
from supervision.facts.models import CaseFact
from supervision.inbox.models import Notification
from supervision.models import Petition, PetitionEvent
from supervision.rules.identity import make_citizen_id
from tenants.crossing import run_across_units
from tenants.models import Unit
from tests.factories.supervision import in_unit
from tests.graphql_api.crosslevel.flows import LETTER
from tests.graphql_api.crosslevel.test_registration_accused_unit_api import REGISTER
from tests.graphql_api.supervision import gql as docs
from tests.graphql_api.supervision.test_lifecycle import TODAY, call, register_input

SUBMIT = """
mutation($input: OnlinePetitionSubmitInput!) {
  onlinePetitionSubmit(input: $input) {
    trackingNumber queryCode receivedOn
    errors { code field message }
  }
}"""

PROGRESS = """
query($number: String!, $code: String!) {
  onlinePetitionProgress(trackingNumber: $number, queryCode: $code) {
    trackingNumber unitName status statusLabel stage stageLabel receivedOn
    decidedOn acceptedOn closedOn decision decisionLabel feedbackOn feedback
    mayRate mayRequestReview reviewStage reviewStageLabel reviewDueOn
  }
}"""

TO_ACCEPT = """
query { petitions(queue: TO_ACCEPT) { items {
  id trackingNumber publicNumber channel status registrar { username }
  petitioners { name citizenId phone isIdentityMasked }
} } }"""

CITIZEN_ID = make_citizen_id("320102", TODAY.replace(year=1980), 17)
COUNTY_A = {"X-Unit": "320102"}


def submission(**overrides):
    value = {
        "name": "钱学民",
        "citizenId": CITIZEN_ID,
        "phone": "13951234567",
        "address": "南京市玄武区某小区",
        "legalType": "SUGGESTION",
        "topic": "CADRE_SELECTION",
        "title": "对干部选拔任用工作的建议",
        "content": "建议在干部选拔任用中进一步扩大民主推荐范围，公开考察情况。",
        # solved as the browser solves it
        "challenge": online_challenge_solved(online_challenge_new()),
    }
    value.update(overrides)
    return {"input": value}


def submit(client, headers=COUNTY_A, **overrides):
    data = client.ok(SUBMIT, submission(**overrides), headers=headers)
    return data["onlinePetitionSubmit"]


def progress(client, number, code):
    data = client.ok(PROGRESS, {"number": number, "code": code})
    return data["onlinePetitionProgress"]


def counts():
    """Petitions, events and facts stored in every unit of the tree."""

    def count(ref):
        return (Petition.objects.count(), PetitionEvent.objects.count())

    per_unit = run_across_units(count, units=Unit.objects.order_by("code"))
    return per_unit, CaseFact.objects.count(), Notification.objects.count()


def test_online_petition_from_submission_to_accepted_progress(tree, gql):
    # given a member of the public submitting to county_a
    public = gql()
    receipt = submit(public)
    assert receipt["errors"] == []
    number, code = receipt["trackingNumber"], receipt["queryCode"]
    # the public number is random (with a check character), not the internal one
    assert online.public_number_is_well_formed(number)
    assert number.startswith("320102-") and len(number) == len("320102-") + 12
    assert receipt["receivedOn"] == TODAY.isoformat()
    assert len(code.replace("-", "")) == online.QUERY_CODE_LENGTH
    # then only a digest of the code is stored, with no registrar
    with in_unit(tree.units["county_a"]):
        stored = Petition.objects.get(public_number=number)
    assert stored.tracking_number == f"320102-{TODAY.year}-00001"
    assert stored.registrar_id is None
    assert stored.query_code_digest == online.query_code_digest(code)
    assert code not in stored.query_code_digest
    # and the acceptance clock runs from the submission date
    assert (stored.due_clock, stored.due_from) == ("acceptance", TODAY)
    # and county_a's registrars are told
    registrar = tree.user("county_a", "registrar")
    assert list(
        Notification.objects.filter(recipient=registrar).values_list(
            "kind", "title", "subject_id"
        )
    ) == [
        (
            "case_received",
            f"网上信访：{stored.tracking_number} 对干部选拔任用工作的建议",
            str(stored.pk),
        )
    ]
    # when staff look at the TO_ACCEPT queue
    staff = gql(registrar)
    items = staff.ok(TO_ACCEPT)["petitions"]["items"]
    assert items == [
        {
            "id": str(stored.pk),
            "trackingNumber": stored.tracking_number,
            "publicNumber": number,
            "channel": "ONLINE",
            "status": "REGISTERED",
            "registrar": None,
            "petitioners": [
                {
                    "name": "钱学民",
                    "citizenId": CITIZEN_ID,
                    "phone": "13951234567",
                    "isIdentityMasked": False,
                }
            ],
        }
    ]
    # and a supervisor, who may not see identities, sees them masked
    supervisor = gql(tree.user("county_a", "supervisor"))
    masked = supervisor.ok(TO_ACCEPT)["petitions"]["items"][0]["petitioners"][0]
    assert masked == {
        "name": "钱**",
        "citizenId": CITIZEN_ID[:6] + "********" + CITIZEN_ID[-4:],
        "phone": "139****4567",
        "isIdentityMasked": True,
    }
    # and before any decision the public sees it received
    assert progress(public, number, code) == {
        "trackingNumber": number,
        "unitName": tree.units["county_a"].name,
        "status": "REGISTERED",
        "statusLabel": "已收到，待受理",
        "stage": "ORIGINAL",
        "stageLabel": "办理",
        "receivedOn": TODAY.isoformat(),
        "decidedOn": None,
        "acceptedOn": None,
        "closedOn": None,
        "decision": None,
        "decisionLabel": None,
        "feedbackOn": None,
        "feedback": None,
        "mayRate": False,
        "mayRequestReview": False,
        "reviewStage": None,
        "reviewStageLabel": None,
        "reviewDueOn": None,
    }
    # when the registrar accepts it
    call(staff, docs.ACCEPT, petitionId=str(stored.pk), decidedOn=TODAY.isoformat())
    # then the progress query shows it accepted, the code typed loosely
    loose = code.lower().replace("-", " ")
    assert progress(public, number, loose) == {
        "trackingNumber": number,
        "unitName": tree.units["county_a"].name,
        "status": "ACCEPTED",
        "statusLabel": "已受理，正在办理",
        "stage": "ORIGINAL",
        "stageLabel": "办理",
        "receivedOn": TODAY.isoformat(),
        "decidedOn": TODAY.isoformat(),
        "acceptedOn": TODAY.isoformat(),
        "closedOn": None,
        "decision": "ACCEPTED",
        "decisionLabel": "受理",
        "feedbackOn": None,
        "feedback": None,
        "mayRate": False,
        "mayRequestReview": False,
        "reviewStage": None,
        "reviewStageLabel": None,
        "reviewDueOn": None,
    }


def test_wrong_code_and_unknown_number_answer_the_same_null(tree, gql):
    public = gql()
    receipt = submit(public)
    number = receipt["trackingNumber"]
    other_code = online.query_code_new()
    assert progress(public, number, other_code) is None
    assert progress(public, f"320102-{TODAY.year}-09999", other_code) is None
    assert progress(public, f"999999-{TODAY.year}-00001", other_code) is None
    assert progress(public, "garbage", "") is None
    # a staff-registered petition has no query code at all
    staff = gql(tree.user("county_a", "registrar"))
    registered = staff.ok(REGISTER, {"input": register_input("SUGGESTION")})
    staff_number = registered["petitionRegister"]["petition"]["trackingNumber"]
    assert progress(public, staff_number, other_code) is None


def test_progress_is_answered_whichever_unit_the_request_names(tree, gql):
    public = gql()
    receipt = submit(public, headers={"X-Unit": "320213"})
    data = public.ok(
        PROGRESS,
        {"number": receipt["trackingNumber"], "code": receipt["queryCode"]},
        headers={"X-Unit": "320102"},
    )
    assert data["onlinePetitionProgress"]["unitName"] == tree.units["other_county"].name


def test_anonymous_accusation_keeps_no_identity_and_gets_no_feedback_text(tree, gql):
    public = gql()
    receipt = submit(
        public,
        isAnonymous=True,
        name="不应保存",
        citizenId="",
        phone="",
        legalType="ACCUSATION",
        accused=[
            {
                "name": "孙志强",
                "unitName": "玄武区某街道党工委",
                "post": "书记",
                "unitUnknown": True,
            }
        ],
    )
    assert receipt["errors"] == []
    with in_unit(tree.units["county_a"]):
        stored = Petition.objects.get(public_number=receipt["trackingNumber"])
        assert stored.is_anonymous is True
        assert stored.petitioners.count() == 0
        assert list(stored.accused.values_list("name", "post", "managing_level")) == [
            ("孙志强", "书记", "county")
        ]
        # the registrar answers in the file; the anonymous caller sees no text
        Petition.objects.filter(pk=stored.pk).update(
            feedback_on=TODAY, feedback_content="已核查"
        )
    answer = progress(public, receipt["trackingNumber"], receipt["queryCode"])
    assert (answer["feedbackOn"], answer["feedback"]) == (None, None)


def test_feedback_for_a_named_petitioner_is_shown(tree, gql):
    public = gql()
    receipt = submit(public)
    with in_unit(tree.units["county_a"]):
        Petition.objects.filter(public_number=receipt["trackingNumber"]).update(
            feedback_on=TODAY, feedback_content="您的建议已被采纳。"
        )
    answer = progress(public, receipt["trackingNumber"], receipt["queryCode"])
    assert (answer["feedbackOn"], answer["feedback"]) == (
        TODAY.isoformat(),
        "您的建议已被采纳。",
    )


BAD_INPUTS = [
    (
        {"citizenId": CITIZEN_ID[:-1] + ("0" if CITIZEN_ID[-1] != "0" else "1")},
        "INVALID_CITIZEN_ID",
        "citizenId",
    ),
    ({"name": "  "}, "REQUIRED", "name"),
    ({"citizenId": ""}, "REQUIRED", "citizenId"),
    ({"phone": ""}, "REQUIRED", "phone"),
    ({"phone": "123"}, "INVALID_PHONE", "phone"),
    ({"title": ""}, "REQUIRED", "title"),
    ({"content": "字" * (online.MAX_CONTENT_LENGTH + 1)}, "TOO_LONG", "content"),
    ({"legalType": "ACCUSATION"}, "REQUIRED", "accused"),
    ({"legalType": "APPEAL", "isAnonymous": True}, "REQUIRED", "isAnonymous"),
    (
        {"accused": [{"name": "孙某", "unitName": "某局", "unitCode": "999999"}]},
        "INVALID_ACCUSED_UNIT",
        "accused.0.unitCode",
    ),
]


@pytest.mark.parametrize(("overrides", "code", "field"), BAD_INPUTS)
def test_bad_input_is_refused_and_nothing_is_stored(tree, gql, overrides, code, field):
    before = counts()
    payload = submit(gql(), **overrides)
    assert payload["trackingNumber"] is None
    assert payload["queryCode"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]
    assert counts() == before


def test_bad_citizen_id_gives_a_chinese_message(tree, gql):
    bad = CITIZEN_ID[:-1] + ("0" if CITIZEN_ID[-1] != "0" else "1")
    payload = submit(gql(), citizenId=bad)
    assert payload["errors"][0]["message"] == "公民身份号码校验位不正确，请核对号码"


def test_no_unit_header_is_refused(tree, gql):
    before = counts()
    payload = submit(gql(), headers={})
    assert payload["errors"] == [
        {"code": "UNIT_REQUIRED", "field": None, "message": "请选择受理信访的组织部门"}
    ]
    assert counts() == before


def test_unknown_unit_header_is_not_found(tree, gql):
    before = counts()
    status, body = gql().execute(SUBMIT, submission(), headers={"X-Unit": "999999"})
    assert status == 404
    assert body["errors"][0]["extensions"]["code"] == "UNIT_NOT_FOUND"
    assert body["errors"][0]["message"] == "单位不存在"
    assert counts() == before


def test_submissions_are_limited_per_address(tree, gql):
    public = gql()
    for _ in range(online.SUBMIT_LIMIT):
        assert submit(public)["errors"] == []
    before = counts()
    payload = submit(public)
    assert [e["code"] for e in payload["errors"]] == ["TOO_MANY_REQUESTS"]
    assert payload["errors"][0]["message"] == "提交过于频繁，请稍后再试"
    assert counts() == before
    # another address is not held back
    elsewhere = gql()
    elsewhere.client.defaults["REMOTE_ADDR"] = "10.0.0.2"
    assert submit(elsewhere)["errors"] == []


def test_progress_queries_are_limited_per_address(tree, gql):
    public = gql()
    receipt = submit(public)
    variables = {"number": receipt["trackingNumber"], "code": receipt["queryCode"]}
    for _ in range(online.PROGRESS_LIMIT):
        assert public.ok(PROGRESS, variables)["onlinePetitionProgress"] is not None
    status, body = public.execute(PROGRESS, variables)
    assert body["data"]["onlinePetitionProgress"] is None
    assert body["errors"][0]["extensions"]["code"] == "TOO_MANY_REQUESTS"
    assert body["errors"][0]["message"] == "查询过于频繁，请稍后再试"


def test_wrong_codes_slow_down_that_client_only(tree, gql):
    public = gql()
    receipt = submit(public)
    number, code = receipt["trackingNumber"], receipt["queryCode"]
    attacker = gql()
    attacker.client.defaults["REMOTE_ADDR"] = "10.0.0.66"
    for _ in range(online.WRONG_CODE_FREE - 1):
        assert progress(attacker, number, online.query_code_new()) is None
    # four wrong answers still let the right code in, even from that client
    assert progress(attacker, number, code)["trackingNumber"] == number
    # when the client gets it wrong five more times
    for _ in range(online.WRONG_CODE_FREE):
        assert progress(attacker, number, online.query_code_new()) is None
    # then that client waits 30 seconds, even with the right code
    status, body = attacker.execute(PROGRESS, {"number": number, "code": code})
    assert body["data"]["onlinePetitionProgress"] is None
    assert body["errors"][0]["extensions"]["code"] == "TOO_MANY_REQUESTS"
    assert body["errors"][0]["message"] == "查询码错误次数过多，请30秒后再试"
    redis = cache._cache.get_client()
    wait_key = cache.make_key(online._client_number_keys(number, "10.0.0.66")[1])
    assert 0 < redis.ttl(wait_key) <= 30
    # and the genuine holder, on its own connection, is not held back
    assert progress(public, number, code)["trackingNumber"] == number


def test_the_wait_doubles_with_each_further_wrong_code(tree, gql):
    assert [online.wrong_code_delay(n) for n in range(4, 14)] == [
        0,
        30,
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
    ]
    attacker = gql()
    unknown = online.public_number_new("320102")
    for _ in range(online.WRONG_CODE_FREE):
        assert progress(attacker, unknown, online.query_code_new()) is None
    redis = cache._cache.get_client()
    wrong_key, wait_key = online._client_number_keys(unknown, "127.0.0.1")
    # once the first wait is over (its key expired), one more wrong code
    redis.delete(cache.make_key(wait_key))
    assert progress(attacker, unknown, online.query_code_new()) is None
    # waits twice as long; an unknown number behaves like a known one
    assert 30 < redis.ttl(cache.make_key(wait_key)) <= 60
    status, body = attacker.execute(PROGRESS, {"number": unknown, "code": "X"})
    assert body["errors"][0]["message"] == "查询码错误次数过多，请1分钟后再试"
    assert int(redis.get(cache.make_key(wrong_key))) == online.WRONG_CODE_FREE + 1


def test_a_mistyped_public_number_matches_nothing(tree, gql):
    public = gql()
    receipt = submit(public)
    number, code = receipt["trackingNumber"], receipt["queryCode"]
    last = number[-1]
    other = next(c for c in online.QUERY_CODE_ALPHABET if c != last)
    assert not online.public_number_is_well_formed(number[:-1] + other)
    assert progress(public, number[:-1] + other, code) is None
    # nor does the internal, sequential number of a petition that has one
    with in_unit(tree.units["county_a"]):
        internal = Petition.objects.get(public_number=number).tracking_number
    assert progress(public, internal, code) is None
    assert progress(public, number.lower(), code)["trackingNumber"] == number


def test_numbers_given_before_public_numbers_keep_working(tree, gql):
    public = gql()
    receipt = submit(public)
    with in_unit(tree.units["county_a"]):
        stored = Petition.objects.get(public_number=receipt["trackingNumber"])
        # a petition filed before public numbers existed has none
        Petition.objects.filter(pk=stored.pk).update(public_number="")

    answer = progress(public, stored.tracking_number, receipt["queryCode"])

    assert answer["trackingNumber"] == stored.tracking_number
    assert answer["statusLabel"] == "已收到，待受理"


def test_online_multi_send_is_flagged_but_not_revealed_to_the_public(tree, gql):
    # given the same letter registered by county_b (Nanjing branch)
    county_b = gql(tree.user("county_b", "registrar"))
    first = county_b.ok(
        REGISTER,
        {
            "input": {
                **register_input("SUGGESTION"),
                "channel": "ONLINE",
                "content": LETTER,
            }
        },
    )["petitionRegister"]
    assert first["errors"] == []
    # when the public submits it online to other_county (Wuxi branch)
    public = gql()
    receipt = public.ok(
        SUBMIT,
        submission(content="梁溪区委组织部：" + LETTER),
        headers={"X-Unit": "320213"},
    )["onlinePetitionSubmit"]
    # then the answer holds only the receipt
    assert set(receipt) == {"trackingNumber", "queryCode", "receivedOn", "errors"}
    assert receipt["errors"] == []
    # and the case is flagged as a multi-send against county_b
    with in_unit(tree.units["other_county"]):
        internal = Petition.objects.get(public_number=receipt["trackingNumber"])
    stored = CaseFact.objects.get(tracking_number=internal.tracking_number)
    assert stored.is_multi_send is True
    assert list(
        RepeatMatch.objects.filter(petition_id=stored.petition_id).values_list(
            "kind", "matched_unit__code"
        )
    ) == [("multi_send", "320104")]
    # and the progress query says nothing of it
    answer = progress(public, receipt["trackingNumber"], receipt["queryCode"])
    assert answer["statusLabel"] == "已收到，待受理"
    assert "320104" not in str(answer)


def test_staff_registration_is_unchanged_by_online_submissions(tree, gql):
    staff = gql(tree.user("county_a", "registrar"))
    registered = staff.ok(REGISTER, {"input": register_input("SUGGESTION")})
    petition = registered["petitionRegister"]["petition"]
    with in_unit(tree.units["county_a"]):
        stored = Petition.objects.get(pk=petition["id"])
    assert stored.registrar_id == tree.user("county_a", "registrar").pk
    assert stored.query_code_digest == ""


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        (None, True),
        (("township", "liaison"), False),
        (("county_a", "registrar"), True),
        (("county_b", "registrar"), False),
        (("province", "supervisor"), False),
    ],
)
def test_who_may_submit_to_county_a(tree, gql, who, allowed):
    # The public may name any unit; staff act only for their own unit.
    client = gql(tree.user(*who) if who else None)
    before = counts()
    status, body = client.execute(SUBMIT, submission(), headers=COUNTY_A)
    if allowed:
        assert body["data"]["onlinePetitionSubmit"]["errors"] == []
        with in_unit(tree.units["county_a"]):
            assert Petition.objects.filter(channel="online").count() == 1
    else:
        assert status == 404
        assert body["errors"][0]["extensions"]["code"] == "UNIT_NOT_FOUND"
        assert counts() == before


def test_a_declined_petition_shows_the_ground_to_the_public(tree, gql):
    public = gql()
    receipt = submit(public)
    with in_unit(tree.units["county_a"]):
        pid = str(Petition.objects.get(public_number=receipt["trackingNumber"]).pk)
    staff = gql(tree.user("county_a", "registrar"))
    call(staff, docs.DECLINE, petitionId=pid, ground="ALREADY_IN_PROGRESS")
    answer = progress(public, receipt["trackingNumber"], receipt["queryCode"])
    assert {
        key: answer[key]
        for key in ("status", "statusLabel", "decision", "decisionLabel", "decidedOn")
    } == {
        "status": "DECLINED",
        "statusLabel": "不予受理",
        "decision": "DECLINED",
        "decisionLabel": "不予受理：本单位已受理或正在办理",
        "decidedOn": TODAY.isoformat(),
    }
