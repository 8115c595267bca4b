"""Routing inside the unit, leader instructions, 包案 and recusal."""

import graphene

from graphql_api.supervision.mutations.base import PetitionMutation
from supervision.errors import PetitionLeaderErrorCode, PetitionRouteErrorCode
from supervision.services import routing
from tenants.roles import Permission


class PetitionRoute(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)
        department_id = graphene.ID(required=True)
        handler_id = graphene.ID(required=True)

    class Meta:
        permissions = (Permission.PETITION_ROUTE,)
        error_codes = PetitionRouteErrorCode
        description = "Route to a department and handler (归口办理)."

    @classmethod
    def perform_mutation(cls, root, info, petition_id, department_id, handler_id):
        return cls.done(
            routing.petition_route(
                actor=info.context.user,
                petition_id=petition_id,
                department_id=department_id,
                handler_id=handler_id,
            )
        )


class PetitionInstruct(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)
        content = graphene.String(required=True)

    class Meta:
        permissions = (Permission.PETITION_APPROVE,)
        error_codes = PetitionLeaderErrorCode
        description = "Record a leader's instruction (领导批示)."

    @classmethod
    def perform_mutation(cls, root, info, petition_id, content):
        instruction = routing.petition_instruct(
            actor=info.context.user, petition_id=petition_id, content=content
        )
        return cls.done(instruction.petition)


class PetitionAssignOwner(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)
        leader_id = graphene.ID(required=True)

    class Meta:
        permissions = (Permission.PETITION_APPROVE,)
        error_codes = PetitionLeaderErrorCode
        description = "A leader takes ownership of the case (领导包案)."

    @classmethod
    def perform_mutation(cls, root, info, petition_id, leader_id):
        return cls.done(
            routing.petition_assign_owner(
                actor=info.context.user, petition_id=petition_id, leader_id=leader_id
            )
        )


class PetitionRecuse(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)
        user_id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    class Meta:
        permissions = (Permission.PETITION_ROUTE,)
        error_codes = PetitionLeaderErrorCode
        description = "Recuse a member of staff with a direct interest (回避)."

    @classmethod
    def perform_mutation(cls, root, info, petition_id, user_id, reason):
        recusal = routing.petition_recuse(
            actor=info.context.user,
            petition_id=petition_id,
            user_id=user_id,
            reason=reason,
        )
        return cls.done(recusal.petition)
