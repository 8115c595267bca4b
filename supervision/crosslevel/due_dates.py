"""Due dates of cross-level clocks, from the rules library."""

from __future__ import annotations

import datetime

from supervision.rules.clocks import ClockCode, clock_end
from supervision.rules.workcalendar import (
    CalendarRangeError,
    is_working_day,
    working_day_on_or_after,
)


def due_date(code: ClockCode, start: datetime.date) -> datetime.date:
    """End of clock `code` started on `start`; provisional (weekends only) past
    the last year the holiday calendar knows, as for every clock."""
    return clock_end(code, start, provisional=True).end


def requested_due_date(day: datetime.date) -> datetime.date:
    """A due date someone set: when it is a rest day, the next working day
    (as a period ending on a holiday does, 民法典第二百零三条)."""
    return working_day_on_or_after(day)


def working_days_left(due: datetime.date, today: datetime.date) -> int:
    """Working days after `today` up to `due`, as a period counts them (from
    the next day): 5 on the day a transfer arrives, 0 on its last day and
    after. Past the years the calendar knows, weekends only, as the due date
    itself was counted."""
    left = 0
    day = today + datetime.timedelta(days=1)
    while day <= due:
        try:
            working = is_working_day(day)
        except CalendarRangeError:
            working = day.weekday() < 5
        left += working
        day += datetime.timedelta(days=1)
    return left
