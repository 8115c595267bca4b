"""Assessment bulletins: weighted scores against hand-computed values, ranks,
who may issue and who sees them."""

import pytest

from supervision.reporting.models import AssessmentBulletin, AssessmentScore
from supervision.reporting.services import report_submit
from tests.factories.reporting import make_closed_fact, make_fact, make_requirement
from tests.graphql_api.twins import assert_page_twin

ISSUE = """
mutation($input: AssessmentBulletinInput!) {
  assessmentBulletinIssue(input: $input) {
    bulletin {
      id title documentNumber issuerUnit { code }
      weights { metric label weight }
      scores { unit { code } score rank components { metric label rate points } }
    }
    errors { code message field }
  }
}"""

BULLETIN_2025 = {
    "title": "2025年度组织系统信访工作考核通报",
    "periodStart": "2025-01-01",
    "periodEnd": "2025-12-31",
    "weights": [
        {"metric": "closure", "weight": "50"},
        {"metric": "satisfaction", "weight": "30"},
        {"metric": "repeat", "weight": "20"},
    ],
}


def test_scores_and_ranks_match_the_hand_computed_values(tree, gql):
    # county_a: closure 1/2, satisfaction 1/1, repeat 1/3 (scored 1 - 1/3)
    make_closed_fact(tree.units["county_a"], satisfaction="satisfied")
    make_fact(tree.units["county_a"], is_accepted=True, accepted_in_time=True)
    make_fact(tree.units["township"], is_repeat=True)
    # county_b: closure 1/1, satisfaction 0/1, repeat 0/1
    make_closed_fact(tree.units["county_b"], satisfaction="dissatisfied")

    data = gql(tree.user("city", "leader")).ok(ISSUE, {"input": BULLETIN_2025})[
        "assessmentBulletinIssue"
    ]

    assert data["errors"] == []
    bulletin = data["bulletin"]
    assert bulletin["documentNumber"] == "宁组考〔2025〕1号"
    assert bulletin["weights"] == [
        {"metric": "closure", "label": "办结率", "weight": "50"},
        {"metric": "repeat", "label": "重信重访率", "weight": "20"},
        {"metric": "satisfaction", "label": "满意率", "weight": "30"},
    ]
    assert [(s["unit"]["code"], s["score"], s["rank"]) for s in bulletin["scores"]] == [
        ("320104", "70.00", 1),
        ("320102", "68.33", 2),
    ]
    assert bulletin["scores"][1]["components"] == [
        {"metric": "closure", "label": "办结率", "rate": "0.5000", "points": "25.00"},
        {
            "metric": "repeat",
            "label": "重信重访率",
            "rate": "0.3333",
            "points": "13.33",
        },
        {
            "metric": "satisfaction",
            "label": "满意率",
            "rate": "1.0000",
            "points": "30.00",
        },
    ]


def test_on_time_reporting_is_scored(tree, gql):
    requirement = make_requirement(
        tree.units["city"], tree.user("city", "leader"), target_levels=["county"]
    )
    report_submit(
        actor=tree.user("county_a", "registrar"),
        requirement_id=requirement.pk,
        sections={"basic_situation": "正文"},
    )

    data = gql(tree.user("city", "supervisor")).ok(
        ISSUE,
        {
            "input": {
                "title": "报送工作考核",
                "periodStart": "2025-01-01",
                "periodEnd": "2099-12-31",
                "weights": [{"metric": "on_time_reporting", "weight": "1"}],
            }
        },
    )["assessmentBulletinIssue"]

    assert [
        (s["unit"]["code"], s["score"], s["rank"]) for s in data["bulletin"]["scores"]
    ] == [
        ("320102", "100.00", 1),
        ("320104", "0.00", 2),
    ]


def test_unknown_metric_or_no_positive_weight_is_refused(tree, gql):
    client = gql(tree.user("city", "leader"))
    unknown = client.ok(
        ISSUE,
        {"input": {**BULLETIN_2025, "weights": [{"metric": "speed", "weight": "1"}]}},
    )["assessmentBulletinIssue"]
    zero = client.ok(
        ISSUE,
        {"input": {**BULLETIN_2025, "weights": [{"metric": "closure", "weight": "0"}]}},
    )["assessmentBulletinIssue"]

    assert unknown["errors"] == [
        {
            "code": "INVALID_WEIGHTS",
            "message": "未知的考核指标：speed",
            "field": "weights",
        }
    ]
    assert zero["errors"] == [
        {
            "code": "INVALID_WEIGHTS",
            "message": "至少设置一项大于0的权重",
            "field": "weights",
        }
    ]
    assert AssessmentBulletin.objects.count() == 0


@pytest.mark.parametrize(
    ("actor", "expected_code", "scored"),
    [
        (None, "UNAUTHENTICATED", None),
        (("township", "liaison"), "PERMISSION_DENIED", None),
        (("county_a", "registrar"), "PERMISSION_DENIED", None),
        (("county_b", "leader"), "NO_SUBORDINATES", None),  # sibling, no townships
        (("county_a", "leader"), None, ["320102002"]),
        (("province", "supervisor"), None, ["320100", "320200"]),
    ],
)
def test_assessment_bulletin_issue_authorization(
    tree, gql, actor, expected_code, scored
):
    user = tree.user(*actor) if actor else None

    data = gql(user).ok(ISSUE, {"input": BULLETIN_2025})["assessmentBulletinIssue"]

    if expected_code is None:
        assert data["errors"] == []
        assert sorted(s["unit"]["code"] for s in data["bulletin"]["scores"]) == scored
    else:
        assert data["bulletin"] is None
        assert [e["code"] for e in data["errors"]] == [expected_code]
        assert AssessmentBulletin.objects.count() == 0
        assert AssessmentScore.objects.count() == 0


def test_a_bulletin_is_seen_by_the_issuer_and_the_units_below(tree, gql):
    gql(tree.user("city", "leader")).ok(ISSUE, {"input": BULLETIN_2025})
    query = "{ assessmentBulletins { title } }"

    def count(key, role):
        return len(gql(tree.user(key, role)).ok(query)["assessmentBulletins"])

    assert [
        count("city", "supervisor"),
        count("county_a", "registrar"),
        count("township", "liaison"),
        count("province", "supervisor"),
        count("other_county", "registrar"),
    ] == [1, 1, 1, 0, 0]
    assert_page_twin(
        gql(tree.user("county_a", "registrar")),
        "assessmentBulletins",
        "title periodStart periodStartsOn periodEnd periodEndsOn",
    )
