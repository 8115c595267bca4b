"""The reporting demo seeder: realistic states, and idempotent."""

from django.conf import settings

from demo.reporting import seed_reporting_demo
from supervision.reporting.models import (
    AssessmentBulletin,
    Report,
    ReportRequirement,
    ReportVersion,
    RiskScreening,
    SituationReport,
)


def _counts():
    return [
        model.objects.count()
        for model in (
            ReportRequirement,
            Report,
            ReportVersion,
            RiskScreening,
            SituationReport,
            AssessmentBulletin,
        )
    ]


def test_the_seeder_is_registered_and_idempotent(tree):
    assert "demo.reporting.seed_reporting_demo" in settings.DEMO_SEEDERS

    first = seed_reporting_demo()
    after_first = _counts()
    second = seed_reporting_demo()

    assert _counts() == after_first
    # 3 requirements; annual: 6 obligated units of the test tree, 5 submitted;
    # monthly: 3 units under Nanjing, all submitted (the pattern's 5th is missing)
    assert after_first == [3, 8, 8, 1, 1, 1]
    assert set(Report.objects.values_list("status", flat=True)) == {
        "accepted",
        "returned",
        "submitted",
    }
    # the annual report's period is the year of its title (2025年度)
    annual = ReportRequirement.objects.get(kind="annual")
    assert (annual.period_start.isoformat(), annual.period_end.isoformat()) == (
        "2025-01-01",
        "2025-12-31",
    )
    assert first.startswith("报告演示数据：新增报告8份")
    assert "新增报告0份" in second and "考核通报0期" in second
