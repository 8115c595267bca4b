"""The holiday calendar entered from the State Council's yearly notice.

`chinesecalendar` knows holidays only up to its release; each autumn the State
Council publishes next year's holidays and 调休 working days (国办发明电〔…〕N号),
and a provincial administrator enters them here. Entered days override the
library; the library fills the rest (supervision.rules.workcalendar).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日"
    WORKING_DAY = "working_day", "调休上班日"


class HolidaySchedule(models.Model):
    """One year's schedule as published: the notice and who entered it."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    notice_number = models.CharField("通知文号", max_length=60)
    published_on = models.DateField("发布日期")
    # Each replacement of the year's days counts up, so a reader can tell
    # which entry a recompute followed.
    revision = models.PositiveIntegerField("修订次数", default=1)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField("录入时间")

    class Meta:
        verbose_name = "年度节假日安排"
        verbose_name_plural = "年度节假日安排"
        ordering = ("year",)

    def __str__(self) -> str:
        return f"{self.year}年节假日安排（{self.notice_number}）"


class CalendarDay(models.Model):
    """A day that differs from the plain week: a holiday or a 调休 working day."""

    schedule = models.ForeignKey(
        HolidaySchedule,
        verbose_name="年度安排",
        on_delete=models.PROTECT,
        related_name="days",
    )
    day = models.DateField("日期", unique=True)
    kind = models.CharField("类别", max_length=16, choices=DayKind.choices)
    name = models.CharField("节日名称", max_length=40, blank=True)
    notice_number = models.CharField("通知文号", max_length=60)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField("录入时间")

    class Meta:
        verbose_name = "节假日与调休日"
        verbose_name_plural = "节假日与调休日"
        ordering = ("day",)

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.name}"
