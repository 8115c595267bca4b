"""Scheduled cross-level work (Celery beat): deadline warnings and escalation."""

from __future__ import annotations

import datetime
from dataclasses import asdict

from celery import shared_task
from django.utils import timezone

from supervision.crosslevel.services.reminders import deadlines_scan


@shared_task(name="crosslevel.deadlines_scan")
def crosslevel_deadlines_scan(today: str | None = None) -> dict:
    """Warn, remind and escalate; safe to run any number of times a day."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return asdict(deadlines_scan(today=day))
