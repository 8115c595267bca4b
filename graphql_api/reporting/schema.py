"""The reporting domain's part of the GraphQL schema."""

import graphene

from graphql_api.reporting.mutations.assessment import AssessmentBulletinIssue
from graphql_api.reporting.mutations.liaison import (
    RiskScreeningCreate,
    SituationReportCreate,
)
from graphql_api.reporting.mutations.reports import (
    ReportAccept,
    ReportReturn,
    ReportSubmit,
)
from graphql_api.reporting.mutations.requirements import ReportRequirementCreate
from graphql_api.reporting.queries import ReportingQueries


class ReportingMutations(graphene.ObjectType):
    report_requirement_create = ReportRequirementCreate.Field()
    report_submit = ReportSubmit.Field()
    report_return = ReportReturn.Field()
    report_accept = ReportAccept.Field()
    risk_screening_create = RiskScreeningCreate.Field()
    situation_report_create = SituationReportCreate.Field()
    assessment_bulletin_issue = AssessmentBulletinIssue.Field()


__all__ = ("ReportingMutations", "ReportingQueries")
