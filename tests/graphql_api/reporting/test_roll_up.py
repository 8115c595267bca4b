"""Roll-up, who has not submitted, late flags and tracing figures, via GraphQL."""

import datetime

from django.utils import timezone

from supervision.facts.models import CaseFact
from tests.factories.reporting import make_closed_fact, make_fact, make_requirement
from tests.graphql_api.reporting.queries import SECTIONS, SUBMIT, counts
from tests.graphql_api.twins import assert_page_twin

ROLL_UP = """
query($requirementId: ID!, $unitCode: String!) {
  reportRollUp(requirementId: $requirementId, unitCode: $unitCode) {
    unit { code }
    report { id }
    statistics {
      own { counts { key value } }
      total { counts { key value } rates { key numerator denominator value } }
    }
    children {
      unit { code }
      figures { counts { key value } }
      submission { state isLate daysLate report { id } reviewerUnit { code } }
    }
  }
}"""

SUBMISSIONS = """
query($id: ID!) {
  reportRequirement(id: $id) { submissions { unit { code } state isLate daysLate } }
}"""

DELINQUENCIES = """
{ reportDelinquencies { unit { code } state isLate daysLate dueOn } }"""

OBLIGATIONS = """
{ reportObligations { requirement { title } reviewerUnit { code } state isLate dueOn } }"""

TRACE = """
query($requirementId: ID!, $unitCode: String!, $figure: String!) {
  reportFigureTrace(requirementId: $requirementId, unitCode: $unitCode, figure: $figure) {
    key label total own factCount
    children { unit { code } value reportedValue report { id } }
    facts { petitionId trackingNumber unitCode }
  }
}"""

DAYS_LATE = 10


def _overdue_requirement(tree):
    """A province-wide annual report that fell due ten days ago."""
    due_on = timezone.localdate() - datetime.timedelta(days=DAYS_LATE)
    return make_requirement(
        tree.units["province"], tree.user("province", "leader"), due_on=due_on
    )


def _cases(tree):
    make_closed_fact(tree.units["township"], satisfaction="satisfied")
    make_fact(tree.units["township"], is_repeat=True)
    make_closed_fact(tree.units["county_a"], closed_in_time=False)
    make_closed_fact(tree.units["county_b"], channel="visit")
    make_fact(tree.units["county_b"], is_accepted=True, accepted_in_time=False)
    make_fact(tree.units["city"], channel="online")
    make_fact(tree.units["other_county"])


def test_city_roll_up_sums_children_and_shows_their_submission_state(tree, gql):
    # given: cases across the tree, the township and county_a have submitted late
    requirement = _overdue_requirement(tree)
    _cases(tree)
    gql(tree.user("township", "liaison")).ok(
        SUBMIT, {"requirementId": requirement.pk, "sections": SECTIONS}
    )
    county_report = gql(tree.user("county_a", "registrar")).ok(
        SUBMIT, {"requirementId": requirement.pk, "sections": SECTIONS}
    )["reportSubmit"]["report"]

    # when: the city looks at its roll-up
    data = gql(tree.user("city", "leader")).ok(
        ROLL_UP, {"requirementId": requirement.pk, "unitCode": "320100"}
    )["reportRollUp"]

    # then: totals are own + children, and equal the facts of the subtree
    own, total = counts(data["statistics"]["own"]), counts(data["statistics"]["total"])
    children = {c["unit"]["code"]: c for c in data["children"]}
    assert list(children) == ["320102", "320104"]
    for key, value in total.items():
        assert value == own[key] + sum(
            counts(c["figures"])[key] for c in children.values()
        ), key
    assert total["received"] == 6
    assert (
        total["received"]
        == CaseFact.objects.filter(unit_path__startswith="320000.320100").count()
    )
    assert (own["received"], total["accepted"], total["closed"]) == (1, 4, 3)
    assert counts(children["320102"]["figures"])["received"] == 3
    assert counts(children["320104"]["figures"])["received"] == 2
    assert children["320102"]["submission"] == {
        "state": "SUBMITTED",
        "isLate": True,
        "daysLate": DAYS_LATE,
        "report": {"id": county_report["id"]},
        "reviewerUnit": {"code": "320100"},
    }
    assert children["320104"]["submission"] == {
        "state": "MISSING",
        "isLate": True,
        "daysLate": DAYS_LATE,
        "report": None,
        "reviewerUnit": {"code": "320100"},
    }
    assert data["report"] is None
    rates = {r["key"]: r for r in data["statistics"]["total"]["rates"]}
    assert rates["closure"] == {
        "key": "closure",
        "numerator": 3,
        "denominator": 4,
        "value": "0.7500",
    }


def test_province_sees_at_a_glance_who_has_not_submitted(tree, gql):
    requirement = _overdue_requirement(tree)
    gql(tree.user("township", "liaison")).ok(
        SUBMIT, {"requirementId": requirement.pk, "sections": SECTIONS}
    )

    province = gql(tree.user("province", "supervisor")).ok(
        SUBMISSIONS, {"id": requirement.pk}
    )["reportRequirement"]["submissions"]
    city = gql(tree.user("city", "supervisor")).ok(SUBMISSIONS, {"id": requirement.pk})[
        "reportRequirement"
    ]["submissions"]

    assert {s["unit"]["code"]: s["state"] for s in province} == {
        "320100": "MISSING",
        "320102": "MISSING",
        "320102002": "SUBMITTED",
        "320104": "MISSING",
        "320200": "MISSING",
        "320213": "MISSING",
    }
    assert [s["unit"]["code"] for s in city] == [
        "320100",
        "320102",
        "320102002",
        "320104",
    ]


def test_late_and_missing_are_flagged_to_the_unit_and_to_the_units_above(tree, gql):
    requirement = _overdue_requirement(tree)
    gql(tree.user("township", "liaison")).ok(
        SUBMIT, {"requirementId": requirement.pk, "sections": SECTIONS}
    )
    due_on = requirement.due_on.isoformat()

    own = gql(tree.user("county_b", "registrar")).ok(DELINQUENCIES)
    above = gql(tree.user("city", "leader")).ok(DELINQUENCIES)
    sibling = gql(tree.user("other_city", "leader")).ok(DELINQUENCIES)
    owed = gql(tree.user("county_b", "registrar")).ok(OBLIGATIONS)

    assert own["reportDelinquencies"] == [
        {
            "unit": {"code": "320104"},
            "state": "MISSING",
            "isLate": True,
            "daysLate": DAYS_LATE,
            "dueOn": due_on,
        }
    ]
    assert [(d["unit"]["code"], d["state"]) for d in above["reportDelinquencies"]] == [
        ("320100", "MISSING"),
        ("320102", "MISSING"),
        ("320102002", "SUBMITTED"),
        ("320104", "MISSING"),
    ]
    assert [d["unit"]["code"] for d in sibling["reportDelinquencies"]] == [
        "320200",
        "320213",
    ]
    assert owed["reportObligations"] == [
        {
            "requirement": {"title": "2025年度信访工作书面报告"},
            "reviewerUnit": {"code": "320100"},
            "state": "MISSING",
            "isLate": True,
            "dueOn": due_on,
        }
    ]
    assert_page_twin(
        gql(tree.user("city", "leader")),
        "reportDelinquencies",
        "unit { code } state isLate daysLate dueOn",
    )
    assert_page_twin(
        gql(tree.user("county_b", "registrar")),
        "reportObligations",
        "requirement { title } reviewerUnit { code } state isLate dueOn",
    )


def test_a_figure_traces_to_the_childrens_reports_and_the_cases(tree, gql):
    requirement = _overdue_requirement(tree)
    _cases(tree)
    county_report = gql(tree.user("county_a", "registrar")).ok(
        SUBMIT, {"requirementId": requirement.pk, "sections": SECTIONS}
    )["reportSubmit"]["report"]
    # a case arrives at county_a after its report was submitted
    make_fact(tree.units["county_a"])

    data = gql(tree.user("city", "leader")).ok(
        TRACE,
        {"requirementId": requirement.pk, "unitCode": "320100", "figure": "received"},
    )["reportFigureTrace"]

    assert (data["key"], data["label"], data["total"], data["own"]) == (
        "received",
        "收件总数",
        7,
        1,
    )
    assert data["children"] == [
        {
            "unit": {"code": "320102"},
            "value": 4,
            "reportedValue": 3,
            "report": {"id": county_report["id"]},
        },
        {"unit": {"code": "320104"}, "value": 2, "reportedValue": None, "report": None},
    ]
    expected = CaseFact.objects.filter(unit_path__startswith="320000.320100")
    assert data["factCount"] == 7
    assert sorted(f["trackingNumber"] for f in data["facts"]) == sorted(
        expected.values_list("tracking_number", flat=True)
    )
    assert sum(c["value"] for c in data["children"]) + data["own"] == data["total"]


def test_out_of_scope_roll_up_and_trace_are_null(tree, gql):
    requirement = _overdue_requirement(tree)
    sibling = gql(tree.user("county_b", "leader"))

    roll_up = sibling.ok(
        ROLL_UP, {"requirementId": requirement.pk, "unitCode": "320102"}
    )
    trace = sibling.ok(
        TRACE,
        {"requirementId": requirement.pk, "unitCode": "320102", "figure": "received"},
    )

    assert roll_up == {"reportRollUp": None}
    assert trace == {"reportFigureTrace": None}


STATISTICS = """
query($unitCode: String!) {
  reportStatistics(unitCode: $unitCode, periodStart: "2025-01-01", periodEnd: "2025-12-31") {
    unit { code }
    own { counts { key value } }
    total { counts { key value } breakdowns { dimension items { key value } } }
    children { unit { code } figures { counts { key value } } }
  }
  reportRateDefinitions { key label numerator denominator }
}"""


def test_live_statistics_for_a_unit_in_scope_only(tree, gql):
    _cases(tree)

    mine = gql(tree.user("county_a", "registrar")).ok(
        STATISTICS, {"unitCode": "320102"}
    )
    sibling = gql(tree.user("county_b", "leader")).ok(
        STATISTICS, {"unitCode": "320102"}
    )

    stats = mine["reportStatistics"]
    assert (counts(stats["own"])["received"], counts(stats["total"])["received"]) == (
        1,
        3,
    )
    assert [c["unit"]["code"] for c in stats["children"]] == ["320102002"]
    channel = next(
        b for b in stats["total"]["breakdowns"] if b["dimension"] == "channel"
    )
    assert channel["items"] == [{"key": "letter", "value": 3}]
    assert sibling["reportStatistics"] is None
    assert mine["reportRateDefinitions"][5] == {
        "key": "closed_at_once",
        "label": "一次性办结率",
        "numerator": "closed_at_once",
        "denominator": "closed",
    }
