"""The holiday calendar's part of the GraphQL schema."""

from __future__ import annotations

import graphene

from graphql_api.holidays.mutations import HolidayScheduleEnter
from graphql_api.holidays.types import HolidayYearType
from supervision.holidays import selectors


class HolidayQueries(graphene.ObjectType):
    holiday_years = graphene.List(
        graphene.NonNull(HolidayYearType),
        required=True,
        year=graphene.Int(description="Only this year."),
        description=(
            "The years of the working-day calendar (节假日安排): entered, from the "
            "library, or provisional, with their holidays and 调休 working days."
        ),
    )

    @staticmethod
    def resolve_holiday_years(root, info, year=None):
        return selectors.holiday_year_list(actor=info.context.user, year=year)


class HolidayMutations(graphene.ObjectType):
    holiday_schedule_enter = HolidayScheduleEnter.Field()
