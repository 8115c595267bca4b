"""Petition queries: work queues, search, the case view, duplicates, reception days."""

import graphene
from django.utils import timezone

from graphql_api.core.lookup_limits import lookup_count
from graphql_api.core.query_errors import none_on_domain_error
from graphql_api.core.types import deprecated_list, page_field, page_type, paginate
from graphql_api.supervision import enums
from graphql_api.supervision.mutations.base import enum_value
from graphql_api.supervision.types import (
    DuplicateCandidateType,
    FinalMatterMatchType,
    PetitionType,
    ReceptionDayType,
    WorkCountType,
)
from graphql_api.tenants.types import UserType
from supervision import selectors

PetitionPage = page_type(PetitionType, "PetitionPage", "A page of petitions (信访件).")
ReceptionDayPage = page_type(
    ReceptionDayType,
    "ReceptionDayPage",
    "A page of leader reception days (领导接访日).",
)


class SupervisionQueries(graphene.ObjectType):
    petition = graphene.Field(
        PetitionType,
        id=graphene.ID(required=True),
        description="A petition of the viewer's unit with its timeline and clocks; "
        "null when missing or out of scope.",
    )
    petitions = graphene.Field(
        PetitionPage,
        required=True,
        queue=enums.QueueEnum(description="A work queue (待办)."),
        search=graphene.String(
            description="Tracking number, petitioner or accused name, ID number, "
            "phone or text (检索)."
        ),
        status=enums.PetitionStatusEnum(),
        legal_type=enums.LegalTypeEnum(),
        channel=enums.ChannelEnum(description="How it arrived (来源渠道)."),
        received_from=graphene.Date(description="Received on or after (收件日期起)."),
        received_to=graphene.Date(description="Received on or before (收件日期止)."),
        order_by=enums.PetitionOrderEnum(
            description="Newest received first by default; by due date in a queue."
        ),
        offset=graphene.Int(),
        limit=graphene.Int(),
        description="Petitions of the viewer's unit (信访件列表).",
    )
    my_work = graphene.List(
        graphene.NonNull(WorkCountType),
        required=True,
        description="The viewer's work queues (工作台) with their counts, only those "
        "the viewer's roles work; empty for anonymous callers.",
    )
    petition_duplicates = graphene.List(
        graphene.NonNull(DuplicateCandidateType),
        required=True,
        content=graphene.String(required=True),
        citizen_ids=graphene.List(graphene.NonNull(graphene.String)),
        phones=graphene.List(graphene.NonNull(graphene.String)),
        description="Possible duplicates in the unit, while registering (疑似重复件).",
    )
    petition_final_matters = graphene.List(
        graphene.NonNull(FinalMatterMatchType),
        required=True,
        content=graphene.String(required=True),
        citizen_ids=graphene.List(graphene.NonNull(graphene.String)),
        phones=graphene.List(graphene.NonNull(graphene.String)),
        description="The same matter of the same person made final by 复核 anywhere "
        "in the tree (复核终结事项), while registering; ask it beside "
        "petitionDuplicates.",
    )
    reception_days = graphene.List(
        graphene.NonNull(ReceptionDayType),
        required=True,
        deprecation_reason=deprecated_list("receptionDaysPage"),
        description="Leader reception days (领导接访日) of the unit.",
    )
    reception_days_page = page_field(
        ReceptionDayPage,
        "Leader reception days (领导接访日) of the unit, one page.",
    )
    reception_leaders = graphene.List(
        graphene.NonNull(UserType),
        required=True,
        description="The unit's leaders a reception day may name (接访领导), for "
        "those who register.",
    )

    @staticmethod
    @none_on_domain_error
    def resolve_petition(root, info, id):
        return selectors.petition_get(actor=info.context.user, petition_id=id)

    @staticmethod
    def resolve_petitions(root, info, offset=None, limit=None, **filters):
        if filters.get("search") and info.context.user.is_authenticated:
            lookup_count(info.context.user)
        queryset = selectors.petition_list(
            actor=info.context.user,
            today=timezone.localdate(),
            queue=enum_value(filters.get("queue")),
            search=filters.get("search"),
            status=enum_value(filters.get("status")),
            legal_type=enum_value(filters.get("legal_type")),
            channel=enum_value(filters.get("channel")),
            received_from=filters.get("received_from"),
            received_to=filters.get("received_to"),
            order=enum_value(filters.get("order_by")),
        )
        return paginate(queryset, offset, limit, PetitionPage)

    @staticmethod
    def resolve_my_work(root, info):
        return selectors.work_counts(
            actor=info.context.user, today=timezone.localdate()
        )

    @staticmethod
    def resolve_petition_duplicates(root, info, content, citizen_ids=None, phones=None):
        if info.context.user.is_authenticated:
            lookup_count(info.context.user)
        return selectors.petition_duplicates(
            actor=info.context.user,
            content=content,
            citizen_ids=citizen_ids or [],
            phones=phones or [],
        )

    @staticmethod
    def resolve_petition_final_matters(
        root, info, content, citizen_ids=None, phones=None
    ):
        return selectors.petition_final_matters(
            actor=info.context.user,
            content=content,
            citizen_ids=citizen_ids or [],
            phones=phones or [],
        )

    @staticmethod
    def resolve_reception_days(root, info):
        return selectors.reception_day_list(actor=info.context.user)

    @staticmethod
    def resolve_reception_days_page(root, info, offset=None, limit=None):
        days = selectors.reception_day_list(actor=info.context.user)
        return paginate(days, offset, limit, ReceptionDayPage)

    @staticmethod
    def resolve_reception_leaders(root, info):
        return selectors.reception_leader_list(actor=info.context.user)
