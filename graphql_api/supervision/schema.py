"""The supervision domain's part of the GraphQL schema."""

import graphene

from graphql_api.supervision.mutations.acceptance import (
    PetitionAccept,
    PetitionDecline,
    PetitionRefer,
)
from graphql_api.supervision.mutations.closure import (
    ClosureApprove,
    ClosureReturn,
    ClosureSubmit,
    FeedbackRecord,
    PetitionArchive,
    ReturnVisitRecord,
)
from graphql_api.supervision.mutations.handling import (
    ExtensionApprove,
    ExtensionReject,
    ExtensionRequest,
    HandlingRecordAdd,
    PetitionConclude,
)
from graphql_api.supervision.mutations.intake import PetitionRegister
from graphql_api.supervision.mutations.reception import (
    ReceptionDayCreate,
    ReceptionDayUpdate,
)
from graphql_api.supervision.mutations.reveal import PetitionIdentityReveal
from graphql_api.supervision.mutations.routing import (
    PetitionAssignOwner,
    PetitionInstruct,
    PetitionRecuse,
    PetitionRoute,
)
from graphql_api.supervision.queries import SupervisionQueries


class SupervisionMutations(graphene.ObjectType):
    petition_register = PetitionRegister.Field()
    petition_accept = PetitionAccept.Field()
    petition_decline = PetitionDecline.Field()
    petition_refer = PetitionRefer.Field()
    petition_route = PetitionRoute.Field()
    petition_instruct = PetitionInstruct.Field()
    petition_assign_owner = PetitionAssignOwner.Field()
    petition_recuse = PetitionRecuse.Field()
    handling_record_add = HandlingRecordAdd.Field()
    petition_conclude = PetitionConclude.Field()
    extension_request = ExtensionRequest.Field()
    extension_approve = ExtensionApprove.Field()
    extension_reject = ExtensionReject.Field()
    closure_submit = ClosureSubmit.Field()
    closure_approve = ClosureApprove.Field()
    closure_return = ClosureReturn.Field()
    feedback_record = FeedbackRecord.Field()
    return_visit_record = ReturnVisitRecord.Field()
    petition_archive = PetitionArchive.Field()
    reception_day_create = ReceptionDayCreate.Field()
    reception_day_update = ReceptionDayUpdate.Field()
    petition_identity_reveal = PetitionIdentityReveal.Field()


__all__ = ("SupervisionMutations", "SupervisionQueries")
