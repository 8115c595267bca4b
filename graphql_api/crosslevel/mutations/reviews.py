"""复查 / 复核 up the tree: the request registered at the unit that answered,
and the upper unit's opinion on it."""

import graphene

from graphql_api.crosslevel.types import CaseLinkType
from graphql_api.supervision.enums import ReviewDecisionEnum
from graphql_api.supervision.mutations.base import PetitionMutation, enum_value
from supervision.crosslevel import selectors
from supervision.crosslevel.services import reviews
from supervision.errors import ReviewDecideErrorCode, ReviewErrorCode
from tenants.roles import Permission


def _link(info, link):
    # Re-read through the selector: the payload shows the live facts too.
    return selectors.case_link_get(actor=info.context.user, link_id=link.pk)


class ReviewRequest(PetitionMutation):
    review_link = graphene.Field(
        CaseLinkType,
        description="The link to the case opened at the unit above (复查/复核流转).",
    )

    class Arguments:
        petition_id = graphene.ID(required=True)
        requested_on = graphene.Date(required=True)

    class Meta:
        permissions = (Permission.PETITION_REGISTER,)
        error_codes = ReviewErrorCode
        description = (
            "Register, at the unit that answered, a request for 复查 (after its "
            "answer: decided one level up) or 复核 (after a 复查 opinion: decided "
            "one level above the 复查 unit); after 复核 the matter is final."
        )

    @classmethod
    def perform_mutation(cls, root, info, petition_id, requested_on):
        step = reviews.review_request(
            actor=info.context.user,
            petition_id=petition_id,
            requested_on=requested_on,
        )
        return cls(petition=step.petition, review_link=_link(info, step.link))


class ReviewDecide(PetitionMutation):
    review_link = graphene.Field(
        CaseLinkType, description="The decided 复查/复核 link (复查复核流转)."
    )

    class Arguments:
        petition_id = graphene.ID(required=True, description="The review case.")
        decision = ReviewDecisionEnum(required=True)
        request = graphene.String(required=True, description="信访请求")
        facts = graphene.String(required=True, description="查明事实")
        reasons = graphene.String(required=True, description="理由")
        legal_basis = graphene.String(required=True, description="依据")
        summary = graphene.String(description="办理情况（可选）")

    class Meta:
        permissions = (Permission.PETITION_APPROVE,)
        error_codes = ReviewDecideErrorCode
        description = (
            "The upper unit's 复查/复核意见书 on a review case received from below: "
            "uphold, change or revoke. Closes the case and reports the decision "
            "down the chain; after 复核 the matter is final everywhere."
        )

    @classmethod
    def perform_mutation(cls, root, info, petition_id, decision, **opinion):
        step = reviews.review_decide(
            actor=info.context.user,
            petition_id=petition_id,
            decision=enum_value(decision),
            request=opinion["request"],
            facts=opinion["facts"],
            reasons=opinion["reasons"],
            legal_basis=opinion["legal_basis"],
            summary=opinion.get("summary") or "",
        )
        return cls(petition=step.petition, review_link=_link(info, step.link))
