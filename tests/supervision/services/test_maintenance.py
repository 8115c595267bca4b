"""Cached deadlines are recomputed once the holiday calendar knows the year."""

from __future__ import annotations

import datetime

from supervision.facts.models import CaseFact
from supervision.models import Petition, PetitionEvent
from supervision.rules import workcalendar
from supervision.rules.workcalendar import CalendarRangeError
from supervision.tasks import petition_dues_recompute
from tests.factories.supervision import in_unit, make_petition


def test_a_provisional_end_is_replaced_by_the_statutory_one(tree, monkeypatch):
    def no_holiday_data(start, amount, unit):
        raise CalendarRangeError(start)

    with monkeypatch.context() as patch:
        patch.setattr(workcalendar, "add_period", no_holiday_data)
        petition = make_petition(tree, received_on=datetime.date(2026, 9, 20))
    # Without holiday data 5 October (a Monday) stands; it is National Day.
    assert petition.due_on == datetime.date(2026, 10, 5)

    assert petition_dues_recompute.delay().get() == 1

    with in_unit(tree.units["county_a"]):
        row = Petition.objects.get(pk=petition.pk)
        event = PetitionEvent.objects.filter(petition=row).latest("created_at")
    assert row.due_on == datetime.date(2026, 10, 8)
    assert (event.action, event.actor_id, event.before, event.after) == (
        "due_recomputed",
        None,
        {"due_on": "2026-10-05"},
        {"due_on": "2026-10-08"},
    )
    assert CaseFact.objects.get(petition_id=petition.pk).due_on == row.due_on
    assert petition_dues_recompute.delay().get() == 0
