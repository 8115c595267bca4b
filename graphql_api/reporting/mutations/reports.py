"""Submitting, returning and accepting reports."""

from __future__ import annotations

import graphene

from core.ids import parse_int_id
from graphql_api.core.mutations import BaseMutation
from graphql_api.reporting.inputs import ReportSectionInput
from graphql_api.reporting.types import ReportType
from supervision.reporting import services
from supervision.reporting.errors import ReportReviewErrorCode, ReportSubmitErrorCode
from tenants.roles import Permission


class ReportSubmit(BaseMutation):
    """Submit the unit's report, or resubmit a returned one as a new version."""

    report = graphene.Field(ReportType)

    class Arguments:
        requirement_id = graphene.ID(required=True)
        sections = graphene.List(graphene.NonNull(ReportSectionInput), required=True)

    class Meta:
        permissions = (Permission.REPORT_SUBMIT,)
        error_codes = ReportSubmitErrorCode
        description = (
            "Submit (报送) the unit's report for a requirement to the parent unit, "
            "or resubmit a returned one; each submission is a new version."
        )

    @classmethod
    def perform_mutation(cls, root, info, requirement_id, sections):
        report = services.report_submit(
            actor=info.context.user,
            requirement_id=parse_int_id(
                requirement_id, what="报告要求", field="requirementId"
            ),
            sections={section.key.value: section.text for section in sections},
        )
        return cls(report=report)


class ReportReturn(BaseMutation):
    """Return a child's submitted report with comments."""

    report = graphene.Field(ReportType)

    class Arguments:
        report_id = graphene.ID(required=True)
        comment = graphene.String(required=True)

    class Meta:
        permissions = (Permission.REPORT_REVIEW,)
        error_codes = ReportReviewErrorCode
        description = "Return (退回) a child unit's report with comments."

    @classmethod
    def perform_mutation(cls, root, info, report_id, comment):
        report = services.report_return(
            actor=info.context.user,
            report_id=parse_int_id(report_id, what="报告", field="reportId"),
            comment=comment,
        )
        return cls(report=report)


class ReportAccept(BaseMutation):
    """Accept a child's submitted report."""

    report = graphene.Field(ReportType)

    class Arguments:
        report_id = graphene.ID(required=True)
        comment = graphene.String()

    class Meta:
        permissions = (Permission.REPORT_REVIEW,)
        error_codes = ReportReviewErrorCode
        description = "Accept (采纳) a child unit's report."

    @classmethod
    def perform_mutation(cls, root, info, report_id, comment=""):
        report = services.report_accept(
            actor=info.context.user,
            report_id=parse_int_id(report_id, what="报告", field="reportId"),
            comment=comment or "",
        )
        return cls(report=report)
