"""Supervision orders (督办单) and their replies."""

from __future__ import annotations

import graphene

from core.ids import parse_int_id
from graphql_api.core.mutations import BaseMutation
from graphql_api.crosslevel.inputs import (
    SupervisionOrderIssueInput,
    SupervisionOrderReplyInput,
)
from graphql_api.crosslevel.types import (
    SupervisionOrderReplyType,
    SupervisionOrderType,
)
from supervision.crosslevel.errors import (
    SupervisionOrderErrorCode,
)
from supervision.crosslevel.services import orders
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
        )
        return cls(reply=reply, order=reply.order)
