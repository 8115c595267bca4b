"""Queries of requirements, reports, roll-ups, liaison forms and bulletins."""

from __future__ import annotations

import graphene

from core.ids import parse_int_id
from graphql_api.core.mutation_input import renamed_value
from graphql_api.core.query_errors import (
    domain_errors,
    none_on_domain_error,
    on_domain_error,
)
from graphql_api.core.types import (
    deprecated_date_reason,
    deprecated_list,
    page_field,
    page_type,
    paginate,
)
from graphql_api.reporting.enums import ReportStatusEnum
from graphql_api.reporting.types import (
    AssessmentBulletinType,
    AssessmentWeightType,
    FigureTraceType,
    RateDefinitionType,
    ReportRequirementType,
    ReportSectionType,
    ReportType,
    RiskScreeningType,
    RollUpType,
    SituationReportType,
    StatisticsType,
    SubmissionType,
)
from supervision.facts.measures import RATES
from supervision.reporting import assessment, selectors

ReportRequirementPage = page_type(
    ReportRequirementType, "ReportRequirementPage", "A page of requirements (报告要求)."
)
ReportPage = page_type(ReportType, "ReportPage", "A page of reports (报告).")
RiskScreeningPage = page_type(
    RiskScreeningType, "RiskScreeningPage", "A page of risk screenings (隐患排查)."
)
SituationReportPage = page_type(
    SituationReportType,
    "SituationReportPage",
    "A page of important-situation reports (重要情况报告).",
)
SubmissionPage = page_type(
    SubmissionType,
    "SubmissionPage",
    "A page of submissions owed (应报事项), with their state.",
)
AssessmentBulletinPage = page_type(
    AssessmentBulletinType,
    "AssessmentBulletinPage",
    "A page of assessment bulletins (考核通报).",
)


def _id(value, what):
    return parse_int_id(value, what=what)


@on_domain_error(list)
def _reports(actor, *, requirement_id, unit_code, status):
    """The reports asked for; none for a requirement id that is not one."""
    return selectors.report_list(
        actor=actor,
        requirement_id=_id(requirement_id, "报告要求") if requirement_id else None,
        unit_code=unit_code,
        status=status,
    )


class ReportingQueries(graphene.ObjectType):
    report_requirements = graphene.Field(
        ReportRequirementPage,
        required=True,
        offset=graphene.Int(),
        limit=graphene.Int(),
        description="Requirements issued in the viewer's subtree or by its ancestors.",
    )
    report_requirement = graphene.Field(
        ReportRequirementType,
        id=graphene.ID(required=True),
        description="A requirement (报告要求); null when missing or out of scope.",
    )
    report_obligations = graphene.List(
        graphene.NonNull(SubmissionType),
        required=True,
        deprecation_reason=deprecated_list("reportObligationsPage"),
        description="What the viewer's unit owes (应报事项): to whom, by when, state.",
    )
    report_delinquencies = graphene.List(
        graphene.NonNull(SubmissionType),
        required=True,
        deprecation_reason=deprecated_list("reportDelinquenciesPage"),
        requirement_id=graphene.ID(),
        description=(
            "Late and missing submissions (逾期、未报) of the viewer's unit and its "
            "subtree: the owing unit and every unit above see them."
        ),
    )
    report_obligations_page = page_field(
        SubmissionPage,
        "What the viewer's unit owes (应报事项): to whom, by when, state; one page.",
    )
    report_delinquencies_page = page_field(
        SubmissionPage,
        "Late and missing submissions (逾期、未报) of the viewer's unit and its "
        "subtree, one page: the owing unit and every unit above see them.",
        requirement_id=graphene.ID(description="Only this requirement (报告要求)."),
    )
    reports = graphene.Field(
        ReportPage,
        required=True,
        requirement_id=graphene.ID(),
        unit_code=graphene.String(),
        status=ReportStatusEnum(),
        offset=graphene.Int(),
        limit=graphene.Int(),
        description="Reports of the viewer's unit and its subtree.",
    )
    report = graphene.Field(
        ReportType,
        id=graphene.ID(required=True),
        description="A report (报告); null when missing or out of scope.",
    )
    report_roll_up = graphene.Field(
        RollUpType,
        requirement_id=graphene.ID(required=True),
        unit_code=graphene.String(required=True),
        description="A unit's roll-up (逐级汇总) for a requirement's period.",
    )
    report_draft = graphene.List(
        graphene.NonNull(ReportSectionType),
        requirement_id=graphene.ID(required=True),
        description=(
            "The sections the viewer's unit starts its report from (报告草稿): its "
            "latest version, or the narrative drafted from its statistics; null "
            "when the requirement is not the unit's."
        ),
    )
    report_statistics = graphene.Field(
        StatisticsType,
        unit_code=graphene.String(required=True),
        period_starts_on=graphene.Date(
            description="First day (统计期起); required in the next release."
        ),
        period_ends_on=graphene.Date(
            description="Last day (统计期止); required in the next release."
        ),
        period_start=graphene.Date(
            deprecation_reason=deprecated_date_reason("periodStartsOn")
        ),
        period_end=graphene.Date(
            deprecation_reason=deprecated_date_reason("periodEndsOn")
        ),
        description="Live statistics (统计) of a unit in the viewer's subtree.",
    )
    report_figure_trace = graphene.Field(
        FigureTraceType,
        requirement_id=graphene.ID(required=True),
        unit_code=graphene.String(required=True),
        figure=graphene.String(required=True),
        description="Trace a figure (数据溯源) to the children's reports and cases.",
    )
    report_rate_definitions = graphene.List(
        graphene.NonNull(RateDefinitionType),
        required=True,
        description="How each rate is computed (比率定义).",
    )
    risk_screenings = graphene.Field(
        RiskScreeningPage,
        required=True,
        offset=graphene.Int(),
        limit=graphene.Int(),
        description="Risk screenings (隐患排查) of the viewer's unit and below.",
    )
    situation_reports = graphene.Field(
        SituationReportPage,
        required=True,
        offset=graphene.Int(),
        limit=graphene.Int(),
        description="Important-situation reports (重要情况报告) from the unit and below.",
    )
    assessment_bulletins = graphene.List(
        graphene.NonNull(AssessmentBulletinType),
        required=True,
        deprecation_reason=deprecated_list("assessmentBulletinsPage"),
        description="Assessment bulletins (考核通报) issued by or over the unit.",
    )
    assessment_bulletins_page = page_field(
        AssessmentBulletinPage,
        "Assessment bulletins (考核通报) issued by or over the unit, one page.",
    )
    assessment_metrics = graphene.List(
        graphene.NonNull(AssessmentWeightType),
        required=True,
        description=(
            "Metrics an assessment bulletin may weigh (考核指标), with their Chinese "
            "label and the suggested weight (建议权重)."
        ),
    )
    assessment_bulletin = graphene.Field(
        AssessmentBulletinType,
        id=graphene.ID(required=True),
        description="An assessment bulletin (考核通报); null when missing or out of "
        "scope.",
    )

    @staticmethod
    def resolve_report_requirements(root, info, offset=None, limit=None):
        requirements = selectors.requirement_list(actor=info.context.user)
        return paginate(requirements, offset, limit, ReportRequirementPage)

    @staticmethod
    @none_on_domain_error
    def resolve_report_requirement(root, info, id):
        requirement_id = _id(id, "报告要求")
        return selectors.requirement_get(
            actor=info.context.user, requirement_id=requirement_id
        )

    @staticmethod
    def resolve_report_obligations(root, info):
        return selectors.report_obligation_list(actor=info.context.user)

    @staticmethod
    @on_domain_error(list)
    def resolve_report_delinquencies(root, info, requirement_id=None):
        parsed = _id(requirement_id, "报告要求") if requirement_id else None
        return selectors.report_delinquency_list(
            actor=info.context.user, requirement_id=parsed
        )

    @staticmethod
    def resolve_report_obligations_page(root, info, offset=None, limit=None):
        submissions = selectors.report_obligation_list(actor=info.context.user)
        return paginate(submissions, offset, limit, SubmissionPage)

    @staticmethod
    def resolve_report_delinquencies_page(
        root, info, requirement_id=None, offset=None, limit=None
    ):
        submissions = ReportingQueries.resolve_report_delinquencies(
            root, info, requirement_id
        )
        return paginate(submissions, offset, limit, SubmissionPage)

    @staticmethod
    def resolve_reports(
        root,
        info,
        requirement_id=None,
        unit_code=None,
        status=None,
        offset=None,
        limit=None,
    ):
        reports = _reports(
            info.context.user,
            requirement_id=requirement_id,
            unit_code=unit_code,
            status=status.value if status else None,
        )
        return paginate(reports, offset, limit, ReportPage)

    @staticmethod
    @none_on_domain_error
    def resolve_report(root, info, id):
        report_id = _id(id, "报告")
        return selectors.report_get(actor=info.context.user, report_id=report_id)

    @staticmethod
    @none_on_domain_error
    def resolve_report_roll_up(root, info, requirement_id, unit_code):
        parsed = _id(requirement_id, "报告要求")
        return selectors.report_roll_up(
            actor=info.context.user, requirement_id=parsed, unit_code=unit_code
        )

    @staticmethod
    @none_on_domain_error
    def resolve_report_draft(root, info, requirement_id):
        parsed = _id(requirement_id, "报告要求")
        sections = selectors.report_draft(
            actor=info.context.user, requirement_id=parsed
        )
        if sections is None:
            return None
        return [
            ReportSectionType(key=key, label=label, text=text)
            for key, label, text in sections
        ]

    @staticmethod
    @domain_errors
    def resolve_report_statistics(root, info, unit_code, **period):
        start = renamed_value(period, "period_starts_on", "period_start")
        end = renamed_value(period, "period_ends_on", "period_end")
        return none_on_domain_error(selectors.statistics_get)(
            actor=info.context.user,
            unit_code=unit_code,
            period_start=start,
            period_end=end,
        )

    @staticmethod
    @none_on_domain_error
    def resolve_report_figure_trace(root, info, requirement_id, unit_code, figure):
        parsed = _id(requirement_id, "报告要求")
        return selectors.report_figure_trace(
            actor=info.context.user,
            requirement_id=parsed,
            unit_code=unit_code,
            figure=figure,
        )

    @staticmethod
    def resolve_report_rate_definitions(root, info):
        return RATES

    @staticmethod
    def resolve_risk_screenings(root, info, offset=None, limit=None):
        entries = selectors.risk_screening_list(actor=info.context.user)
        return paginate(entries, offset, limit, RiskScreeningPage)

    @staticmethod
    def resolve_situation_reports(root, info, offset=None, limit=None):
        entries = selectors.situation_report_list(actor=info.context.user)
        return paginate(entries, offset, limit, SituationReportPage)

    @staticmethod
    def resolve_assessment_metrics(root, info):
        return assessment.assessment_metrics()

    @staticmethod
    def resolve_assessment_bulletins(root, info):
        return selectors.assessment_bulletin_list(actor=info.context.user)[:100]

    @staticmethod
    def resolve_assessment_bulletins_page(root, info, offset=None, limit=None):
        bulletins = selectors.assessment_bulletin_list(actor=info.context.user)
        return paginate(bulletins, offset, limit, AssessmentBulletinPage)

    @staticmethod
    @none_on_domain_error
    def resolve_assessment_bulletin(root, info, id):
        bulletin_id = _id(id, "考核通报")
        return selectors.assessment_bulletin_get(
            actor=info.context.user, bulletin_id=bulletin_id
        )
