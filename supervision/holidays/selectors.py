"""Reading the holiday calendar: which years are known, and from where."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from chinese_calendar import constants as library
from django.db import models
from django.utils import timezone

from supervision.holidays.models import DayKind, HolidaySchedule
from supervision.rules.workcalendar import (
    FIRST_SUPPORTED_YEAR,
    LAST_SUPPORTED_YEAR,
    is_library_year,
)
from tenants.models import User


class YearSource(models.TextChoices):
    """Where a year's holidays come from (节假日安排来源)."""

    ENTERED = "entered", "已录入"
    LIBRARY = "library", "日历库"
    PROVISIONAL = "provisional", "暂按周末计算"


class DaySource(models.TextChoices):
    """Where one holiday or 调休 working day comes from."""

    ENTERED = "entered", "已录入"
    LIBRARY = "library", "日历库"


# chinese_calendar names its holidays in English.
_LIBRARY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


@dataclass(frozen=True)
class HolidayDay:
    day: datetime.date
    kind: DayKind
    name: str
    source: DaySource


@dataclass(frozen=True)
class HolidayYear:
    year: int
    source: YearSource
    schedule: HolidaySchedule | None
    days: list[HolidayDay]

    @property
    def is_provisional(self) -> bool:
        return self.source is YearSource.PROVISIONAL


def _library_days(year: int) -> dict[datetime.date, HolidayDay]:
    days = {}
    for table, kind in (
        (library.holidays, DayKind.HOLIDAY),
        (library.workdays, DayKind.WORKING_DAY),
    ):
        for day, name in table.items():
            if day.year == year:
                days[day] = HolidayDay(
                    day, kind, _LIBRARY_NAMES.get(name, name), DaySource.LIBRARY
                )
    return days


def _year(year: int, schedule: HolidaySchedule | None) -> HolidayYear:
    days = _library_days(year) if is_library_year(year) else {}
    if schedule is not None:
        for entered in schedule.days.all():
            days[entered.day] = HolidayDay(
                entered.day, DayKind(entered.kind), entered.name, DaySource.ENTERED
            )
        source = YearSource.ENTERED
    else:
        source = YearSource.LIBRARY if is_library_year(year) else YearSource.PROVISIONAL
    return HolidayYear(
        year, source, schedule, sorted(days.values(), key=lambda d: d.day)
    )


def holiday_year_list(*, actor: User, year: int | None = None) -> list[HolidayYear]:
    """Every year from the library's first to next year (or later entered
    ones): entered, from the library, or provisional (weekends only)."""
    if not actor.is_authenticated or actor.unit_id is None:
        return []
    schedules = {
        schedule.year: schedule
        for schedule in HolidaySchedule.objects.select_related(
            "entered_by"
        ).prefetch_related("days")
    }
    last = max([LAST_SUPPORTED_YEAR, timezone.localdate().year + 1, *schedules.keys()])
    years: range | list[int] = range(
        min([FIRST_SUPPORTED_YEAR, *schedules.keys()]), last + 1
    )
    if year is not None:
        years = [year]
    return [_year(number, schedules.get(number)) for number in years]
