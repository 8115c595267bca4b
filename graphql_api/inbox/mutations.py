"""Changing the inbox: marking messages read."""

from __future__ import annotations

import graphene

from core.ids import parse_int_id
from graphql_api.core.mutations import BaseMutation
from supervision.inbox.errors import NotificationErrorCode
from supervision.inbox.services import notification_mark_read


class NotificationMarkRead(BaseMutation):
    """Mark messages of the signed-in user's inbox read."""

    marked = graphene.Int(description="How many messages were newly marked read.")

    class Arguments:
        ids = graphene.List(graphene.NonNull(graphene.ID), required=True)

    class Meta:
        input_names = {"ids": "notification_ids"}
        permissions = ()
        require_login = True
        error_codes = NotificationErrorCode
        description = "Mark inbox messages read (标为已读)."

    @classmethod
    def perform_mutation(cls, root, info, ids):
        marked = notification_mark_read(
            actor=info.context.user,
            notification_ids=[parse_int_id(value, what="通知") for value in ids],
        )
        return cls(marked=marked)
