"""Rollups written fact by fact equal a full rebuild from the facts."""

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.unit_of_work import unit_of_work
from supervision.crosslevel.models import LinkKind
from supervision.facts.measures import SELF_HANDLING_MODE
from supervision.facts.models import CaseFactRollup, CaseFactRollupDelta
from supervision.facts.services import (
    case_fact_upsert,
    rollup_deltas_fold,
    rollup_rebuild,
    rollup_rows_from_facts,
    rollup_rows_stored,
)
from supervision.models import Channel, LegalType, Origin, Satisfaction
from tests.factories.facts import fact_create, fact_update
from tests.tree import KEYS

fact_values = st.fixed_dictionaries(
    {
        "channel": st.sampled_from(Channel.values),
        "legal_type": st.sampled_from(LegalType.values),
        "topic": st.sampled_from(["cadre_selection", "party_members", ""]),
        "accused_unit_name": st.sampled_from(["", "某某局", "某某镇"]),
        "origin": st.sampled_from(Origin.values),
        "received_on": st.dates(date(2025, 11, 1), date(2026, 2, 28)),
        "is_accepted": st.sampled_from([None, True, False]),
        "accepted_in_time": st.sampled_from([None, True, False]),
        "is_open": st.booleans(),
        "closed_on": st.one_of(
            st.none(), st.dates(date(2025, 11, 1), date(2026, 4, 30))
        ),
        "closed_in_time": st.sampled_from([None, True, False]),
        "handling_mode": st.sampled_from(["", SELF_HANDLING_MODE, *LinkKind.values]),
        "return_count": st.integers(0, 1),
        "review_stage": st.sampled_from(["", "review"]),
        "is_repeat": st.booleans(),
        "is_skip_level": st.booleans(),
        "is_multi_send": st.booleans(),
        "is_collective": st.booleans(),
        "headcount": st.integers(1, 6),
        "is_supervised": st.booleans(),
        "satisfaction": st.sampled_from(["", *Satisfaction.values]),
    }
)
unit_keys = st.sampled_from(sorted(KEYS))
# A step creates a fact (None) or changes the n-th one created so far.
steps = st.lists(
    st.tuples(st.one_of(st.none(), st.integers(0, 5)), unit_keys, fact_values),
    min_size=1,
    max_size=12,
)


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=steps)
def test_incremental_rollups_equal_a_rebuild(tree, steps):
    with transaction.atomic():
        facts = []
        for target, unit_key, values in steps:
            unit = tree.units[unit_key]
            if target is None or not facts:
                facts.append(fact_create(unit, **values))
            else:
                fact = facts[target % len(facts)]
                facts[target % len(facts)] = fact_update(fact, unit=unit, **values)
        assert rollup_rows_stored() == rollup_rows_from_facts()
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    steps=steps,
    cuts=st.lists(st.booleans(), min_size=12, max_size=12),
    folds=st.lists(st.booleans(), min_size=12, max_size=12),
)
def test_rollup_deltas_deferred_to_the_end_of_units_of_work_equal_a_rebuild(
    tree, steps, cuts, folds
):
    # The same writes grouped into units of work (a cut ends one): the deltas
    # each collects are appended as its last statement, folded into the rollup
    # rows now and then; rollup rows plus unfolded deltas sum to the rebuild,
    # and once all are folded the rollup rows alone do.
    with transaction.atomic():
        facts = []
        work = unit_of_work()
        work.__enter__()
        for (target, unit_key, values), cut, fold in zip(
            steps, cuts, folds, strict=False
        ):
            unit = tree.units[unit_key]
            if target is None or not facts:
                facts.append(fact_create(unit, **values))
            else:
                fact = facts[target % len(facts)]
                facts[target % len(facts)] = fact_update(fact, unit=unit, **values)
            if cut:
                work.__exit__(None, None, None)
                assert rollup_rows_stored() == rollup_rows_from_facts()
                if fold:
                    rollup_deltas_fold()
                    assert not CaseFactRollupDelta.objects.exists()
                    assert rollup_rows_stored() == rollup_rows_from_facts()
                work = unit_of_work()
                work.__enter__()
        work.__exit__(None, None, None)
        assert rollup_rows_stored() == rollup_rows_from_facts()
        rollup_deltas_fold()
        assert rollup_rows_stored() == rollup_rows_from_facts()
        assert folded_rows() == rollup_rows_from_facts()
        transaction.set_rollback(True)


def folded_rows() -> set[tuple]:
    """The rollup rows alone (no deltas), as rollup_rows_stored's tuples."""
    from supervision.facts.models import CaseFactOpenRollup
    from supervision.facts.services import MEASURE_KEYS

    monthly = CaseFactRollup.objects.filter(received__gt=0).values_list(
        "unit_id", "dimension", "month", "value", "closed_month", *MEASURE_KEYS
    )
    open_rows = CaseFactOpenRollup.objects.filter(open__gt=0).values_list(
        "unit_id", "due_on", "open"
    )
    return {("month", *row) for row in monthly} | {("open", *row) for row in open_rows}


@pytest.mark.django_db
def test_inside_a_unit_of_work_the_rollup_deltas_are_written_last(tree):
    with unit_of_work():
        fact_create(tree.units["county_a"])
        fact_create(tree.units["county_a"])
        assert not CaseFactRollupDelta.objects.exists()
        assert rollup_rows_stored() != rollup_rows_from_facts()
    # appended as deltas, the rollup rows untouched until a fold
    assert CaseFactRollupDelta.objects.exists()
    assert not CaseFactRollup.objects.exists()
    assert rollup_rows_stored() == rollup_rows_from_facts()


@pytest.mark.django_db
def test_a_failed_unit_of_work_writes_no_rollup_rows(tree):
    with pytest.raises(RuntimeError), unit_of_work():
        fact_create(tree.units["county_a"])
        raise RuntimeError("rolled back")
    assert not CaseFactRollup.objects.exists()
    assert not CaseFactRollupDelta.objects.exists()
    assert rollup_rows_stored() == rollup_rows_from_facts()


def test_a_fact_counts_for_its_unit_and_every_ancestor(tree):
    fact_create(tree.units["township"], received_on=date(2026, 3, 5), is_repeat=True)
    rollup_deltas_fold()

    rows = CaseFactRollup.objects.filter(dimension="all").values_list(
        "unit__code", "month", "received", "accepted", "repeat"
    )

    assert sorted(rows) == [
        ("320000", date(2026, 3, 1), 1, 1, 1),
        ("320100", date(2026, 3, 1), 1, 1, 1),
        ("320102", date(2026, 3, 1), 1, 1, 1),
        ("320102002", date(2026, 3, 1), 1, 1, 1),
    ]


def test_moving_a_fact_to_another_unit_moves_its_counts(tree):
    fact = fact_create(tree.units["county_a"], received_on=date(2026, 3, 5))

    fact_update(fact, unit=tree.units["other_county"])
    rollup_deltas_fold()

    rows = CaseFactRollup.objects.filter(dimension="all").values_list(
        "unit__code", "received"
    )
    assert sorted(rows) == [
        ("320000", 1),
        ("320100", 0),
        ("320102", 0),
        ("320200", 1),
        ("320213", 1),
    ]


def test_rebuild_repairs_drifted_rollups(tree):
    fact_create(tree.units["county_b"], received_on=date(2026, 4, 1))
    rollup_deltas_fold()
    CaseFactRollup.objects.filter(unit=tree.units["city"]).update(received=99)

    written = rollup_rebuild()

    # three units x all/channel/legal type/topic, and three open-case rows
    assert written == 3 * 4 + 3
    assert rollup_rows_stored() == rollup_rows_from_facts()


def test_unknown_fact_fields_are_refused(tree):
    with pytest.raises(TypeError):
        case_fact_upsert(
            actor=None,
            petition_id="8d3c0f4e-0000-4000-8000-000000000001",
            unit=tree.units["city"],
            petitioner_name="张三",
        )
