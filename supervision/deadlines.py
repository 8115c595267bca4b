"""The statutory clocks of a petition, computed from its dates (as data).

Which clocks run follows from the petition's status and stage; each clock's end
comes from `supervision.rules.clocks.clock_end`, with its Chinese explanation.
The end of the clock that runs now is cached on the petition (`due_on`) so work
queues filter in SQL; its state is compared with today when read.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from supervision.models import (
    HANDLING_STATUSES,
    ExtensionStatus,
    LegalType,
    Origin,
    Petition,
    Stage,
    Status,
)
from supervision.rules.clocks import (
    CLOCK_RULES,
    DEFAULT_WARN_RATIO,
    ClockCode,
    ClockState,
    clock_end,
    clock_state,
    days_remaining,
)
from supervision.rules.workcalendar import PeriodEnd


@dataclass(frozen=True)
class Clock:
    """One running clock of a case: when it started, when it ends, and why."""

    code: ClockCode
    name: str
    basis: str
    start: datetime.date
    nominal_end: datetime.date
    end: datetime.date
    warn_on: datetime.date
    explanation: str
    state: ClockState
    days_remaining: int
    # False for the petitioner's own windows (复查/复核 requests) and the
    # unit's window to object to a transfer: they close a right, so they never
    # make the unit overdue.
    is_unit_deadline: bool
    # The end was counted with weekends only: the year's holidays and 调休
    # are not known yet, so the end may still move.
    is_provisional: bool = False


def period_end(
    code: ClockCode, start: datetime.date, *, amount: int | None = None
) -> PeriodEnd:
    """`clock_end`, provisional (weekends only, said so in the explanation) for
    a year chinese_calendar has no holidays for yet."""
    return clock_end(code, start, amount=amount, provisional=True)


def acceptance_period(petition: Petition) -> PeriodEnd:
    return period_end(ClockCode.ACCEPTANCE, petition.received_on)


def handling_periods(petition: Petition) -> list[tuple[ClockCode, PeriodEnd]]:
    """The 60-day handling clock, replaced by the extension once approved."""
    if petition.accepted_on is None:
        return []
    handling = period_end(ClockCode.HANDLING, petition.accepted_on)
    if petition.extension_status == ExtensionStatus.APPROVED:
        extension = period_end(
            ClockCode.EXTENSION, handling.end, amount=petition.extension_days
        )
        return [(ClockCode.EXTENSION, extension)]
    return [(ClockCode.HANDLING, handling)]


def stage_deadline(petition: Petition) -> tuple[ClockCode, PeriodEnd] | None:
    """The unit's deadline for the current stage (handling, 复查 or 复核)."""
    if petition.stage == Stage.REVIEW and petition.review_requested_on:
        return ClockCode.REVIEW_DECISION, period_end(
            ClockCode.REVIEW_DECISION, petition.review_requested_on
        )
    if petition.stage == Stage.RE_REVIEW and petition.re_review_requested_on:
        return ClockCode.RE_REVIEW_DECISION, period_end(
            ClockCode.RE_REVIEW_DECISION, petition.re_review_requested_on
        )
    periods = handling_periods(petition)
    return periods[-1] if periods else None


def petitioner_window(petition: Petition) -> tuple[ClockCode, PeriodEnd] | None:
    """The petitioner's window to ask for 复查 or 复核, once answered in writing."""
    if (
        petition.legal_type != LegalType.APPEAL
        or petition.is_final
        or petition.is_reviewed_upstream
        or not petition.is_concluded()
        or petition.feedback_on is None
        or petition.closed_on is None
        or petition.feedback_on < petition.closed_on
        or petition.stage == Stage.RE_REVIEW
    ):
        return None
    code = (
        ClockCode.REVIEW_REQUEST
        if petition.stage == Stage.ORIGINAL
        else ClockCode.RE_REVIEW_REQUEST
    )
    return code, period_end(code, petition.feedback_on)


def objection_window(petition: Petition) -> tuple[ClockCode, PeriodEnd] | None:
    """5 working days to object to an item an upper unit transferred or
    assigned (Art 23), from the day this unit received it: the day of the
    electronic transfer, or the day a paper 转办函 arrived (`received_on`)."""
    if petition.origin != Origin.UPPER_UNIT or petition.stage != Stage.ORIGINAL:
        return None
    if not petition.is_open():
        return None
    return ClockCode.REMIT_OBJECTION, period_end(
        ClockCode.REMIT_OBJECTION, petition.received_on
    )


def _running(petition: Petition) -> list[tuple[ClockCode, PeriodEnd, bool]]:
    window = objection_window(petition)
    objection = [(*window, False)] if window else []
    if petition.status == Status.REGISTERED:
        return [
            *objection,
            (ClockCode.ACCEPTANCE, acceptance_period(petition), True),
        ]
    if petition.status in HANDLING_STATUSES:
        deadline = stage_deadline(petition)
        return [*objection, *([(*deadline, True)] if deadline else [])]
    window = petitioner_window(petition)
    return [(*window, False)] if window else []


def warn_day(period: PeriodEnd) -> datetime.date:
    """First day on which `clock_state` reports WARNING for this period."""
    total = (period.end - period.start).days
    offset = math.ceil(Decimal(str(DEFAULT_WARN_RATIO)) * total)
    return period.start + datetime.timedelta(days=offset)


def petition_due_state(petition: Petition, today: datetime.date) -> ClockState | None:
    """Where the unit's running deadline (当前期限) stands today, from the dates
    `refresh_due` caches: the same state the case view's unit clock shows
    (its warning day is `warn_day`), so a list need not compute the clocks."""
    if petition.due_on is None:
        return None
    if today > petition.due_on:
        return ClockState.OVERDUE
    if petition.due_warn_on is not None and today >= petition.due_warn_on:
        return ClockState.WARNING
    return ClockState.RUNNING


def petition_clocks(petition: Petition, today: datetime.date) -> list[Clock]:
    """Every clock running on the petition today, with its state."""
    clocks = []
    for code, period, is_unit_deadline in _running(petition):
        rule = CLOCK_RULES[code]
        clocks.append(
            Clock(
                code=code,
                name=rule.name_zh,
                basis=rule.basis,
                start=period.start,
                nominal_end=period.nominal_end,
                end=period.end,
                warn_on=warn_day(period),
                explanation=period.explanation,
                state=clock_state(period.start, period.end, today),
                days_remaining=days_remaining(period.end, today),
                is_unit_deadline=is_unit_deadline,
                is_provisional=period.is_provisional,
            )
        )
    return clocks


def refresh_due(petition: Petition) -> None:
    """Cache the unit's running deadline on the petition (not saved here)."""
    running = [item for item in _running(petition) if item[2]]
    if not running:
        petition.due_clock, petition.due_from = "", None
        petition.due_warn_on = petition.due_on = None
        return
    code, period, _ = running[-1]
    petition.due_clock = code.value
    petition.due_from = period.start
    petition.due_warn_on = warn_day(period)
    petition.due_on = period.end
