"""The in-app inbox (站内通知): who is told what, once."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from supervision.inbox.models import Notification
from supervision.inbox.tasks import (
    notification_email_send as notification_email_send_task,
)
from tenants.models import Unit, User
from tenants.roles import ROLE_PERMISSIONS, Permission

# What a unit received from above is worked by those who object or send it on
# (CROSS_LEVEL_FLOW) and by those who report its result (REPORT_SUBMIT): a
# township's liaison reports results but sends nothing, and must be told of
# the case, its deadline, a missing report and a report sent back as well.
RECEIVED_LINK_WORK: tuple[str, ...] = (
    Permission.CROSS_LEVEL_FLOW,
    Permission.REPORT_SUBMIT,
)


def _roles_with(permissions: tuple[str, ...]) -> list[str]:
    return [
        role
        for role, granted in ROLE_PERMISSIONS.items()
        if any(permission in granted for permission in permissions)
    ]


def unit_recipients(
    units: Iterable[Unit], permission: str | tuple[str, ...]
) -> list[User]:
    """Active staff of `units` whose roles grant `permission` (or, given a
    tuple, any of them)."""
    permissions = (permission,) if isinstance(permission, str) else permission
    return list(
        User.objects.filter(
            unit__in=list(units),
            is_active=True,
            roles__overlap=_roles_with(permissions),
        ).order_by("id")
    )


def notify_units(
    *,
    units: Iterable[Unit],
    permission: str | tuple[str, ...] = Permission.CROSS_LEVEL_FLOW,
    kind: str,
    title: str,
    body: str = "",
    subject_type: str = "",
    subject_id: str = "",
    dedupe_key: str,
) -> int:
    """Put one message in the inbox of each recipient; a repeat adds nothing.

    Returns how many messages are new.
    """
    return notify_users(
        users=unit_recipients(units, permission),
        kind=kind,
        title=title,
        body=body,
        subject_type=subject_type,
        subject_id=subject_id,
        dedupe_key=dedupe_key,
    )


def notify_users(
    *,
    users: Iterable[User],
    kind: str,
    title: str,
    body: str = "",
    subject_type: str = "",
    subject_id: str = "",
    dedupe_key: str,
) -> int:
    """Put one message in the inbox of each of `users`; a repeat adds nothing.

    Returns how many messages are new.
    """
    recipients = list(users)
    existing = set(
        Notification.objects.filter(
            recipient__in=recipients, dedupe_key=dedupe_key
        ).values_list("recipient_id", flat=True)
    )
    new = [
        Notification(
            recipient=user,
            kind=kind,
            title=title[:200],
            body=body,
            subject_type=subject_type,
            subject_id=subject_id,
            dedupe_key=dedupe_key[:160],
        )
        for user in recipients
        if user.pk not in existing
    ]
    # A concurrent run may insert the same message first: the unique
    # constraint then skips it.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    if new and settings.NOTIFICATION_EMAIL_ENABLED:
        _email_after_commit(dedupe_key[:160], [user.pk for user in new_recipients(new)])
    return len(new)


def new_recipients(notifications: list[Notification]) -> list[User]:
    return [n.recipient for n in notifications if n.recipient.email]


def _email_after_commit(dedupe_key: str, user_ids: list[int]) -> None:
    if user_ids:
        transaction.on_commit(
            lambda: notification_email_send_task.delay(dedupe_key, user_ids)
        )


@transaction.atomic
def notification_mark_read(*, actor: User, notification_ids: list[int]) -> int:
    """Mark the actor's own messages read; others' are silently ignored."""
    return Notification.objects.filter(
        recipient=actor, pk__in=notification_ids, read_at__isnull=True
    ).update(read_at=timezone.now())
