"""Every write of the reporting domain: requirements, reports, liaison forms,
bulletins and reminders."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.errors import CommonErrorCode, DomainError, not_found
from supervision.crosslevel.due_dates import requested_due_date
from supervision.inbox.models import NotificationKind
from supervision.inbox.services import notify_users
from supervision.reporting import assessment
from supervision.reporting.errors import (
    AssessmentErrorCode,
    ReportReviewErrorCode,
    ReportSubmitErrorCode,
    RequirementCreateErrorCode,
    RiskScreeningErrorCode,
    SituationReportErrorCode,
)
from supervision.reporting.models import (
    AssessmentBulletin,
    AssessmentScore,
    Report,
    ReportAction,
    ReportEvent,
    ReportKind,
    ReportRequirement,
    ReportSection,
    ReportStatus,
    ReportVersion,
    RiskScreening,
    SensitiveDate,
    Severity,
    SituationReport,
)
from supervision.reporting.selectors import obligated_units, requirement_for_unit
from supervision.reporting.statistics import statistics_compute
from supervision.services.common import acting_unit
from tenants.models import LEVEL_DEPTH, Unit, User
from tenants.roles import ROLE_PERMISSIONS, Permission

# How many days before the due date a unit is reminded.
DUE_SOON_DAYS = 3
# Overdue requirements older than this are no longer reminded about.
REMIND_OVERDUE_DAYS = 90


def _today() -> datetime.date:
    return timezone.localdate()


def _roles_with(permission: str) -> list[str]:
    return [role for role, granted in ROLE_PERMISSIONS.items() if permission in granted]


def _staff_with(units: list[Unit] | QuerySet[Unit], permission: str) -> QuerySet[User]:
    return User.objects.filter(
        unit__in=units, is_active=True, roles__overlap=_roles_with(permission)
    )


def _remind(
    users,
    *,
    kind: str,
    key: str,
    message: str,
    subject_type: str = "report_requirement",
    subject_id: object = "",
) -> int:
    """Put one message in each user's inbox (站内通知); a message that exists
    already is skipped. Returns how many were new."""
    return notify_users(
        users=users,
        kind=kind,
        title=message,
        subject_type=subject_type,
        subject_id=str(subject_id),
        dedupe_key=f"reporting:{key}",
    )


def _document_number(
    unit: Unit, year: int, kind: str, count: int, *, error_code: str
) -> str:
    """发文字号: the unit's 机关代字, the document kind, 〔year〕 and the serial,
    e.g. 玄组信报〔2026〕1号. The 机关代字 is configured by the unit; a document
    that needs it is refused until it is set, never given one made from the name."""
    if not unit.agency_code:
        raise DomainError(
            error_code,
            f"{unit.name}尚未设置机关代字，请单位管理员在“公文设置”中填写后再发文",
            field="agencyCode",
        )
    return f"{unit.agency_code}{kind}〔{year}〕{count + 1}号"


# --- requirements -----------------------------------------------------------


@transaction.atomic
def requirement_create(
    *,
    actor: User,
    kind: str,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    due_on: datetime.date,
    target_levels: list[str] | None = None,
    instructions: str = "",
) -> ReportRequirement:
    """Set a report requirement (报告要求) for the units below the actor's unit."""
    unit = acting_unit(actor)
    title = (title or "").strip()
    if not title:
        raise DomainError(
            RequirementCreateErrorCode.TITLE_REQUIRED, "请填写标题", field="title"
        )
    if period_start > period_end:
        raise DomainError(
            RequirementCreateErrorCode.INVALID_PERIOD,
            "统计期起始日期不能晚于截止日期",
            field="periodStart",
        )
    if due_on < period_end:
        raise DomainError(
            RequirementCreateErrorCode.INVALID_DUE_DATE,
            "报送截止日期不能早于统计期结束",
            field="dueOn",
        )
    levels = sorted(set(target_levels or []))
    below = [level for level, depth in LEVEL_DEPTH.items() if depth > unit.depth]
    if any(level not in below for level in levels):
        raise DomainError(
            RequirementCreateErrorCode.INVALID_LEVEL,
            "报送层级须为本单位以下层级",
            field="targetLevels",
        )
    if not Unit.objects.filter(parent=unit).exists():
        raise DomainError(
            RequirementCreateErrorCode.NO_SUBORDINATES, "本单位没有下级单位"
        )
    return ReportRequirement.objects.create(
        issuer_unit=unit,
        issuer_path=unit.path,
        kind=kind,
        title=title,
        instructions=instructions.strip(),
        period_start=period_start,
        period_end=period_end,
        due_on=requested_due_date(due_on),
        requested_due_on=due_on,
        target_levels=levels,
        created_by=actor,
    )


# --- reports ----------------------------------------------------------------


def _clean_sections(kind: str, sections: dict[str, str]) -> dict[str, str]:
    known = set(ReportSection.values)
    unknown = sorted(set(sections) - known)
    if unknown:
        raise DomainError(
            ReportSubmitErrorCode.UNKNOWN_SECTION,
            f"未知的报告部分：{'、'.join(unknown)}",
            field="sections",
        )
    cleaned = {
        key: (sections.get(key) or "").strip()
        for key in ReportSection.values
        if (sections.get(key) or "").strip()
    }
    if kind == ReportKind.ANNUAL and not cleaned.get(ReportSection.BASIC_SITUATION):
        raise DomainError(
            ReportSubmitErrorCode.SECTION_REQUIRED,
            "年度书面报告须填写“基本情况”",
            field="sections",
        )
    return cleaned


@transaction.atomic
def report_submit(
    *, actor: User, requirement_id: int, sections: dict[str, str]
) -> Report:
    """Submit (or resubmit after a return) the actor's unit's report: a new version
    holding the narrative and the statistics as they stand now."""
    unit = acting_unit(actor)
    requirement = requirement_for_unit(requirement_id=requirement_id, unit=unit)
    cleaned = _clean_sections(requirement.kind, sections)
    # Lock the requirement row so two first submissions cannot race.
    ReportRequirement.objects.select_for_update().filter(pk=requirement.pk).get()
    report = (
        Report.objects.select_for_update()
        .filter(requirement=requirement, unit=unit)
        .first()
    )
    now = timezone.now()
    if report is None:
        year = timezone.localtime(now).year
        issued = Report.objects.filter(unit=unit, first_submitted_at__year=year).count()
        report = Report.objects.create(
            requirement=requirement,
            unit=unit,
            unit_path=unit.path,
            reviewer_unit_id=unit.parent_id,
            document_number=_document_number(
                unit,
                year,
                "信报",
                issued,
                error_code=ReportSubmitErrorCode.AGENCY_CODE_MISSING,
            ),
            status=ReportStatus.SUBMITTED,
            first_submitted_at=now,
            submitted_at=now,
        )
        action = ReportAction.SUBMITTED
    elif report.status == ReportStatus.ACCEPTED:
        raise DomainError(ReportSubmitErrorCode.ALREADY_ACCEPTED, "该报告已采纳")
    elif not report.can_resubmit():
        raise DomainError(
            ReportSubmitErrorCode.ALREADY_SUBMITTED, "该报告已报送，正在审核"
        )
    else:
        action = ReportAction.RESUBMITTED
    stats = statistics_compute(
        unit=unit,
        period_start=requirement.period_start,
        period_end=requirement.period_end,
    )
    report.version_count += 1
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.reviewed_at = None
    report.save()
    ReportVersion.objects.create(
        report=report,
        number=report.version_count,
        sections=cleaned,
        statistics=stats.as_dict(),
        submitted_by=actor,
        submitted_at=now,
    )
    ReportEvent.objects.create(
        report=report, action=action, version_number=report.version_count, actor=actor
    )
    _remind(
        _staff_with([report.reviewer_unit], Permission.REPORT_REVIEW),
        kind=NotificationKind.WRITTEN_REPORT_SUBMITTED,
        key=f"submitted:{report.pk}:{report.version_count}",
        message=f"{unit.name}报送了《{requirement.title}》，请审核",
        subject_id=requirement.pk,
    )
    return report


def _report_for_review(*, actor: User, report_id: int) -> Report:
    """The report, locked, if the actor's unit is its reviewer; else not found."""
    report = (
        Report.objects.select_for_update()
        .select_related("requirement", "unit")
        .filter(pk=report_id, reviewer_unit_id=actor.unit_id)
        .first()
    )
    if report is None:
        raise not_found("报告", field="reportId")
    if not report.can_review():
        raise DomainError(ReportReviewErrorCode.NOT_PENDING, "该报告不在待审核状态")
    return report


@transaction.atomic
def report_return(*, actor: User, report_id: int, comment: str) -> Report:
    """Return a submitted report to its unit with comments (退回修改)."""
    comment = (comment or "").strip()
    report = _report_for_review(actor=actor, report_id=report_id)
    if not comment:
        raise DomainError(
            ReportReviewErrorCode.COMMENT_REQUIRED, "退回须填写意见", field="comment"
        )
    report.status = ReportStatus.RETURNED
    report.reviewed_at = timezone.now()
    report.review_comment = comment
    report.save()
    ReportEvent.objects.create(
        report=report,
        action=ReportAction.RETURNED,
        version_number=report.version_count,
        actor=actor,
        comment=comment,
    )
    _remind(
        _staff_with([report.unit], Permission.REPORT_SUBMIT),
        kind=NotificationKind.WRITTEN_REPORT_RETURNED,
        key=f"returned:{report.pk}:{report.version_count}",
        message=f"《{report.requirement.title}》被退回：{comment}",
        subject_id=report.requirement_id,
    )
    return report


@transaction.atomic
def report_accept(*, actor: User, report_id: int, comment: str = "") -> Report:
    """Accept a submitted report (采纳)."""
    report = _report_for_review(actor=actor, report_id=report_id)
    comment = (comment or "").strip()
    report.status = ReportStatus.ACCEPTED
    report.reviewed_at = timezone.now()
    report.review_comment = comment
    report.save()
    ReportEvent.objects.create(
        report=report,
        action=ReportAction.ACCEPTED,
        version_number=report.version_count,
        actor=actor,
        comment=comment,
    )
    return report


# --- township liaison forms ---------------------------------------------------


def _check_choices(
    *, severity: str, sensitive_dates: tuple[str, ...] | list[str] = ()
) -> None:
    if severity not in Severity.values:
        raise DomainError(CommonErrorCode.INVALID, "风险等级无效", field="severity")
    if any(value not in SensitiveDate.values for value in sensitive_dates):
        raise DomainError(
            CommonErrorCode.INVALID, "敏感节点无效", field="sensitiveDates"
        )


@transaction.atomic
def risk_screening_create(
    *,
    actor: User,
    matter: str,
    severity: str,
    people_involved: str = "",
    expected_headcount: int = 0,
    sensitive_dates: list[str] | None = None,
    measures: str = "",
    requirement_id: int | None = None,
) -> RiskScreening:
    """File a risk screening entry (隐患排查) for the actor's unit."""
    unit = acting_unit(actor)
    requirement = None
    if requirement_id is not None:
        requirement = requirement_for_unit(requirement_id=requirement_id, unit=unit)
        if requirement.kind != ReportKind.QUARTERLY_RISK:
            raise DomainError(
                RiskScreeningErrorCode.WRONG_REQUIREMENT_KIND,
                "该报告要求不是隐患排查",
                field="requirementId",
            )
    matter = (matter or "").strip()
    if not matter:
        raise DomainError(
            RiskScreeningErrorCode.MATTER_REQUIRED, "请填写隐患事项", field="matter"
        )
    if expected_headcount < 0 or expected_headcount > 100000:
        raise DomainError(
            RiskScreeningErrorCode.INVALID_HEADCOUNT,
            "预计人数应在0至100000之间",
            field="expectedHeadcount",
        )
    _check_choices(severity=severity, sensitive_dates=sensitive_dates or [])
    dates = sorted(set(sensitive_dates or []), key=SensitiveDate.values.index)
    return RiskScreening.objects.create(
        unit=unit,
        unit_path=unit.path,
        requirement=requirement,
        matter=matter,
        people_involved=people_involved.strip(),
        expected_headcount=expected_headcount,
        sensitive_dates=dates,
        severity=severity,
        measures=measures.strip(),
        reported_by=actor,
    )


@transaction.atomic
def situation_report_create(
    *,
    actor: User,
    title: str,
    content: str,
    severity: str,
    occurred_on: datetime.date,
) -> SituationReport:
    """Report an important situation (重要情况报告) to every ancestor at once."""
    unit = acting_unit(actor)
    title = (title or "").strip()
    content = (content or "").strip()
    if not title:
        raise DomainError(
            SituationReportErrorCode.TITLE_REQUIRED, "请填写标题", field="title"
        )
    if not content:
        raise DomainError(
            SituationReportErrorCode.CONTENT_REQUIRED, "请填写情况内容", field="content"
        )
    if occurred_on > _today():
        raise DomainError(
            SituationReportErrorCode.FUTURE_DATE,
            "发生日期不能晚于今天",
            field="occurredOn",
        )
    _check_choices(severity=severity)
    situation = SituationReport.objects.create(
        unit=unit,
        unit_path=unit.path,
        title=title,
        content=content,
        severity=severity,
        occurred_on=occurred_on,
        reported_by=actor,
    )
    ancestors = list(Unit.objects.filter(code__in=unit.ancestor_codes()))
    readers = (
        _staff_with(ancestors, Permission.REPORT_REVIEW)
        | _staff_with(ancestors, Permission.SUBTREE_VIEW)
    ).distinct()
    _remind(
        readers,
        kind=NotificationKind.SITUATION_REPORT,
        key=f"situation:{situation.pk}",
        message=f"{unit.name}报告重要情况：{title}",
        subject_type="situation_report",
        subject_id=situation.pk,
    )
    return situation


# --- assessment bulletins -----------------------------------------------------


@transaction.atomic
def assessment_bulletin_issue(
    *,
    actor: User,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    weights: dict[str, float | int | str],
) -> AssessmentBulletin:
    """Score the actor's unit's children for the period with the given weights,
    rank them and issue the bulletin (考核通报)."""
    unit = acting_unit(actor)
    title = (title or "").strip()
    if not title:
        raise DomainError(
            AssessmentErrorCode.TITLE_REQUIRED, "请填写标题", field="title"
        )
    if period_start > period_end:
        raise DomainError(
            AssessmentErrorCode.INVALID_PERIOD,
            "考核期起始日期不能晚于截止日期",
            field="periodStart",
        )
    cleaned = assessment.clean_weights(weights)
    children = list(Unit.objects.filter(parent=unit, is_active=True).order_by("code"))
    if not children:
        raise DomainError(AssessmentErrorCode.NO_SUBORDINATES, "本单位没有下级单位")
    year = period_end.year
    issued = AssessmentBulletin.objects.filter(
        issuer_unit=unit, period_end__year=year
    ).count()
    bulletin = AssessmentBulletin.objects.create(
        issuer_unit=unit,
        title=title,
        document_number=_document_number(
            unit, year, "考", issued, error_code=AssessmentErrorCode.AGENCY_CODE_MISSING
        ),
        period_start=period_start,
        period_end=period_end,
        weights={key: str(value) for key, value in cleaned.items()},
        issued_by=actor,
    )
    results = assessment.score_children(
        parent=unit,
        children=children,
        period_start=period_start,
        period_end=period_end,
        weights=cleaned,
    )
    AssessmentScore.objects.bulk_create(
        AssessmentScore(
            bulletin=bulletin,
            unit=result.unit,
            score=result.score,
            rank=result.rank,
            components=result.components,
        )
        for result in results
    )
    return bulletin


# --- reminders ----------------------------------------------------------------


def report_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind units whose reports are due soon or overdue, and their parents of
    overdue children. Idempotent: each reminder is keyed and created once."""
    today = today or _today()
    requirements = ReportRequirement.objects.filter(
        due_on__gte=today - datetime.timedelta(days=REMIND_OVERDUE_DAYS),
        due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
    )
    created = 0
    for requirement in requirements:
        with transaction.atomic():
            created += _remind_for_requirement(requirement, today)
    return created


def _remind_for_requirement(
    requirement: ReportRequirement, today: datetime.date
) -> int:
    done = set(
        Report.objects.filter(requirement=requirement)
        .exclude(status=ReportStatus.RETURNED)
        .values_list("unit_id", flat=True)
    )
    owing = [
        unit
        for unit in obligated_units(requirement).select_related("parent")
        if unit.id not in done
    ]
    created = 0
    overdue = requirement.due_on < today
    for unit in owing:
        if overdue:
            created += _remind(
                _staff_with([unit], Permission.REPORT_SUBMIT),
                kind=NotificationKind.REPORT_OVERDUE,
                key=f"overdue:{requirement.pk}:{unit.code}",
                message=f"《{requirement.title}》已于{requirement.due_on}到期，本单位尚未报送",
                subject_id=requirement.pk,
            )
            created += _remind(
                _staff_with([unit.parent], Permission.REPORT_REVIEW),
                kind=NotificationKind.CHILD_REPORT_OVERDUE,
                key=f"child_overdue:{requirement.pk}:{unit.code}",
                message=f"{unit.name}逾期未报送《{requirement.title}》",
                subject_id=requirement.pk,
            )
        else:
            created += _remind(
                _staff_with([unit], Permission.REPORT_SUBMIT),
                kind=NotificationKind.REPORT_DUE_SOON,
                key=f"due_soon:{requirement.pk}:{unit.code}",
                message=f"《{requirement.title}》将于{requirement.due_on}到期，请按时报送",
                subject_id=requirement.pk,
            )
    return created
