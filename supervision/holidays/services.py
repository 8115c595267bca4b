"""Entering a year's holiday schedule (节假日安排) from the State Council's notice."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError, permission_denied
from supervision.holidays import cache
from supervision.holidays.errors import HolidayScheduleErrorCode as Code
from supervision.holidays.models import CalendarDay, DayKind, HolidaySchedule
from supervision.holidays.tasks import open_clocks_recompute as recompute_task
from supervision.rules.workcalendar import chinese_date
from tenants.models import UnitLevel, User

# Schedules are published for the coming year; a few years either side leaves
# room for corrections without letting a typo (20277) through.
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


@dataclass(frozen=True)
class DayRange:
    """Consecutive days of one kind, as the notice lists them (e.g. 春节 2月15日至23日)."""

    start: datetime.date
    end: datetime.date
    kind: str
    name: str = ""


def _days(day_range: DayRange) -> list[datetime.date]:
    count = (day_range.end - day_range.start).days + 1
    return [day_range.start + datetime.timedelta(days=n) for n in range(count)]


def _check_range(year: int, index: int, day_range: DayRange) -> None:
    field = f"ranges.{index}"
    if day_range.kind not in DayKind.values:
        raise DomainError(Code.INVALID_KIND, "日期类别取值无效", field=f"{field}.kind")
    if day_range.end < day_range.start:
        raise DomainError(
            Code.RANGE_REVERSED,
            f"第{index + 1}段的结束日期早于开始日期",
            field=f"{field}.end",
        )
    if day_range.start.year != year or day_range.end.year != year:
        raise DomainError(
            Code.RANGE_OUTSIDE_YEAR,
            f"第{index + 1}段日期不在{year}年内",
            field=f"{field}.start",
        )
    if day_range.kind == DayKind.HOLIDAY and not day_range.name.strip():
        raise DomainError(
            Code.HOLIDAY_NAME_REQUIRED,
            f"第{index + 1}段为节假日，请填写节日名称（如春节）",
            field=f"{field}.name",
        )
    if day_range.kind == DayKind.WORKING_DAY:
        for day in _days(day_range):
            if day.weekday() < 5:
                raise DomainError(
                    Code.WORKING_DAY_NOT_WEEKEND,
                    f"{chinese_date(day)}不是周末，调休上班日只能是周六或周日",
                    field=f"{field}.start",
                )


def _check_schedule(
    *, year: int, notice_number: str, published_on: datetime.date, ranges
) -> None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise DomainError(
            Code.INVALID_YEAR,
            f"年度须在{EARLIEST_YEAR}年至{LATEST_YEAR}年之间",
            field="year",
        )
    if not notice_number:
        raise DomainError(
            Code.NOTICE_NUMBER_REQUIRED,
            "请填写通知文号（如国办发明电〔2026〕N号）",
            field="noticeNumber",
        )
    if published_on > timezone.localdate():
        raise DomainError(
            Code.PUBLISHED_IN_FUTURE, "发布日期不能晚于今天", field="publishedOn"
        )
    if not ranges:
        raise DomainError(
            Code.RANGES_REQUIRED, "请至少录入一段节假日或调休上班日", field="ranges"
        )
    seen: dict[datetime.date, int] = {}
    for index, day_range in enumerate(ranges):
        _check_range(year, index, day_range)
        for day in _days(day_range):
            if day in seen:
                raise DomainError(
                    Code.RANGES_OVERLAP,
                    f"第{seen[day] + 1}段与第{index + 1}段日期重叠（{chinese_date(day)}）",
                    field=f"ranges.{index}.start",
                )
            seen[day] = index


@transaction.atomic
def holiday_schedule_enter(
    *,
    actor: User,
    year: int,
    notice_number: str,
    published_on: datetime.date,
    ranges: list[DayRange],
) -> HolidaySchedule:
    """Enter or replace a year's holidays and 调休 working days, then queue the
    recompute of every open clock the change moves."""
    # The State Council's schedule binds the whole country; one office enters
    # it for the province so that every unit counts the same days.
    if actor.unit is None or actor.unit.level != UnitLevel.PROVINCE:
        raise permission_denied("只有省级组织部门的单位管理员可以录入节假日安排")
    notice_number = (notice_number or "").strip()
    ranges = [
        DayRange(item.start, item.end, item.kind, (item.name or "").strip())
        for item in ranges
    ]
    _check_schedule(
        year=year, notice_number=notice_number, published_on=published_on, ranges=ranges
    )
    now = timezone.now()
    schedule = HolidaySchedule.objects.select_for_update().filter(year=year).first()
    if schedule is None:
        schedule = HolidaySchedule(year=year, revision=0)
    schedule.notice_number = notice_number
    schedule.published_on = published_on
    schedule.revision += 1
    schedule.entered_by = actor
    schedule.entered_at = now
    schedule.save()
    # The days are replaced as a whole: the notice is the unit of publication,
    # and the schedule row keeps who replaced it, when, and how often.
    schedule.days.all().delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(
            schedule=schedule,
            day=day,
            kind=day_range.kind,
            name=day_range.name,
            notice_number=notice_number,
            entered_by=actor,
            entered_at=now,
        )
        for day_range in ranges
        for day in _days(day_range)
    )
    cache.invalidate()
    transaction.on_commit(cache.invalidate)
    transaction.on_commit(recompute_task.delay)
    return schedule
