"""Assessment bulletins (考核通报) scoring the children."""

from __future__ import annotations

import graphene

from graphql_api.core.mutation_input import renamed_value
from graphql_api.core.mutations import BaseMutation
from graphql_api.reporting.inputs import AssessmentBulletinInput
from graphql_api.reporting.types import AssessmentBulletinType
from supervision.reporting import services
from supervision.reporting.errors import AssessmentErrorCode
from tenants.roles import Permission


class AssessmentBulletinIssue(BaseMutation):
    """Score, rank and announce the children for a period."""

    bulletin = graphene.Field(AssessmentBulletinType)

    class Arguments:
        input = AssessmentBulletinInput(required=True)

    class Meta:
        permissions = (Permission.REPORT_REVIEW,)
        error_codes = AssessmentErrorCode
        description = (
            "Issue an assessment bulletin (考核通报/量化打分): the children scored "
            "with the given weights over the rates and on-time reporting, ranked."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        weights: dict = {}
        for item in input.weights:
            weights[item.metric] = weights.get(item.metric, 0) + item.weight
        bulletin = services.assessment_bulletin_issue(
            actor=info.context.user,
            title=input.title,
            period_start=renamed_value(input, "period_starts_on", "period_start"),
            period_end=renamed_value(input, "period_ends_on", "period_end"),
            weights=weights,
        )
        return cls(bulletin=bulletin)
