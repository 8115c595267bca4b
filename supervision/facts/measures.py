"""One definition of every figure: the counts over case facts and the rates built from them.

Each measure is written here once, as a small condition over `CaseFact` fields,
and everything else is derived from it: the ORM filter the report statistics
and figure traces use (`Measure.q`), the SQL the rollup rebuild runs
(`Measure.sql`), the contribution of one fact to the incremental rollups
(`Measure.of`), the rollup columns, the dashboard figures and GraphQL fields,
and `reportRateDefinitions`. Values are the petition's own choices
(supervision.models, supervision.crosslevel.models), never spelled again here.

The population of a period is every fact received in it (a cohort). A measure
may also depend on where the case stood at the end of the period: closed (办结)
counts a case only if it was no longer open on the period's last day, in
progress (在办) only if it still was. A case closed after the period counts as
in progress for that period, whenever the figures are read. Acceptance and
satisfaction have no date in the facts, so they count as they stand now.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q

from supervision.choices import Origin, Satisfaction
from supervision.crosslevel.models import LinkKind

# `handling_mode` of a case the unit handles itself (自办), routed to one of
# its departments; the other modes are the kind of the link that sent it on.
SELF_HANDLING_MODE = "self"
SATISFIED_VALUES = (Satisfaction.SATISFIED.value, Satisfaction.MOSTLY_SATISFIED.value)
# `review_stage` of a case that never went to 复查 or 复核 (the facts store ""
# for the petition's Stage.ORIGINAL).
NO_REVIEW_STAGE = ""

RATE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Clause:
    """One test of one fact field: equals, one of, differs from, or is set."""

    field: str
    op: str
    value: Any = None

    def q(self) -> Q:
        if self.op == "eq":
            return Q(**{self.field: self.value})
        if self.op == "in":
            return Q(**{f"{self.field}__in": self.value})
        if self.op == "ne":
            return ~Q(**{self.field: self.value})
        return Q(**{f"{self.field}__isnull": False})

    def sql(self, alias: str) -> str:
        column = f"{alias}.{self.field}"
        if self.op == "eq":
            return f"{column} = {_literal(self.value)}"
        if self.op == "in":
            return f"{column} IN ({', '.join(_literal(v) for v in self.value)})"
        # IS DISTINCT FROM counts NULL as different, as Python's != and
        # Django's exclude() do.
        if self.op == "ne":
            return f"{column} IS DISTINCT FROM {_literal(self.value)}"
        return f"{column} IS NOT NULL"

    def holds(self, fact) -> bool:
        value = getattr(fact, self.field)
        if self.op == "eq":
            return value == self.value
        if self.op == "in":
            return value in self.value
        if self.op == "ne":
            return value != self.value
        return value is not None


def _literal(value) -> str:
    # Values come from this module's table (choices and constants), never
    # from a caller; still, render them so no quote can escape.
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {value!r}")


def equals(field: str, value) -> Clause:
    return Clause(field, "eq", value)


def one_of(field: str, values) -> Clause:
    return Clause(field, "in", tuple(values))


def differs(field: str, value) -> Clause:
    return Clause(field, "ne", value)


def is_set(field: str) -> Clause:
    return Clause(field, "set")


class AtPeriodEnd(enum.Enum):
    """Where a case must stand at the end of the period to count."""

    ANY = "any"
    CLOSED = "closed"  # no longer open on the period's last day
    OPEN = "open"  # still open on the period's last day


def closed_at(period_end: date) -> Q:
    """Facts no longer open on `period_end`: not open now, and closed by then
    (or without a closing date, e.g. declined or merged: never in progress)."""
    return Q(is_open=False) & (Q(closed_on__isnull=True) | Q(closed_on__lte=period_end))


def is_closed_at(fact, period_end: date) -> bool:
    """`closed_at` for one fact."""
    return not fact.is_open and (fact.closed_on is None or fact.closed_on <= period_end)


# The monthly rollups keep, per row, the month its cases stopped being open,
# so a period's figures as of its last day are a filter on that month:
# closed by the end of month L <=> closed_month <= L. A period that counts a
# case includes the month it was received, so an earlier or missing closing
# date is kept as that month: fewer distinct rows, the same figures.
STILL_OPEN_MONTH = date(9999, 12, 1)


def fact_closed_month(fact) -> date:
    """The rollup's `closed_month` of one fact."""
    if fact.is_open:
        return STILL_OPEN_MONTH
    received = fact.received_on.replace(day=1)
    if fact.closed_on is None:
        return received
    return max(fact.closed_on.replace(day=1), received)


def closed_month_sql(alias: str) -> str:
    """`fact_closed_month` in SQL."""
    received = f"date_trunc('month', {alias}.received_on)"
    return (
        f"CASE WHEN {alias}.is_open THEN DATE '{STILL_OPEN_MONTH.isoformat()}' "
        f"WHEN {alias}.closed_on IS NULL THEN {received}::date "
        f"ELSE GREATEST(date_trunc('month', {alias}.closed_on), {received})::date "
        "END"
    )


@dataclass(frozen=True)
class Measure:
    """A figure counted over the facts of a period: how many match `where`
    (and stand as `at_period_end` says on the last day), or the sum of
    `weight` over them."""

    key: str
    label: str
    description: str
    where: tuple[Clause, ...] = ()
    at_period_end: AtPeriodEnd = AtPeriodEnd.ANY
    weight: str | None = None

    def q(self, period_end: date) -> Q:
        """The ORM filter of the facts this measure counts, for a period
        ending on `period_end`."""
        condition = Q()
        for clause in self.where:
            condition &= clause.q()
        if self.at_period_end is AtPeriodEnd.CLOSED:
            condition &= closed_at(period_end)
        elif self.at_period_end is AtPeriodEnd.OPEN:
            condition &= ~closed_at(period_end)
        return condition

    def sql(self, alias: str = "f") -> str:
        """This measure's rollup column over facts `alias`, in SQL. The period
        end is not part of it: the rollup keeps `closed_month` for that."""
        where = " AND ".join(clause.sql(alias) for clause in self.where) or "TRUE"
        if self.weight:
            return f"COALESCE(sum({alias}.{self.weight}) FILTER (WHERE {where}), 0)"
        return f"count(*) FILTER (WHERE {where})"

    def of(self, fact, period_end: date | None = None) -> int:
        """What one fact adds: 0, 1 or its weight. Without `period_end`, the
        rollup's contribution (the period end is applied on reading)."""
        if not all(clause.holds(fact) for clause in self.where):
            return 0
        if period_end is not None and self.at_period_end is not AtPeriodEnd.ANY:
            closed = is_closed_at(fact, period_end)
            if closed != (self.at_period_end is AtPeriodEnd.CLOSED):
                return 0
        return getattr(fact, self.weight) if self.weight else 1

    def rollup_filter(self, last_month: date) -> Q | None:
        """The filter on rollup rows for a period whose last month is given."""
        if self.at_period_end is AtPeriodEnd.CLOSED:
            return Q(closed_month__lte=last_month)
        if self.at_period_end is AtPeriodEnd.OPEN:
            return Q(closed_month__gt=last_month)
        return None


_ACCEPTED = equals("is_accepted", True)
_CLOSED = (_ACCEPTED, is_set("closed_on"))

MEASURES: tuple[Measure, ...] = (
    Measure("received", "收件总数", "Cases received in the period"),
    Measure(
        "received_from_above",
        "上级转交办",
        "Of them, transferred or assigned from an upper unit",
        (equals("origin", Origin.UPPER_UNIT.value),),
    ),
    Measure(
        "acceptance_decided",
        "已作受理决定",
        "Whether to accept has been decided (accepted, declined or referred)",
        (is_set("accepted_in_time"),),
    ),
    Measure(
        "accepted_in_time",
        "及时受理",
        "The acceptance decision was made within the statutory time",
        (equals("accepted_in_time", True),),
    ),
    Measure("accepted", "受理", "Accepted", (_ACCEPTED,)),
    Measure(
        "not_accepted",
        "不予受理",
        "Declined, or referred to the body entitled to handle it",
        (equals("is_accepted", False),),
    ),
    Measure(
        "closed",
        "办结",
        "Accepted and closed by the end of the period",
        _CLOSED,
        AtPeriodEnd.CLOSED,
    ),
    Measure(
        "closed_in_time",
        "按期办结",
        "Closed by the end of the period, within the handling deadline",
        (*_CLOSED, equals("closed_in_time", True)),
        AtPeriodEnd.CLOSED,
    ),
    Measure(
        "closed_at_once",
        "一次性办结",
        "Closed by the end of the period, never returned nor reviewed",
        (*_CLOSED, equals("return_count", 0), equals("review_stage", NO_REVIEW_STAGE)),
        AtPeriodEnd.CLOSED,
    ),
    Measure(
        "open",
        "在办",
        "Still open at the end of the period",
        (),
        AtPeriodEnd.OPEN,
    ),
    Measure(
        "self_handled",
        "自办",
        "Accepted and handled by the unit itself",
        (_ACCEPTED, equals("handling_mode", SELF_HANDLING_MODE)),
    ),
    Measure(
        "transferred",
        "转办",
        "Transferred to a lower unit",
        (equals("handling_mode", LinkKind.TRANSFER.value),),
    ),
    Measure(
        "assigned",
        "交办",
        "Assigned to a lower unit, result required",
        (equals("handling_mode", LinkKind.ASSIGN.value),),
    ),
    Measure(
        "supervised",
        "被督办",
        "Under a supervision order",
        (equals("is_supervised", True),),
    ),
    Measure("repeat", "重信重访", "Repeat petitions", (equals("is_repeat", True),)),
    Measure(
        "skip_level",
        "越级访",
        "Skip-level petitions",
        (equals("is_skip_level", True),),
    ),
    Measure(
        "multi_send",
        "一信多投",
        "The same letter sent to several bodies",
        (equals("is_multi_send", True),),
    ),
    Measure(
        "collective",
        "集体访",
        "Collective visits or joint letters",
        (equals("is_collective", True),),
    ),
    Measure(
        "collective_headcount",
        "集体访人次",
        "People in collective visits or joint letters",
        (equals("is_collective", True),),
        weight="headcount",
    ),
    Measure(
        "satisfaction_rated",
        "已测评满意度",
        "The petitioner gave a rating",
        (differs("satisfaction", ""),),
    ),
    Measure(
        "satisfied",
        "满意及基本满意",
        "Rated satisfied or basically satisfied",
        (one_of("satisfaction", SATISFIED_VALUES),),
    ),
)
MEASURES_BY_KEY = {measure.key: measure for measure in MEASURES}
MEASURE_KEYS = tuple(MEASURES_BY_KEY)


@dataclass(frozen=True)
class Rate:
    """A rate: numerator ÷ denominator over the same facts; none when the
    denominator is zero. `overview_field` names it on the dashboard."""

    key: str
    label: str
    numerator: str
    denominator: str
    definition: str
    overview_field: str

    def value(self, counts) -> Decimal | None:
        return rate_value(counts[self.numerator], counts[self.denominator])


def rate_value(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator to four places, or None when nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(
        RATE_PLACES, rounding=ROUND_HALF_UP
    )


def _definition(rate_numerator: str, rate_denominator: str, text: str) -> str:
    # The Chinese definition names the two measures by their labels, so it
    # cannot say something else than the rate computes.
    numerator = MEASURES_BY_KEY[rate_numerator].label
    denominator = MEASURES_BY_KEY[rate_denominator].label
    return f"{text}（{numerator}件数 ÷ {denominator}件数）"


def _rate(key, label, numerator, denominator, text, overview_field) -> Rate:
    return Rate(
        key,
        label,
        numerator,
        denominator,
        _definition(numerator, denominator, text),
        overview_field,
    )


RATES: tuple[Rate, ...] = (
    _rate(
        "timely_acceptance",
        "及时受理率",
        "accepted_in_time",
        "acceptance_decided",
        "受理决定（受理、不予受理或告知）在时限内作出的比例",
        "timely_acceptance_rate",
    ),
    _rate(
        "closure",
        "办结率",
        "closed",
        "accepted",
        "受理件中期末已办结的比例",
        "closure_rate",
    ),
    _rate(
        "closed_in_time",
        "按期办结率",
        "closed_in_time",
        "closed",
        "办结件中在办理期限内办结的比例",
        "on_time_closure_rate",
    ),
    _rate(
        "self_handling",
        "自办率",
        "self_handled",
        "accepted",
        "受理件中本单位自行办理的比例",
        "self_handling_rate",
    ),
    _rate(
        "repeat",
        "重信重访率",
        "repeat",
        "received",
        "收件中重复信访的比例",
        "repeat_rate",
    ),
    _rate(
        "closed_at_once",
        "一次性办结率",
        "closed_at_once",
        "closed",
        "办结件中未经退回、未进入复查复核即办结的比例",
        "closed_at_once_rate",
    ),
    _rate(
        "satisfaction",
        "满意率",
        "satisfied",
        "satisfaction_rated",
        "已测评件中满意及基本满意的比例",
        "satisfaction_rate",
    ),
)
RATES_BY_KEY = {rate.key: rate for rate in RATES}
RATES_BY_OVERVIEW_FIELD = {rate.overview_field: rate for rate in RATES}
