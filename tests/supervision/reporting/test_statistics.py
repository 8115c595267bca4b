"""Statistics from case facts: every rate against a hand-computed fixture, and
roll-up totals against the children's figures and the facts themselves."""

import datetime
from decimal import Decimal

from supervision.facts.models import CaseFact
from supervision.reporting.statistics import COUNT_KEYS, statistics_compute
from tests.factories.reporting import make_closed_fact, make_fact

START = datetime.date(2025, 1, 1)
END = datetime.date(2025, 12, 31)


def _county_a_fixture(unit):
    """Seven cases received in 2025 and one received in 2024 (outside)."""
    # 1: closed in time at once, satisfied.
    make_closed_fact(unit, satisfaction="satisfied")
    # 2: closed late after one return, repeat, basically satisfied.
    make_closed_fact(
        unit,
        channel="visit",
        closed_in_time=False,
        return_count=1,
        is_repeat=True,
        satisfaction="mostly_satisfied",
    )
    # 3: accepted late, transferred, closed in time but went to review, supervised.
    make_closed_fact(
        unit,
        channel="visit",
        accepted_in_time=False,
        handling_mode="transfer",
        review_stage="review",
        is_supervised=True,
        satisfaction="dissatisfied",
        legal_type="accusation",
    )
    # 4: accepted, still open, repeat collective skip-level visit of 8 people.
    make_fact(
        unit,
        channel="visit",
        is_accepted=True,
        accepted_in_time=True,
        handling_mode="self",
        is_repeat=True,
        is_collective=True,
        headcount=8,
        is_skip_level=True,
    )
    # 5: assigned down, closed only after the period ended.
    make_closed_fact(
        unit,
        channel="online",
        handling_mode="assign",
        closed_on=datetime.date(2026, 1, 5),
    )
    # 6: declined in time.
    make_fact(
        unit,
        channel="call",
        is_accepted=False,
        accepted_in_time=True,
        is_open=False,
        closed_on=datetime.date(2025, 3, 9),
    )
    # 7: acceptance still pending.
    make_fact(unit)
    # 8: received before the period: not counted anywhere.
    make_closed_fact(unit, received_on=datetime.date(2024, 12, 31))


def test_every_rate_matches_the_hand_computed_fixture(tree):
    county_a = tree.units["county_a"]
    _county_a_fixture(county_a)

    stats = statistics_compute(unit=county_a, period_start=START, period_end=END)

    counts = stats.own.counts
    assert {
        key: counts[key]
        for key in (
            "received",
            "acceptance_decided",
            "accepted_in_time",
            "accepted",
            "not_accepted",
            "closed",
            "closed_in_time",
            "closed_at_once",
            "self_handled",
            "transferred",
            "assigned",
            "supervised",
            "repeat",
            "skip_level",
            "collective",
            "satisfaction_rated",
            "satisfied",
            "open",
        )
    } == {
        "received": 7,
        "acceptance_decided": 6,
        "accepted_in_time": 5,
        "accepted": 5,
        "not_accepted": 1,
        "closed": 3,
        "closed_in_time": 2,
        "closed_at_once": 1,
        "self_handled": 3,
        "transferred": 1,
        "assigned": 1,
        "supervised": 1,
        "repeat": 2,
        "skip_level": 1,
        "collective": 1,
        "satisfaction_rated": 3,
        "satisfied": 2,
        # 4 and 7, and 5: closed only after the period, so in progress at its end.
        "open": 3,
    }
    assert stats.own.sums == {"collective_headcount": 8}
    assert {
        rate.key: (rate.numerator, rate.denominator, rate.value)
        for rate in stats.own.rates()
    } == {
        "timely_acceptance": (5, 6, Decimal("0.8333")),
        "closure": (3, 5, Decimal("0.6000")),
        "closed_in_time": (2, 3, Decimal("0.6667")),
        "self_handling": (3, 5, Decimal("0.6000")),
        "repeat": (2, 7, Decimal("0.2857")),
        "closed_at_once": (1, 3, Decimal("0.3333")),
        "satisfaction": (2, 3, Decimal("0.6667")),
    }
    assert stats.own.breakdowns["channel"] == {
        "letter": 2,
        "visit": 3,
        "online": 1,
        "call": 1,
    }
    assert stats.own.breakdowns["legal_type"] == {"appeal": 6, "accusation": 1}


def test_a_rate_with_nothing_to_divide_by_has_no_value(tree):
    stats = statistics_compute(
        unit=tree.units["county_b"], period_start=START, period_end=END
    )
    assert [rate.value for rate in stats.total.rates()] == [None] * 7
    assert stats.total.counts["received"] == 0


def test_subtree_total_is_own_plus_children_and_equals_the_facts(tree):
    city, county_a = tree.units["city"], tree.units["county_a"]
    _county_a_fixture(county_a)
    make_closed_fact(tree.units["township"], satisfaction="satisfied")
    make_fact(tree.units["township"], origin="upper_unit", is_repeat=True)
    make_closed_fact(tree.units["county_b"], channel="online")
    make_fact(city, channel="visit", is_collective=True, headcount=5)
    make_fact(tree.units["other_county"])  # another city's branch

    stats = statistics_compute(unit=city, period_start=START, period_end=END)

    assert [branch.unit.code for branch in stats.children] == ["320102", "320104"]
    for key in COUNT_KEYS:
        children_sum = sum(branch.figures.counts[key] for branch in stats.children)
        assert stats.total.counts[key] == stats.own.counts[key] + children_sum, key
    assert stats.total.counts["received"] == 11
    assert (
        stats.total.counts["received"]
        == CaseFact.objects.filter(
            unit_path__startswith="320000.320100",
            received_on__gte=START,
            received_on__lte=END,
        ).count()
    )
    assert stats.total.sums["collective_headcount"] == 13
    assert stats.children[0].figures.counts["received"] == 9
    assert stats.children[0].figures.counts["received_from_above"] == 1
    assert stats.total.breakdowns["channel"] == {
        "letter": 4,
        "visit": 4,
        "online": 2,
        "call": 1,
    }
    county_stats = statistics_compute(unit=county_a, period_start=START, period_end=END)
    assert county_stats.total.counts == stats.children[0].figures.counts
