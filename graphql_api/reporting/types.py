"""GraphQL types of the reporting domain."""

from __future__ import annotations

from decimal import Decimal

import graphene
from graphene_django import DjangoObjectType

from graphql_api.core.types import date_on, deprecated_date, provisional_flag
from graphql_api.reporting.enums import (
    ReportActionEnum,
    ReportKindEnum,
    ReportSectionEnum,
    ReportStatusEnum,
    SensitiveDateEnum,
    SeverityEnum,
    SubmissionStateEnum,
)
from graphql_api.tenants.enums import UnitLevelEnum
from graphql_api.tenants.types import UnitType
from supervision.reporting import selectors
from supervision.reporting.assessment import METRIC_LABELS
from supervision.reporting.models import (
    AssessmentBulletin,
    AssessmentScore,
    Report,
    ReportEvent,
    ReportRequirement,
    ReportSection,
    ReportVersion,
    RiskScreening,
    SituationReport,
)
from supervision.reporting.statistics import (
    BREAKDOWNS,
    COUNT_LABELS,
    SUM_LABELS,
    ReportFigures,
    figures_from_dict,
)


class FigureValueType(graphene.ObjectType):
    """One counted figure (统计项)."""

    class Meta:
        name = "FigureValue"

    key = graphene.String(required=True)
    label = graphene.String(required=True)
    value = graphene.Int(required=True)


class RateValueType(graphene.ObjectType):
    """A rate (比率) = numerator ÷ denominator; null value when nothing to divide by."""

    class Meta:
        name = "RateValue"

    key = graphene.String(required=True)
    label = graphene.String(required=True)
    numerator = graphene.Int(required=True)
    denominator = graphene.Int(required=True)
    value = graphene.Decimal(description="To four places, e.g. 0.7500.")


class BreakdownType(graphene.ObjectType):
    """Counts by one dimension (分类统计): channel, legal type, topic, accused level."""

    class Meta:
        name = "Breakdown"

    dimension = graphene.String(required=True)
    label = graphene.String(required=True)
    items = graphene.List(graphene.NonNull(FigureValueType), required=True)


class FiguresType(graphene.ObjectType):
    """Figures of a set of cases (统计数据): counts, rates and breakdowns."""

    class Meta:
        name = "Figures"

    counts = graphene.List(graphene.NonNull(FigureValueType), required=True)
    rates = graphene.List(graphene.NonNull(RateValueType), required=True)
    breakdowns = graphene.List(graphene.NonNull(BreakdownType), required=True)

    @staticmethod
    def resolve_counts(figures: ReportFigures, info):
        labels = {**COUNT_LABELS, **SUM_LABELS}
        return [
            FigureValueType(key=key, label=label, value=figures.value(key))
            for key, label in labels.items()
        ]

    @staticmethod
    def resolve_rates(figures: ReportFigures, info):
        return [
            RateValueType(
                key=rate.key,
                label=rate.label,
                numerator=rate.numerator,
                denominator=rate.denominator,
                value=rate.value,
            )
            for rate in figures.rates()
        ]

    @staticmethod
    def resolve_breakdowns(figures: ReportFigures, info):
        return [
            BreakdownType(
                dimension=name,
                label=label,
                items=[
                    FigureValueType(key=value, label=value, value=count)
                    for value, count in sorted(figures.breakdowns[name].items())
                ],
            )
            for name, label in BREAKDOWNS.items()
        ]


class BranchFiguresType(graphene.ObjectType):
    """A direct child's subtree figures (下级单位汇总)."""

    class Meta:
        name = "BranchFigures"

    unit = graphene.Field(UnitType, required=True)
    figures = graphene.Field(FiguresType, required=True)


class StatisticsType(graphene.ObjectType):
    """A unit's statistics for a period (统计): own cases, whole subtree, each child."""

    class Meta:
        name = "ReportStatistics"

    unit = graphene.Field(UnitType, required=True)
    period_start = deprecated_date("periodStartsOn")
    period_end = deprecated_date("periodEndsOn")
    period_starts_on = date_on("period_start", "First day of the period (统计期起).")
    period_ends_on = date_on("period_end", "Last day of the period (统计期止).")
    own = graphene.Field(FiguresType, required=True, description="本级")
    total = graphene.Field(FiguresType, required=True, description="合计（含下级）")
    children = graphene.List(graphene.NonNull(BranchFiguresType), required=True)


class RateDefinitionType(graphene.ObjectType):
    """How a rate is computed (比率定义)."""

    class Meta:
        name = "RateDefinition"

    key = graphene.String(required=True)
    label = graphene.String(required=True)
    numerator = graphene.String(required=True)
    denominator = graphene.String(required=True)
    definition = graphene.String(required=True)


class ReportRequirementType(DjangoObjectType):
    """A report requirement (报告要求) set by an upper unit for the units below it."""

    kind = graphene.Field(ReportKindEnum, required=True)
    issuer_unit = graphene.Field(UnitType, required=True, description="发文单位")
    target_levels = graphene.List(graphene.NonNull(UnitLevelEnum), required=True)
    submissions = graphene.List(
        graphene.NonNull(lambda: SubmissionType),
        required=True,
        description=(
            "Each required unit in the viewer's subtree and its state (报送情况): "
            "who has not submitted, at a glance."
        ),
    )

    due_on_is_provisional = provisional_flag("due_on", "The due date (报送截止日期)")
    period_start = deprecated_date("periodStartsOn")
    period_end = deprecated_date("periodEndsOn")
    period_starts_on = date_on("period_start", "First day of the period (统计期起).")
    period_ends_on = date_on("period_end", "Last day of the period (统计期止).")

    class Meta:
        model = ReportRequirement
        name = "ReportRequirement"
        fields = (
            "id",
            "title",
            "instructions",
            "period_start",
            "period_end",
            "due_on",
            "created_at",
        )
        description = "A report requirement (报告要求)."

    @staticmethod
    def resolve_kind(requirement, info):
        return requirement.kind

    @staticmethod
    def resolve_target_levels(requirement, info):
        return list(requirement.target_levels)

    @staticmethod
    def resolve_submissions(requirement, info):
        return selectors.requirement_submissions(
            actor=info.context.user, requirement=requirement
        )


class SubmissionType(graphene.ObjectType):
    """Where one unit stands on one requirement (报送情况)."""

    class Meta:
        name = "ReportSubmission"

    requirement = graphene.Field(ReportRequirementType, required=True)
    unit = graphene.Field(UnitType, required=True, description="报送单位")
    reviewer_unit = graphene.Field(UnitType, description="报送对象（上级单位）")
    state = graphene.Field(SubmissionStateEnum, required=True)
    is_late = graphene.Boolean(
        required=True, description="Overdue or submitted after the due date (逾期)."
    )
    days_late = graphene.Int(required=True)
    due_on = graphene.Date(required=True)
    due_on_is_provisional = provisional_flag(
        lambda submission: submission.requirement.due_on,
        "The due date (报送截止日期)",
    )
    report = graphene.Field(lambda: ReportType)

    @staticmethod
    def resolve_state(submission, info):
        return submission.state

    @staticmethod
    def resolve_reviewer_unit(submission, info):
        return submission.unit.parent

    @staticmethod
    def resolve_due_on(submission, info):
        return submission.requirement.due_on


class ReportSectionType(graphene.ObjectType):
    """A narrative section (正文部分) of a report version."""

    class Meta:
        name = "ReportSectionText"

    key = graphene.Field(ReportSectionEnum, required=True)
    label = graphene.String(required=True)
    text = graphene.String(required=True)


class ReportVersionType(DjangoObjectType):
    """One submission (报送版本) of a report, as sent."""

    sections = graphene.List(graphene.NonNull(ReportSectionType), required=True)
    total = graphene.Field(
        FiguresType, required=True, description="Subtree figures as submitted."
    )
    own = graphene.Field(
        FiguresType, required=True, description="Own figures as submitted."
    )
    submitted_by_name = graphene.String()

    class Meta:
        model = ReportVersion
        name = "ReportVersion"
        fields = ("number", "submitted_at")
        description = "One submission of a report (报告版本)."

    @staticmethod
    def resolve_sections(version, info):
        return [
            ReportSectionType(key=key, label=label, text=version.sections[key])
            for key, label in ReportSection.choices
            if version.sections.get(key)
        ]

    @staticmethod
    def resolve_total(version, info):
        return figures_from_dict(version.statistics.get("total", {}))

    @staticmethod
    def resolve_own(version, info):
        return figures_from_dict(version.statistics.get("own", {}))

    @staticmethod
    def resolve_submitted_by_name(version, info):
        return str(version.submitted_by)


class ReportEventType(DjangoObjectType):
    """A transition of a report (报告记录): who, when, comment."""

    action = graphene.Field(ReportActionEnum, required=True)
    actor_name = graphene.String(required=True)

    class Meta:
        model = ReportEvent
        name = "ReportEvent"
        fields = ("version_number", "comment", "created_at")
        description = "A transition of a report (报告记录)."

    @staticmethod
    def resolve_action(event, info):
        return event.action

    @staticmethod
    def resolve_actor_name(event, info):
        return str(event.actor)


class RollUpChildType(graphene.ObjectType):
    """A child in a roll-up: its subtree figures and its submission state."""

    class Meta:
        name = "RollUpChild"

    unit = graphene.Field(UnitType, required=True)
    figures = graphene.Field(FiguresType, required=True)
    submission = graphene.Field(
        SubmissionType, description="Null when the child is not required to report."
    )


class RollUpType(graphene.ObjectType):
    """A unit's report for a period rolled up (逐级汇总): subtree totals and
    each child's submission state and figures."""

    class Meta:
        name = "ReportRollUp"

    requirement = graphene.Field(ReportRequirementType, required=True)
    unit = graphene.Field(UnitType, required=True)
    report = graphene.Field(lambda: ReportType)
    statistics = graphene.Field(StatisticsType, required=True)
    children = graphene.List(graphene.NonNull(RollUpChildType), required=True)


class ReportType(DjangoObjectType):
    """A unit's report (书面报告) for one requirement, reviewed by its parent."""

    status = graphene.Field(ReportStatusEnum, required=True)
    unit = graphene.Field(UnitType, required=True)
    reviewer_unit = graphene.Field(UnitType, required=True)
    requirement = graphene.Field(ReportRequirementType, required=True)
    versions = graphene.List(graphene.NonNull(ReportVersionType), required=True)
    latest_version = graphene.Field(ReportVersionType)
    events = graphene.List(graphene.NonNull(ReportEventType), required=True)
    roll_up = graphene.Field(
        RollUpType, description="Live roll-up of the report's period."
    )
    docx_url = graphene.String(required=True, description="DOCX download (公文格式).")
    xlsx_url = graphene.String(required=True, description="XLSX statistics download.")

    class Meta:
        model = Report
        name = "Report"
        fields = (
            "id",
            "document_number",
            "version_count",
            "first_submitted_at",
            "submitted_at",
            "reviewed_at",
            "review_comment",
        )
        description = "A unit's report (书面报告)."

    @staticmethod
    def resolve_status(report, info):
        return report.status

    @staticmethod
    def resolve_versions(report, info):
        return selectors.report_version_list(report=report)

    @staticmethod
    def resolve_latest_version(report, info):
        return selectors.report_version_list(report=report).last()

    @staticmethod
    def resolve_events(report, info):
        return selectors.report_event_list(report=report)

    @staticmethod
    def resolve_roll_up(report, info):
        return selectors.report_roll_up(
            actor=info.context.user,
            requirement_id=report.requirement_id,
            unit_code=report.unit.code,
        )

    @staticmethod
    def resolve_docx_url(report, info):
        return f"/reports/{report.pk}/report.docx"

    @staticmethod
    def resolve_xlsx_url(report, info):
        return f"/reports/{report.pk}/statistics.xlsx"


class TracedChildType(graphene.ObjectType):
    """A child's share of a traced figure, with its own report."""

    class Meta:
        name = "TracedChild"

    unit = graphene.Field(UnitType, required=True)
    value = graphene.Int(required=True, description="Live value over its subtree.")
    report = graphene.Field(
        ReportType, description="Its report for the same requirement."
    )
    reported_value = graphene.Int(description="The value its latest version reported.")


class TracedFactType(graphene.ObjectType):
    """A case behind a figure (案件): ids only, no personal data."""

    class Meta:
        name = "TracedFact"

    petition_id = graphene.UUID(required=True)
    tracking_number = graphene.String(required=True)
    unit_code = graphene.String(required=True)
    received_on = graphene.Date(required=True)

    @staticmethod
    def resolve_unit_code(fact, info):
        return fact.unit.code


class FigureTraceType(graphene.ObjectType):
    """Where one figure of a report comes from (数据溯源)."""

    class Meta:
        name = "FigureTrace"

    key = graphene.String(required=True)
    label = graphene.String(required=True)
    unit = graphene.Field(UnitType, required=True)
    total = graphene.Int(required=True)
    own = graphene.Int(required=True)
    children = graphene.List(graphene.NonNull(TracedChildType), required=True)
    facts = graphene.List(
        graphene.NonNull(TracedFactType),
        required=True,
        description="The cases behind the figure (first 500).",
    )
    fact_count = graphene.Int(required=True)


class RiskScreeningType(DjangoObjectType):
    """A risk screening entry (隐患排查)."""

    unit = graphene.Field(UnitType, required=True)
    severity = graphene.Field(SeverityEnum, required=True)
    sensitive_dates = graphene.List(graphene.NonNull(SensitiveDateEnum), required=True)
    reported_by_name = graphene.String(required=True)

    class Meta:
        model = RiskScreening
        name = "RiskScreening"
        fields = (
            "id",
            "matter",
            "people_involved",
            "expected_headcount",
            "measures",
            "created_at",
        )
        description = "A risk screening entry (隐患排查)."

    @staticmethod
    def resolve_severity(entry, info):
        return entry.severity

    @staticmethod
    def resolve_sensitive_dates(entry, info):
        return list(entry.sensitive_dates)

    @staticmethod
    def resolve_reported_by_name(entry, info):
        return str(entry.reported_by)


class SituationReportType(DjangoObjectType):
    """An important-situation report (重要情况报告)."""

    unit = graphene.Field(UnitType, required=True)
    severity = graphene.Field(SeverityEnum, required=True)
    reported_by_name = graphene.String(required=True)

    class Meta:
        model = SituationReport
        name = "SituationReport"
        fields = ("id", "title", "content", "occurred_on", "created_at")
        description = "An important-situation report (重要情况报告)."

    @staticmethod
    def resolve_severity(entry, info):
        return entry.severity

    @staticmethod
    def resolve_reported_by_name(entry, info):
        return str(entry.reported_by)


def _metric_order(item) -> int:
    """Metrics in the customary order of the rates, on-time reporting last."""
    keys = list(METRIC_LABELS)
    return keys.index(item[0]) if item[0] in keys else len(keys)


class AssessmentComponentType(graphene.ObjectType):
    """One metric's rate and points in a unit's score (分项得分)."""

    class Meta:
        name = "AssessmentComponent"

    metric = graphene.String(required=True)
    label = graphene.String(required=True)
    rate = graphene.Decimal(
        description="The rate as computed; 重信重访率 is scored as 1 − rate."
    )
    points = graphene.Decimal(required=True)


class AssessmentWeightType(graphene.ObjectType):
    """A metric's weight (权重)."""

    class Meta:
        name = "AssessmentWeight"

    metric = graphene.String(required=True)
    label = graphene.String(required=True)
    weight = graphene.Decimal(required=True)


class AssessmentScoreType(DjangoObjectType):
    """A unit's score and rank (得分与名次) in a bulletin."""

    unit = graphene.Field(UnitType, required=True)
    components = graphene.List(graphene.NonNull(AssessmentComponentType), required=True)

    class Meta:
        model = AssessmentScore
        name = "AssessmentScore"
        fields = ("score", "rank")
        description = "A unit's score and rank (得分与名次)."

    @staticmethod
    def resolve_components(score, info):
        return [
            AssessmentComponentType(
                metric=key,
                label=METRIC_LABELS.get(key, key),
                rate=None if value["rate"] is None else Decimal(value["rate"]),
                points=Decimal(value["points"]),
            )
            for key, value in sorted(score.components.items(), key=_metric_order)
        ]


class AssessmentBulletinType(DjangoObjectType):
    """An assessment bulletin (考核通报): children scored and ranked."""

    issuer_unit = graphene.Field(UnitType, required=True)
    weights = graphene.List(graphene.NonNull(AssessmentWeightType), required=True)
    scores = graphene.List(graphene.NonNull(AssessmentScoreType), required=True)
    period_start = deprecated_date("periodStartsOn")
    period_end = deprecated_date("periodEndsOn")
    period_starts_on = date_on("period_start", "First day of the period (统计期起).")
    period_ends_on = date_on("period_end", "Last day of the period (统计期止).")

    class Meta:
        model = AssessmentBulletin
        name = "AssessmentBulletin"
        fields = (
            "id",
            "title",
            "document_number",
            "period_start",
            "period_end",
            "issued_at",
        )
        description = "An assessment bulletin (考核通报)."

    @staticmethod
    def resolve_weights(bulletin, info):
        return [
            AssessmentWeightType(
                metric=key, label=METRIC_LABELS.get(key, key), weight=Decimal(value)
            )
            for key, value in sorted(bulletin.weights.items(), key=_metric_order)
        ]

    @staticmethod
    def resolve_scores(bulletin, info):
        return bulletin.scores.all()
