"""GraphQL types of the inbox."""

from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from graphql_api.inbox.enums import NotificationKindEnum
from supervision.inbox.models import Notification


class NotificationType(DjangoObjectType):
    """A message in the user's in-app inbox (站内通知)."""

    kind = graphene.Field(NotificationKindEnum, required=True)
    is_read = graphene.Boolean(required=True)

    class Meta:
        model = Notification
        name = "Notification"
        fields = (
            "id",
            "kind",
            "title",
            "body",
            "subject_type",
            "subject_id",
            "created_at",
            "read_at",
        )

    @staticmethod
    def resolve_is_read(notification, info):
        return notification.read_at is not None
