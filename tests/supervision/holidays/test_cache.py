"""The entered days are cached per process and reloaded when another process
changes them (a version number in the shared cache)."""

from __future__ import annotations

import datetime

from django.core.cache import cache as shared_cache
from django.utils import timezone

from supervision.holidays import cache
from supervision.holidays.models import CalendarDay, HolidaySchedule
from supervision.rules.workcalendar import is_known_year, is_working_day

NEW_YEARS_DAY_2027 = datetime.date(2027, 1, 1)


def _entered_elsewhere(tree) -> None:
    """What another process's entry leaves behind: rows, and a new version."""
    admin = tree.user("province", "admin")
    now = timezone.now()
    schedule = HolidaySchedule.objects.create(
        year=2027,
        notice_number="国办发明电〔2026〕7号",
        published_on=datetime.date(2026, 11, 12),
        entered_by=admin,
        entered_at=now,
    )
    CalendarDay.objects.create(
        schedule=schedule,
        day=NEW_YEARS_DAY_2027,
        kind="holiday",
        name="元旦",
        notice_number=schedule.notice_number,
        entered_by=admin,
        entered_at=now,
    )


def test_a_process_keeps_its_days_until_the_version_moves(tree, monkeypatch):
    # given this process has read the calendar, and checks on every call
    monkeypatch.setattr(cache, "CHECK_EVERY_SECONDS", 0)
    assert is_known_year(2027) is False

    # when another process stores 2027 but the version has not moved yet
    _entered_elsewhere(tree)

    # then this process still answers from its cache
    assert is_known_year(2027) is False

    # and once the version moves it reloads
    shared_cache.set(cache.VERSION_KEY, 41, timeout=None)
    assert is_known_year(2027) is True
    assert is_working_day(NEW_YEARS_DAY_2027) is False
    assert is_working_day(datetime.date(2027, 1, 4)) is True


def test_the_version_is_read_at_most_every_few_seconds(tree, monkeypatch):
    # given a calendar read just now
    assert is_known_year(2027) is False
    _entered_elsewhere(tree)
    shared_cache.set(cache.VERSION_KEY, 42, timeout=None)

    # then within the check interval the cached days stand, and a refresh
    # (as the recompute job does) reads them at once
    assert is_known_year(2027) is False
    cache.refresh()
    assert is_known_year(2027) is True
