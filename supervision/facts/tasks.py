"""Scheduled fact work (Celery beat): folding the rollup deltas."""

from __future__ import annotations

from celery import shared_task

from supervision.facts.services import rollup_deltas_fold


@shared_task(name="facts.rollup_deltas_fold")
def fold_rollup_deltas() -> int:
    """Fold the appended rollup deltas into the rollup rows; idempotent, and
    safe beside writers and another fold (see rollup_deltas_fold)."""
    return rollup_deltas_fold()
