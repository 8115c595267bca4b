"""GraphQL inputs of the reporting domain."""

import graphene

from graphql_api.core.mutation_input import deprecated_input_date, input_date_on
from graphql_api.reporting.enums import (
    ReportKindEnum,
    ReportSectionEnum,
    SensitiveDateEnum,
    SeverityEnum,
)
from graphql_api.tenants.enums import UnitLevelEnum


class ReportRequirementInput(graphene.InputObjectType):
    """A report requirement (报告要求) for the units below the issuer."""

    kind = ReportKindEnum(required=True)
    title = graphene.String(required=True)
    instructions = graphene.String()
    period_start = deprecated_input_date("periodStartsOn", "统计期起")
    period_end = deprecated_input_date("periodEndsOn", "统计期止")
    period_starts_on = input_date_on("First day of the period (统计期起)")
    period_ends_on = input_date_on("Last day of the period (统计期止)")
    due_on = graphene.Date(required=True, description="报送截止日期")
    target_levels = graphene.List(
        graphene.NonNull(UnitLevelEnum),
        description="Levels that must report (报送层级); empty: every level below.",
    )


class ReportSectionInput(graphene.InputObjectType):
    """One narrative section of a report (正文部分)."""

    key = ReportSectionEnum(required=True)
    text = graphene.String(required=True)


class RiskScreeningInput(graphene.InputObjectType):
    """A risk screening entry (隐患排查)."""

    matter = graphene.String(required=True, description="隐患事项")
    people_involved = graphene.String(description="涉及人员")
    expected_headcount = graphene.Int(description="预计人数")
    sensitive_dates = graphene.List(
        graphene.NonNull(SensitiveDateEnum), description="敏感节点"
    )
    severity = SeverityEnum(required=True)
    measures = graphene.String(description="已采取措施")
    requirement_id = graphene.ID(description="The quarterly screening it answers.")


class SituationReportInput(graphene.InputObjectType):
    """An important-situation report (重要情况报告)."""

    title = graphene.String(required=True)
    content = graphene.String(required=True)
    severity = SeverityEnum(required=True)
    occurred_on = graphene.Date(required=True, description="发生日期")


class AssessmentWeightInput(graphene.InputObjectType):
    """The weight (权重) of one metric in an assessment."""

    metric = graphene.String(
        required=True,
        description="A rate key (e.g. closure, satisfaction) or on_time_reporting.",
    )
    weight = graphene.Decimal(required=True)


class AssessmentBulletinInput(graphene.InputObjectType):
    """An assessment bulletin (考核通报) over the issuer's children."""

    title = graphene.String(required=True)
    period_start = deprecated_input_date("periodStartsOn", "考核期起")
    period_end = deprecated_input_date("periodEndsOn", "考核期止")
    period_starts_on = input_date_on("First day assessed (考核期起)")
    period_ends_on = input_date_on("Last day assessed (考核期止)")
    weights = graphene.List(graphene.NonNull(AssessmentWeightInput), required=True)
