"""Registration (登记)."""

import graphene

from graphql_api.supervision.inputs import PetitionRegisterInput
from graphql_api.supervision.mutations.base import PetitionMutation, enum_value
from graphql_api.supervision.types import DuplicateCandidateType, FinalMatterMatchType
from graphql_api.tenants.types import UnitType
from supervision.choices import Origin, PetitionerRole
from supervision.crosslevel.services.registration import petition_register_in_tree
from supervision.errors import PetitionRegisterErrorCode
from supervision.services.intake import (
    AccusedData,
    PetitionerData,
    RegistrationData,
)
from tenants.roles import Permission


def registration_data(data) -> RegistrationData:
    return RegistrationData(
        received_on=data.received_on,
        channel=enum_value(data.channel),
        legal_type=enum_value(data.legal_type),
        topic=enum_value(data.topic),
        title=data.title,
        content=data.content,
        origin=enum_value(data.origin) or Origin.DIRECT,
        origin_body=data.origin_body or "",
        origin_reference=data.origin_reference or "",
        is_anonymous=bool(data.is_anonymous),
        is_joint=bool(data.is_joint),
        is_collective=bool(data.is_collective),
        headcount=data.headcount or 1,
        petitioners=[
            PetitionerData(
                name=p.name,
                citizen_id=p.citizen_id or "",
                phone=p.phone or "",
                address=p.address or "",
                political_status=enum_value(p.political_status) or "",
                is_party_member=bool(p.is_party_member),
                role=enum_value(p.role) or PetitionerRole.PRINCIPAL,
            )
            for p in data.petitioners or []
        ],
        accused=[
            AccusedData(
                name=a.name,
                unit_name=a.unit_name,
                managing_level=enum_value(a.managing_level),
                post=a.post or "",
                rank=a.rank or "",
                is_main_leader=bool(a.is_main_leader),
                unit_code=a.unit_code or "",
                is_unit_unknown=bool(a.unit_unknown),
            )
            for a in data.accused or []
        ],
        reception_day_id=data.reception_day_id,
    )


class PetitionRegister(PetitionMutation):
    """Register a petition; possible duplicates in the unit and final matters
    in the tree are returned."""

    possible_duplicates = graphene.List(
        graphene.NonNull(DuplicateCandidateType),
        description="Possible duplicates already in the unit (疑似重复件).",
    )
    final_matters = graphene.List(
        graphene.NonNull(FinalMatterMatchType),
        description="The same matter of the same person made final by 复核 "
        "anywhere in the tree (复核终结事项): register it as a record and decline "
        "it with the ground FINAL (已经复核终结).",
    )
    suggested_unit = graphene.Field(
        UnitType,
        description="The unit that manages the accused cadre (干部管理权限, "
        "建议承办单位), when it can be told.",
    )

    class Arguments:
        input = PetitionRegisterInput(required=True)

    class Meta:
        permissions = (Permission.PETITION_REGISTER,)
        error_codes = PetitionRegisterErrorCode
        description = "Register a petition (登记信访件)."
        # The service is its own unit of work (core.unit_of_work): its
        # transaction, not an outer one, ends right after the numbering, so
        # the unit's counter row is held for that statement and the commit.
        atomic = False

    @classmethod
    def perform_mutation(cls, root, info, input):
        registered = petition_register_in_tree(
            actor=info.context.user,
            unit=info.context.unit,
            data=registration_data(input),
        )
        return cls(
            petition=registered.registration.petition,
            possible_duplicates=registered.registration.possible_duplicates,
            suggested_unit=registered.suggested_unit,
            final_matters=registered.final_matters,
        )
