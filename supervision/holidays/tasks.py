"""Celery tasks of the holiday calendar; each calls one service."""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task

from supervision.holidays import recompute


@shared_task(name="holidays.open_clocks_recompute")
def open_clocks_recompute() -> dict[str, int]:
    """After a schedule was entered: move every open clock it changes.
    Safe to run any number of times."""
    return asdict(recompute.open_clocks_recompute())
