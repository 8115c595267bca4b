"""Township liaison forms: risk screenings and important-situation reports."""

from __future__ import annotations

import graphene

from core.ids import parse_int_id
from graphql_api.core.mutations import BaseMutation
from graphql_api.reporting.inputs import RiskScreeningInput, SituationReportInput
from graphql_api.reporting.types import RiskScreeningType, SituationReportType
from supervision.reporting import services
from supervision.reporting.errors import (
    RiskScreeningErrorCode,
    SituationReportErrorCode,
)
from tenants.roles import Permission


class RiskScreeningCreate(BaseMutation):
    """File a risk screening entry for the unit."""

    risk_screening = graphene.Field(RiskScreeningType)

    class Arguments:
        input = RiskScreeningInput(required=True)

    class Meta:
        permissions = (Permission.REPORT_SUBMIT,)
        error_codes = RiskScreeningErrorCode
        description = (
            "File a risk screening entry (隐患排查) visible to the unit and every "
            "unit above it."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        requirement_id = (
            parse_int_id(input.requirement_id, what="报告要求", field="requirementId")
            if input.requirement_id
            else None
        )
        entry = services.risk_screening_create(
            actor=info.context.user,
            matter=input.matter,
            severity=input.severity.value,
            people_involved=input.people_involved or "",
            expected_headcount=input.expected_headcount or 0,
            sensitive_dates=[d.value for d in input.sensitive_dates or []],
            measures=input.measures or "",
            requirement_id=requirement_id,
        )
        return cls(risk_screening=entry)


class SituationReportCreate(BaseMutation):
    """Report an important situation to every unit above at once."""

    situation_report = graphene.Field(SituationReportType)

    class Arguments:
        input = SituationReportInput(required=True)

    class Meta:
        permissions = (Permission.REPORT_SUBMIT,)
        error_codes = SituationReportErrorCode
        description = (
            "Report an important situation (重要情况报告) to every ancestor unit at "
            "once; their reviewers get a reminder."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        entry = services.situation_report_create(
            actor=info.context.user,
            title=input.title,
            content=input.content,
            severity=input.severity.value,
            occurred_on=input.occurred_on,
        )
        return cls(situation_report=entry)
