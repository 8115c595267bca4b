"""Staff without a unit read no reporting work and may submit none, in the
unit the request names as anywhere else (the selectors find no reader's unit,
`_reader_unit`; the mutation base finds no permission)."""

import datetime

import pytest

from supervision.reporting import services
from supervision.reporting.models import Report
from tenants.roles import Role
from tests.factories.reporting import make_closed_fact, make_requirement
from tests.factories.tenants import UserFactory
from tests.graphql_api.reporting.queries import SECTIONS, SUBMIT

COUNTY_A = {"X-Unit": "320102"}

READS = """query($requirementId: ID!) {
  reportRequirements { totalCount }
  reportObligationsPage { totalCount }
  reportDelinquenciesPage { totalCount }
  reports { totalCount }
  riskScreenings { totalCount }
  situationReports { totalCount }
  assessmentBulletinsPage { totalCount }
  reportDraft(requirementId: $requirementId) { key }
  reportStatistics(
    unitCode: "320102", periodStartsOn: "2025-01-01", periodEndsOn: "2025-12-31"
  ) { unit { code } }
}"""


@pytest.fixture
def unitless(db):
    """An active account with every role and no unit."""
    return UserFactory(unit=None, roles=list(Role.values))


@pytest.fixture
def county_a_work(tree):
    """A city requirement overdue at county_a, and county_a's own forms."""
    requirement = make_requirement(
        tree.units["city"],
        tree.user("city", "leader"),
        due_on=datetime.date(2026, 1, 31),
    )
    make_closed_fact(tree.units["county_a"])
    clerk = tree.user("county_a", "registrar")
    services.risk_screening_create(actor=clerk, matter="征地补偿", severity="low")
    services.situation_report_create(
        actor=clerk,
        title="群众集体来访",
        content="十余名群众反映换届选举问题",
        severity="high",
        occurred_on=datetime.date(2025, 6, 1),
    )
    return requirement


@pytest.mark.parametrize("headers", [COUNTY_A, {}], ids=["x-unit", "no-unit"])
def test_unitless_staff_reads_no_reporting_work(
    tree, gql, unitless, county_a_work, headers
):
    variables = {"requirementId": str(county_a_work.pk)}
    # The same query for county_a's registrar finds its work, so the empty
    # answers below come from the missing unit alone.
    seen = gql(tree.user("county_a", "registrar")).ok(READS, variables)
    assert seen["reportRequirements"] == {"totalCount": 1}
    assert seen["riskScreenings"] == {"totalCount": 1}
    assert seen["reportDraft"] is not None

    data = gql(unitless).ok(READS, variables, headers=headers)

    assert data == {
        "reportRequirements": {"totalCount": 0},
        "reportObligationsPage": {"totalCount": 0},
        "reportDelinquenciesPage": {"totalCount": 0},
        "reports": {"totalCount": 0},
        "riskScreenings": {"totalCount": 0},
        "situationReports": {"totalCount": 0},
        "assessmentBulletinsPage": {"totalCount": 0},
        "reportDraft": None,
        "reportStatistics": None,
    }


def test_unitless_staff_may_not_submit_a_report(tree, gql, unitless, county_a_work):
    data = gql(unitless).ok(
        SUBMIT,
        {"requirementId": str(county_a_work.pk), "sections": SECTIONS},
        headers=COUNTY_A,
    )["reportSubmit"]

    assert data == {
        "report": None,
        "errors": [
            {"code": "PERMISSION_DENIED", "message": "无权执行此操作", "field": None}
        ],
    }
    assert not Report.objects.exists()
