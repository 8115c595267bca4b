"""Overview figures on the reporting node: a province's (or any unit's) subtree,
or the national level above every province, read by the same selectors as the
dashboard (`supervision.facts.selectors`), so every figure keeps one
definition (`supervision.facts.measures`).

The reporting node holds no staff: it is read by its operators and by the
systems they feed, through `manage.py reporting_overview`, and always sees
whole subtrees. The national level is the sum of the provinces' subtrees; it
receives no cases of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from core.errors import DomainError
from supervision.facts.errors import ReportingErrorCode
from supervision.facts.measures import MEASURE_KEYS
from supervision.facts.models import RollupDimension
from supervision.facts.selectors import (
    RATE_NAMES,
    MonthFigures,
    OpenCounts,
    OrderCounts,
    Overview,
    OverviewFigures,
    Period,
    UnitFigures,
    ValueFigures,
    rank_children,
)
from tenants.models import Unit
from tenants.scoping import FigureScope


def _sum(figures) -> OverviewFigures:
    figures = list(figures)
    return OverviewFigures({m: sum(f.counts[m] for f in figures) for m in MEASURE_KEYS})


def unit_overview(*, unit_code: str, period: Period) -> Overview:
    """The whole subtree of one unit, as its own dashboard shows it."""
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None:
        raise DomainError(
            ReportingErrorCode.UNKNOWN_UNIT, f"报送库中没有单位 {unit_code}"
        )
    return Overview(FigureScope(unit=unit, includes_descendants=True), period)


@dataclass(frozen=True)
class NationalUnit:
    """The level above the provinces (全国), which is not a tenant."""

    code: str = "000000"
    name: str = "全国"
    level: str = "national"


class NationalOverview:
    """The sum of every province's subtree, the provinces as its children."""

    unit = NationalUnit()

    def __init__(self, period: Period):
        self.period = period
        provinces = Unit.objects.filter(parent__isnull=True).order_by("code")
        self.provinces = [
            Overview(FigureScope(unit=p, includes_descendants=True), period)
            for p in provinces
        ]

    @cached_property
    def trend(self) -> list[MonthFigures]:
        months = self.period.months()
        return [
            MonthFigures(month, _sum(p.trend[i].figures for p in self.provinces))
            for i, month in enumerate(months)
        ]

    @cached_property
    def totals(self) -> OverviewFigures:
        return _sum(p.totals for p in self.provinces)

    @cached_property
    def children(self) -> list[UnitFigures]:
        return [UnitFigures(p.scope.unit, p.totals) for p in self.provinces]

    @cached_property
    def own_unit(self) -> OverviewFigures:
        return OverviewFigures()

    @cached_property
    def by_dimension(self) -> dict[str, list[ValueFigures]]:
        merged: dict[str, dict[str, list[OverviewFigures]]] = {}
        for province in self.provinces:
            for dimension, values in province.by_dimension.items():
                for entry in values:
                    merged.setdefault(dimension, {}).setdefault(entry.value, []).append(
                        entry.figures
                    )
        grouped = {}
        for dimension in RollupDimension.values:
            if dimension == RollupDimension.ALL:
                continue
            values = [
                ValueFigures(value, _sum(figures))
                for value, figures in merged.get(dimension, {}).items()
            ]
            values.sort(key=lambda g: (-g.figures.counts["received"], g.value))
            grouped[dimension] = values
        return grouped

    def split(self, dimension: str, limit: int | None = None) -> list[ValueFigures]:
        values = self.by_dimension[dimension]
        return values[:limit] if limit else values

    def ranking(self, measure: str, descending: bool = True):
        return rank_children(self.children, measure=measure, descending=descending)

    def open_counts(self, *, today: date, due_soon_days: int) -> OpenCounts:
        counts = [
            p.open_counts(today=today, due_soon_days=due_soon_days)
            for p in self.provinces
        ]
        return OpenCounts(
            open=sum(c.open for c in counts),
            overdue=sum(c.overdue for c in counts),
            due_soon=sum(c.due_soon for c in counts),
        )

    def children_open_counts(self, *, today: date, due_soon_days: int):
        return [
            (p.scope.unit, p.open_counts(today=today, due_soon_days=due_soon_days))
            for p in self.provinces
        ]

    def supervision_orders(self, *, today: date) -> OrderCounts:
        counts = [p.supervision_orders(today=today) for p in self.provinces]
        return OrderCounts(
            issued=sum(c.issued for c in counts),
            open=sum(c.open for c in counts),
            answered=sum(c.answered for c in counts),
            overdue=sum(c.overdue for c in counts),
        )


def figures_document(figures: OverviewFigures) -> dict:
    return {
        **figures.counts,
        **{name: figures.rate(name) for name in RATE_NAMES},
    }


def _unit_document(unit) -> dict:
    return {"code": unit.code, "name": unit.name, "level": unit.level}


def _open_document(counts: OpenCounts) -> dict:
    return {"open": counts.open, "overdue": counts.overdue, "dueSoon": counts.due_soon}


def overview_document(
    overview: Overview | NationalOverview, *, today: date, due_soon_days: int = 7
) -> dict:
    """Every figure of an overview as plain data (the `overview` query's parts)."""
    unit = (
        overview.unit if isinstance(overview, NationalOverview) else overview.scope.unit
    )
    orders = overview.supervision_orders(today=today)
    return {
        "unit": _unit_document(unit),
        "fromMonth": f"{overview.period.first_month:%Y-%m}",
        "toMonth": f"{overview.period.last_month:%Y-%m}",
        "today": today.isoformat(),
        "totals": figures_document(overview.totals),
        "ownUnit": figures_document(overview.own_unit),
        "children": [
            {"unit": _unit_document(c.unit), "figures": figures_document(c.figures)}
            for c in overview.children
        ],
        "trend": [
            {"month": f"{m.month:%Y-%m}", "figures": figures_document(m.figures)}
            for m in overview.trend
        ],
        "split": {
            dimension: [
                {"value": v.value, "figures": figures_document(v.figures)}
                for v in values
            ]
            for dimension, values in overview.by_dimension.items()
        },
        "openCounts": _open_document(
            overview.open_counts(today=today, due_soon_days=due_soon_days)
        ),
        "childrenOpenCounts": [
            {"unit": _unit_document(unit), **_open_document(counts)}
            for unit, counts in overview.children_open_counts(
                today=today, due_soon_days=due_soon_days
            )
        ],
        "supervisionOrders": {
            "issued": orders.issued,
            "open": orders.open,
            "answered": orders.answered,
            "overdue": orders.overdue,
        },
    }
