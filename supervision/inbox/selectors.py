"""Reading the inbox."""

from __future__ import annotations

from django.db.models import QuerySet

from supervision.inbox.models import Notification
from tenants.models import User


def notification_list(
    *, actor: User, unread_only: bool = False
) -> QuerySet[Notification]:
    """The actor's own inbox, newest first."""
    if not actor.is_authenticated:
        return Notification.objects.none()
    notifications = Notification.objects.filter(recipient=actor)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications
