"""Closure review, feedback, return visit, archive."""

import graphene

from graphql_api.supervision import enums
from graphql_api.supervision.mutations.base import PetitionMutation, enum_value
from supervision.errors import ClosureErrorCode, PetitionHandleErrorCode
from supervision.services import closure
from tenants.roles import Permission


class ClosureSubmit(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)

    class Meta:
        permissions = (Permission.PETITION_HANDLE,)
        error_codes = PetitionHandleErrorCode
        description = "Submit the conclusion for closure review (提交结案审核)."

    @classmethod
    def perform_mutation(cls, root, info, petition_id):
        return cls.done(
            closure.closure_submit(actor=info.context.user, petition_id=petition_id)
        )


class ClosureApprove(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)

    class Meta:
        permissions = (Permission.PETITION_APPROVE,)
        error_codes = ClosureErrorCode
        description = "Approve the result: the case is closed (审核办结)."

    @classmethod
    def perform_mutation(cls, root, info, petition_id):
        return cls.done(
            closure.closure_approve(actor=info.context.user, petition_id=petition_id)
        )


class ClosureReturn(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    class Meta:
        permissions = (Permission.PETITION_APPROVE,)
        error_codes = ClosureErrorCode
        description = "Return the result for more handling (退回重办)."

    @classmethod
    def perform_mutation(cls, root, info, petition_id, reason):
        return cls.done(
            closure.closure_return(
                actor=info.context.user, petition_id=petition_id, reason=reason
            )
        )


class FeedbackRecord(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)
        given_on = graphene.Date(required=True)
        content = graphene.String(required=True)
        petitioner_opinion = graphene.String()

    class Meta:
        permissions = (Permission.PETITION_REGISTER,)
        error_codes = ClosureErrorCode
        description = (
            "Tell the petitioner the outcome (反馈/见面) and record their opinion."
        )

    @classmethod
    def perform_mutation(
        cls, root, info, petition_id, given_on, content, petitioner_opinion=""
    ):
        return cls.done(
            closure.feedback_record(
                actor=info.context.user,
                petition_id=petition_id,
                given_on=given_on,
                content=content,
                petitioner_opinion=petitioner_opinion or "",
            )
        )


class ReturnVisitRecord(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)
        visited_on = graphene.Date(required=True)
        satisfaction = enums.SatisfactionEnum(required=True)
        note = graphene.String()

    class Meta:
        permissions = (Permission.PETITION_REGISTER,)
        error_codes = ClosureErrorCode
        description = "Record a return visit with satisfaction (回访)."

    @classmethod
    def perform_mutation(
        cls, root, info, petition_id, visited_on, satisfaction, note=""
    ):
        return cls.done(
            closure.return_visit_record(
                actor=info.context.user,
                petition_id=petition_id,
                visited_on=visited_on,
                satisfaction=enum_value(satisfaction),
                note=note or "",
            )
        )


class PetitionArchive(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)

    class Meta:
        permissions = (Permission.PETITION_REGISTER,)
        error_codes = ClosureErrorCode
        description = "Archive a closed case (归档)."

    @classmethod
    def perform_mutation(cls, root, info, petition_id):
        return cls.done(
            closure.petition_archive(actor=info.context.user, petition_id=petition_id)
        )
