"""Cross-level reads over the public case facts, scoped by tenants.scoping.

Figures for a period come from the monthly rollups (a unit's subtree is one
row per month and dimension value); open, overdue and due-soon counts from the
open-case rollup (one row per deadline, compared with today at query time);
lists read the facts themselves, through the subtree path and due-date
indexes. Every function takes a `FigureScope` from `overview_scope_get`, so
nothing here can read outside what tenants.scoping allowed.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When

from core.errors import DomainError, not_found
from supervision.crosslevel.models import (
    CaseLink,
    OrderState,
    ResultReport,
    SupervisionOrder,
    SupervisionOrderReply,
)
from supervision.facts.errors import OverviewErrorCode
from supervision.facts.measures import (
    MEASURE_KEYS,
    MEASURES,
    RATES_BY_OVERVIEW_FIELD,
)
from supervision.facts.models import (
    CaseFact,
    CaseFactOpenRollupCurrent,
    CaseFactRollupCurrent,
    RollupDimension,
)
from supervision.models import Channel, LegalType, Topic
from tenants.models import Unit, User
from tenants.roles import Permission
from tenants.scoping import FigureScope, figure_scope, subtree_q

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
MAX_PERIOD_MONTHS = 120
DEFAULT_DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class Period:
    """Whole months, first and last inclusive (each the 1st of its month)."""

    first_month: date
    last_month: date

    def months(self) -> list[date]:
        months, month = [], self.first_month
        while month <= self.last_month:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months


def _month(text: str, field: str) -> date:
    match = MONTH_PATTERN.match(text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise DomainError(
            OverviewErrorCode.INVALID_PERIOD,
            f"月份格式应为YYYY-MM，收到：{text}",
            field=field,
        )
    return date(int(match.group(1)), int(match.group(2)), 1)


def period_parse(*, from_month: str, to_month: str) -> Period:
    """A period from two "YYYY-MM" strings, or INVALID_PERIOD."""
    period = Period(_month(from_month, "fromMonth"), _month(to_month, "toMonth"))
    if period.first_month > period.last_month:
        raise DomainError(
            OverviewErrorCode.INVALID_PERIOD,
            "起始月份不能晚于结束月份",
            field="toMonth",
        )
    if len(period.months()) > MAX_PERIOD_MONTHS:
        raise DomainError(
            OverviewErrorCode.INVALID_PERIOD,
            f"统计期间不能超过{MAX_PERIOD_MONTHS}个月",
            field="toMonth",
        )
    return period


def overview_scope_get(*, actor: User, unit_code: str | None = None) -> FigureScope:
    """The scope for `unit_code` (default: the actor's unit), or not found."""
    unit = None
    if unit_code:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise not_found("单位", field="unitCode")
    scope = figure_scope(actor, unit)
    if scope is None:
        raise not_found("单位", field="unitCode")
    return scope


@dataclass(frozen=True)
class OverviewFigures:
    """The measures of the cases received in a period, as they stood at its
    end, and the rates built from them (supervision.facts.measures)."""

    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(MEASURE_KEYS, 0)
    )

    @classmethod
    def of(cls, row: dict | None) -> OverviewFigures:
        row = row or {}
        return cls({m: int(row.get(m) or 0) for m in MEASURE_KEYS})

    def minus(self, other: OverviewFigures) -> OverviewFigures:
        return OverviewFigures(
            {m: self.counts[m] - other.counts[m] for m in MEASURE_KEYS}
        )

    def rate(self, overview_field: str) -> float | None:
        value = RATES_BY_OVERVIEW_FIELD[overview_field].value(self.counts)
        return None if value is None else float(value)

    def value(self, name: str) -> int | float | None:
        """A measure's count or a rate, by its dashboard name."""
        if name in self.counts:
            return self.counts[name]
        return self.rate(name)


RATE_NAMES = tuple(RATES_BY_OVERVIEW_FIELD)


def _sums(period: Period, *, signed_unit_id: int | None = None) -> dict:
    """Sum of each measure as of the period's end; with `signed_unit_id`, that
    unit's rows count plus and all others minus (a unit alone = its subtree
    minus its children's)."""
    value = {m: F(m) for m in MEASURE_KEYS}
    if signed_unit_id is not None:
        sign = Case(When(unit_id=signed_unit_id, then=Value(1)), default=Value(-1))
        value = {m: F(m) * sign for m in MEASURE_KEYS}
    return {
        measure.key: Sum(
            value[measure.key], filter=measure.rollup_filter(period.last_month)
        )
        for measure in MEASURES
    }


def _child_ids(unit: Unit) -> list[int]:
    return list(Unit.objects.filter(parent_id=unit.pk).values_list("id", flat=True))


def _scope_rows(scope: FigureScope, rows: QuerySet) -> tuple[QuerySet, int | None]:
    """Rollup rows of the scope, and the unit whose rows count plus when the
    others (its children's subtrees) are to be subtracted."""
    if scope.includes_descendants:
        return rows.filter(unit_id=scope.unit.pk), None
    units = [scope.unit.pk, *_child_ids(scope.unit)]
    return rows.filter(unit_id__in=units), scope.unit.pk


def _monthly_rows(scope: FigureScope, period: Period, dimensions) -> tuple:
    rows = CaseFactRollupCurrent.objects.filter(
        dimension__in=dimensions,
        month__gte=period.first_month,
        month__lte=period.last_month,
    )
    rows, signed = _scope_rows(scope, rows)
    return rows, _sums(period, signed_unit_id=signed)


def _total(figures: list[OverviewFigures]) -> OverviewFigures:
    return OverviewFigures({m: sum(f.counts[m] for f in figures) for m in MEASURE_KEYS})


@dataclass(frozen=True)
class UnitFigures:
    unit: Unit
    figures: OverviewFigures


@dataclass(frozen=True)
class RankedUnitFigures:
    rank: int
    unit: Unit
    figures: OverviewFigures
    value: float | None


@dataclass(frozen=True)
class MonthFigures:
    month: date
    figures: OverviewFigures


@dataclass(frozen=True)
class ValueFigures:
    value: str
    figures: OverviewFigures
    dimension: str = ""

    @property
    def label(self) -> str:
        """The value in Chinese: a channel's, type's or topic's label; a unit
        name is its own label; a value no longer among the choices keeps its
        stored key rather than vanish."""
        choices = _DIMENSION_CHOICES.get(self.dimension)
        if choices is None or self.value not in choices.values:
            return self.value
        return str(choices(self.value).label)


# The choices behind each dimension's values (the accused unit is free text).
_DIMENSION_CHOICES = {
    RollupDimension.CHANNEL: Channel,
    RollupDimension.LEGAL_TYPE: LegalType,
    RollupDimension.TOPIC: Topic,
}


@dataclass(frozen=True)
class OpenCounts:
    open: int
    overdue: int
    due_soon: int


def figures_trend(*, scope: FigureScope, period: Period) -> list[MonthFigures]:
    """One entry per month of the period, months without cases included: the
    cases received that month as they stood at the end of the period, so the
    months add up to the period's totals."""
    rows, sums = _monthly_rows(scope, period, [RollupDimension.ALL])
    by_month = {
        row["month"]: OverviewFigures.of(row)
        for row in rows.values("month").annotate(**sums)
    }
    return [
        MonthFigures(m, by_month.get(m, OverviewFigures())) for m in period.months()
    ]


def figures_by_child(*, scope: FigureScope, period: Period) -> list[UnitFigures]:
    """Each direct child's subtree figures (drill-down), in code order.

    Empty when the scope is the unit alone: its children are not visible then.
    """
    if not scope.includes_descendants:
        return []
    children = list(Unit.objects.filter(parent_id=scope.unit.pk).order_by("code"))
    rows = (
        CaseFactRollupCurrent.objects.filter(
            dimension=RollupDimension.ALL,
            month__gte=period.first_month,
            month__lte=period.last_month,
            unit_id__in=[child.pk for child in children],
        )
        .values("unit_id")
        .annotate(**_sums(period))
    )
    by_unit = {row["unit_id"]: OverviewFigures.of(row) for row in rows}
    return [
        UnitFigures(child, by_unit.get(child.pk, OverviewFigures()))
        for child in children
    ]


def figures_by_dimensions(
    *, scope: FigureScope, period: Period
) -> dict[str, list[ValueFigures]]:
    """Figures per value of every dimension (channel, type, topic, accused
    unit), most received first, in one query."""
    dimensions = [d for d in RollupDimension.values if d != RollupDimension.ALL]
    rows, sums = _monthly_rows(scope, period, dimensions)
    grouped: dict[str, list[ValueFigures]] = {d: [] for d in dimensions}
    for row in rows.values("dimension", "value").annotate(**sums):
        figures = OverviewFigures.of(row)
        if figures.counts["received"] > 0:
            grouped[row["dimension"]].append(
                ValueFigures(row["value"], figures, row["dimension"])
            )
    for values in grouped.values():
        values.sort(key=lambda g: (-g.figures.counts["received"], g.value))
    return grouped


def rank_children(
    children: list[UnitFigures], *, measure: str, descending: bool = True
) -> list[RankedUnitFigures]:
    """Children ranked by one count or rate; units without a value come last."""
    if measure not in MEASURE_KEYS and measure not in RATE_NAMES:
        raise DomainError(
            OverviewErrorCode.INVALID_MEASURE, f"未知的排名指标：{measure}"
        )
    with_value = [(c.figures.value(measure), c) for c in children]
    ranked = sorted(
        (pair for pair in with_value if pair[0] is not None),
        key=lambda pair: (-pair[0] if descending else pair[0], pair[1].unit.code),
    )
    ranked += [pair for pair in with_value if pair[0] is None]
    return [
        RankedUnitFigures(rank=i + 1, unit=c.unit, figures=c.figures, value=value)
        for i, (value, c) in enumerate(ranked)
    ]


def open_counts(
    *, scope: FigureScope, today: date, due_soon_days: int = DEFAULT_DUE_SOON_DAYS
) -> OpenCounts:
    """Open cases now, and how many are past or near their current deadline
    (compared with `today` here, from the open-case rollup)."""
    rows, signed = _scope_rows(scope, CaseFactOpenRollupCurrent.objects.all())
    soon = today + timedelta(days=due_soon_days)
    value = F("open")
    if signed is not None:
        value = F("open") * Case(When(unit_id=signed, then=Value(1)), default=Value(-1))
    counts = rows.aggregate(
        open_total=Sum(value),
        overdue_total=Sum(value, filter=Q(due_on__lt=today)),
        due_soon_total=Sum(value, filter=Q(due_on__gte=today, due_on__lte=soon)),
    )
    return OpenCounts(
        open=int(counts["open_total"] or 0),
        overdue=int(counts["overdue_total"] or 0),
        due_soon=int(counts["due_soon_total"] or 0),
    )


def open_counts_by_child(
    *, scope: FigureScope, today: date, due_soon_days: int = DEFAULT_DUE_SOON_DAYS
) -> dict[int, OpenCounts]:
    """Each direct child's subtree open, overdue and due-soon cases now, by
    unit id, in one grouped read of the open-case rollup; empty when the scope
    is the unit alone."""
    if not scope.includes_descendants:
        return {}
    soon = today + timedelta(days=due_soon_days)
    rows = (
        CaseFactOpenRollupCurrent.objects.filter(unit__parent_id=scope.unit.pk)
        .values("unit_id")
        .annotate(
            open_total=Sum("open"),
            overdue_total=Sum("open", filter=Q(due_on__lt=today)),
            due_soon_total=Sum("open", filter=Q(due_on__gte=today, due_on__lte=soon)),
        )
    )
    return {
        row["unit_id"]: OpenCounts(
            open=int(row["open_total"] or 0),
            overdue=int(row["overdue_total"] or 0),
            due_soon=int(row["due_soon_total"] or 0),
        )
        for row in rows
    }


@dataclass(frozen=True)
class OrderCounts:
    issued: int
    open: int
    answered: int
    overdue: int


def supervision_order_counts(
    *, scope: FigureScope, period: Period, today: date
) -> OrderCounts:
    """Supervision orders (督办单) issued in the period by the scope's units:
    how many, open, answered, and open past their reply date (compared with
    `today` here)."""
    orders = SupervisionOrder.objects.filter(
        issued_on__gte=period.first_month,
        issued_on__lt=(period.last_month + timedelta(days=32)).replace(day=1),
    )
    if scope.includes_descendants:
        orders = orders.filter(subtree_q(scope.unit, prefix="issuer_unit__"))
    else:
        orders = orders.filter(issuer_unit_id=scope.unit.pk)
    counts = orders.aggregate(
        issued=Count("id"),
        open_orders=Count("id", filter=Q(state=OrderState.OPEN)),
        answered=Count("id", filter=Q(state=OrderState.ANSWERED)),
        overdue=Count("id", filter=Q(state=OrderState.OPEN, due_on__lt=today)),
    )
    return OrderCounts(
        issued=counts["issued"],
        open=counts["open_orders"],
        answered=counts["answered"],
        overdue=counts["overdue"],
    )


class Overview:
    """One unit's cross-level view over a period, each part read once, when
    first asked for: the dashboard is a handful of indexed rollup reads."""

    def __init__(self, scope: FigureScope, period: Period):
        self.scope = scope
        self.period = period

    @cached_property
    def trend(self) -> list[MonthFigures]:
        return figures_trend(scope=self.scope, period=self.period)

    @cached_property
    def totals(self) -> OverviewFigures:
        return _total([entry.figures for entry in self.trend])

    @cached_property
    def children(self) -> list[UnitFigures]:
        return figures_by_child(scope=self.scope, period=self.period)

    @cached_property
    def own_unit(self) -> OverviewFigures:
        """The unit's own cases (本级): the subtree minus the children's."""
        if not self.scope.includes_descendants:
            return self.totals
        return self.totals.minus(_total([c.figures for c in self.children]))

    @cached_property
    def by_dimension(self) -> dict[str, list[ValueFigures]]:
        return figures_by_dimensions(scope=self.scope, period=self.period)

    def split(self, dimension: str, limit: int | None = None) -> list[ValueFigures]:
        values = self.by_dimension[dimension]
        return values[:limit] if limit else values

    def ranking(self, measure: str, descending: bool = True) -> list[RankedUnitFigures]:
        return rank_children(self.children, measure=measure, descending=descending)

    def open_counts(self, *, today: date, due_soon_days: int) -> OpenCounts:
        return open_counts(scope=self.scope, today=today, due_soon_days=due_soon_days)

    def children_open_counts(
        self, *, today: date, due_soon_days: int
    ) -> list[tuple[Unit, OpenCounts]]:
        by_unit = open_counts_by_child(
            scope=self.scope, today=today, due_soon_days=due_soon_days
        )
        return [
            (child.unit, by_unit.get(child.unit.pk, OpenCounts(0, 0, 0)))
            for child in self.children
        ]

    def supervision_orders(self, *, today: date) -> OrderCounts:
        return supervision_order_counts(
            scope=self.scope, period=self.period, today=today
        )


def overview_get(
    *, actor: User, unit_code: str | None, from_month: str, to_month: str
) -> Overview:
    """The overview of a unit the actor may view, or NOT_FOUND/INVALID_PERIOD."""
    scope = overview_scope_get(actor=actor, unit_code=unit_code)
    period = period_parse(from_month=from_month, to_month=to_month)
    return Overview(scope, period)


def _scope_facts(scope: FigureScope) -> QuerySet[CaseFact]:
    if scope.includes_descendants:
        return CaseFact.objects.filter(subtree_q(scope.unit, prefix="unit_"))
    return CaseFact.objects.filter(unit_id=scope.unit.pk)


def _narrowed(
    scope: FigureScope, *, level: str | None, unit_code: str | None
) -> QuerySet[CaseFact]:
    facts = _scope_facts(scope)
    if unit_code:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None or not (
            unit.pk == scope.unit.pk
            or (scope.includes_descendants and unit.is_in_subtree_of(scope.unit))
        ):
            raise not_found("单位", field="unitCode")
        facts = facts.filter(subtree_q(unit, prefix="unit_"))
    if level:
        facts = facts.filter(unit_level=level)
    return facts


def overdue_fact_list(
    *,
    scope: FigureScope,
    today: date,
    level: str | None = None,
    unit_code: str | None = None,
) -> QuerySet[CaseFact]:
    """Open cases past their current deadline, most overdue first."""
    return (
        _narrowed(scope, level=level, unit_code=unit_code)
        .filter(is_open=True, due_on__lt=today)
        .select_related("unit")
        .order_by("due_on", "id")
    )


def due_soon_fact_list(
    *,
    scope: FigureScope,
    today: date,
    within_days: int = DEFAULT_DUE_SOON_DAYS,
    level: str | None = None,
    unit_code: str | None = None,
) -> QuerySet[CaseFact]:
    """Open cases whose current deadline falls within the next days, soonest first."""
    return (
        _narrowed(scope, level=level, unit_code=unit_code)
        .filter(
            is_open=True,
            due_on__gte=today,
            due_on__lte=today + timedelta(days=within_days),
        )
        .select_related("unit")
        .order_by("due_on", "id")
    )


# How many links a case's chain (流转链) is followed up or down, at most: a case
# is not sent on more often than this in practice, and it bounds a bad loop.
MAX_CHAIN_LINKS = 20


@dataclass(frozen=True)
class CrossLevelCase:
    """The non-personal facts of one case of the viewer's scope and the chain
    of transfers, assignments and escalations (流转链) it belongs to."""

    fact: CaseFact
    chain: list[CaseLink]


def cross_level_case_get(*, actor: User, petition_id) -> CrossLevelCase:
    """One case of the actor's scope (its subtree, or its own unit), or not found."""
    scope = overview_scope_get(actor=actor)
    fact = (
        _scope_facts(scope)
        .filter(petition_id=petition_id)
        .select_related("unit")
        .first()
    )
    if fact is None:
        raise not_found("信访件", field="petitionId")
    links: dict[int, CaseLink] = {}
    # Up: the link that brought the case here, then the one before it.
    current = petition_id
    for _ in range(MAX_CHAIN_LINKS):
        link = (
            CaseLink.objects.filter(target_petition_id=current)
            .select_related("source_unit", "target_unit")
            .first()
        )
        if link is None or link.pk in links:
            break
        links[link.pk] = link
        current = link.source_petition_id
    # Down: what the case was sent on to, and on from there.
    frontier = [petition_id]
    while frontier and len(links) < 2 * MAX_CHAIN_LINKS:
        found = [
            link
            for link in CaseLink.objects.filter(
                source_petition_id__in=frontier
            ).select_related("source_unit", "target_unit")
            if link.pk not in links
        ]
        links.update((link.pk, link) for link in found)
        frontier = [link.target_petition_id for link in found]
    chain = sorted(links.values(), key=lambda link: (link.sent_on, link.pk))
    return CrossLevelCase(fact=fact, chain=chain)


def petition_tracking_numbers(
    *, actor: User, petitions: Iterable[tuple[str, int | None]]
) -> dict[tuple[str, int], str]:
    """Tracking numbers (信访件编号) of the petitions an audit page names, for
    auditors (审计员): keyed by (petition id as given, id of the unit holding it).

    One query over the public case facts whatever the page's units, rather
    than one per unit schema: a fact carries the tracking number and no
    personal data. A petition outside the auditor's subtree, of another unit
    than the entry's, or malformed in the entry, is left out (the page then
    shows its internal id)."""
    if not actor.is_authenticated or not actor.has_unit_permission(
        Permission.AUDIT_VIEW
    ):
        return {}
    # The stored id as the page has it, by its canonical form and unit.
    wanted: dict[tuple[uuid.UUID, int], str] = {}
    for petition_id, unit_id in petitions:
        # An entry without a unit names no schema, hence no petition.
        if unit_id is None:
            continue
        try:
            wanted[(uuid.UUID(str(petition_id)), unit_id)] = str(petition_id)
        except ValueError:
            continue
    if not wanted:
        return {}
    rows = (
        CaseFact.objects.filter(
            subtree_q(actor.unit, prefix="unit_"),
            petition_id__in={petition for petition, _unit in wanted},
        )
        .values_list("petition_id", "unit_id", "tracking_number")
        .order_by()
    )
    return {
        (wanted[(petition, unit)], unit): number
        for petition, unit, number in rows
        if (petition, unit) in wanted
    }


def result_report_tracking_numbers(
    *, actor: User, reports: Iterable[tuple[int, int | None]]
) -> dict[tuple[int, int], str]:
    """Tracking numbers (信访件编号) of the cases whose result reports (报结)
    an audit page's downloads name, for auditors (审计员): keyed by (report id,
    id of the entry's unit). The number is the one the entry's unit knows,
    its own petition of the assignment (the assigner's or the assignee's).

    Two queries whatever the page holds: the reports with their links, then
    the public case facts of their petitions in the auditor's subtree. A
    report or case out of that subtree is left out, like an unknown one."""
    if not actor.is_authenticated or not actor.has_unit_permission(
        Permission.AUDIT_VIEW
    ):
        return {}
    wanted = {(report, unit) for report, unit in reports if unit is not None}
    if not wanted:
        return {}
    pairs = {
        pk: (source, target)
        for pk, source, target in ResultReport.objects.filter(
            pk__in={report for report, _unit in wanted}
        )
        .values_list("pk", "link__source_petition_id", "link__target_petition_id")
        .order_by()
    }
    petitions = {petition for pair in pairs.values() for petition in pair}
    facts = {
        petition: (unit, number)
        for petition, unit, number in CaseFact.objects.filter(
            subtree_q(actor.unit, prefix="unit_"), petition_id__in=petitions
        )
        .values_list("petition_id", "unit_id", "tracking_number")
        .order_by()
    }
    numbers: dict[tuple[int, int], str] = {}
    for report, unit in wanted:
        for petition in pairs.get(report, ()):
            fact_unit, number = facts.get(petition, (None, ""))
            if fact_unit == unit and number:
                numbers[(report, unit)] = number
    return numbers


def order_reply_numbers(*, actor: User, replies: Iterable[int]) -> dict[int, str]:
    """The numbers (督办单号) of the supervision orders whose replies an audit
    page's downloads name, for auditors (审计员): keyed by reply id, one query.
    An order neither issued nor received in the auditor's subtree is left out."""
    if not actor.is_authenticated or not actor.has_unit_permission(
        Permission.AUDIT_VIEW
    ):
        return {}
    wanted = set(replies)
    if not wanted:
        return {}
    return dict(
        SupervisionOrderReply.objects.filter(
            subtree_q(actor.unit, prefix="order__issuer_unit__")
            | subtree_q(actor.unit, prefix="order__target_unit__"),
            pk__in=wanted,
        )
        .values_list("pk", "order__number")
        .order_by()
    )
