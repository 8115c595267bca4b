"""复查 / 复核 requests and leader reception days."""

import graphene

from graphql_api.core.mutations import BaseMutation
from graphql_api.supervision.mutations.base import PetitionMutation
from graphql_api.supervision.types import ReceptionDayType
from supervision.errors import ReceptionDayErrorCode, ReviewErrorCode
from supervision.services import reception, review
from tenants.roles import Permission


class ReviewRequest(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)
        requested_on = graphene.Date(required=True)

    class Meta:
        permissions = (Permission.PETITION_REGISTER,)
        error_codes = ReviewErrorCode
        description = (
            "Register a request for 复查 (after the answer) or 复核 (after the 复查 "
            "answer); after 复核 the matter is final."
        )

    @classmethod
    def perform_mutation(cls, root, info, petition_id, requested_on):
        return cls.done(
            review.review_request(
                actor=info.context.user,
                petition_id=petition_id,
                requested_on=requested_on,
            )
        )


class ReceptionDayCreate(BaseMutation):
    reception_day = graphene.Field(ReceptionDayType)

    class Arguments:
        held_on = graphene.Date(required=True)
        leader_id = graphene.ID(required=True)
        place = graphene.String(required=True)
        note = graphene.String()

    class Meta:
        permissions = (Permission.PETITION_REGISTER,)
        error_codes = ReceptionDayErrorCode
        description = "Record a leader reception day (领导接访日)."

    @classmethod
    def perform_mutation(cls, root, info, held_on, leader_id, place, note=""):
        day = reception.reception_day_create(
            actor=info.context.user,
            held_on=held_on,
            leader_id=leader_id,
            place=place,
            note=note or "",
        )
        return cls(reception_day=day)
