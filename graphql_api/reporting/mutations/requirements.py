"""Setting report requirements (报告要求) for the units below."""

from __future__ import annotations

import graphene

from graphql_api.core.mutation_input import renamed_value
from graphql_api.core.mutations import BaseMutation
from graphql_api.reporting.inputs import ReportRequirementInput
from graphql_api.reporting.types import ReportRequirementType
from supervision.reporting import services
from supervision.reporting.errors import RequirementCreateErrorCode
from tenants.roles import Permission


class ReportRequirementCreate(BaseMutation):
    """Require a report from the units below the actor's unit."""

    requirement = graphene.Field(ReportRequirementType)

    class Arguments:
        input = ReportRequirementInput(required=True)

    class Meta:
        permissions = (Permission.REPORT_REVIEW,)
        error_codes = RequirementCreateErrorCode
        description = (
            "Set a report requirement (布置报告要求) for the units below: annual "
            "written report, monthly statistics, quarterly risk screening or ad hoc."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        requirement = services.requirement_create(
            actor=info.context.user,
            kind=input.kind.value,
            title=input.title,
            instructions=input.instructions or "",
            period_start=renamed_value(input, "period_starts_on", "period_start"),
            period_end=renamed_value(input, "period_ends_on", "period_end"),
            due_on=input.due_on,
            target_levels=[level.value for level in input.target_levels or []],
        )
        return cls(requirement=requirement)
