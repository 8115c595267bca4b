"""The petitioner's satisfaction rating (满意度) and 复查 request online, with
the tracking number and query code only."""

from __future__ import annotations

import datetime

from django.core.cache import cache

from supervision.crosslevel.services import online
from supervision.deadlines import period_end
from supervision.inbox.models import Notification
from supervision.models import Petition, PetitionEvent
from supervision.rules.clocks import ClockCode
from tests.factories.supervision import OPINION, advance_petition, in_unit
from tests.graphql_api.crosslevel.test_online_api import progress, submit
from tests.graphql_api.supervision.test_lifecycle import TODAY

HOLDER_FIELDS = """
  progress {
    trackingNumber status satisfaction satisfactionLabel mayRate
    reviewStage reviewStageLabel reviewDueOn mayRequestReview reviewRequestedOn
    opinion { title request legalBasis decisionLabel }
  }
  errors { code field message }
"""
RATE = f"""
mutation($input: OnlinePetitionRateInput!) {{
  onlinePetitionRate(input: $input) {{ {HOLDER_FIELDS} }}
}}"""
REVIEW = f"""
mutation($input: OnlinePetitionReviewRequestInput!) {{
  onlinePetitionReviewRequest(input: $input) {{ {HOLDER_FIELDS} }}
}}"""
OPINION_QUERY = """
query($number: String!, $code: String!) {
  onlinePetitionProgress(trackingNumber: $number, queryCode: $code) {
    statusLabel opinion { title }
  }
}"""
APPEAL = {
    "legalType": "APPEAL",
    "title": "对提拔决定的申诉",
    "content": "请求撤销提拔决定。",
}


def rate(client, receipt, satisfaction="SATISFIED", code=None):
    value = {
        "trackingNumber": receipt["trackingNumber"],
        "queryCode": code or receipt["queryCode"],
        "satisfaction": satisfaction,
    }
    return client.ok(RATE, {"input": value})["onlinePetitionRate"]


def ask_review(client, receipt, reason="原处理意见认定事实不清。", code=None):
    value = {
        "trackingNumber": receipt["trackingNumber"],
        "queryCode": code or receipt["queryCode"],
        "reason": reason,
    }
    return client.ok(REVIEW, {"input": value})["onlinePetitionReviewRequest"]


def codes(payload):
    return [(e["code"], e["field"]) for e in payload["errors"]]


def stored(tree, receipt) -> Petition:
    with in_unit(tree.units["county_a"]):
        return Petition.objects.get(public_number=receipt["trackingNumber"])


def answered_appeal(tree, gql, state="answered"):
    public = gql()
    receipt = submit(public, **APPEAL)
    assert receipt["errors"] == []
    advance_petition(tree, stored(tree, receipt).pk, state)
    return public, receipt


def test_the_petitioner_rates_the_answered_appeal_once(tree, gql):
    public, receipt = answered_appeal(tree, gql)
    before = progress(public, receipt["trackingNumber"], receipt["queryCode"])
    assert before["status"] == "CLOSED"

    payload = rate(public, receipt, "MOSTLY_SATISFIED")

    assert payload["errors"] == []
    assert payload["progress"]["satisfaction"] == "MOSTLY_SATISFIED"
    assert payload["progress"]["satisfactionLabel"] == "基本满意"
    assert payload["progress"]["mayRate"] is False
    assert payload["progress"]["opinion"] == {
        "title": "信访事项处理意见书",
        "request": OPINION["request"],
        "legalBasis": OPINION["legal_basis"],
        "decisionLabel": "不予支持",
    }
    petition = stored(tree, receipt)
    assert petition.satisfaction == "mostly_satisfied"
    with in_unit(tree.units["county_a"]):
        event = PetitionEvent.objects.filter(petition=petition).latest("created_at")
    assert (event.action, event.actor_id, event.note) == (
        "online_rated",
        None,
        "信访人网上评价：基本满意",
    )
    # a second rating is refused and changes nothing
    again = rate(public, receipt, "DISSATISFIED")
    assert codes(again) == [("ALREADY_RATED", "satisfaction")]
    assert stored(tree, receipt).satisfaction == "mostly_satisfied"


def test_rating_before_the_answer_is_refused(tree, gql):
    public, receipt = answered_appeal(tree, gql, state="closed")
    payload = rate(public, receipt)
    assert codes(payload) == [("NOT_CONCLUDED", "satisfaction")]
    # nor is the opinion shown before it is served
    shown = public.ok(
        OPINION_QUERY,
        {"number": receipt["trackingNumber"], "code": receipt["queryCode"]},
    )["onlinePetitionProgress"]
    assert shown == {"statusLabel": "已办结", "opinion": None}
    assert payload["progress"] is None
    assert stored(tree, receipt).satisfaction == ""


def test_wrong_code_and_unknown_number_fail_alike_and_lock_out(tree, gql):
    public, receipt = answered_appeal(tree, gql)
    wrong = rate(public, receipt, code="AAAAA-AAAAA-AAAAA-AAAAA")
    unknown = rate(
        public,
        {"trackingNumber": online.public_number_new("320102"), "queryCode": "X"},
    )
    assert wrong == unknown
    assert [e["code"] for e in wrong["errors"]] == ["NOT_FOUND"]
    for _ in range(online.WRONG_CODE_FREE - 1):
        ask_review(public, receipt, code="BBBBB-BBBBB-BBBBB-BBBBB")
    # now even the right code waits: the lock-out looks the same for any number
    locked = rate(public, receipt)
    assert [e["code"] for e in locked["errors"]] == ["TOO_MANY_REQUESTS"]
    assert stored(tree, receipt).satisfaction == ""
    cache.clear()
    assert rate(public, receipt)["errors"] == []


def test_the_petitioner_asks_for_review_within_the_window(tree, gql):
    public, receipt = answered_appeal(tree, gql)
    before = progress(public, receipt["trackingNumber"], receipt["queryCode"])
    # 30 days from the answer, moved past a closing weekend or holiday
    window_end = period_end(ClockCode.REVIEW_REQUEST, TODAY).end
    assert window_end >= TODAY + datetime.timedelta(days=30)
    assert before["mayRequestReview"] is True
    assert before["reviewStage"] == "REVIEW"
    assert before["reviewStageLabel"] == "复查"
    assert before["reviewDueOn"] == window_end.isoformat()

    payload = ask_review(public, receipt)

    assert payload["errors"] == []
    assert payload["progress"]["reviewRequestedOn"] == TODAY.isoformat()
    assert payload["progress"]["mayRequestReview"] is False
    petition = stored(tree, receipt)
    assert petition.online_review_requested_on == TODAY
    with in_unit(tree.units["county_a"]):
        event = PetitionEvent.objects.filter(petition=petition).latest("created_at")
    assert event.action == "online_review_requested"
    assert event.note.startswith("信访人网上申请复查（由")
    assert event.note.endswith("：原处理意见认定事实不清。")
    registrar = tree.user("county_a", "registrar")
    assert Notification.objects.filter(
        recipient=registrar, title__startswith="网上申请复查："
    ).exists()
    # once only
    assert codes(ask_review(public, receipt)) == [("ALREADY_REQUESTED", "reason")]


def test_review_is_refused_outside_its_rules(tree, gql):
    public, receipt = answered_appeal(tree, gql, state="closed")
    assert codes(ask_review(public, receipt)) == [("FEEDBACK_REQUIRED", "reason")]
    assert codes(ask_review(public, receipt, reason="  ")) == [
        ("REASON_REQUIRED", "reason")
    ]
    suggestion = submit(public)
    advance_petition(
        tree, stored(tree, suggestion).pk, "answered", legal_type="suggestion"
    )
    assert codes(ask_review(public, suggestion)) == [("NOT_APPEAL", "reason")]
    shown = progress(public, suggestion["trackingNumber"], suggestion["queryCode"])
    assert shown["mayRequestReview"] is False and shown["reviewStage"] is None


def test_the_window_closes_after_thirty_days(tree, gql):
    public, receipt = answered_appeal(tree, gql)
    long_ago = TODAY - datetime.timedelta(days=40)
    with in_unit(tree.units["county_a"]):
        Petition.objects.filter(public_number=receipt["trackingNumber"]).update(
            closed_on=long_ago, feedback_on=long_ago
        )
    shown = progress(public, receipt["trackingNumber"], receipt["queryCode"])
    assert shown["mayRequestReview"] is False
    assert codes(ask_review(public, receipt)) == [("WINDOW_CLOSED", "reason")]
    assert stored(tree, receipt).online_review_requested_on is None
