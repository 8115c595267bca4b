"""Report statistics computed from the public case facts.

The population of a period is every case fact whose `received_on` falls in the
period (both ends included). Each case counts at the unit that holds it: a case
transferred down is a case of the upper unit and, separately, of the lower unit
that received it (`received_from_above` counts the latter, so a reader can
remove the overlap). So a unit's subtree figures are exactly its own figures
plus the subtree figures of each child, and every count traces to fact rows.

A case counts as closed (办结) in a period's report when it was accepted, is no
longer open and was closed on or before the period's last day.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum

from supervision.facts.models import CaseFact
from supervision.models import Origin, Satisfaction
from tenants.models import Unit
from tenants.scoping import subtree_q

# Values the petition lifecycle writes to the facts: the petition's own
# vocabulary (supervision.models), so the two cannot drift apart.
SELF_HANDLING_MODES = ("self",)
TRANSFER_MODES = ("transfer",)
ASSIGN_MODES = ("assign",)
FROM_ABOVE_ORIGINS = (Origin.UPPER_UNIT.value,)
SATISFIED_VALUES = (Satisfaction.SATISFIED.value, Satisfaction.MOSTLY_SATISFIED.value)

RATE_PLACES = Decimal("0.0001")


def closed_q(period_end: datetime.date) -> Q:
    """Accepted, no longer open, closed by the period's last day."""
    return Q(
        is_accepted=True,
        is_open=False,
        closed_on__isnull=False,
        closed_on__lte=period_end,
    )


def count_filters(period_end: datetime.date) -> dict[str, tuple[str, Q]]:
    """Each counted figure: key -> (Chinese label, filter over the period's facts)."""
    closed = closed_q(period_end)
    return {
        "received": ("收件总数", Q()),
        "received_from_above": ("上级转交办", Q(origin__in=FROM_ABOVE_ORIGINS)),
        "acceptance_decided": ("已作受理决定", Q(accepted_in_time__isnull=False)),
        "accepted_in_time": ("及时受理", Q(accepted_in_time=True)),
        "accepted": ("受理", Q(is_accepted=True)),
        "not_accepted": ("不予受理", Q(is_accepted=False)),
        "closed": ("办结", closed),
        "closed_in_time": ("按期办结", closed & Q(closed_in_time=True)),
        "closed_at_once": (
            "一次性办结",
            closed & Q(return_count=0, review_stage=""),
        ),
        "open": ("在办", Q(is_open=True)),
        "self_handled": (
            "自办",
            Q(is_accepted=True, handling_mode__in=SELF_HANDLING_MODES),
        ),
        "transferred": ("转办", Q(handling_mode__in=TRANSFER_MODES)),
        "assigned": ("交办", Q(handling_mode__in=ASSIGN_MODES)),
        "supervised": ("被督办", Q(is_supervised=True)),
        "repeat": ("重信重访", Q(is_repeat=True)),
        "skip_level": ("越级访", Q(is_skip_level=True)),
        "collective": ("集体访", Q(is_collective=True)),
        "satisfaction_rated": ("已测评满意度", ~Q(satisfaction="")),
        "satisfied": ("满意及基本满意", Q(satisfaction__in=SATISFIED_VALUES)),
    }


COUNT_KEYS = tuple(count_filters(datetime.date(2000, 1, 1)))
COUNT_LABELS = {
    key: label for key, (label, _) in count_filters(datetime.date(2000, 1, 1)).items()
}
# Figures that are sums, not counts.
SUM_LABELS = {"collective_headcount": "集体访人次"}


@dataclass(frozen=True)
class RateDefinition:
    key: str
    label: str
    numerator: str
    denominator: str
    definition: str


# Every rate is numerator / denominator over the period's facts; no rate when
# the denominator is zero.
RATES = (
    RateDefinition(
        "timely_acceptance",
        "及时受理率",
        "accepted_in_time",
        "acceptance_decided",
        "受理决定在时限内作出的件数 ÷ 已作受理决定的件数",
    ),
    RateDefinition("closure", "办结率", "closed", "accepted", "办结件数 ÷ 受理件数"),
    RateDefinition(
        "closed_in_time",
        "按期办结率",
        "closed_in_time",
        "closed",
        "在办理期限内办结的件数 ÷ 办结件数",
    ),
    RateDefinition(
        "self_handling", "自办率", "self_handled", "accepted", "自办件数 ÷ 受理件数"
    ),
    RateDefinition(
        "repeat", "重信重访率", "repeat", "received", "重复信访件数 ÷ 收件总数"
    ),
    RateDefinition(
        "closed_at_once",
        "一次性办结率",
        "closed_at_once",
        "closed",
        "未经退回、未进入复查复核即办结的件数 ÷ 办结件数",
    ),
    RateDefinition(
        "satisfaction",
        "满意率",
        "satisfied",
        "satisfaction_rated",
        "满意及基本满意件数 ÷ 已测评满意度件数",
    ),
)
RATES_BY_KEY = {rate.key: rate for rate in RATES}

BREAKDOWNS = {
    "channel": "来源渠道",
    "legal_type": "类型",
    "topic": "问题类别",
    "accused_level": "被反映人管理层级",
}


def rate_value(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator to four places, or None when nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(
        RATE_PLACES, rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class Rate:
    key: str
    label: str
    numerator: int
    denominator: int
    value: Decimal | None


@dataclass
class Figures:
    """Counts of one set of facts: figures, sums and breakdowns."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))
    sums: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUM_LABELS, 0))
    breakdowns: dict[str, dict[str, int]] = field(
        default_factory=lambda: {name: {} for name in BREAKDOWNS}
    )

    def add(self, other: Figures) -> None:
        for key, value in other.counts.items():
            self.counts[key] += value
        for key, value in other.sums.items():
            self.sums[key] += value
        for name, values in other.breakdowns.items():
            mine = self.breakdowns[name]
            for value, count in values.items():
                mine[value] = mine.get(value, 0) + count

    def value(self, key: str) -> int:
        if key in self.sums:
            return self.sums[key]
        return self.counts[key]

    def rates(self) -> list[Rate]:
        return [
            Rate(
                rate.key,
                rate.label,
                self.counts[rate.numerator],
                self.counts[rate.denominator],
                rate_value(self.counts[rate.numerator], self.counts[rate.denominator]),
            )
            for rate in RATES
        ]

    def rate(self, key: str) -> Decimal | None:
        rate = RATES_BY_KEY[key]
        return rate_value(self.counts[rate.numerator], self.counts[rate.denominator])

    def as_dict(self) -> dict:
        return {
            "counts": dict(self.counts),
            "sums": dict(self.sums),
            "breakdowns": {
                k: dict(sorted(v.items())) for k, v in self.breakdowns.items()
            },
            "rates": {
                rate.key: None if rate.value is None else str(rate.value)
                for rate in self.rates()
            },
        }


@dataclass
class BranchFigures:
    """One direct child's subtree figures inside a parent's statistics."""

    unit: Unit
    figures: Figures


@dataclass
class Statistics:
    """A unit's statistics for a period: its own cases, its subtree, each child."""

    unit: Unit
    period_start: datetime.date
    period_end: datetime.date
    own: Figures
    total: Figures
    children: list[BranchFigures]

    def as_dict(self) -> dict:
        return {
            "unit": self.unit.code,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "own": self.own.as_dict(),
            "total": self.total.as_dict(),
            "children": {
                branch.unit.code: branch.figures.as_dict() for branch in self.children
            },
        }


def period_facts(
    unit: Unit, period_start: datetime.date, period_end: datetime.date
) -> QuerySet[CaseFact]:
    """Facts of `unit`'s subtree received in the period."""
    return CaseFact.objects.filter(
        subtree_q(unit, prefix="unit_"),
        received_on__gte=period_start,
        received_on__lte=period_end,
    )


def figure_filter(key: str, period_end: datetime.date) -> Q:
    """The filter behind a count figure, or behind a sum figure's cases."""
    if key == "collective_headcount":
        return Q(is_collective=True)
    filters = count_filters(period_end)
    if key not in filters:
        raise KeyError(key)
    return filters[key][1]


def _per_unit_figures(
    facts: QuerySet[CaseFact], period_end: datetime.date
) -> dict[int, Figures]:
    """Figures of each unit holding facts: one query for counts, one per breakdown."""
    aggregates = {
        key: Count("id", filter=condition)
        for key, (_, condition) in count_filters(period_end).items()
    }
    aggregates["collective_headcount"] = Sum("headcount", filter=Q(is_collective=True))
    per_unit: dict[int, Figures] = defaultdict(Figures)
    for row in facts.values("unit_id").annotate(**aggregates).order_by():
        figures = per_unit[row["unit_id"]]
        for key in COUNT_KEYS:
            figures.counts[key] = row[key]
        figures.sums["collective_headcount"] = row["collective_headcount"] or 0
    for name in BREAKDOWNS:
        rows = facts.values("unit_id", name).annotate(n=Count("id")).order_by()
        for row in rows:
            per_unit[row["unit_id"]].breakdowns[name][row[name] or "unknown"] = row["n"]
    return per_unit


def statistics_compute(
    *, unit: Unit, period_start: datetime.date, period_end: datetime.date
) -> Statistics:
    """The unit's own, subtree and per-child figures for the period (about 6 queries)."""
    facts = period_facts(unit, period_start, period_end)
    per_unit = _per_unit_figures(facts, period_end)
    subtree = list(Unit.objects.filter(subtree_q(unit)).only("id", "path"))
    children = list(
        Unit.objects.filter(parent=unit).select_related("parent").order_by("code")
    )
    branches = {child.path: BranchFigures(child, Figures()) for child in children}
    own = Figures()
    total = Figures()
    depth = unit.depth
    for member in subtree:
        figures = per_unit.get(member.id)
        if figures is None:
            continue
        total.add(figures)
        if member.id == unit.id:
            own.add(figures)
            continue
        child_path = ".".join(member.path.split(".")[: depth + 2])
        branches[child_path].figures.add(figures)
    return Statistics(
        unit=unit,
        period_start=period_start,
        period_end=period_end,
        own=own,
        total=total,
        children=[branches[child.path] for child in children],
    )


def figures_from_dict(data: dict) -> Figures:
    """Figures back from their stored form (Figures.as_dict), e.g. a version's."""
    figures = Figures()
    figures.counts.update(data.get("counts", {}))
    figures.sums.update(data.get("sums", {}))
    for name, values in data.get("breakdowns", {}).items():
        figures.breakdowns[name] = dict(values)
    return figures
