"""Types of the holiday calendar (节假日安排)."""

from __future__ import annotations

import graphene

from graphql_api.core.types import date_on, deprecated_date
from graphql_api.tenants.types import UserType
from supervision.holidays.models import DayKind
from supervision.holidays.selectors import DaySource, YearSource

DayKindEnum = graphene.Enum.from_enum(
    DayKind, description="Holiday (法定节假日) or 调休 working day (调休上班日)."
)
YearSourceEnum = graphene.Enum.from_enum(
    YearSource,
    description=(
        "Where a year's holidays come from: entered (录入), the library "
        "(chinesecalendar) or provisional (未收录，暂按周末计算)."
    ),
)
DaySourceEnum = graphene.Enum.from_enum(
    DaySource, description="Entered (录入) or from the library (chinesecalendar)."
)


class HolidayDayType(graphene.ObjectType):
    """A day that differs from the plain week (节假日或调休上班日)."""

    class Meta:
        name = "HolidayDay"

    day = deprecated_date("fallsOn")
    falls_on = date_on("day", "The day (日期).")
    kind = graphene.Field(DayKindEnum, required=True)
    name = graphene.String(required=True, description="Holiday name (节日名称).")
    source = graphene.Field(DaySourceEnum, required=True)


class HolidayYearType(graphene.ObjectType):
    """One year of the working-day calendar (年度节假日安排)."""

    class Meta:
        name = "HolidayYear"

    year = graphene.Int(required=True)
    source = graphene.Field(YearSourceEnum, required=True)
    is_provisional = graphene.Boolean(
        required=True,
        description="No holidays known for the year: clocks count weekends only.",
    )
    notice_number = graphene.String(description="Notice number (通知文号), if entered.")
    published_on = graphene.Date(description="Publication date (发布日期), if entered.")
    revision = graphene.Int(description="Times the year was entered (录入次数).")
    entered_by = graphene.Field(UserType, description="Who entered it (录入人).")
    entered_at = graphene.DateTime(description="When it was entered (录入时间).")
    days = graphene.List(graphene.NonNull(HolidayDayType), required=True)

    @staticmethod
    def _schedule_value(year, name):
        return getattr(year.schedule, name) if year.schedule else None

    @staticmethod
    def resolve_notice_number(year, info):
        return HolidayYearType._schedule_value(year, "notice_number")

    @staticmethod
    def resolve_published_on(year, info):
        return HolidayYearType._schedule_value(year, "published_on")

    @staticmethod
    def resolve_revision(year, info):
        return HolidayYearType._schedule_value(year, "revision")

    @staticmethod
    def resolve_entered_by(year, info):
        return HolidayYearType._schedule_value(year, "entered_by")

    @staticmethod
    def resolve_entered_at(year, info):
        return HolidayYearType._schedule_value(year, "entered_at")
