import datetime
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervision.rules.workcalendar import (
    FIRST_SUPPORTED_YEAR,
    LAST_SUPPORTED_YEAR,
    CalendarRangeError,
    PeriodEnd,
    PeriodUnit,
    add_period,
    is_working_day,
)

# Holiday dates below are the State Council notices for 2025 and 2026 as
# shipped in chinesecalendar 1.11.0.


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 1, 26), True),  # Sunday worked before Spring Festival
        (date(2025, 1, 29), False),  # Spring Festival, Wednesday
        (date(2025, 2, 8), True),  # Saturday worked after Spring Festival
        (date(2025, 9, 28), True),  # Sunday worked before National Day
        (date(2025, 10, 8), False),  # last day of National Day 2025, Wednesday
        (date(2025, 10, 11), True),  # Saturday worked after National Day
        (date(2025, 10, 12), False),  # ordinary Sunday
        (date(2026, 2, 14), True),  # Saturday worked before Spring Festival
        (date(2026, 2, 23), False),  # last day of Spring Festival 2026, Monday
        (date(2026, 9, 25), False),  # Mid-autumn Festival 2026, Friday
        (date(2026, 10, 7), False),  # last day of National Day 2026, Wednesday
        (date(2026, 10, 8), True),  # first working day after it, Thursday
        (date(2026, 10, 10), True),  # Saturday worked after National Day
        (date(2026, 3, 4), True),  # ordinary Wednesday
    ],
)
def test_is_working_day_follows_the_official_calendar(day, expected):
    assert is_working_day(day) is expected


def test_calendar_days_ending_in_national_day_2026_move_to_october_8():
    # given an event on 2026-09-20 (itself a worked Sunday)
    # when a 15-day period runs from the next day
    period = add_period(date(2026, 9, 20), 15, PeriodUnit.CALENDAR_DAYS)

    # then its nominal last day falls in the Oct 1-7 holiday and moves past it
    assert period == PeriodEnd(
        start=date(2026, 9, 20),
        nominal_end=date(2026, 10, 5),
        end=date(2026, 10, 8),
        unit=PeriodUnit.CALENDAR_DAYS,
        amount=15,
        explanation=(
            "自2026年9月20日起算15个自然日，期满日2026年10月5日为法定节假日，"
            "顺延至2026年10月8日"
        ),
    )
    assert period.is_postponed is True


def test_calendar_days_ending_on_a_working_day_stay_put():
    period = add_period(date(2026, 9, 1), 15, PeriodUnit.CALENDAR_DAYS)

    assert (period.nominal_end, period.end) == (date(2026, 9, 16), date(2026, 9, 16))
    assert period.is_postponed is False
    assert period.explanation == "自2026年9月1日起算15个自然日，期满日为2026年9月16日"


def test_calendar_days_ending_on_an_ordinary_sunday_move_to_monday():
    period = add_period(date(2025, 11, 15), 15, PeriodUnit.CALENDAR_DAYS)

    assert (period.nominal_end, period.end) == (date(2025, 11, 30), date(2025, 12, 1))
    assert period.explanation == (
        "自2025年11月15日起算15个自然日，期满日2025年11月30日为休息日，"
        "顺延至2025年12月1日"
    )


def test_calendar_days_ending_on_a_worked_saturday_stay_put():
    period = add_period(date(2026, 2, 13), 1, PeriodUnit.CALENDAR_DAYS)

    assert period.end == date(2026, 2, 14)
    assert period.explanation == (
        "自2026年2月13日起算1个自然日，期满日为2026年2月14日（调休上班日）"
    )


def test_calendar_days_ending_in_spring_festival_2025_move_to_february_5():
    # Spring Festival 2025 ran Jan 28 - Feb 4.
    period = add_period(date(2025, 1, 20), 10, PeriodUnit.CALENDAR_DAYS)

    assert (period.nominal_end, period.end) == (date(2025, 1, 30), date(2025, 2, 5))


def test_the_day_of_the_event_is_not_counted():
    period = add_period(date(2026, 3, 2), 1, PeriodUnit.CALENDAR_DAYS)

    assert period.end == date(2026, 3, 3)


def test_working_days_across_national_day_2025_count_the_worked_sunday():
    # given Friday 2025-09-26; Sat 27 rest, Sun 28 worked, Oct 1-8 holiday
    period = add_period(date(2025, 9, 26), 5, PeriodUnit.WORKING_DAYS)

    # then Sep 28, 29, 30, Oct 9, 10 are the five working days
    assert (period.nominal_end, period.end) == (date(2025, 10, 10), date(2025, 10, 10))
    assert period.is_postponed is False
    assert period.explanation == (
        "自2025年9月26日起算5个工作日，期满日为2025年10月10日"
        "（不计法定节假日8天、休息日1天；计入调休上班日2025年9月28日）"
    )


def test_working_days_across_spring_festival_2025_skip_the_holiday():
    # Sun Jan 26 worked, Jan 28 - Feb 4 holiday: Jan 26, 27, Feb 5, 6, 7.
    period = add_period(date(2025, 1, 24), 5, PeriodUnit.WORKING_DAYS)

    assert period.end == date(2025, 2, 7)
    assert period.explanation == (
        "自2025年1月24日起算5个工作日，期满日为2025年2月7日"
        "（不计法定节假日8天、休息日1天；计入调休上班日2025年1月26日）"
    )


def test_working_days_without_rest_days_have_a_plain_explanation():
    period = add_period(date(2026, 3, 2), 3, PeriodUnit.WORKING_DAYS)

    assert period.end == date(2026, 3, 5)
    assert period.explanation == "自2026年3月2日起算3个工作日，期满日为2026年3月5日"


def test_working_days_counted_from_inside_a_holiday_start_after_it():
    period = add_period(date(2026, 10, 3), 1, PeriodUnit.WORKING_DAYS)

    assert period.end == date(2026, 10, 8)


def test_months_clamp_to_february_end_and_a_worked_saturday_stands():
    # 2026-02-28 is a Saturday worked after Spring Festival.
    period = add_period(date(2025, 11, 30), 3, PeriodUnit.MONTHS)

    assert (period.nominal_end, period.end) == (date(2026, 2, 28), date(2026, 2, 28))
    assert period.explanation == (
        "自2025年11月30日起算3个月，期满日为2026年2月28日"
        "（2026年2月无30日，取该月末日；调休上班日）"
    )


def test_months_clamp_to_leap_day():
    period = add_period(date(2023, 11, 30), 3, PeriodUnit.MONTHS)

    assert period.end == date(2024, 2, 29)


def test_months_clamped_onto_a_sunday_move_to_monday():
    period = add_period(date(2025, 10, 31), 1, PeriodUnit.MONTHS)

    assert (period.nominal_end, period.end) == (date(2025, 11, 30), date(2025, 12, 1))
    assert period.explanation == (
        "自2025年10月31日起算1个月，期满日2025年11月30日"
        "（2025年11月无31日，取该月末日）为休息日，顺延至2025年12月1日"
    )


def test_months_ending_in_spring_festival_2026_move_past_it():
    # Spring Festival 2026 ran Feb 15 - Feb 23.
    period = add_period(date(2025, 11, 17), 3, PeriodUnit.MONTHS)

    assert (period.nominal_end, period.end) == (date(2026, 2, 17), date(2026, 2, 24))


def test_months_cross_the_year_boundary():
    period = add_period(date(2025, 12, 15), 1, PeriodUnit.MONTHS)

    assert period.end == date(2026, 1, 15)


def test_unit_may_be_given_by_value():
    period = add_period(date(2025, 10, 31), 1, "months")

    assert period.unit is PeriodUnit.MONTHS


def test_a_period_running_past_the_known_years_raises():
    start = date(LAST_SUPPORTED_YEAR, 12, 20)

    with pytest.raises(CalendarRangeError) as raised:
        add_period(start, 15, PeriodUnit.CALENDAR_DAYS)

    assert raised.value.day == date(LAST_SUPPORTED_YEAR + 1, 1, 4)
    assert isinstance(raised.value, ValueError)
    assert f"{FIRST_SUPPORTED_YEAR}-{LAST_SUPPORTED_YEAR}" in str(raised.value)


@pytest.mark.parametrize(
    "day",
    [date(FIRST_SUPPORTED_YEAR - 1, 12, 31), date(LAST_SUPPORTED_YEAR + 1, 1, 1)],
)
def test_is_working_day_outside_the_known_years_raises(day):
    with pytest.raises(CalendarRangeError) as raised:
        is_working_day(day)

    assert raised.value.day == day


def test_working_days_past_the_known_years_raise():
    with pytest.raises(CalendarRangeError):
        add_period(date(LAST_SUPPORTED_YEAR, 12, 25), 10, PeriodUnit.WORKING_DAYS)


def test_supported_years_cover_2025_and_2026():
    assert FIRST_SUPPORTED_YEAR <= 2025
    assert LAST_SUPPORTED_YEAR >= 2026


@pytest.mark.parametrize("amount", [0, -3, True, 1.5])
def test_amount_must_be_a_positive_integer(amount):
    with pytest.raises(ValueError, match="positive integer"):
        add_period(date(2026, 3, 2), amount, PeriodUnit.CALENDAR_DAYS)


def test_unknown_unit_is_rejected():
    with pytest.raises(ValueError, match="weeks"):
        add_period(date(2026, 3, 2), 1, "weeks")


def test_datetime_is_rejected_so_no_time_of_day_leaks_into_deadlines():
    with pytest.raises(TypeError, match="datetime"):
        add_period(datetime.datetime(2026, 3, 2, 9, 30), 1, PeriodUnit.CALENDAR_DAYS)


# Starts late enough in the known range that no period runs past its end.
_starts = st.dates(
    min_value=date(FIRST_SUPPORTED_YEAR, 1, 1), max_value=date(2026, 8, 31)
)


@given(
    start=_starts,
    amount=st.integers(min_value=1, max_value=60),
    unit=st.sampled_from([PeriodUnit.CALENDAR_DAYS, PeriodUnit.MONTHS]),
)
def test_property_end_is_the_first_working_day_on_or_after_nominal_end(
    start, amount, unit
):
    if unit is PeriodUnit.MONTHS:
        amount = amount % 3 + 1

    period = add_period(start, amount, unit)

    assert is_working_day(period.end)
    assert period.end >= period.nominal_end > start
    days_skipped = (period.end - period.nominal_end).days
    assert not any(
        is_working_day(period.nominal_end + datetime.timedelta(days=offset))
        for offset in range(days_skipped)
    )


@given(start=_starts, amount=st.integers(min_value=1, max_value=60))
def test_property_working_days_count_exactly_amount_working_days(start, amount):
    period = add_period(start, amount, PeriodUnit.WORKING_DAYS)

    days = [
        start + datetime.timedelta(days=offset)
        for offset in range(1, (period.end - start).days + 1)
    ]
    assert sum(map(is_working_day, days)) == amount
    assert is_working_day(period.end)
    assert period.end == period.nominal_end


def test_months_landing_exactly_on_month_end_are_not_clamped():
    period = add_period(date(2026, 1, 28), 1, PeriodUnit.MONTHS)

    assert period.end == date(2026, 2, 28)
    assert period.explanation == (
        "自2026年1月28日起算1个月，期满日为2026年2月28日（调休上班日）"
    )
