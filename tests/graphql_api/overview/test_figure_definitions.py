"""The dashboard's rates and period figures as defined once in
supervision.facts.measures: 满意率 counts 基本满意, 及时受理率 divides by the
decisions made, and 办结/在办 are read at the end of the period."""

from datetime import date

from supervision.models import Satisfaction
from tests.factories.facts import fact_create

FIGURES = """
query($from: String!, $to: String!) {
  overview(unitCode: "320102", fromMonth: $from, toMonth: $to) {
    totals { received acceptanceDecided acceptedInTime accepted notAccepted
             closed open satisfactionRated satisfied
             timelyAcceptanceRate closureRate satisfactionRate }
  }
}"""
FIRST_QUARTER = {"from": "2026-01", "to": "2026-03"}


def _totals(tree, gql, period=FIRST_QUARTER) -> dict:
    viewer = gql(tree.user("province", "supervisor"))
    return viewer.ok(FIGURES, period)["overview"]["totals"]


def test_satisfaction_rate_counts_basically_satisfied(tree, gql):
    county = tree.units["county_a"]
    for satisfaction in (
        Satisfaction.SATISFIED,
        Satisfaction.MOSTLY_SATISFIED,
        Satisfaction.DISSATISFIED,
        Satisfaction.MOSTLY_SATISFIED,
    ):
        fact_create(county, received_on=date(2026, 2, 3), satisfaction=satisfaction)

    totals = _totals(tree, gql)

    assert (totals["satisfactionRated"], totals["satisfied"]) == (4, 3)
    assert totals["satisfactionRate"] == 0.75


def test_timely_acceptance_rate_divides_by_the_decisions_made(tree, gql):
    county = tree.units["county_a"]
    received = {"received_on": date(2026, 1, 5)}
    fact_create(county, **received)  # accepted in time
    fact_create(
        county,
        **received,
        status="declined",
        is_accepted=False,
        is_open=False,
        accepted_in_time=True,
    )
    fact_create(
        county,
        **received,
        status="referred",
        is_accepted=False,
        is_open=False,
        accepted_in_time=True,
    )
    fact_create(  # not decided yet
        county, **received, status="registered", is_accepted=None, accepted_in_time=None
    )

    totals = _totals(tree, gql)

    assert {
        key: totals[key]
        for key in (
            "received",
            "acceptanceDecided",
            "acceptedInTime",
            "accepted",
            "notAccepted",
        )
    } == {
        "received": 4,
        "acceptanceDecided": 3,
        "acceptedInTime": 3,
        "accepted": 1,
        "notAccepted": 2,
    }
    assert totals["timelyAcceptanceRate"] == 1.0


def test_a_case_closed_after_the_period_is_in_progress_for_it(tree, gql):
    fact_create(
        tree.units["county_a"],
        received_on=date(2026, 2, 10),
        status="closed",
        is_open=False,
        closed_on=date(2026, 4, 2),
        closed_in_time=True,
    )

    quarter = _totals(tree, gql)
    with_april = _totals(tree, gql, {"from": "2026-01", "to": "2026-04"})

    assert (quarter["closed"], quarter["open"], quarter["closureRate"]) == (0, 1, 0.0)
    assert (with_april["closed"], with_april["open"]) == (1, 0)
    assert with_april["closureRate"] == 1.0
