"""Due dates of cross-level clocks, from the rules library."""

from __future__ import annotations

import calendar
import datetime

from supervision.rules.clocks import CLOCK_RULES, ClockCode, clock_end
from supervision.rules.workcalendar import CalendarRangeError, PeriodUnit


def due_date(code: ClockCode, start: datetime.date) -> datetime.date:
    """End of clock `code` started on `start`.

    Past the last year the holiday calendar knows (it is published a year at a
    time), fall back to plain counting: weekends skipped for working days,
    no holiday postponement. A later run with the new calendar is at most a
    few days later, never earlier.
    """
    try:
        return clock_end(code, start).end
    except CalendarRangeError:
        rule = CLOCK_RULES[code]
        return _plain_end(start, rule.amount, rule.unit)


def _plain_end(start: datetime.date, amount: int, unit: PeriodUnit) -> datetime.date:
    if unit is PeriodUnit.MONTHS:
        month = start.month - 1 + amount
        year, month = start.year + month // 12, month % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return datetime.date(year, month, day)
    if unit is PeriodUnit.WORKING_DAYS:
        day, left = start, amount
        while left:
            day += datetime.timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day
    return start + datetime.timedelta(days=amount)
