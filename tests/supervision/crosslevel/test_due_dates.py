"""Due dates past the holiday calendar's last year fall back to plain counting."""

import datetime

from supervision.crosslevel.due_dates import due_date
from supervision.rules.clocks import ClockCode


def test_assignment_due_in_three_months_within_the_calendar():
    # 2026-07-15 + 3 months = 2026-10-15, a Thursday
    assert due_date(ClockCode.ASSIGNMENT_RESULT, datetime.date(2026, 7, 15)) == (
        datetime.date(2026, 10, 15)
    )


def test_assignment_due_past_the_calendar_counts_months_then_skips_weekends():
    # 2026-11-30 + 3 months = Sunday 2027-02-28, provisionally Monday 03-01
    assert due_date(ClockCode.ASSIGNMENT_RESULT, datetime.date(2026, 11, 30)) == (
        datetime.date(2027, 3, 1)
    )


def test_objection_window_past_the_calendar_skips_weekends():
    # Mon 2026-12-28 + 5 working days: Tue..Fri, then Mon 2027-01-04 (plain
    # counting does not know the New Year holiday)
    assert due_date(ClockCode.REMIT_OBJECTION, datetime.date(2026, 12, 28)) == (
        datetime.date(2027, 1, 4)
    )
