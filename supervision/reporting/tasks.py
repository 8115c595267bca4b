"""Celery tasks of the reporting domain; each calls one service."""

from __future__ import annotations

from celery import shared_task

from supervision.reporting import services


@shared_task(name="reporting.report_reminders")
def report_reminders() -> int:
    """Daily: remind units of reports due soon or overdue, and their parents of
    overdue children. Safe to run any number of times."""
    return services.report_reminders_send()
