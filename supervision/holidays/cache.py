"""The entered schedules, cached per process.

Clocks are computed many times per request, so the days are read once and kept
in the process. A change bumps a version number in the shared cache (Redis):
every process compares it at most every few seconds and reloads when it moved;
the process that made the change reloads at once.

Redis down must not stop the clocks (every registration computes one): an
unreadable version reloads from the database at each check instead, and a
change that cannot bump it is still seen by the others within a check once
Redis is back, since their version then differs from the one they kept.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache import cache
from redis.exceptions import RedisError

from supervision.rules.workcalendar import EnteredCalendar, EnteredDay

VERSION_KEY = "holidays:calendar-version"
CHECK_EVERY_SECONDS = 5.0

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_state: dict = {"calendar": None, "version": None, "checked_at": 0.0}


def _load() -> EnteredCalendar:
    from supervision.holidays.models import CalendarDay, DayKind, HolidaySchedule

    years = frozenset(HolidaySchedule.objects.values_list("year", flat=True))
    days = {
        day: EnteredDay(is_working=kind == DayKind.WORKING_DAY, name=name)
        for day, kind, name in CalendarDay.objects.values_list("day", "kind", "name")
    }
    return EnteredCalendar(years=years, days=days)


def entered_calendar() -> EnteredCalendar:
    """The entered schedules, reloaded when another process changed them."""
    now = time.monotonic()
    with _lock:
        calendar = _state["calendar"]
        if calendar is not None and now - _state["checked_at"] < CHECK_EVERY_SECONDS:
            return calendar
        try:
            version = cache.get(VERSION_KEY, 0)
        except RedisError:
            logger.warning("Redis unreachable: holiday calendar read from the database")
            version = None
        if calendar is None or version is None or version != _state["version"]:
            calendar = _load()
            _state.update(calendar=calendar, version=version)
        _state["checked_at"] = now
        return calendar


def refresh() -> EnteredCalendar:
    """Reload now (a recompute job must not use a calendar a few seconds old)."""
    with _lock:
        _state.update(calendar=None, checked_at=0.0)
    return entered_calendar()


def invalidate() -> None:
    """After a change: this process reloads now, the others at their next check."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 1, timeout=None)
    except RedisError:
        # The change is stored; the other processes see it when Redis is back.
        logger.warning("Redis unreachable: holiday calendar version not bumped")
    with _lock:
        _state.update(calendar=None, checked_at=0.0)


def use(calendar: EnteredCalendar | None) -> None:
    """Pin the process's calendar (None: read the database again). For tests
    that touch no database and for resetting between tests."""
    with _lock:
        _state.update(
            calendar=calendar,
            version=None if calendar is None else _state["version"],
            checked_at=float("inf") if calendar is not None else 0.0,
        )
