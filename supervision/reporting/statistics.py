"""Report statistics computed from the public case facts.

The population of a period is every case fact whose `received_on` falls in the
period (both ends included); what each figure and rate counts is defined once,
in supervision.facts.measures, for the dashboard and these statistics alike.
Each case counts at the unit that holds it: a case transferred down is a case of the upper unit and, separately, of the lower unit
that received it (`received_from_above` counts the latter, so a reader can
remove the overlap). So a unit's subtree figures are exactly its own figures
plus the subtree figures of each child, and every count traces to fact rows.

A case counts as closed (办结) in a period's report when it was accepted, is no
longer open and was closed on or before the period's last day; in progress
(在办) when it was still open on that day.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from supervision.facts.measures import (
    MEASURES,
    MEASURES_BY_KEY,
    RATES,
    RATES_BY_KEY,
)
from supervision.facts.models import CaseFact
from tenants.models import Unit
from tenants.scoping import subtree_q

# Counted figures and summed ones (people, not cases) are kept apart in the
# stored statistics; both are measures of supervision.facts.measures.
COUNT_LABELS = {m.key: m.label for m in MEASURES if m.weight is None}
SUM_LABELS = {m.key: m.label for m in MEASURES if m.weight is not None}
COUNT_KEYS = tuple(COUNT_LABELS)

BREAKDOWNS = {
    "channel": "来源渠道",
    "legal_type": "类型",
    "topic": "问题类别",
    "accused_level": "被反映人管理层级",
}


@dataclass(frozen=True)
class RateFigure:
    key: str
    label: str
    numerator: int
    denominator: int
    value: Decimal | None


@dataclass
class ReportFigures:
    """Counts of one set of facts: figures, sums and breakdowns."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))
    sums: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUM_LABELS, 0))
    breakdowns: dict[str, dict[str, int]] = field(
        default_factory=lambda: {name: {} for name in BREAKDOWNS}
    )

    def add(self, other: ReportFigures) -> None:
        for key, value in other.counts.items():
            self.counts[key] += value
        for key, value in other.sums.items():
            self.sums[key] += value
        for name, values in other.breakdowns.items():
            mine = self.breakdowns[name]
            for label, count in values.items():
                mine[label] = mine.get(label, 0) + count

    def value(self, key: str) -> int:
        if key in self.sums:
            return self.sums[key]
        return self.counts[key]

    def rates(self) -> list[RateFigure]:
        return [
            RateFigure(
                rate.key,
                rate.label,
                self.value(rate.numerator),
                self.value(rate.denominator),
                rate.value(self.measure_values()),
            )
            for rate in RATES
        ]

    def rate(self, key: str) -> Decimal | None:
        return RATES_BY_KEY[key].value(self.measure_values())

    def measure_values(self) -> dict[str, int]:
        return {**self.counts, **self.sums}

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
    figures: ReportFigures


@dataclass
class Statistics:
    """A unit's statistics for a period: its own cases, its subtree, each child."""

    unit: Unit
    period_start: datetime.date
    period_end: datetime.date
    own: ReportFigures
    total: ReportFigures
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
    return MEASURES_BY_KEY[key].q(period_end)


def _aggregate(measure, period_end: datetime.date):
    condition = measure.q(period_end)
    if measure.weight:
        return Sum(measure.weight, filter=condition)
    return Count("id", filter=condition)


def _per_unit_figures(
    facts: QuerySet[CaseFact], period_end: datetime.date
) -> dict[int, ReportFigures]:
    """Figures of each unit holding facts: one query for counts, one per breakdown."""
    aggregates = {m.key: _aggregate(m, period_end) for m in MEASURES}
    per_unit: dict[int, ReportFigures] = defaultdict(ReportFigures)
    for row in facts.values("unit_id").annotate(**aggregates).order_by():
        figures = per_unit[row["unit_id"]]
        for key in COUNT_LABELS:
            figures.counts[key] = row[key]
        for key in SUM_LABELS:
            figures.sums[key] = row[key] or 0
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
    branches = {child.path: BranchFigures(child, ReportFigures()) for child in children}
    own = ReportFigures()
    total = ReportFigures()
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


def figures_from_dict(data: dict) -> ReportFigures:
    """Figures back from their stored form (ReportFigures.as_dict), e.g. a version's."""
    figures = ReportFigures()
    figures.counts.update(data.get("counts", {}))
    figures.sums.update(data.get("sums", {}))
    for name, values in data.get("breakdowns", {}).items():
        figures.breakdowns[name] = dict(values)
    return figures
