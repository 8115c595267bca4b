"""Inbox messages by mail, for recipients with an address (after the commit
that stored them, from the worker)."""

from __future__ import annotations

from django.core.mail import send_mass_mail

from supervision.inbox.models import Notification


def notification_email_send(*, dedupe_key: str, user_ids: list[int]) -> int:
    """Mail the stored messages of one occasion to recipients with an address."""
    messages = [
        (n.title, n.body or n.title, None, [n.recipient.email])
        for n in Notification.objects.filter(
            dedupe_key=dedupe_key, recipient_id__in=user_ids
        ).select_related("recipient")
        if n.recipient.email
    ]
    return send_mass_mail(messages, fail_silently=True)
