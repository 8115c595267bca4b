"""Demo reporting data: requirements, reports in every state, liaison forms and
a bulletin, for the demo unit tree. Idempotent: what exists is left alone."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from demo.staff import first_staff
from supervision.reporting import services
from supervision.reporting.models import (
    AssessmentBulletin,
    Report,
    ReportKind,
    ReportRequirement,
    ReportStatus,
    ReportVersion,
    RiskScreening,
    Severity,
    SituationReport,
)
from supervision.reporting.selectors import draft_sections, obligated_units
from tenants.models import Unit, UnitLevel
from tenants.roles import Permission

PROVINCE = "320000"
CITY = "320100"
SITUATION_TOWNSHIP = "320102002"

ANNUAL_TITLE = "2025年度组织系统信访工作书面报告"
MONTHLY_TITLE = "2026年10月组织系统信访统计月报"
RISK_TITLE = "2026年第四季度组织系统信访隐患排查"
BULLETIN_TITLE = "关于2026年1月至11月全省组织系统信访工作考核情况的通报"
SITUATION_TITLE = "部分村民拟于年底到区集中反映村党组织换届问题"
RISK_MATTER = "村党组织换届后落选人员情绪不稳，多次到街道反映选举程序问题"


def _requirement(issuer: Unit, title: str, **fields) -> ReportRequirement | None:
    existing = ReportRequirement.objects.filter(issuer_unit=issuer, title=title).first()
    if existing is not None:
        return existing
    actor = first_staff(issuer, Permission.REPORT_REVIEW)
    if actor is None:
        return None
    return services.requirement_create(actor=actor, title=title, **fields)


# The state each obligated unit's annual report is left in, by turn.
PATTERN = ("accept", "accept", "return", "pending", "missing")


def _seed_reports(
    requirement: ReportRequirement, *, submitted_on: datetime.date
) -> int:
    """Submit (and review) reports bottom-up, in a repeating pattern of states."""
    created = 0
    units = sorted(obligated_units(requirement), key=lambda u: (-u.depth, u.path))
    for index, unit in enumerate(units):
        step = PATTERN[index % len(PATTERN)]
        if (
            step == "missing"
            or Report.objects.filter(requirement=requirement, unit=unit).exists()
        ):
            continue
        submitter = first_staff(unit, Permission.REPORT_SUBMIT)
        reviewer = (
            first_staff(unit.parent, Permission.REPORT_REVIEW) if unit.parent else None
        )
        if submitter is None:
            continue
        report = services.report_submit(
            actor=submitter,
            requirement_id=requirement.pk,
            sections=draft_sections(unit, requirement),
        )
        created += 1
        # Demo submissions are dated as if sent before the due date (one late).
        late = step == "pending" and index % 2 == 1
        day = submitted_on + datetime.timedelta(days=(index % 7) + (10 if late else 0))
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        Report.objects.filter(pk=report.pk).update(
            first_submitted_at=moment, submitted_at=moment
        )
        ReportVersion.objects.filter(report=report).update(submitted_at=moment)
        if reviewer is None:
            continue
        if step == "accept":
            services.report_accept(actor=reviewer, report_id=report.pk, comment="同意")
        elif step == "return":
            services.report_return(
                actor=reviewer,
                report_id=report.pk,
                comment="请补充原因分析和下步打算的具体措施，三日内重新报送。",
            )
    return created


def _seed_liaison_forms(province: Unit) -> tuple[int, int]:
    risks = 0
    for township in Unit.objects.filter(
        path__startswith=province.path + ".", level=UnitLevel.TOWNSHIP
    ).order_by("code"):
        liaison = first_staff(township, Permission.REPORT_SUBMIT)
        if (
            liaison is None
            or RiskScreening.objects.filter(unit=township, matter=RISK_MATTER).exists()
        ):
            continue
        services.risk_screening_create(
            actor=liaison,
            matter=RISK_MATTER,
            severity=Severity.MEDIUM if int(township.code) % 2 else Severity.LOW,
            people_involved="落选人员及其亲属",
            expected_headcount=6 + int(township.code) % 9,
            sensitive_dates=["year_end", "two_sessions"],
            measures="组织委员包案，逐一谈心谈话，邀请县委组织部指导复核选举程序。",
        )
        risks += 1
    situations = 0
    township = Unit.objects.filter(code=SITUATION_TOWNSHIP).first()
    liaison = first_staff(township, Permission.REPORT_SUBMIT) if township else None
    if (
        liaison
        and not SituationReport.objects.filter(
            unit=township, title=SITUATION_TITLE
        ).exists()
    ):
        services.situation_report_create(
            actor=liaison,
            title=SITUATION_TITLE,
            content=(
                "据排查，某社区约15名居民对社区党组织换届结果有异议，拟于12月下旬到区委"
                "集中反映。街道已安排专人做好解释疏导工作，并报请区委组织部指导。"
            ),
            severity=Severity.HIGH,
            occurred_on=timezone.localdate(),
        )
        situations += 1
    return risks, situations


@transaction.atomic
def seed_reporting_demo() -> str:
    """Requirements from the province and Nanjing, reports in every state,
    risk screenings, an important-situation report and a bulletin."""
    province = Unit.objects.filter(code=PROVINCE).first()
    if province is None:
        return "报告演示数据：未找到省级单位，跳过"
    annual = _requirement(
        province,
        ANNUAL_TITLE,
        kind=ReportKind.ANNUAL,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        due_on=datetime.date(2026, 1, 31),
        instructions="请各地按照《信访工作条例》第四十一条要求，报告全年信访工作情况。",
    )
    _requirement(
        province,
        RISK_TITLE,
        kind=ReportKind.QUARTERLY_RISK,
        period_start=datetime.date(2026, 10, 1),
        period_end=datetime.date(2026, 12, 31),
        due_on=datetime.date(2026, 12, 31),
        target_levels=[UnitLevel.TOWNSHIP],
    )
    city = Unit.objects.filter(code=CITY).first()
    monthly = None
    if city is not None:
        monthly = _requirement(
            city,
            MONTHLY_TITLE,
            kind=ReportKind.MONTHLY,
            period_start=datetime.date(2026, 10, 1),
            period_end=datetime.date(2026, 10, 31),
            due_on=datetime.date(2026, 11, 5),
            target_levels=[UnitLevel.COUNTY, UnitLevel.TOWNSHIP],
        )
    reports = 0
    if annual is not None:
        reports += _seed_reports(annual, submitted_on=datetime.date(2026, 1, 15))
    if monthly is not None:
        reports += _seed_reports(monthly, submitted_on=datetime.date(2026, 11, 2))
    risks, situations = _seed_liaison_forms(province)
    bulletins = 0
    issuer = first_staff(province, Permission.REPORT_REVIEW)
    if (
        issuer
        and not AssessmentBulletin.objects.filter(
            issuer_unit=province, title=BULLETIN_TITLE
        ).exists()
    ):
        services.assessment_bulletin_issue(
            actor=issuer,
            title=BULLETIN_TITLE,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 11, 30),
            weights={
                "closure": Decimal(25),
                "closed_in_time": Decimal(20),
                "satisfaction": Decimal(20),
                "repeat": Decimal(10),
                "closed_at_once": Decimal(5),
                "on_time_reporting": Decimal(20),
            },
        )
        bulletins += 1
    states = {
        status: Report.objects.filter(status=status).count()
        for status in ReportStatus.values
    }
    return (
        f"报告演示数据：新增报告{reports}份（现有已采纳{states['accepted']}、"
        f"退回{states['returned']}、待审核{states['submitted']}），"
        f"隐患排查{risks}条，重要情况报告{situations}条，考核通报{bulletins}期"
    )
