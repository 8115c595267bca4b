"""Risk screenings and important-situation reports: who files, who sees."""

import datetime

import pytest

from supervision.inbox.models import Notification
from supervision.reporting.models import RiskScreening, SituationReport
from tests.factories.reporting import make_requirement

RISK = """
mutation($input: RiskScreeningInput!) {
  riskScreeningCreate(input: $input) {
    riskScreening {
      matter expectedHeadcount sensitiveDates severity unit { code } reportedByName
    }
    errors { code message field }
  }
}"""

SITUATION = """
mutation($input: SituationReportInput!) {
  situationReportCreate(input: $input) {
    situationReport { title severity occurredOn unit { code } }
    errors { code message field }
  }
}"""

RISKS = "{ riskScreenings { totalCount items { matter unit { code } } } }"
SITUATIONS = "{ situationReports { totalCount items { title unit { code } } } }"


def _risk_input(requirement_id=None):
    return {
        "matter": "原村干部因换届落选多次上访，拟于七一前后集体到县反映",
        "peopleInvolved": "原村两委成员及亲属",
        "expectedHeadcount": 12,
        "sensitiveDates": ["YEAR_END", "JULY_FIRST"],
        "severity": "MEDIUM",
        "measures": "街道组织委员已约谈，包案化解",
        "requirementId": requirement_id,
    }


def _situation_input():
    return {
        "title": "村民反映村支书违规发展党员",
        "content": "今日上午8名村民到街道反映某村支书违规发展党员问题，情绪激动。",
        "severity": "HIGH",
        "occurredOn": "2025-06-30",
    }


@pytest.mark.parametrize(
    ("actor", "expected_code"),
    [
        (None, "UNAUTHENTICATED"),
        (("township", "liaison"), None),
        (("county_a", "registrar"), "NOT_FOUND"),  # the issuer owes no screening
        (("county_b", "registrar"), "NOT_FOUND"),  # sibling county
        (("county_a", "handler"), "PERMISSION_DENIED"),
        (("province", "supervisor"), "PERMISSION_DENIED"),
    ],
)
def test_risk_screening_create_authorization(tree, gql, actor, expected_code):
    requirement = make_requirement(
        tree.units["county_a"],
        tree.user("county_a", "leader"),
        kind="quarterly_risk",
        title="2025年第二季度信访隐患排查",
    )
    user = tree.user(*actor) if actor else None

    data = gql(user).ok(RISK, {"input": _risk_input(requirement.pk)})[
        "riskScreeningCreate"
    ]

    if expected_code is None:
        assert data == {
            "riskScreening": {
                "matter": "原村干部因换届落选多次上访，拟于七一前后集体到县反映",
                "expectedHeadcount": 12,
                "sensitiveDates": ["JULY_FIRST", "YEAR_END"],
                "severity": "MEDIUM",
                "unit": {"code": "320102002"},
                "reportedByName": str(user),
            },
            "errors": [],
        }
    else:
        assert data["riskScreening"] is None
        assert [e["code"] for e in data["errors"]] == [expected_code]
        assert RiskScreening.objects.count() == 0


def test_risk_screening_rejects_a_negative_headcount(tree, gql):
    data = gql(tree.user("township", "liaison")).ok(
        RISK, {"input": {**_risk_input(), "expectedHeadcount": -3}}
    )["riskScreeningCreate"]
    assert data["errors"] == [
        {
            "code": "INVALID_HEADCOUNT",
            "message": "预计人数应在0至100000之间",
            "field": "expectedHeadcount",
        }
    ]
    assert RiskScreening.objects.count() == 0


@pytest.mark.parametrize(
    ("actor", "expected_code"),
    [
        (None, "UNAUTHENTICATED"),
        (("township", "liaison"), None),
        (("county_a", "handler"), "PERMISSION_DENIED"),
        (("county_b", "registrar"), None),  # a sibling reports its own situation
        (("province", "supervisor"), "PERMISSION_DENIED"),
    ],
)
def test_situation_report_create_authorization(tree, gql, actor, expected_code):
    user = tree.user(*actor) if actor else None
    before = Notification.objects.count()

    data = gql(user).ok(SITUATION, {"input": _situation_input()})[
        "situationReportCreate"
    ]

    if expected_code is None:
        assert data["errors"] == []
        assert data["situationReport"]["unit"] == {"code": user.unit.code}
        assert data["situationReport"]["severity"] == "HIGH"
    else:
        assert data["situationReport"] is None
        assert [e["code"] for e in data["errors"]] == [expected_code]
        assert SituationReport.objects.count() == 0
        assert Notification.objects.count() == before


def test_a_situation_report_reaches_every_ancestor_and_no_sibling(tree, gql):
    gql(tree.user("township", "liaison")).ok(SITUATION, {"input": _situation_input()})
    gql(tree.user("township", "liaison")).ok(RISK, {"input": _risk_input()})

    def seen(key, role, query, field):
        return gql(tree.user(key, role)).ok(query)[field]["totalCount"]

    viewers = [
        ("township", "liaison"),
        ("county_a", "leader"),
        ("city", "supervisor"),
        ("province", "supervisor"),
        ("county_b", "leader"),
        ("other_city", "supervisor"),
    ]
    assert [seen(k, r, SITUATIONS, "situationReports") for k, r in viewers] == [
        1,
        1,
        1,
        1,
        0,
        0,
    ]
    assert [seen(k, r, RISKS, "riskScreenings") for k, r in viewers] == [
        1,
        1,
        1,
        1,
        0,
        0,
    ]
    reminded = set(
        Notification.objects.filter(kind="situation_report").values_list(
            "recipient__username", flat=True
        )
    )
    assert reminded == {
        f"{key}_{role}"
        for key in ("county_a", "city", "province")
        for role in ("leader", "supervisor")
    }


def test_a_situation_cannot_be_dated_in_the_future(tree, gql):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    data = gql(tree.user("township", "liaison")).ok(
        SITUATION, {"input": {**_situation_input(), "occurredOn": tomorrow.isoformat()}}
    )["situationReportCreate"]
    assert [e["code"] for e in data["errors"]] == ["FUTURE_DATE"]
    assert SituationReport.objects.count() == 0


def test_a_situation_report_lands_in_the_one_inbox_and_is_marked_read_there(tree, gql):
    # given: a township liaison reports an important situation
    gql(tree.user("township", "liaison")).ok(SITUATION, {"input": _situation_input()})
    inbox = gql(tree.user("county_a", "leader"))

    # when: the county leader opens the inbox (站内通知)
    items = inbox.ok(
        "{ notifications(unreadOnly: true) "
        "{ totalCount items { id kind title subjectType isRead } } }"
    )["notifications"]["items"]

    # then: the one message is there, and marking it read empties the unread list
    assert [(i["kind"], i["title"], i["subjectType"], i["isRead"]) for i in items] == [
        (
            "SITUATION_REPORT",
            "梅园新村街道党工委组织办报告重要情况：村民反映村支书违规发展党员",
            "situation_report",
            False,
        )
    ]
    marked = inbox.ok(
        "mutation($ids: [ID!]!) { notificationMarkRead(ids: $ids) { marked } }",
        {"ids": [items[0]["id"]]},
    )
    assert marked == {"notificationMarkRead": {"marked": 1}}
    after = inbox.ok("{ notifications(unreadOnly: true) { totalCount } }")
    assert after == {"notifications": {"totalCount": 0}}
