"""Scoring of subordinate units (量化打分) for assessment bulletins.

Each metric is a rate between 0 and 1 where higher is better: the report rates,
with 重信重访率 inverted (1 − rate), plus on-time reporting (按时报送率). A
child's score is

    score = 100 × Σ (weight × metric) / Σ weight

over the metrics that have a value for that child (a rate with nothing to divide
by is left out and the remaining weights carry the score); a child with no
metric at all scores 0. Ranks are competition ranks (1, 1, 3): equal scores
share a rank. Each metric's points are rounded to 0.01 and the score is
their sum.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone

from core.errors import DomainError
from supervision.facts.measures import RATES_BY_KEY, rate_value
from supervision.reporting.errors import AssessmentErrorCode
from supervision.reporting.models import Report, ReportRequirement
from supervision.reporting.statistics import statistics_compute
from tenants.models import Unit

ON_TIME_REPORTING = "on_time_reporting"
# Rates where fewer is better are scored as 1 − rate.
INVERTED = {"repeat"}
METRIC_LABELS = {
    **{key: rate.label for key, rate in RATES_BY_KEY.items()},
    ON_TIME_REPORTING: "按时报送率",
}
# The weights a new bulletin starts from (the province's usual 量化打分 split).
SUGGESTED_WEIGHTS = {
    "closure": Decimal(25),
    "closed_in_time": Decimal(20),
    "satisfaction": Decimal(20),
    "repeat": Decimal(10),
    "closed_at_once": Decimal(5),
    ON_TIME_REPORTING: Decimal(20),
}
POINTS = Decimal("0.01")
MAX_WEIGHT = Decimal(1000)


def assessment_metrics() -> list[dict]:
    """Every metric a bulletin may weigh, with its label and suggested weight."""
    return [
        {
            "metric": key,
            "label": label,
            "weight": SUGGESTED_WEIGHTS.get(key, Decimal(0)),
        }
        for key, label in METRIC_LABELS.items()
    ]


def clean_weights(weights: dict) -> dict[str, Decimal]:
    """Known metrics with non-negative weights, at least one above zero."""
    cleaned: dict[str, Decimal] = {}
    for key, raw in weights.items():
        if key not in METRIC_LABELS:
            raise DomainError(
                AssessmentErrorCode.INVALID_WEIGHTS,
                f"未知的考核指标：{key}",
                field="weights",
            )
        try:
            weight = Decimal(str(raw))
        except InvalidOperation:
            weight = Decimal(-1)
        if not weight.is_finite() or weight < 0 or weight > MAX_WEIGHT:
            raise DomainError(
                AssessmentErrorCode.INVALID_WEIGHTS,
                "权重应为0至1000之间的数",
                field="weights",
            )
        if weight > 0:
            cleaned[key] = weight
    if not cleaned:
        raise DomainError(
            AssessmentErrorCode.INVALID_WEIGHTS,
            "至少设置一项大于0的权重",
            field="weights",
        )
    return cleaned


@dataclass(frozen=True)
class ScoreResult:
    unit: Unit
    score: Decimal
    rank: int
    components: dict


def on_time_reporting(
    *, unit: Unit, period_start: datetime.date, period_end: datetime.date
) -> tuple[int, int]:
    """(reports submitted by the due date, reports due) for requirements issued
    above `unit` and falling due in the period."""
    due = [
        requirement
        for requirement in ReportRequirement.objects.filter(
            issuer_unit__code__in=unit.ancestor_codes(),
            due_on__gte=period_start,
            due_on__lte=period_end,
        )
        if requirement.applies_to(unit)
    ]
    on_time = sum(
        1
        for report in Report.objects.filter(
            unit=unit, requirement__in=due
        ).select_related("requirement")
        if _submitted_on(report) <= report.requirement.due_on
    )
    return on_time, len(due)


def _submitted_on(report: Report) -> datetime.date:
    return timezone.localtime(report.first_submitted_at).date()


def score_children(
    *,
    parent: Unit,
    children: list[Unit],
    period_start: datetime.date,
    period_end: datetime.date,
    weights: dict[str, Decimal],
) -> list[ScoreResult]:
    """Score and rank each child over its subtree's figures for the period."""
    stats = statistics_compute(
        unit=parent, period_start=period_start, period_end=period_end
    )
    figures = {branch.unit.id: branch.figures for branch in stats.children}
    scored = []
    for child in children:
        # metric key -> (the rate as reported, the value scored)
        metrics: dict[str, tuple[Decimal | None, Decimal | None]] = {}
        for key in weights:
            if key == ON_TIME_REPORTING:
                numerator, denominator = on_time_reporting(
                    unit=child, period_start=period_start, period_end=period_end
                )
                value = rate_value(numerator, denominator)
            else:
                value = figures[child.id].rate(key)
            scored_value = value
            if value is not None and key in INVERTED:
                scored_value = Decimal(1) - value
            metrics[key] = (value, scored_value)
        used = sum(
            weights[key] for key, (_, value) in metrics.items() if value is not None
        )
        components = {}
        score = Decimal(0)
        for key, (value, scored_value) in metrics.items():
            points = (
                Decimal(0)
                if scored_value is None or not used
                else Decimal(100) * weights[key] * scored_value / used
            )
            points = points.quantize(POINTS, rounding=ROUND_HALF_UP)
            score += points
            components[key] = {
                "rate": None if value is None else str(value),
                "points": str(points),
            }
        scored.append((child, score, components))
    ordered = sorted(scored, key=lambda item: (-item[1], item[0].code))
    results: list[ScoreResult] = []
    for position, (child, score, components) in enumerate(ordered, start=1):
        rank = position
        if results and results[-1].score == score:
            rank = results[-1].rank
        results.append(ScoreResult(child, score, rank, components))
    return results
