"""Celery tasks of the petition domain; each calls one service."""

from __future__ import annotations

from celery import shared_task

from supervision.services import maintenance


@shared_task(name="supervision.petition_dues_recompute")
def petition_dues_recompute() -> int:
    """Daily: refresh cached deadlines (e.g. after a holiday-calendar upgrade).
    Safe to run any number of times."""
    return maintenance.petition_dues_recompute_across_units()
