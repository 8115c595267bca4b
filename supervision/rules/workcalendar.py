"""Working-day calendar and statutory period arithmetic (期间计算).

A period starts the day after the event that triggers it: the day of the event
itself is not counted (民法典第二百零一条). When the last day of a calendar-day
or month period is a rest day, the period ends on the next working day
(民法典第二百零三条). Rest days and 调休 working weekends come first from the
days an administrator entered from the State Council's notice (an
`EnteredCalendar`, supplied by `supervision.holidays`), then from the pinned
``chinese_calendar`` package; dates in years neither knows raise
``CalendarRangeError`` instead of being guessed.
"""

import calendar
import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import chinese_calendar
from chinese_calendar import constants as _calendar_data

FIRST_SUPPORTED_YEAR = min(_calendar_data.holidays).year
LAST_SUPPORTED_YEAR = max(_calendar_data.holidays).year


@dataclass(frozen=True)
class EnteredDay:
    """A day of a published schedule: a holiday or a 调休 working day."""

    is_working: bool
    name: str


@dataclass(frozen=True)
class EnteredCalendar:
    """The schedules entered in the system: the years and their special days.

    In an entered year an entered day overrides the library, the library fills
    the rest of the year, and where the library has no data either, the rest
    is weekends only (the notice lists every day that differs from that).
    """

    years: frozenset[int] = frozenset()
    days: Mapping[datetime.date, EnteredDay] = field(default_factory=dict)


_NO_ENTERED_DAYS = EnteredCalendar()
# Replaced at start-up by supervision.holidays (which reads the database and
# caches per process); the rules themselves touch no database.
_entered_source: Callable[[], EnteredCalendar] = lambda: _NO_ENTERED_DAYS  # noqa: E731


def set_entered_source(source: Callable[[], EnteredCalendar] | None) -> None:
    """Install the function that supplies the entered schedules (None: none)."""
    global _entered_source
    _entered_source = source or (lambda: _NO_ENTERED_DAYS)


def entered_calendar() -> EnteredCalendar:
    return _entered_source()


def is_library_year(year: int) -> bool:
    """Whether the pinned chinese_calendar has this year's holidays."""
    return FIRST_SUPPORTED_YEAR <= year <= LAST_SUPPORTED_YEAR


def is_known_year(year: int) -> bool:
    """Whether the year's holidays are known: entered in the system or in the
    library. Periods ending in other years are provisional (weekends only)."""
    return is_library_year(year) or year in entered_calendar().years


def is_provisional_day(day: datetime.date) -> bool:
    """Whether a due date lies in a year whose holidays are not known yet."""
    return not is_known_year(day.year)


class CalendarRangeError(ValueError):
    """A date lies in a year without holiday data."""

    def __init__(self, day: datetime.date) -> None:
        self.day = day
        super().__init__(
            f"No holiday data for {day.isoformat()}: chinese_calendar covers "
            f"{FIRST_SUPPORTED_YEAR}-{LAST_SUPPORTED_YEAR} and no schedule was "
            "entered for that year; enter it once the State Council publishes it."
        )


class PeriodUnit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


_UNIT_WORDS = {
    PeriodUnit.CALENDAR_DAYS: "个自然日",
    PeriodUnit.WORKING_DAYS: "个工作日",
    PeriodUnit.MONTHS: "个月",
}

_STATUTORY_HOLIDAY = "法定节假日"
_REST_DAY = "休息日"


@dataclass(frozen=True)
class PeriodEnd:
    """The computed end of a period, with a Chinese explanation for the record."""

    start: datetime.date
    nominal_end: datetime.date
    end: datetime.date
    unit: PeriodUnit
    amount: int
    explanation: str
    # True when the end lies in a year whose holidays are not published yet
    # and was counted with weekends only (see add_period_provisional).
    is_provisional: bool = False

    @property
    def is_postponed(self) -> bool:
        """True when the nominal last day was a rest day (顺延)."""
        return self.end != self.nominal_end


def is_working_day(day: datetime.date) -> bool:
    """Whether ``day`` is a working day, counting 调休 working weekends."""
    _require_date(day)
    entered = entered_calendar()
    if day in entered.days:
        return entered.days[day].is_working
    if is_library_year(day.year):
        return chinese_calendar.is_workday(day)
    if day.year in entered.years:
        return day.weekday() < 5
    raise CalendarRangeError(day)


def working_day_on_or_after(day: datetime.date) -> datetime.date:
    """``day``, or the next working day when it is a rest day (顺延), with
    weekends only in a year whose holidays are not known yet."""
    _require_date(day)
    while True:
        try:
            if is_working_day(day):
                return day
        except CalendarRangeError:
            if day.weekday() < 5:
                return day
        day = _shift_days(day, 1)


def add_period(start: datetime.date, amount: int, unit: PeriodUnit) -> PeriodEnd:
    """End of a period of ``amount`` ``unit`` counted from the day after ``start``."""
    _require_date(start)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
        raise ValueError(f"amount must be a positive integer, got {amount!r}")
    unit = PeriodUnit(unit)
    if unit is PeriodUnit.WORKING_DAYS:
        return _add_working_days(start, amount)
    notes: list[str]
    if unit is PeriodUnit.CALENDAR_DAYS:
        nominal_end, notes = _shift_days(start, amount), []
    else:
        nominal_end, notes = _add_months(start, amount)
    end = _working_day_on_or_after(nominal_end)
    if end == nominal_end and end.weekday() >= 5:
        # A weekend deadline that stands surprises readers; name the reason.
        notes.append("调休上班日")
    head = f"自{chinese_date(start)}起算{amount}{_UNIT_WORDS[unit]}"
    if end == nominal_end:
        explanation = f"{head}，期满日为{chinese_date(end)}{_parenthesized(notes)}"
    else:
        explanation = (
            f"{head}，期满日{chinese_date(nominal_end)}{_parenthesized(notes)}"
            f"为{_rest_day_kind(nominal_end)}，顺延至{chinese_date(end)}"
        )
    return PeriodEnd(start, nominal_end, end, unit, amount, explanation)


def add_period_provisional(
    start: datetime.date, amount: int, unit: PeriodUnit
) -> PeriodEnd:
    """`add_period`, or, when the period runs into a year whose holidays are not
    published yet, the same count with weekends as the only rest days.

    The State Council publishes a year's holidays late in the year before, so a
    60-day or 3-month clock started in autumn often ends in an unknown year.
    A provisional end is never later than the statutory one will be (holidays
    only push it further), so warnings come early rather than late; it is
    recomputed once a calendar with that year is installed.
    """
    try:
        return add_period(start, amount, unit)
    except CalendarRangeError:
        pass
    unit = PeriodUnit(unit)
    if unit is PeriodUnit.WORKING_DAYS:
        nominal_end = start
        counted = 0
        while counted < amount:
            nominal_end = _shift_days(nominal_end, 1)
            counted += nominal_end.weekday() < 5
    elif unit is PeriodUnit.CALENDAR_DAYS:
        nominal_end = _shift_days(start, amount)
    else:
        nominal_end, _ = _add_months(start, amount)
    end = nominal_end
    while end.weekday() >= 5:
        end = _shift_days(end, 1)
    explanation = (
        f"自{chinese_date(start)}起算{amount}{_UNIT_WORDS[unit]}，期满日为{chinese_date(end)}"
        f"（{end.year}年节假日安排尚未收录，暂仅按周末顺延，收录后以法定节假日重新计算）"
    )
    return PeriodEnd(start, nominal_end, end, unit, amount, explanation, True)


def _add_working_days(start: datetime.date, amount: int) -> PeriodEnd:
    day = start
    counted = holidays_skipped = weekends_skipped = 0
    weekend_workdays: list[datetime.date] = []
    while counted < amount:
        day = _shift_days(day, 1)
        if is_working_day(day):
            counted += 1
            if day.weekday() >= 5:
                weekend_workdays.append(day)
        elif _rest_day_kind(day) == _STATUTORY_HOLIDAY:
            holidays_skipped += 1
        else:
            weekends_skipped += 1
    notes = []
    skipped = []
    if holidays_skipped:
        skipped.append(f"法定节假日{holidays_skipped}天")
    if weekends_skipped:
        skipped.append(f"休息日{weekends_skipped}天")
    if skipped:
        notes.append("不计" + "、".join(skipped))
    if weekend_workdays:
        notes.append("计入调休上班日" + "、".join(map(chinese_date, weekend_workdays)))
    explanation = (
        f"自{chinese_date(start)}起算{amount}{_UNIT_WORDS[PeriodUnit.WORKING_DAYS]}"
        f"，期满日为{chinese_date(day)}{_parenthesized(notes)}"
    )
    return PeriodEnd(start, day, day, PeriodUnit.WORKING_DAYS, amount, explanation)


def _add_months(start: datetime.date, amount: int) -> tuple[datetime.date, list[str]]:
    """Same day-of-month ``amount`` months later, clamped to the month's end."""
    month_index = start.month - 1 + amount
    year, month = start.year + month_index // 12, month_index % 12 + 1
    if year > datetime.MAXYEAR:
        raise CalendarRangeError(datetime.date.max)
    last_day = calendar.monthrange(year, month)[1]
    if start.day <= last_day:
        return datetime.date(year, month, start.day), []
    clamp_note = f"{year}年{month}月无{start.day}日，取该月末日"
    return datetime.date(year, month, last_day), [clamp_note]


def _working_day_on_or_after(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day = _shift_days(day, 1)
    return day


def _rest_day_kind(day: datetime.date) -> str:
    entered = entered_calendar().days.get(day)
    if entered is not None:
        return _STATUTORY_HOLIDAY if not entered.is_working else _REST_DAY
    if not is_library_year(day.year):
        return _REST_DAY
    # chinese_calendar names the holiday for statutory days, including the
    # weekends and weekdays swapped into a holiday block; plain weekends have none.
    _, holiday_name = chinese_calendar.get_holiday_detail(day)
    return _STATUTORY_HOLIDAY if holiday_name else _REST_DAY


def _shift_days(day: datetime.date, days: int) -> datetime.date:
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        raise CalendarRangeError(datetime.date.max) from None


def _require_date(day: object) -> None:
    # datetime is a date subclass; accepting it would carry a time of day into
    # deadlines and make equal dates compare unequal.
    if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
        raise TypeError(f"expected a datetime.date, got {type(day).__name__}")


def _parenthesized(notes: list[str]) -> str:
    return "（" + "；".join(notes) + "）" if notes else ""


def chinese_date(day: datetime.date) -> str:
    """A date as written in Chinese documents: 2026年10月8日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"
