"""Rollup deltas: writers append them, readers sum them with the folded rows,
the fold moves them into the rollup rows without changing a figure."""

from datetime import date

import psycopg2
import pytest
from django.db import connection

from core.unit_of_work import unit_of_work
from supervision.facts.models import (
    CaseFactOpenRollup,
    CaseFactOpenRollupCurrent,
    CaseFactOpenRollupDelta,
    CaseFactRollup,
    CaseFactRollupCurrent,
    CaseFactRollupDelta,
)
from supervision.facts.selectors import (
    figures_by_child,
    figures_by_dimensions,
    figures_trend,
    open_counts,
    period_parse,
)
from supervision.facts.services import (
    FOLD_LOCK,
    rollup_deltas_fold,
    rollup_rows_from_facts,
    rollup_rows_stored,
)
from tenants.scoping import FigureScope
from tests.factories.facts import fact_create, fact_update


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {
            column.name
            for column in connection.introspection.get_table_description(cursor, table)
        }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, delta, view",
    [
        (CaseFactRollup, CaseFactRollupDelta, CaseFactRollupCurrent),
        (CaseFactOpenRollup, CaseFactOpenRollupDelta, CaseFactOpenRollupCurrent),
    ],
)
def test_the_views_readers_sum_have_every_count_column(model, delta, view):
    # A measure added to the rollup must reach its delta table and the view
    # (a migration recreates the view), or the figures would miss its deltas.
    expected = {field.column for field in model._meta.concrete_fields}
    assert _columns(model._meta.db_table) == expected
    assert _columns(delta._meta.db_table) == expected
    assert _columns(view._meta.db_table) == expected
    assert {field.column for field in view._meta.concrete_fields} == expected


def _figures(tree) -> tuple:
    scope = FigureScope(unit=tree.units["province"], includes_descendants=True)
    city = FigureScope(unit=tree.units["city"], includes_descendants=False)
    period = period_parse(from_month="2026-01", to_month="2026-06")
    today = date(2026, 4, 1)
    return (
        [
            (m.month, m.figures.counts)
            for m in figures_trend(scope=scope, period=period)
        ],
        [
            (c.unit.code, c.figures.counts)
            for c in figures_by_child(scope=scope, period=period)
        ],
        {
            dimension: [(v.value, v.figures.counts) for v in values]
            for dimension, values in figures_by_dimensions(
                scope=city, period=period
            ).items()
        },
        open_counts(scope=scope, today=today),
        open_counts(scope=city, today=today),
    )


def test_writers_append_deltas_and_the_fold_changes_no_figure(tree):
    with unit_of_work():
        first = fact_create(tree.units["township"], received_on=date(2026, 3, 5))
    fact_create(
        tree.units["county_b"], received_on=date(2026, 2, 1), due_on=date(2026, 3, 1)
    )
    with unit_of_work():
        fact_update(
            first,
            unit=tree.units["other_county"],
            is_open=False,
            closed_on=date(2026, 4, 2),
        )
    assert not CaseFactRollup.objects.exists()
    assert not CaseFactOpenRollup.objects.exists()
    before = _figures(tree)
    assert before[0][2][1]["received"] == 1  # March, read from deltas alone

    folded = rollup_deltas_fold()

    assert folded > 0
    assert not CaseFactRollupDelta.objects.exists()
    assert not CaseFactOpenRollupDelta.objects.exists()
    assert _figures(tree) == before
    assert rollup_rows_stored() == rollup_rows_from_facts()
    # idempotent: nothing left to fold, nothing changes
    rows = set(CaseFactRollup.objects.values_list())
    assert rollup_deltas_fold() == 0
    assert set(CaseFactRollup.objects.values_list()) == rows

    # later writes add deltas beside the folded rows; readers sum both
    fact_create(tree.units["township"], received_on=date(2026, 3, 9))
    assert _figures(tree)[0][2][1]["received"] == 2
    assert rollup_rows_stored() == rollup_rows_from_facts()
    rollup_deltas_fold()
    assert _figures(tree)[0][2][1]["received"] == 2
    assert rollup_rows_stored() == rollup_rows_from_facts()


def test_a_fold_leaves_the_deltas_to_the_fold_already_running(tree):
    fact_create(tree.units["township"], received_on=date(2026, 3, 5))
    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [FOLD_LOCK])
        assert rollup_deltas_fold() == 0
        assert CaseFactRollupDelta.objects.exists()
        # released here, not by closing: a closed session's backend may still
        # hold the lock for a moment after close() returns
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [FOLD_LOCK])
    finally:
        other.close()
    assert rollup_deltas_fold() > 0
    assert rollup_rows_stored() == rollup_rows_from_facts()


def test_a_fold_moves_more_deltas_than_one_batch(tree, monkeypatch):
    monkeypatch.setattr("supervision.facts.services.FOLD_BATCH", 7)
    for day in range(1, 6):
        fact_create(tree.units["township"], received_on=date(2026, 3, day))
    deltas = (
        CaseFactRollupDelta.objects.count() + CaseFactOpenRollupDelta.objects.count()
    )
    assert deltas > 7

    assert rollup_deltas_fold() == deltas
    assert not CaseFactRollupDelta.objects.exists()
    assert rollup_rows_stored() == rollup_rows_from_facts()
