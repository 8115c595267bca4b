"""Requirement → submission → return → resubmission → acceptance, via GraphQL."""

from django.utils import timezone

from supervision.inbox.models import Notification
from supervision.reporting.models import Report
from tests.factories.reporting import make_closed_fact, make_fact
from tests.graphql_api.reporting.queries import (
    ACCEPT,
    REPORT,
    REQUIREMENT_CREATE,
    RETURN,
    SECTIONS,
    SUBMIT,
    counts,
)

ANNUAL = {
    "kind": "ANNUAL",
    "title": "2025年度组织系统信访工作书面报告",
    "periodStart": "2025-01-01",
    "periodEnd": "2025-12-31",
    "dueOn": "2099-01-31",
    "targetLevels": ["COUNTY"],
}


def test_requirement_submission_return_resubmission_acceptance(tree, gql):
    # given: the city requires an annual report from its counties; county_a has cases
    city_leader = gql(tree.user("city", "leader"))
    county = gql(tree.user("county_a", "registrar"))
    make_closed_fact(tree.units["county_a"], satisfaction="satisfied")
    make_fact(tree.units["county_a"], is_accepted=True, accepted_in_time=True)
    make_closed_fact(tree.units["township"])
    created = city_leader.ok(REQUIREMENT_CREATE, {"input": ANNUAL})[
        "reportRequirementCreate"
    ]
    assert created["errors"] == []
    assert created["requirement"]["issuerUnit"] == {"code": "320100"}
    assert created["requirement"]["targetLevels"] == ["COUNTY"]
    requirement_id = created["requirement"]["id"]

    # when: county_a submits
    submitted = county.ok(
        SUBMIT, {"requirementId": requirement_id, "sections": SECTIONS}
    )["reportSubmit"]
    # then: version 1 is with the city, numbered like a document
    year = timezone.localdate().year
    assert submitted["errors"] == []
    report = submitted["report"]
    assert report["status"] == "SUBMITTED"
    assert report["versionCount"] == 1
    assert report["documentNumber"] == f"玄组信报〔{year}〕1号"
    assert report["unit"] == {"code": "320102"}
    assert report["reviewerUnit"] == {"code": "320100"}
    assert (
        Notification.objects.filter(
            recipient=tree.user("city", "leader"), kind="written_report_submitted"
        ).count()
        == 1
    )

    # when: the city returns it with comments
    returned = city_leader.ok(
        RETURN, {"reportId": report["id"], "comment": "请补充原因分析"}
    )["reportReturn"]
    assert returned == {
        "report": {
            "id": report["id"],
            "status": "RETURNED",
            "reviewComment": "请补充原因分析",
        },
        "errors": [],
    }
    # when: county_a resubmits; a further submission while pending is refused
    resubmitted = county.ok(
        SUBMIT,
        {
            "requirementId": requirement_id,
            "sections": [
                *SECTIONS,
                {"key": "CAUSE_ANALYSIS", "text": "干部选拔任用问题较集中。"},
            ],
        },
    )["reportSubmit"]
    assert resubmitted["report"]["status"] == "SUBMITTED"
    assert resubmitted["report"]["versionCount"] == 2
    again = county.ok(SUBMIT, {"requirementId": requirement_id, "sections": SECTIONS})[
        "reportSubmit"
    ]
    assert again["errors"] == [
        {
            "code": "ALREADY_SUBMITTED",
            "message": "该报告已报送，正在审核",
            "field": None,
        }
    ]

    # when: the city accepts
    accepted = city_leader.ok(ACCEPT, {"reportId": report["id"]})["reportAccept"]
    assert accepted["report"]["status"] == "ACCEPTED"

    # then: both versions are kept, with the figures as submitted, and the timeline
    data = county.ok(REPORT, {"id": report["id"]})["report"]
    assert [v["number"] for v in data["versions"]] == [1, 2]
    assert [s["label"] for s in data["versions"][0]["sections"]] == [
        "基本情况",
        "下步打算",
    ]
    assert [s["label"] for s in data["versions"][1]["sections"]] == [
        "基本情况",
        "原因分析",
        "下步打算",
    ]
    totals = counts(data["versions"][1]["total"])
    assert (totals["received"], totals["accepted"], totals["closed"]) == (3, 3, 2)
    assert [
        (e["action"], e["versionNumber"], e["comment"]) for e in data["events"]
    ] == [
        ("SUBMITTED", 1, ""),
        ("RETURNED", 1, "请补充原因分析"),
        ("RESUBMITTED", 2, ""),
        ("ACCEPTED", 2, "同意"),
    ]
    assert data["status"] == "ACCEPTED"
    # an accepted report cannot be submitted again
    closed = county.ok(SUBMIT, {"requirementId": requirement_id, "sections": SECTIONS})[
        "reportSubmit"
    ]
    assert [e["code"] for e in closed["errors"]] == ["ALREADY_ACCEPTED"]


def test_return_requires_a_comment_and_changes_nothing_without_one(tree, gql):
    city_leader = gql(tree.user("city", "leader"))
    requirement_id = city_leader.ok(REQUIREMENT_CREATE, {"input": ANNUAL})[
        "reportRequirementCreate"
    ]["requirement"]["id"]
    report_id = gql(tree.user("county_a", "registrar")).ok(
        SUBMIT, {"requirementId": requirement_id, "sections": SECTIONS}
    )["reportSubmit"]["report"]["id"]

    data = city_leader.ok(RETURN, {"reportId": report_id, "comment": "  "})[
        "reportReturn"
    ]

    assert data == {
        "report": None,
        "errors": [
            {
                "code": "COMMENT_REQUIRED",
                "message": "退回须填写意见",
                "field": "comment",
            }
        ],
    }
    assert Report.objects.get(pk=report_id).status == "submitted"


def test_annual_report_needs_the_basic_situation_and_known_sections(tree, gql):
    requirement_id = gql(tree.user("city", "leader")).ok(
        REQUIREMENT_CREATE, {"input": ANNUAL}
    )["reportRequirementCreate"]["requirement"]["id"]
    county = gql(tree.user("county_a", "registrar"))

    data = county.ok(
        SUBMIT,
        {
            "requirementId": requirement_id,
            "sections": [{"key": "NEXT_STEPS", "text": "继续努力"}],
        },
    )["reportSubmit"]

    assert data["errors"] == [
        {
            "code": "SECTION_REQUIRED",
            "message": "年度书面报告须填写“基本情况”",
            "field": "sections",
        }
    ]
    assert Report.objects.count() == 0


def test_requirement_dates_are_checked(tree, gql):
    data = gql(tree.user("city", "leader")).ok(
        REQUIREMENT_CREATE,
        {"input": {**ANNUAL, "dueOn": "2025-12-01"}},
    )["reportRequirementCreate"]
    assert data == {
        "requirement": None,
        "errors": [
            {
                "code": "INVALID_DUE_DATE",
                "message": "报送截止日期不能早于统计期结束",
                "field": "dueOn",
            }
        ],
    }
    data = gql(tree.user("county_a", "leader")).ok(
        REQUIREMENT_CREATE,
        {"input": {**ANNUAL, "targetLevels": ["CITY"]}},
    )["reportRequirementCreate"]
    assert [e["code"] for e in data["errors"]] == ["INVALID_LEVEL"]
