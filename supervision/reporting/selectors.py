"""Every read of the reporting domain, scoped to what the actor may see.

A unit sees its own reports and those of its subtree; requirements issued in
its subtree or by its ancestors; liaison forms filed by itself or any unit
below it (never a sibling's). Out of scope answers like missing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from core.errors import not_found
from supervision.documents.gbt9704 import period_text
from supervision.facts.models import CaseFact
from supervision.reporting.models import (
    AssessmentBulletin,
    AssessmentScore,
    Report,
    ReportRequirement,
    ReportSection,
    ReportVersion,
    RiskScreening,
    SituationReport,
)
from supervision.reporting.statistics import (
    COUNT_LABELS,
    SUM_LABELS,
    Statistics,
    figure_filter,
    period_facts,
    statistics_compute,
)
from tenants.models import PATH_SEPARATOR, Unit, User
from tenants.roles import Permission
from tenants.scoping import subtree_q

READ_PERMISSIONS = (
    Permission.REPORT_SUBMIT,
    Permission.REPORT_REVIEW,
    Permission.SUBTREE_VIEW,
)
TRACE_FACT_LIMIT = 500


def _reader_unit(actor: User) -> Unit | None:
    """The unit the actor reads reports for, or None when it may read none
    (anonymous, no unit, or no reporting permission)."""
    if not actor.is_authenticated or actor.unit is None:
        return None
    if not any(actor.has_unit_permission(p) for p in READ_PERMISSIONS):
        return None
    return actor.unit


def _in_subtree(unit: Unit, root: Unit) -> bool:
    return unit.is_in_subtree_of(root)


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


# --- requirements -----------------------------------------------------------


def obligated_units(requirement: ReportRequirement) -> QuerySet[Unit]:
    """Active units that must submit the requirement's report."""
    units = Unit.objects.filter(
        path__startswith=requirement.issuer_path + PATH_SEPARATOR, is_active=True
    )
    if requirement.target_levels:
        units = units.filter(level__in=requirement.target_levels)
    return units.order_by("path")


def requirement_for_unit(*, requirement_id: int, unit: Unit) -> ReportRequirement:
    """A requirement `unit` must answer, or not found."""
    requirement = ReportRequirement.objects.filter(
        pk=requirement_id, issuer_unit__code__in=unit.ancestor_codes()
    ).first()
    if requirement is None or not requirement.applies_to(unit):
        raise not_found("报告要求", field="requirementId")
    return requirement


def _visible_requirements_q(unit: Unit) -> Q:
    return subtree_q(unit, prefix="issuer_") | Q(issuer_path__in=_ancestor_paths(unit))


def _ancestor_paths(unit: Unit) -> list[str]:
    codes = unit.path.split(PATH_SEPARATOR)
    return [PATH_SEPARATOR.join(codes[:n]) for n in range(1, len(codes))]


def requirement_list(*, actor: User) -> QuerySet[ReportRequirement]:
    """Requirements issued in the actor's subtree or by its ancestors."""
    unit = _reader_unit(actor)
    if unit is None:
        return ReportRequirement.objects.none()
    return (
        ReportRequirement.objects.filter(_visible_requirements_q(unit))
        .select_related("issuer_unit")
        .order_by("-due_on", "-id")
    )


def requirement_get(*, actor: User, requirement_id: int) -> ReportRequirement:
    """A visible requirement, or not found."""
    requirement = requirement_list(actor=actor).filter(pk=requirement_id).first()
    if requirement is None:
        raise not_found("报告要求", field="requirementId")
    return requirement


@dataclass(frozen=True)
class Submission:
    """Where one obligated unit stands on one requirement."""

    requirement: ReportRequirement
    unit: Unit
    report: Report | None
    # not_due / missing / submitted / returned / accepted
    state: str
    is_late: bool
    days_late: int

    @property
    def is_missing(self) -> bool:
        return self.state == "missing"


def _submission(
    requirement: ReportRequirement,
    unit: Unit,
    report: Report | None,
    today: datetime.date,
) -> Submission:
    if report is None:
        overdue = today > requirement.due_on
        return Submission(
            requirement,
            unit,
            None,
            "missing" if overdue else "not_due",
            overdue,
            (today - requirement.due_on).days if overdue else 0,
        )
    submitted_on = _local_date(report.first_submitted_at)
    late_days = max(0, (submitted_on - requirement.due_on).days)
    return Submission(
        requirement, unit, report, report.status, late_days > 0, late_days
    )


def requirement_submissions(
    *,
    actor: User,
    requirement: ReportRequirement,
    today: datetime.date | None = None,
) -> list[Submission]:
    """Each obligated unit in the actor's subtree and its submission state:
    the province sees at a glance who has not submitted (two queries)."""
    viewer = _reader_unit(actor)
    if viewer is None:
        return []
    today = today or timezone.localdate()
    units = obligated_units(requirement).filter(subtree_q(viewer))
    reports = {
        report.unit_id: report
        for report in Report.objects.filter(
            requirement=requirement, unit__in=units
        ).select_related("unit")
    }
    return [
        _submission(requirement, unit, reports.get(unit.id), today)
        for unit in units.select_related("parent")
    ]


def report_obligation_list(
    *, actor: User, today: datetime.date | None = None
) -> list[Submission]:
    """What the actor's unit owes: every requirement that applies to it, to
    whom (the parent) and by when, with its state."""
    unit = _reader_unit(actor)
    if unit is None:
        return []
    today = today or timezone.localdate()
    requirements = [
        requirement
        for requirement in ReportRequirement.objects.filter(
            issuer_path__in=_ancestor_paths(unit)
        )
        .select_related("issuer_unit")
        .order_by("due_on", "id")
        if requirement.applies_to(unit)
    ]
    reports = {
        report.requirement_id: report
        for report in Report.objects.filter(unit=unit, requirement__in=requirements)
    }
    return [
        _submission(requirement, unit, reports.get(requirement.id), today)
        for requirement in requirements
    ]


def report_delinquency_list(
    *,
    actor: User,
    today: datetime.date | None = None,
    requirement_id: int | None = None,
) -> list[Submission]:
    """Late and missing submissions in the actor's subtree, own unit included:
    the unit that owes sees its own, every unit above sees its children's."""
    if _reader_unit(actor) is None:
        return []
    today = today or timezone.localdate()
    requirements = requirement_list(actor=actor).filter(due_on__lt=today)
    if requirement_id is not None:
        requirements = requirements.filter(pk=requirement_id)
    flagged: list[Submission] = []
    for requirement in requirements:
        flagged.extend(
            submission
            for submission in requirement_submissions(
                actor=actor, requirement=requirement, today=today
            )
            if submission.is_late
        )
    return flagged


# --- reports ----------------------------------------------------------------


def report_list(
    *,
    actor: User,
    requirement_id: int | None = None,
    unit_code: str | None = None,
    status: str | None = None,
) -> QuerySet[Report]:
    """Reports of the actor's unit and its subtree."""
    unit = _reader_unit(actor)
    if unit is None:
        return Report.objects.none()
    reports = Report.objects.filter(subtree_q(unit, prefix="unit_")).select_related(
        "requirement", "requirement__issuer_unit", "unit", "reviewer_unit"
    )
    if requirement_id is not None:
        reports = reports.filter(requirement_id=requirement_id)
    if unit_code:
        reports = reports.filter(unit__code=unit_code)
    if status:
        reports = reports.filter(status=status)
    return reports.order_by("-submitted_at", "-id")


def report_version_list(*, report: Report) -> QuerySet:
    """A report's submitted versions, first first, with who submitted each."""
    return report.versions.select_related("submitted_by").order_by("number")


def report_event_list(*, report: Report) -> QuerySet:
    """A report's history, oldest first, with who took each step."""
    return report.events.select_related("actor").order_by("created_at", "id")


def report_get(*, actor: User, report_id: int) -> Report:
    """A report of the actor's subtree, or not found."""
    report = report_list(actor=actor).filter(pk=report_id).first()
    if report is None:
        raise not_found("报告", field="reportId")
    return report


# --- statistics and tracing ---------------------------------------------------


def _visible_unit(actor: User, unit_code: str) -> Unit:
    viewer = _reader_unit(actor)
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None or viewer is None or not _in_subtree(unit, viewer):
        raise not_found("单位", field="unitCode")
    return unit


def statistics_get(
    *,
    actor: User,
    unit_code: str,
    period_start: datetime.date,
    period_end: datetime.date,
) -> Statistics:
    """Live statistics of a unit in the actor's subtree for a period."""
    unit = _visible_unit(actor, unit_code)
    return statistics_compute(
        unit=unit, period_start=period_start, period_end=period_end
    )


@dataclass(frozen=True)
class ChildTrace:
    unit: Unit
    value: int
    report: Report | None
    # The value the child's latest submitted version reported for its subtree.
    reported_value: int | None


@dataclass(frozen=True)
class FigureTrace:
    """Where one figure of a unit's report comes from."""

    key: str
    label: str
    unit: Unit
    requirement: ReportRequirement
    total: int
    own: int
    children: list[ChildTrace]
    facts: list[CaseFact]
    fact_count: int


def _reported_value(report: Report | None, key: str) -> int | None:
    if report is None:
        return None
    version = report.versions.order_by("-number").first()
    if version is None:
        return None
    total = version.statistics.get("total", {})
    if key in total.get("sums", {}):
        return total["sums"][key]
    return total.get("counts", {}).get(key)


def report_figure_trace(
    *, actor: User, requirement_id: int, unit_code: str, figure: str
) -> FigureTrace:
    """Trace a figure of `unit_code`'s report to its children's reports and the
    case facts (petition ids, tracking numbers) behind it."""
    unit = _visible_unit(actor, unit_code)
    requirement = requirement_get(actor=actor, requirement_id=requirement_id)
    if figure not in COUNT_LABELS and figure not in SUM_LABELS:
        raise not_found("统计项", field="figure")
    stats = statistics_compute(
        unit=unit,
        period_start=requirement.period_start,
        period_end=requirement.period_end,
    )
    child_reports = {
        report.unit_id: report
        for report in Report.objects.filter(
            requirement=requirement, unit__parent=unit
        ).prefetch_related("versions")
    }
    children = []
    for branch in stats.children:
        report = child_reports.get(branch.unit.id)
        children.append(
            ChildTrace(
                branch.unit,
                branch.figures.value(figure),
                report,
                _reported_value(report, figure),
            )
        )
    facts = (
        period_facts(unit, requirement.period_start, requirement.period_end)
        .filter(figure_filter(figure, requirement.period_end))
        .select_related("unit")
        .order_by("unit_path", "received_on", "tracking_number")
    )
    return FigureTrace(
        key=figure,
        label=COUNT_LABELS.get(figure) or SUM_LABELS[figure],
        unit=unit,
        requirement=requirement,
        total=stats.total.value(figure),
        own=stats.own.value(figure),
        children=children,
        facts=list(facts[:TRACE_FACT_LIMIT]),
        fact_count=facts.count(),
    )


# --- liaison forms ------------------------------------------------------------


def risk_screening_list(*, actor: User) -> QuerySet[RiskScreening]:
    """Risk screenings filed by the actor's unit or any unit below it."""
    unit = _reader_unit(actor)
    if unit is None:
        return RiskScreening.objects.none()
    return (
        RiskScreening.objects.filter(subtree_q(unit, prefix="unit_"))
        .select_related("unit", "reported_by")
        .order_by("-created_at", "-id")
    )


def situation_report_list(*, actor: User) -> QuerySet[SituationReport]:
    """Important-situation reports filed by the actor's unit or below it."""
    unit = _reader_unit(actor)
    if unit is None:
        return SituationReport.objects.none()
    return (
        SituationReport.objects.filter(subtree_q(unit, prefix="unit_"))
        .select_related("unit", "reported_by")
        .order_by("-created_at", "-id")
    )


# --- bulletins and reminders --------------------------------------------------


def assessment_bulletin_list(*, actor: User) -> QuerySet[AssessmentBulletin]:
    """Bulletins issued by the actor's unit, or by an ancestor over a branch
    that contains the actor's unit (a child sees its parent's bulletin)."""
    unit = _reader_unit(actor)
    if unit is None:
        return AssessmentBulletin.objects.none()
    return (
        AssessmentBulletin.objects.filter(
            Q(issuer_unit=unit) | Q(issuer_unit__code__in=unit.ancestor_codes())
        )
        .select_related("issuer_unit")
        .prefetch_related(
            # Scores in rank order with their units, in one query.
            _scores_prefetch()
        )
        .order_by("-issued_at", "-id")
    )


def _scores_prefetch() -> Prefetch:
    return Prefetch(
        "scores",
        queryset=AssessmentScore.objects.select_related("unit").order_by(
            "rank", "unit__code"
        ),
    )


def assessment_bulletin_get(*, actor: User, bulletin_id: int) -> AssessmentBulletin:
    """A bulletin the actor may see, or not found."""
    bulletin = assessment_bulletin_list(actor=actor).filter(pk=bulletin_id).first()
    if bulletin is None:
        raise not_found("考核通报", field="bulletinId")
    return bulletin


@dataclass(frozen=True)
class RollUpChild:
    unit: Unit
    figures: object
    # None when the child is not required to submit this report.
    submission: Submission | None


@dataclass(frozen=True)
class RollUp:
    """A unit's report for a requirement's period: its subtree's totals and
    each child's submission state and figures."""

    requirement: ReportRequirement
    unit: Unit
    report: Report | None
    statistics: Statistics
    children: list[RollUpChild]


def report_roll_up(
    *,
    actor: User,
    requirement_id: int,
    unit_code: str,
    today: datetime.date | None = None,
) -> RollUp:
    """The roll-up of `unit_code` (in the actor's subtree) for a requirement."""
    unit = _visible_unit(actor, unit_code)
    requirement = requirement_get(actor=actor, requirement_id=requirement_id)
    today = today or timezone.localdate()
    stats = statistics_compute(
        unit=unit,
        period_start=requirement.period_start,
        period_end=requirement.period_end,
    )
    reports = {
        report.unit_id: report
        for report in Report.objects.filter(requirement=requirement).filter(
            Q(unit=unit) | Q(unit__parent=unit)
        )
    }
    children = [
        RollUpChild(
            branch.unit,
            branch.figures,
            _submission(requirement, branch.unit, reports.get(branch.unit.id), today)
            if requirement.applies_to(branch.unit) and branch.unit.is_active
            else None,
        )
        for branch in stats.children
    ]
    return RollUp(requirement, unit, reports.get(unit.id), stats, children)


def report_version_get(
    *, actor: User, report_id: int, number: int | None = None
) -> tuple[Report, ReportVersion]:
    """A report of the actor's subtree and one of its versions (the latest by
    default), or not found."""
    report = report_get(actor=actor, report_id=report_id)
    versions = report.versions.select_related("submitted_by").order_by("-number")
    version = versions.filter(number=number).first() if number else versions.first()
    if version is None:
        raise not_found("报告版本", field="version")
    return report, version


def draft_sections(unit: Unit, requirement: ReportRequirement) -> dict[str, str]:
    """The narrative of the seeds' written reports (基本情况 … 下一步工作),
    its figures drafted from the unit's statistics for the period."""
    stats = statistics_compute(
        unit=unit,
        period_start=requirement.period_start,
        period_end=requirement.period_end,
    ).total
    counts = stats.counts
    closure = stats.rate("closure")
    closure_text = "—" if closure is None else f"{closure * 100:.1f}%"
    return {
        "basic_situation": (
            f"{period_text(requirement.period_start, requirement.period_end)}，"
            f"{unit.short_name}共收到信访件{counts['received']}件，受理{counts['accepted']}件，"
            f"办结{counts['closed']}件，办结率{closure_text}；集体访{counts['collective']}批次，"
            f"重复信访{counts['repeat']}件，未发生越级集体上访。"
        ),
        "hot_issues": "反映干部选拔任用、村（社区）党组织换届和党员发展问题较为集中。",
        "main_practices": (
            "落实部领导批信办信和首问负责制度，对受理件明确责任领导、责任科室和办理时限，"
            "定期排查信访隐患。"
        ),
        "problems": "个别基层党组织对信访工作重视不够，答复意见说理不够充分。",
        "next_steps": "健全信访工作网络，加强业务培训，推行阳光信访，提高一次性办结率。",
    }


def report_draft(*, actor: User, requirement_id: int) -> list[tuple[str, str, str]]:
    """What the viewer's unit starts its report from (报告草稿): its latest
    version's sections, or the seeds' narrative drafted from its statistics;
    (key, label, text) in the sections' order."""
    unit = _reader_unit(actor)
    if unit is None:
        raise not_found("报告要求", field="requirementId")
    requirement = requirement_for_unit(requirement_id=requirement_id, unit=unit)
    version = (
        ReportVersion.objects.filter(report__requirement=requirement, report__unit=unit)
        .order_by("-number")
        .first()
    )
    texts = version.sections if version else draft_sections(unit, requirement)
    return [
        (key, label, texts[key])
        for key, label in ReportSection.choices
        if texts.get(key)
    ]
