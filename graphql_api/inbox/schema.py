"""The inbox's queries and mutations: the signed-in user's messages."""

from __future__ import annotations

import graphene

from graphql_api.core.types import page_type, paginate
from graphql_api.inbox.mutations import NotificationMarkRead
from graphql_api.inbox.types import NotificationType
from supervision.inbox.selectors import notification_list

NotificationPage = page_type(
    NotificationType, "NotificationPage", "A page of the inbox (站内通知)."
)


class InboxQueries(graphene.ObjectType):
    notifications = graphene.Field(
        NotificationPage,
        required=True,
        unread_only=graphene.Boolean(default_value=False),
        offset=graphene.Int(),
        limit=graphene.Int(),
        description="The signed-in user's inbox (站内通知), newest first.",
    )

    @staticmethod
    def resolve_notifications(root, info, unread_only=False, offset=None, limit=None):
        notifications = notification_list(
            actor=info.context.user, unread_only=unread_only
        )
        return paginate(notifications, offset, limit, NotificationPage)


class InboxMutations(graphene.ObjectType):
    notification_mark_read = NotificationMarkRead.Field()


__all__ = ("InboxMutations", "InboxQueries")
