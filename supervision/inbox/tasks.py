"""The inbox's Celery task: mail one occasion's messages."""

from __future__ import annotations

from celery import shared_task

from supervision.inbox import mail


@shared_task(name="inbox.notification_email_send")
def notification_email_send(dedupe_key: str, user_ids: list[int]) -> int:
    """Mail one occasion's inbox messages to recipients with an address."""
    return mail.notification_email_send(dedupe_key=dedupe_key, user_ids=user_ids)


# The name the task had in the cross-level app: messages queued under it before
# an upgrade are still taken and mailed.
@shared_task(name="crosslevel.notification_email_send")
def crosslevel_notification_email_send(dedupe_key: str, user_ids: list[int]) -> int:
    """Mail one occasion's inbox messages (the task's former name)."""
    return mail.notification_email_send(dedupe_key=dedupe_key, user_ids=user_ids)
