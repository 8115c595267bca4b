from datetime import date

import pytest

from supervision.rules.clocks import (
    CLOCK_RULES,
    AmountPolicy,
    ClockCode,
    ClockStart,
    ClockState,
    clock_end,
    clock_state,
    days_remaining,
)
from supervision.rules.workcalendar import PeriodUnit

CALENDAR = PeriodUnit.CALENDAR_DAYS


@pytest.mark.parametrize(
    ("code", "amount", "unit", "starts_on", "basis", "policy"),
    [
        (
            ClockCode.ACCEPTANCE,
            15,
            CALENDAR,
            ClockStart.RECEIPT,
            "《信访工作条例》第二十二条、第二十三条",
            AmountPolicy.AT_MOST,
        ),
        (
            ClockCode.REMIT_OBJECTION,
            5,
            PeriodUnit.WORKING_DAYS,
            ClockStart.TRANSFER_RECEIPT,
            "《信访工作条例》第二十三条",
            AmountPolicy.FIXED,
        ),
        (
            ClockCode.HANDLING,
            60,
            CALENDAR,
            ClockStart.ACCEPTANCE,
            "《信访工作条例》第三十四条",
            AmountPolicy.AT_MOST,
        ),
        (
            ClockCode.EXTENSION,
            30,
            CALENDAR,
            ClockStart.HANDLING_END,
            "《信访工作条例》第三十四条",
            AmountPolicy.AT_MOST,
        ),
        (
            ClockCode.REVIEW_REQUEST,
            30,
            CALENDAR,
            ClockStart.ANSWER_RECEIPT,
            "《信访工作条例》第三十五条",
            AmountPolicy.FIXED,
        ),
        (
            ClockCode.REVIEW_DECISION,
            30,
            CALENDAR,
            ClockStart.REVIEW_REQUEST_RECEIPT,
            "《信访工作条例》第三十五条",
            AmountPolicy.AT_MOST,
        ),
        (
            ClockCode.RE_REVIEW_REQUEST,
            30,
            CALENDAR,
            ClockStart.REVIEW_ANSWER_RECEIPT,
            "《信访工作条例》第三十六条",
            AmountPolicy.FIXED,
        ),
        (
            ClockCode.RE_REVIEW_DECISION,
            30,
            CALENDAR,
            ClockStart.RE_REVIEW_REQUEST_RECEIPT,
            "《信访工作条例》第三十六条",
            AmountPolicy.AT_MOST,
        ),
        (
            ClockCode.ASSIGNMENT_RESULT,
            3,
            PeriodUnit.MONTHS,
            ClockStart.ASSIGNMENT,
            "《部分省区市党委组织部信访工作座谈会纪要》（组通字〔1987〕33号）",
            AmountPolicy.ANY,
        ),
        (
            ClockCode.SUPERVISION_REPLY,
            15,
            CALENDAR,
            ClockStart.SUPERVISION_ORDER_ISSUE,
            "系统默认值（非法定期限，督办单位可另定）",
            AmountPolicy.ANY,
        ),
    ],
)
def test_clock_rules_hold_the_statutory_periods(
    code, amount, unit, starts_on, basis, policy
):
    rule = CLOCK_RULES[code]

    assert rule.code is code
    assert (rule.amount, rule.unit, rule.starts_on) == (amount, unit, starts_on)
    assert (rule.basis, rule.amount_policy) == (basis, policy)


def test_every_clock_code_has_a_rule():
    assert list(CLOCK_RULES) == list(ClockCode)


def test_only_the_supervision_reply_default_is_not_statutory():
    not_statutory = [
        code for code, rule in CLOCK_RULES.items() if not rule.is_statutory
    ]

    assert not_statutory == [ClockCode.SUPERVISION_REPLY]


def test_only_the_extension_is_limited_to_one_use():
    limited = {
        code: rule.max_times for code, rule in CLOCK_RULES.items() if rule.max_times
    }

    assert limited == {ClockCode.EXTENSION: 1}


def test_clock_start_has_a_chinese_label():
    assert ClockStart.ANSWER_RECEIPT.label_zh == "信访人收到书面答复之日"


def test_acceptance_clock_from_2026_09_20_ends_after_national_day():
    period = clock_end(ClockCode.ACCEPTANCE, date(2026, 9, 20))

    assert period.end == date(2026, 10, 8)
    assert period.explanation == (
        "登记受理告知期限：自2026年9月20日起算15个自然日，"
        "期满日2026年10月5日为法定节假日，顺延至2026年10月8日。"
        "依据：《信访工作条例》第二十二条、第二十三条"
    )


def test_remit_objection_counts_working_days_around_mid_autumn_2026():
    # Sep 21-24 are four working days; Sep 25-27 is Mid-autumn; Sep 28 is fifth.
    period = clock_end(ClockCode.REMIT_OBJECTION, date(2026, 9, 20))

    assert period.end == date(2026, 9, 28)


def test_handling_clock_ending_in_national_day_2025_moves_to_october_9():
    period = clock_end(ClockCode.HANDLING, date(2025, 8, 5))

    assert (period.nominal_end, period.end) == (date(2025, 10, 4), date(2025, 10, 9))


def test_assignment_result_clock_counts_three_months():
    period = clock_end(ClockCode.ASSIGNMENT_RESULT, date(2026, 9, 20))

    assert (period.nominal_end, period.end) == (date(2026, 12, 20), date(2026, 12, 21))


def test_extension_of_20_days_runs_from_the_handling_end():
    period = clock_end(ClockCode.EXTENSION, date(2026, 3, 2), amount=20)

    assert (period.nominal_end, period.end) == (date(2026, 3, 22), date(2026, 3, 23))
    assert period.amount == 20


@pytest.mark.parametrize("amount", [31, 0, -1, True])
def test_extension_outside_1_to_30_days_is_rejected(amount):
    with pytest.raises(ValueError, match=r"at most 30|positive integer"):
        clock_end(ClockCode.EXTENSION, date(2026, 3, 2), amount=amount)


def test_extension_of_exactly_30_days_is_allowed():
    period = clock_end(ClockCode.EXTENSION, date(2026, 3, 2), amount=30)

    assert period.end == date(2026, 4, 1)


def test_a_shorter_internal_handling_period_is_allowed():
    period = clock_end(ClockCode.HANDLING, date(2026, 3, 2), amount=45)

    assert period.end == date(2026, 4, 16)


def test_handling_beyond_60_days_is_rejected():
    with pytest.raises(ValueError, match="handling allows at most 60"):
        clock_end(ClockCode.HANDLING, date(2026, 3, 2), amount=61)


@pytest.mark.parametrize(
    "code",
    [
        ClockCode.REVIEW_REQUEST,
        ClockCode.RE_REVIEW_REQUEST,
        ClockCode.REMIT_OBJECTION,
    ],
)
def test_fixed_windows_cannot_be_changed(code):
    with pytest.raises(ValueError, match=f"{code.value} is fixed"):
        clock_end(code, date(2026, 3, 2), amount=20)


def test_a_fixed_window_accepts_its_own_amount():
    period = clock_end(ClockCode.REVIEW_REQUEST, date(2026, 3, 2), amount=30)

    assert period.end == date(2026, 4, 1)


def test_assigner_may_set_a_longer_reporting_period():
    period = clock_end(ClockCode.ASSIGNMENT_RESULT, date(2026, 1, 15), amount=6)

    assert period.end == date(2026, 7, 15)


def test_supervision_reply_default_can_be_configured():
    period = clock_end(ClockCode.SUPERVISION_REPLY, date(2026, 3, 2), amount=7)

    assert period.end == date(2026, 3, 9)


def test_clock_code_may_be_given_by_value():
    period = clock_end("acceptance", date(2026, 9, 20))

    assert period.end == date(2026, 10, 8)


# 2026-01-01 to 2026-03-02 is 60 days; 80% of it is 48 days, reached 2026-02-18.
@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 12, 31), ClockState.RUNNING),
        (date(2026, 1, 1), ClockState.RUNNING),
        (date(2026, 2, 17), ClockState.RUNNING),
        (date(2026, 2, 18), ClockState.WARNING),
        (date(2026, 3, 2), ClockState.WARNING),
        (date(2026, 3, 3), ClockState.OVERDUE),
    ],
)
def test_clock_state_warns_at_80_percent_and_is_overdue_after_the_end(today, expected):
    assert clock_state(date(2026, 1, 1), date(2026, 3, 2), today) is expected


def test_clock_state_uses_the_postponed_end():
    # 2026-09-20 to 2026-10-08 is 18 days; 80% is 14.4, so day 15 warns.
    start, end = date(2026, 9, 20), date(2026, 10, 8)

    assert clock_state(start, end, date(2026, 10, 4)) is ClockState.RUNNING
    assert clock_state(start, end, date(2026, 10, 5)) is ClockState.WARNING


def test_clock_state_honours_a_custom_warn_ratio():
    start, end = date(2026, 1, 1), date(2026, 3, 2)

    assert clock_state(start, end, date(2026, 1, 30), warn_ratio=0.5) is (
        ClockState.RUNNING
    )
    assert clock_state(start, end, date(2026, 1, 31), warn_ratio=0.5) is (
        ClockState.WARNING
    )


@pytest.mark.parametrize("warn_ratio", [0, -0.1, 1.5])
def test_clock_state_rejects_a_warn_ratio_outside_0_to_1(warn_ratio):
    with pytest.raises(ValueError, match="warn_ratio"):
        clock_state(
            date(2026, 1, 1), date(2026, 3, 2), date(2026, 2, 1), warn_ratio=warn_ratio
        )


def test_clock_state_rejects_an_end_before_the_start():
    with pytest.raises(ValueError, match="before start"):
        clock_state(date(2026, 3, 2), date(2026, 3, 1), date(2026, 3, 1))


@pytest.mark.parametrize(
    ("today", "expected"),
    [(date(2026, 10, 1), 7), (date(2026, 10, 8), 0), (date(2026, 10, 10), -2)],
)
def test_days_remaining_is_negative_once_overdue(today, expected):
    assert days_remaining(date(2026, 10, 8), today) == expected


def test_clock_state_warns_on_the_exact_day_despite_float_rounding():
    # 0.07 * 100 is 7.000000000000001 in binary floats.
    start, end = date(2026, 1, 1), date(2026, 4, 11)

    assert clock_state(start, end, date(2026, 1, 8), warn_ratio=0.07) is (
        ClockState.WARNING
    )


def test_provisional_clock_past_the_calendar_counts_weekends_only():
    import datetime as _dt

    from supervision.rules.clocks import ClockCode as _Code
    from supervision.rules.clocks import clock_end as _end

    period = _end(_Code.REMIT_OBJECTION, _dt.date(2026, 12, 28), provisional=True)
    assert (period.end, period.is_provisional) == (_dt.date(2027, 1, 4), True)
    assert period.explanation == (
        "转送交办异议期限：自2026年12月28日起算5个工作日，期满日为2027年1月4日"
        "（2027年节假日安排尚未收录，暂仅按周末顺延，收录后以法定节假日重新计算）。"
        "依据：《信访工作条例》第二十三条"
    )
    within = _end(_Code.HANDLING, _dt.date(2026, 8, 3), provisional=True)
    assert (within.end, within.is_provisional) == (_dt.date(2026, 10, 8), False)
