"""Supervision orders (督办单) and their replies."""

from __future__ import annotations

import graphene

from core.ids import parse_int_id
from graphql_api.core.mutations import BaseMutation
from graphql_api.crosslevel.inputs import (
    SupervisionOrderIssueInput,
    SupervisionOrderReplyInput,
    SupervisionOrderUrgeInput,
)
from graphql_api.crosslevel.types import (
    SupervisionOrderReplyType,
    SupervisionOrderType,
)
from supervision.crosslevel.errors import (
    SupervisionOrderErrorCode,
    SupervisionOrderUrgeErrorCode,
)
from supervision.crosslevel.services import orders, urges
from tenants.roles import Permission


class SupervisionOrderIssue(BaseMutation):
    """Issue a supervision order (督办单) to a descendant unit."""

    order = graphene.Field(SupervisionOrderType)

    class Arguments:
        input = SupervisionOrderIssueInput(required=True)

    class Meta:
        permissions = (Permission.SUPERVISION_ISSUE,)
        error_codes = SupervisionOrderErrorCode
        # The order is one transaction in the service; a refusal (回避/保密) is
        # logged outside it and must survive the failed mutation.
        atomic = False
        description = (
            "Issue a supervision order (督办单) on a descendant's case or a topic."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        order = orders.supervision_order_issue(
            actor=info.context.user,
            target_code=input.target_code,
            topic=input.topic,
            method=input.method.value,
            requirement=input.requirement,
            petition_id=input.petition_id,
            due_on=input.due_on,
        )
        return cls(order=order)


class SupervisionOrderReply(BaseMutation):
    """Reply in writing to a supervision order: progress or result."""

    reply = graphene.Field(SupervisionOrderReplyType)
    order = graphene.Field(SupervisionOrderType)

    class Arguments:
        input = SupervisionOrderReplyInput(required=True)

    class Meta:
        permissions = (Permission.REPORT_SUBMIT,)
        error_codes = SupervisionOrderErrorCode
        description = (
            "Reply (书面回复) to a supervision order; a result reply answers it."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        reply = orders.supervision_order_reply(
            actor=info.context.user,
            order_id=parse_int_id(input.order_id, what="督办单", field="orderId"),
            kind=input.kind.value,
            content=input.content,
            attachment_ids=input.attachment_ids,
            files=[
                orders.ReplyFile(name=upload.name or "", chunks=upload.chunks())
                for upload in input.files or []
            ],
        )
        return cls(reply=reply, order=reply.order)


class UrgeSupervisionOrder(BaseMutation):
    """Urge (催办) the supervised unit to reply to an order."""

    order = graphene.Field(
        SupervisionOrderType, description="The order urged (被催办的督办单)."
    )

    class Arguments:
        input = SupervisionOrderUrgeInput(required=True)

    class Meta:
        permissions = (Permission.SUPERVISION_ISSUE,)
        error_codes = SupervisionOrderUrgeErrorCode
        description = (
            "Urge (催办) the supervised unit to reply to an unanswered order, by "
            "the issuing unit or one above it: once a day, from 3 working days "
            "before the reply is due."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        order = urges.supervision_order_urge(
            actor=info.context.user,
            order_id=parse_int_id(input.order_id, what="督办单", field="orderId"),
            note=input.note or "",
        )
        return cls(order=order)
