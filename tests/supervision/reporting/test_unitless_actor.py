"""A reporting service called for staff without a unit refuses them as the
petition services do (`acting_unit`: PERMISSION_DENIED, a Chinese message),
before it writes anything, instead of failing on the missing unit.

The API never gets this far (such staff hold no permission); the seeders,
tasks and management commands call the services directly.
"""

import datetime

import pytest

from core.errors import DomainError
from supervision.reporting import services
from supervision.reporting.assessment import SUGGESTED_WEIGHTS
from supervision.reporting.models import (
    AssessmentBulletin,
    Report,
    ReportRequirement,
    RiskScreening,
    SituationReport,
)
from tenants.roles import Role
from tests.factories.reporting import make_requirement
from tests.factories.tenants import UserFactory

PERIOD = {
    "period_start": datetime.date(2025, 1, 1),
    "period_end": datetime.date(2025, 12, 31),
}


def _requirement_create(actor, requirement):
    return services.requirement_create(
        actor=actor,
        kind="annual",
        title="2025年度信访工作书面报告",
        due_on=datetime.date(2099, 1, 31),
        **PERIOD,
    )


def _report_submit(actor, requirement):
    return services.report_submit(
        actor=actor,
        requirement_id=requirement.pk,
        sections={"basic_situation": "全年受理信访件12件"},
    )


def _risk_screening_create(actor, requirement):
    return services.risk_screening_create(
        actor=actor, matter="拆迁补偿群体访苗头", severity="medium"
    )


def _situation_report_create(actor, requirement):
    return services.situation_report_create(
        actor=actor,
        title="群众集体来访",
        content="十余名群众到镇政府反映换届选举问题",
        severity="high",
        occurred_on=datetime.date(2025, 6, 1),
    )


def _assessment_bulletin_issue(actor, requirement):
    return services.assessment_bulletin_issue(
        actor=actor,
        title="2025年度信访工作考核通报",
        weights={key: str(weight) for key, weight in SUGGESTED_WEIGHTS.items()},
        **PERIOD,
    )


def _rows() -> list[int]:
    return [
        model.objects.count()
        for model in (
            ReportRequirement,
            Report,
            RiskScreening,
            SituationReport,
            AssessmentBulletin,
        )
    ]


@pytest.mark.parametrize(
    "call",
    [
        _requirement_create,
        _report_submit,
        _risk_screening_create,
        _situation_report_create,
        _assessment_bulletin_issue,
    ],
    ids=lambda call: call.__name__.lstrip("_"),
)
def test_reporting_service_refuses_staff_without_a_unit(tree, call):
    # given: a requirement of the city, and an account with every role, no unit
    requirement = make_requirement(tree.units["city"], tree.user("city", "leader"))
    unitless = UserFactory(unit=None, roles=list(Role.values))
    before = _rows()

    # when: the service is called for it
    with pytest.raises(DomainError) as refused:
        call(unitless, requirement)

    # then: refused as acting for no unit, and nothing is written
    assert (refused.value.code, refused.value.message) == (
        "PERMISSION_DENIED",
        "无权执行此操作",
    )
    assert _rows() == before
