"""Recomputing what time and the calendar change: the cached due dates."""

from __future__ import annotations

from django.db import transaction

from supervision.deadlines import refresh_due
from supervision.models import OPEN_STATUSES, EventAction, Petition
from supervision.services.common import petition_change
from tenants.crossing import run_across_units
from tenants.models import Unit


@transaction.atomic
def petition_dues_recompute() -> int:
    """Recompute the cached deadline of the unit's open petitions.

    A clock ending in a year the pinned holiday calendar does not know yet gets
    a provisional end; once the calendar is upgraded this puts the statutory
    end on the petition and its fact, with an event on the timeline. The case
    view computes its clocks live and never depends on this having run.
    """
    changed = 0
    for petition in Petition.objects.select_for_update().filter(
        status__in=OPEN_STATUSES
    ):
        cached = (petition.due_clock, petition.due_from, petition.due_on)
        refresh_due(petition)
        if (petition.due_clock, petition.due_from, petition.due_on) == cached:
            continue
        fresh_due_on = petition.due_on
        petition.due_on = cached[2]
        petition_change(
            petition,
            actor=None,
            action=EventAction.DUE_RECOMPUTED,
            changes={"due_on": fresh_due_on},
            note="按现行节假日安排重新计算期限",
        )
        changed += 1
    return changed


def petition_dues_recompute_across_units() -> int:
    """`petition_dues_recompute` in every active unit; the number changed."""
    results = run_across_units(
        lambda ref: petition_dues_recompute(), units=Unit.objects.filter(is_active=True)
    )
    return sum(results.values())
