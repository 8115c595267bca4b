"""Scheduled cross-level work (Celery beat): deadline warnings and escalation."""

from __future__ import annotations

import datetime
from dataclasses import asdict

from celery import shared_task
from django.utils import timezone

from supervision.crosslevel.services.deadlines import deadlines_scan
from supervision.crosslevel.services.notifications import (
    notification_email_send as notification_email_send_service,
)


@shared_task(name="crosslevel.deadlines_scan")
def crosslevel_deadlines_scan(today: str | None = None) -> dict:
    """Warn, remind and escalate; safe to run any number of times a day."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return asdict(deadlines_scan(today=day))


@shared_task(name="crosslevel.notification_email_send")
def notification_email_send(dedupe_key: str, user_ids: list[int]) -> int:
    """Mail one occasion's inbox messages to recipients with an address."""
    return notification_email_send_service(dedupe_key=dedupe_key, user_ids=user_ids)
