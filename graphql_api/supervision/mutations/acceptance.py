"""The acceptance decision: accept, decline, refer (受理 / 不予受理 / 告知)."""

import graphene

from graphql_api.supervision import enums
from graphql_api.supervision.mutations.base import PetitionMutation, enum_value
from supervision.errors import PetitionDecideErrorCode
from supervision.services import acceptance
from tenants.roles import Permission


class PetitionAccept(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)
        decided_on = graphene.Date(description="Decision date; today by default.")
        note = graphene.String()

    class Meta:
        permissions = (Permission.PETITION_DECIDE,)
        error_codes = PetitionDecideErrorCode
        description = "Accept a petition (受理); the 60-day handling clock starts."

    @classmethod
    def perform_mutation(cls, root, info, petition_id, decided_on=None, note=""):
        return cls.done(
            acceptance.petition_accept(
                actor=info.context.user,
                petition_id=petition_id,
                decided_on=decided_on,
                note=note or "",
            )
        )


class PetitionDecline(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)
        ground = enums.DeclineGroundEnum(required=True)
        decided_on = graphene.Date()
        note = graphene.String()

    class Meta:
        permissions = (Permission.PETITION_DECIDE,)
        error_codes = PetitionDecideErrorCode
        description = "Decline on a statutory ground (不予受理)."

    @classmethod
    def perform_mutation(
        cls, root, info, petition_id, ground, decided_on=None, note=""
    ):
        return cls.done(
            acceptance.petition_decline(
                actor=info.context.user,
                petition_id=petition_id,
                ground=enum_value(ground),
                decided_on=decided_on,
                note=note or "",
            )
        )


class PetitionRefer(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)
        target = enums.ReferTargetEnum(required=True)
        refer_to = graphene.String(required=True, description="The body to turn to.")
        decided_on = graphene.Date()
        note = graphene.String()

    class Meta:
        permissions = (Permission.PETITION_DECIDE,)
        error_codes = PetitionDecideErrorCode
        description = (
            "Tell the petitioner where to go (告知): 涉法涉诉 → 政法, "
            "disciplinary accusations → 纪检监察, other matters → the body in charge."
        )

    @classmethod
    def perform_mutation(
        cls, root, info, petition_id, target, refer_to, decided_on=None, note=""
    ):
        return cls.done(
            acceptance.petition_refer(
                actor=info.context.user,
                petition_id=petition_id,
                target=enum_value(target),
                refer_to=refer_to,
                decided_on=decided_on,
                note=note or "",
            )
        )
