"""Leader reception days (领导接访日)."""

import graphene

from graphql_api.core.mutations import BaseMutation
from graphql_api.supervision.types import ReceptionDayType
from supervision.errors import ReceptionDayErrorCode
from supervision.services import reception
from tenants.roles import Permission


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


class ReceptionDayUpdate(BaseMutation):
    reception_day = graphene.Field(ReceptionDayType)

    class Arguments:
        id = graphene.ID(required=True)
        held_on = graphene.Date(required=True)
        leader_id = graphene.ID(required=True)
        place = graphene.String(required=True)
        note = graphene.String()

    class Meta:
        input_names = {"id": "reception_day_id"}
        permissions = (Permission.PETITION_REGISTER,)
        error_codes = ReceptionDayErrorCode
        description = "Correct a leader reception day (修改领导接访日)."

    @classmethod
    def perform_mutation(cls, root, info, id, held_on, leader_id, place, note=""):
        day = reception.reception_day_update(
            actor=info.context.user,
            reception_day_id=id,
            held_on=held_on,
            leader_id=leader_id,
            place=place,
            note=note or "",
        )
        return cls(reception_day=day)
