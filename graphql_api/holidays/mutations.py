"""Entering a year's holiday schedule (录入节假日安排)."""

from __future__ import annotations

import graphene

from graphql_api.core.mutation_input import (
    deprecated_input_date,
    input_date_on,
    renamed_value,
)
from graphql_api.core.mutations import BaseMutation
from graphql_api.holidays.types import DayKindEnum, HolidayYearType
from supervision.holidays import selectors, services
from supervision.holidays.errors import HolidayScheduleErrorCode
from tenants.roles import Permission


class HolidayRangeInput(graphene.InputObjectType):
    """Consecutive days of one kind, as the notice lists them."""

    start = deprecated_input_date("startsOn", "First day (起).")
    end = deprecated_input_date("endsOn", "Last day (止), inclusive.")
    starts_on = input_date_on("First day (起)")
    ends_on = input_date_on("Last day (止), inclusive")
    kind = DayKindEnum(required=True)
    name = graphene.String(description="Holiday name (节日名称), e.g. 春节.")


class HolidayScheduleInput(graphene.InputObjectType):
    """One year's holiday schedule (节假日安排), as the State Council's notice gives it."""

    year = graphene.Int(required=True, description="Year (年度).")
    notice_number = graphene.String(
        required=True,
        description="Notice number (通知文号), e.g. 国办发明电〔2026〕N号.",
    )
    published_on = graphene.Date(required=True, description="Published on (发布日期).")
    ranges = graphene.List(
        graphene.NonNull(HolidayRangeInput),
        required=True,
        description="Every holiday and 调休 working day of the year, by date range.",
    )


class HolidayScheduleEnter(BaseMutation):
    """Enter or replace a year's holiday schedule; open clocks are recomputed."""

    year = graphene.Field(HolidayYearType)

    class Arguments:
        input = HolidayScheduleInput(required=True)

    class Meta:
        permissions = (Permission.HOLIDAY_CALENDAR_MANAGE,)
        error_codes = HolidayScheduleErrorCode
        description = (
            "Enter or replace a year's holidays and 调休 working days from the State "
            "Council's notice (录入节假日安排); province-level unit administrators "
            "only. Every open clock the change moves is recomputed afterwards."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        actor = info.context.user
        schedule = services.holiday_schedule_enter(
            actor=actor,
            year=input.year,
            notice_number=input.notice_number,
            published_on=input.published_on,
            ranges=[
                services.DayRange(
                    renamed_value(item, "starts_on", "start", path=f"ranges.{index}."),
                    renamed_value(item, "ends_on", "end", path=f"ranges.{index}."),
                    item.kind.value,
                    item.name,
                )
                for index, item in enumerate(input.ranges)
            ],
        )
        [year] = selectors.holiday_year_list(actor=actor, year=schedule.year)
        return cls(year=year)
