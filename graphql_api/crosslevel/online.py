"""The public's online petitions (网上信访) and progress queries (阳光信访)."""

from __future__ import annotations

import graphene

from core.errors import DomainError
from graphql_api.core.mutations import BaseMutation
from graphql_api.core.query_errors import query_error
from graphql_api.supervision.enums import (
    LegalTypeEnum,
    PetitionStatusEnum,
    StageEnum,
    TopicEnum,
)
from graphql_api.supervision.mutations.base import enum_value
from supervision.crosslevel.errors import OnlinePetitionSubmitErrorCode
from supervision.crosslevel.services.online import (
    OnlineAccusedData,
    OnlineDecision,
    OnlineSubmission,
    online_petition_progress,
    online_petition_submit,
)


def client_ip(info) -> str:
    """The caller's address as the web server saw it (behind a proxy, the
    proxy sets REMOTE_ADDR from the trusted forwarded header)."""
    return info.context.META.get("REMOTE_ADDR", "") or "unknown"


class OnlineAccusedInput(graphene.InputObjectType):
    """A person the petition is about (被反映人)."""

    name = graphene.String(required=True, description="Name (姓名).")
    unit_name = graphene.String(required=True, description="Work unit (工作单位).")
    post = graphene.String(description="Post (职务).")
    unit_code = graphene.String(
        description="Code of the unit of the tree whose area the accused serves "
        "in (所在单位代码), picked from `accusedUnitSuggestions`. An accusation "
        "(检举控告) needs it or `unitUnknown`, unless `unitName` names exactly "
        "one unit of the tree."
    )
    unit_unknown = graphene.Boolean(
        description="The petitioner does not know the accused's unit (所在单位不详)."
    )


class OnlinePetitionSubmitInput(graphene.InputObjectType):
    """What a member of the public submits online (网上信访)."""

    is_anonymous = graphene.Boolean(
        description="Anonymous (匿名): no identity is kept; an anonymous "
        "accusation is accepted but cannot be given feedback."
    )
    name = graphene.String(description="Petitioner's name (姓名), unless anonymous.")
    citizen_id = graphene.String(
        description="Citizen ID (身份证号码, GB 11643), unless anonymous."
    )
    phone = graphene.String(description="Phone (联系电话), unless anonymous.")
    address = graphene.String(description="Address (住址).")
    legal_type = LegalTypeEnum(required=True)
    topic = TopicEnum(required=True)
    title = graphene.String(
        required=True, description="Title (标题), at most 100 characters."
    )
    content = graphene.String(
        required=True, description="Content (反映内容), at most 5000 characters."
    )
    accused = graphene.List(
        graphene.NonNull(OnlineAccusedInput), description="被反映人."
    )


class OnlinePetitionSubmit(BaseMutation):
    """Submit an online petition to the unit named by the X-Unit header; the
    tracking number and query code are shown once."""

    tracking_number = graphene.String(description="Tracking number (信访件编号).")
    query_code = graphene.String(
        description="One-time query code (查询码): shown only now, keep it to "
        "follow the progress."
    )
    received_on = graphene.Date(description="Date received (收件日期).")

    class Arguments:
        input = OnlinePetitionSubmitInput(required=True)

    class Meta:
        permissions = ()
        error_codes = OnlinePetitionSubmitErrorCode
        description = "Submit an online petition (网上信访), anonymous callers allowed."

    @classmethod
    def perform_mutation(cls, root, info, input):
        receipt = online_petition_submit(
            unit=getattr(info.context, "unit", None),
            client_ip=client_ip(info),
            data=OnlineSubmission(
                legal_type=enum_value(input.legal_type),
                topic=enum_value(input.topic),
                title=input.title,
                content=input.content,
                is_anonymous=bool(input.is_anonymous),
                name=input.name or "",
                citizen_id=input.citizen_id or "",
                phone=input.phone or "",
                address=input.address or "",
                accused=[
                    OnlineAccusedData(
                        name=a.name,
                        unit_name=a.unit_name,
                        post=a.post or "",
                        unit_code=a.unit_code or "",
                        is_unit_unknown=bool(a.unit_unknown),
                    )
                    for a in input.accused or []
                ],
            ),
        )
        return cls(
            tracking_number=receipt.tracking_number,
            query_code=receipt.query_code,
            received_on=receipt.received_on,
        )


OnlineDecisionEnum = graphene.Enum.from_enum(
    OnlineDecision,
    description="Acceptance decision told to the petitioner (受理决定).",
)


class OnlineProgressType(graphene.ObjectType):
    """Progress of an online petition as the petitioner may see it (阳光信访):
    nothing personal, no staff, no other parties."""

    tracking_number = graphene.String(required=True, description="编号.")
    unit_name = graphene.String(required=True, description="受理单位.")
    status = graphene.Field(PetitionStatusEnum, required=True)
    status_label = graphene.String(required=True, description="状态.")
    stage = graphene.Field(StageEnum, required=True)
    stage_label = graphene.String(required=True, description="阶段.")
    received_on = graphene.Date(required=True, description="收件日期.")
    decided_on = graphene.Date(description="受理决定日期.")
    accepted_on = graphene.Date(description="受理日期.")
    closed_on = graphene.Date(description="办结日期.")
    decision = graphene.Field(OnlineDecisionEnum)
    decision_label = graphene.String(description="受理决定.")
    feedback_on = graphene.Date(description="反馈日期.")
    feedback = graphene.String(description="The answer given to the petitioner (反馈).")


class OnlineQueries(graphene.ObjectType):
    online_petition_progress = graphene.Field(
        OnlineProgressType,
        tracking_number=graphene.String(required=True),
        query_code=graphene.String(required=True),
        description="Progress of an online petition by tracking number and query "
        "code (阳光信访查询); null for any mismatch. Anonymous callers allowed.",
    )

    @staticmethod
    def resolve_online_petition_progress(root, info, tracking_number, query_code):
        try:
            return online_petition_progress(
                tracking_number=tracking_number,
                query_code=query_code,
                client_ip=client_ip(info),
            )
        except DomainError as error:
            raise query_error(error) from None
