"""Due dates of cross-level clocks, from the rules library."""

from __future__ import annotations

import datetime

from supervision.rules.clocks import ClockCode, clock_end


def due_date(code: ClockCode, start: datetime.date) -> datetime.date:
    """End of clock `code` started on `start`; provisional (weekends only) past
    the last year the holiday calendar knows, as for every clock."""
    return clock_end(code, start, provisional=True).end
