"""Entered schedules first, the library second, weekends only for unknown years."""

from __future__ import annotations

from datetime import date

import pytest

from supervision.holidays import cache
from supervision.rules.clocks import ClockCode, clock_end
from supervision.rules.workcalendar import (
    CalendarRangeError,
    EnteredCalendar,
    EnteredDay,
    is_known_year,
    is_working_day,
    working_day_on_or_after,
)

# The statutory minimum of 2027 (元旦; 春节 from 除夕 to 初三).
ENTERED_2027 = EnteredCalendar(
    years=frozenset({2027}),
    days={
        date(2027, 1, 1): EnteredDay(is_working=False, name="元旦"),
        **{
            date(2027, 2, day): EnteredDay(is_working=False, name="春节")
            for day in (5, 6, 7, 8)
        },
    },
)


@pytest.fixture
def entered_2027():
    cache.use(ENTERED_2027)
    yield
    cache.use(EnteredCalendar())


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 1, 1), False),  # entered holiday on a Friday
        (date(2027, 1, 2), False),  # a Saturday of an entered year
        (date(2027, 1, 4), True),  # a plain Monday of an entered year
        (date(2027, 2, 8), False),  # entered holiday on a Monday
        (date(2026, 10, 1), False),  # the library still answers for 2026
        (date(2026, 10, 10), True),  # a 2026 调休 Saturday from the library
    ],
)
def test_entered_days_first_then_the_library_then_weekends(entered_2027, day, expected):
    assert is_working_day(day) is expected


def test_a_year_neither_knows_still_raises(entered_2027):
    assert (is_known_year(2027), is_known_year(2028)) == (True, False)
    with pytest.raises(CalendarRangeError):
        is_working_day(date(2028, 1, 3))


def test_a_clock_ending_in_an_entered_year_is_not_provisional(entered_2027):
    period = clock_end(ClockCode.HANDLING, date(2026, 11, 2), provisional=True)

    assert (period.end, period.is_provisional) == (date(2027, 1, 4), False)


def test_without_the_year_the_same_clock_is_provisional():
    period = clock_end(ClockCode.HANDLING, date(2026, 11, 2), provisional=True)

    assert (period.end, period.is_provisional) == (date(2027, 1, 1), True)


def test_a_set_date_on_a_rest_day_moves_to_the_next_working_day(entered_2027):
    assert working_day_on_or_after(date(2027, 2, 5)) == date(2027, 2, 9)
    # weekends only where the year is unknown
    assert working_day_on_or_after(date(2028, 1, 1)) == date(2028, 1, 3)
