"""GraphQL enums of the inbox."""

import graphene

from supervision.inbox.models import NotificationKind

NotificationKindEnum = graphene.Enum.from_enum(
    NotificationKind, description="Kind of in-app notification (通知类别)."
)
