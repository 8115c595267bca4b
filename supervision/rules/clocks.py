"""Statutory clocks (办理时限) as data, and their state on a given day.

Article numbers refer to 《信访工作条例》(2022). The 2005 《信访条例》 had the same
periods. Periods counted in 日 are calendar days, as the regulation says
"15日内" but "5个工作日内" where it means working days.
"""

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from supervision.rules.workcalendar import (
    PeriodEnd,
    PeriodUnit,
    add_period,
    add_period_provisional,
)


class ClockCode(StrEnum):
    ACCEPTANCE = "acceptance"
    REMIT_OBJECTION = "remit_objection"
    HANDLING = "handling"
    EXTENSION = "extension"
    REVIEW_REQUEST = "review_request"
    REVIEW_DECISION = "review_decision"
    RE_REVIEW_REQUEST = "re_review_request"
    RE_REVIEW_DECISION = "re_review_decision"
    ASSIGNMENT_RESULT = "assignment_result"
    SUPERVISION_REPLY = "supervision_reply"

    @property
    def label(self) -> str:
        """The clock's Chinese name (时限名称), from its rule."""
        return CLOCK_RULES[self].name_zh


class ClockStart(StrEnum):
    """The event whose next day starts a clock."""

    RECEIPT = "receipt"
    TRANSFER_RECEIPT = "transfer_receipt"
    ACCEPTANCE = "acceptance"
    HANDLING_END = "handling_end"
    ANSWER_RECEIPT = "answer_receipt"
    REVIEW_REQUEST_RECEIPT = "review_request_receipt"
    REVIEW_ANSWER_RECEIPT = "review_answer_receipt"
    RE_REVIEW_REQUEST_RECEIPT = "re_review_request_receipt"
    ASSIGNMENT = "assignment"
    SUPERVISION_ORDER_ISSUE = "supervision_order_issue"

    @property
    def label_zh(self) -> str:
        return _START_LABELS[self]


_START_LABELS = {
    ClockStart.RECEIPT: "收到信访事项之日",
    ClockStart.TRANSFER_RECEIPT: "收到转送、交办的信访事项之日",
    ClockStart.ACCEPTANCE: "受理之日",
    ClockStart.HANDLING_END: "原办理期限届满之日",
    ClockStart.ANSWER_RECEIPT: "信访人收到书面答复之日",
    ClockStart.REVIEW_REQUEST_RECEIPT: "收到复查请求之日",
    ClockStart.REVIEW_ANSWER_RECEIPT: "信访人收到复查意见之日",
    ClockStart.RE_REVIEW_REQUEST_RECEIPT: "收到复核请求之日",
    ClockStart.ASSIGNMENT: "交办之日",
    ClockStart.SUPERVISION_ORDER_ISSUE: "督办单签发之日",
}


class AmountPolicy(StrEnum):
    """Who may change a clock's amount, and how far."""

    # The petitioner's own window: no unit may shorten or lengthen it.
    FIXED = "fixed"
    # The statute sets a maximum; a unit may set a shorter period.
    AT_MOST = "at_most"
    # A default the issuing unit may replace with any period.
    ANY = "any"


@dataclass(frozen=True)
class ClockRule:
    """One clock: how long, in which unit, from which event, on what basis."""

    code: ClockCode
    name_zh: str
    amount: int
    unit: PeriodUnit
    starts_on: ClockStart
    basis: str
    amount_policy: AmountPolicy = AmountPolicy.AT_MOST
    is_statutory: bool = True
    # How often the clock may run for one case; enforced by the service that
    # starts it, since that needs the case's history.
    max_times: int | None = None


_REGULATION = "《信访工作条例》"

CLOCK_RULES: dict[ClockCode, ClockRule] = {
    rule.code: rule
    for rule in (
        ClockRule(
            code=ClockCode.ACCEPTANCE,
            name_zh="登记受理告知期限",
            amount=15,
            unit=PeriodUnit.CALENDAR_DAYS,
            starts_on=ClockStart.RECEIPT,
            basis=f"{_REGULATION}第二十二条、第二十三条",
        ),
        ClockRule(
            code=ClockCode.REMIT_OBJECTION,
            name_zh="转送交办异议期限",
            amount=5,
            unit=PeriodUnit.WORKING_DAYS,
            starts_on=ClockStart.TRANSFER_RECEIPT,
            basis=f"{_REGULATION}第二十三条",
            amount_policy=AmountPolicy.FIXED,
        ),
        ClockRule(
            code=ClockCode.HANDLING,
            name_zh="办理期限",
            amount=60,
            unit=PeriodUnit.CALENDAR_DAYS,
            starts_on=ClockStart.ACCEPTANCE,
            basis=f"{_REGULATION}第三十四条",
        ),
        ClockRule(
            code=ClockCode.EXTENSION,
            name_zh="延长办理期限",
            amount=30,
            unit=PeriodUnit.CALENDAR_DAYS,
            starts_on=ClockStart.HANDLING_END,
            basis=f"{_REGULATION}第三十四条",
            max_times=1,
        ),
        ClockRule(
            code=ClockCode.REVIEW_REQUEST,
            name_zh="复查申请期限",
            amount=30,
            unit=PeriodUnit.CALENDAR_DAYS,
            starts_on=ClockStart.ANSWER_RECEIPT,
            basis=f"{_REGULATION}第三十五条",
            amount_policy=AmountPolicy.FIXED,
        ),
        ClockRule(
            code=ClockCode.REVIEW_DECISION,
            name_zh="复查办理期限",
            amount=30,
            unit=PeriodUnit.CALENDAR_DAYS,
            starts_on=ClockStart.REVIEW_REQUEST_RECEIPT,
            basis=f"{_REGULATION}第三十五条",
        ),
        ClockRule(
            code=ClockCode.RE_REVIEW_REQUEST,
            name_zh="复核申请期限",
            amount=30,
            unit=PeriodUnit.CALENDAR_DAYS,
            starts_on=ClockStart.REVIEW_ANSWER_RECEIPT,
            basis=f"{_REGULATION}第三十六条",
            amount_policy=AmountPolicy.FIXED,
        ),
        ClockRule(
            code=ClockCode.RE_REVIEW_DECISION,
            name_zh="复核办理期限",
            amount=30,
            unit=PeriodUnit.CALENDAR_DAYS,
            starts_on=ClockStart.RE_REVIEW_REQUEST_RECEIPT,
            basis=f"{_REGULATION}第三十六条",
        ),
        ClockRule(
            code=ClockCode.ASSIGNMENT_RESULT,
            name_zh="交办案件报结期限",
            amount=3,
            unit=PeriodUnit.MONTHS,
            starts_on=ClockStart.ASSIGNMENT,
            # "一般应在三个月之内报结"; the assigning unit may set another date.
            basis="《部分省区市党委组织部信访工作座谈会纪要》（组通字〔1987〕33号）",
            amount_policy=AmountPolicy.ANY,
        ),
        ClockRule(
            code=ClockCode.SUPERVISION_REPLY,
            name_zh="督办回复期限",
            amount=15,
            unit=PeriodUnit.CALENDAR_DAYS,
            starts_on=ClockStart.SUPERVISION_ORDER_ISSUE,
            basis="系统默认值（非法定期限，督办单位可另定）",
            amount_policy=AmountPolicy.ANY,
            is_statutory=False,
        ),
    )
}


class ClockState(StrEnum):
    RUNNING = "running"
    WARNING = "warning"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    ClockState.RUNNING: "正常",
    ClockState.WARNING: "临期预警",
    ClockState.OVERDUE: "已超期",
}


DEFAULT_WARN_RATIO = 0.8


def clock_end(
    code: ClockCode,
    start: datetime.date,
    *,
    amount: int | None = None,
    provisional: bool = False,
) -> PeriodEnd:
    """End of clock ``code`` started by an event on ``start``.

    ``amount`` replaces the rule's default within its ``amount_policy``: an
    extension of 20 days, a shorter internal handling period, an assigner's own
    reporting period. A petitioner's own window can never be changed.
    ``provisional`` allows an end in a year whose holidays are not published
    yet (weekends only, marked `is_provisional`) instead of CalendarRangeError.
    """
    rule = CLOCK_RULES[ClockCode(code)]
    if amount is None:
        amount = rule.amount
    elif amount != rule.amount:
        _check_amount(rule, amount)
    add = add_period_provisional if provisional else add_period
    period = add(start, amount, rule.unit)
    return replace(
        period,
        explanation=f"{rule.name_zh}：{period.explanation}。依据：{rule.basis}",
    )


def clock_state(
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    *,
    warn_ratio: float = DEFAULT_WARN_RATIO,
) -> ClockState:
    """RUNNING, WARNING once ``warn_ratio`` of the days elapsed, OVERDUE after end."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    if not 0 < warn_ratio <= 1:
        raise ValueError(f"warn_ratio must be in (0, 1], got {warn_ratio}")
    if today > end:
        return ClockState.OVERDUE
    elapsed, total = (today - start).days, (end - start).days
    # Decimal: as binary floats 0.07 * 100 is 7.000000000000001, a day late.
    if elapsed >= Decimal(str(warn_ratio)) * total:
        return ClockState.WARNING
    return ClockState.RUNNING


def days_remaining(end: datetime.date, today: datetime.date) -> int:
    """Calendar days from ``today`` to ``end``; negative once overdue."""
    return (end - today).days


def _check_amount(rule: ClockRule, amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
        raise ValueError(f"amount must be a positive integer, got {amount!r}")
    if rule.amount_policy is AmountPolicy.FIXED:
        raise ValueError(
            f"{rule.code.value} is fixed at {rule.amount} by {rule.basis}; got {amount}"
        )
    if rule.amount_policy is AmountPolicy.AT_MOST and amount > rule.amount:
        raise ValueError(
            f"{rule.code.value} allows at most {rule.amount} by {rule.basis}; "
            f"got {amount}"
        )
