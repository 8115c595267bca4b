"""显示: a case's parties unmasked, on request and audited."""

import graphene

from graphql_api.core.mutations import BaseMutation
from supervision.services import reveal
from tenants.roles import Permission


class RevealedIdentityType(graphene.ObjectType):
    petitioner_id = graphene.ID(required=True, description="The petitioner (信访人).")
    name = graphene.String(required=True, description="姓名")
    citizen_id = graphene.String(description="公民身份号码")
    phone = graphene.String(description="联系电话")
    address = graphene.String(description="住址")

    class Meta:
        name = "RevealedIdentity"
        description = "A petitioner's identity unmasked (未脱敏身份信息)."


class PetitionIdentityReveal(BaseMutation):
    identities = graphene.List(
        graphene.NonNull(RevealedIdentityType),
        description="Each petitioner of the case, unmasked, in order.",
    )

    class Arguments:
        petition_id = graphene.ID(required=True)

    class Meta:
        permissions = (Permission.PETITION_VIEW_IDENTITY,)
        description = (
            "Show a case's petitioners unmasked (显示) to staff whose role may see "
            "identities; each petitioner shown is an entry of the audit log."
        )

    @classmethod
    def perform_mutation(cls, root, info, petition_id):
        return cls(
            identities=reveal.petition_identity_reveal(
                actor=info.context.user, petition_id=petition_id
            )
        )
