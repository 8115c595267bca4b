"""The dashboard (overview) and the report statistics give the same figures for
the same cases, and both equal the figures computed directly from the one
table of definitions (supervision.facts.measures), over every value of every
field a figure depends on."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supervision.crosslevel.models import LinkKind
from supervision.facts.measures import (
    MEASURES,
    NO_REVIEW_STAGE,
    RATES,
    SELF_HANDLING_MODE,
    rate_value,
)
from supervision.facts.models import CaseFact
from supervision.facts.petition_fact import MERGED_STATUS
from supervision.facts.services import rollup_rebuild
from supervision.models import (
    Channel,
    LegalType,
    Origin,
    Satisfaction,
    Stage,
    Status,
    Topic,
)
from tests.factories.facts import fact_create
from tests.tree import KEYS

FIRST_MONTH, LAST_MONTH = "2026-01", "2026-03"
PERIOD_START, PERIOD_END = date(2026, 1, 1), date(2026, 3, 31)

FIGURES = """
  counts { key value }
  rates { key numerator denominator value }
"""


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


OVERVIEW_FIELDS = " ".join(
    _camel(name)
    for name in (*(m.key for m in MEASURES), *(r.overview_field for r in RATES))
)
QUERY = f"""
query($unit: String!, $from: String!, $to: String!, $start: Date!, $end: Date!) {{
  overview(unitCode: $unit, fromMonth: $from, toMonth: $to) {{
    totals {{ {OVERVIEW_FIELDS} }}
    ownUnit {{ {OVERVIEW_FIELDS} }}
    children {{ unit {{ code }} figures {{ {OVERVIEW_FIELDS} }} }}
  }}
  reportStatistics(unitCode: $unit, periodStart: $start, periodEnd: $end) {{
    own {{ {FIGURES} }}
    total {{ {FIGURES} }}
    children {{ unit {{ code }} figures {{ {FIGURES} }} }}
  }}
}}"""


def _values(choices) -> list[str]:
    return list(choices.values)


def _maybe(strategy):
    return st.one_of(st.none(), strategy)


fact_values = st.fixed_dictionaries(
    {
        "channel": st.sampled_from(_values(Channel)),
        "legal_type": st.sampled_from(_values(LegalType)),
        "topic": st.sampled_from(["", *_values(Topic)]),
        "status": st.sampled_from([*_values(Status), MERGED_STATUS]),
        "origin": st.sampled_from(_values(Origin)),
        "handling_mode": st.sampled_from(["", SELF_HANDLING_MODE, *_values(LinkKind)]),
        "review_stage": st.sampled_from(
            [NO_REVIEW_STAGE, Stage.REVIEW.value, Stage.RE_REVIEW.value]
        ),
        "satisfaction": st.sampled_from(["", *_values(Satisfaction)]),
        "is_accepted": st.sampled_from([None, True, False]),
        "accepted_in_time": st.sampled_from([None, True, False]),
        "closed_in_time": st.sampled_from([None, True, False]),
        "is_open": st.booleans(),
        # Some before, in and after the period.
        "received_on": st.dates(date(2025, 12, 20), date(2026, 4, 10)),
        "closed_on": _maybe(st.dates(date(2026, 1, 1), date(2026, 5, 31))),
        "return_count": st.integers(0, 2),
        "is_repeat": st.booleans(),
        "is_skip_level": st.booleans(),
        "is_multi_send": st.booleans(),
        "is_collective": st.booleans(),
        "is_supervised": st.booleans(),
        "headcount": st.integers(1, 9),
    }
)
cases = st.lists(
    st.tuples(st.sampled_from(sorted(KEYS)), fact_values), min_size=1, max_size=10
)


def _expected(facts: list[CaseFact]) -> dict:
    """Every measure and rate computed directly from the definitions."""
    in_period = [f for f in facts if PERIOD_START <= f.received_on <= PERIOD_END]
    counts = {m.key: sum(m.of(f, PERIOD_END) for f in in_period) for m in MEASURES}
    rates = {
        rate.key: rate_value(counts[rate.numerator], counts[rate.denominator])
        for rate in RATES
    }
    return {"counts": counts, "rates": rates}


def _from_overview(figures: dict) -> dict:
    return {
        "counts": {m.key: figures[_camel(m.key)] for m in MEASURES},
        "rates": {
            r.key: None
            if figures[_camel(r.overview_field)] is None
            else Decimal(str(figures[_camel(r.overview_field)]))
            for r in RATES
        },
    }


def _from_report(figures: dict) -> dict:
    rates = {r["key"]: r for r in figures["rates"]}
    return {
        "counts": {c["key"]: c["value"] for c in figures["counts"]},
        "rates": {
            key: None if rate["value"] is None else Decimal(rate["value"])
            for key, rate in rates.items()
        },
    }


def _variables(unit) -> dict:
    return {
        "unit": unit.code,
        "from": FIRST_MONTH,
        "to": LAST_MONTH,
        "start": PERIOD_START.isoformat(),
        "end": PERIOD_END.isoformat(),
    }


def _subtree(facts: list[CaseFact], unit) -> list[CaseFact]:
    return [f for f in facts if f.unit_path.startswith(unit.path)]


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(cases=cases)
def test_overview_and_report_statistics_agree_with_the_definitions(tree, gql, cases):
    client = gql(tree.user("province", "supervisor"))
    with transaction.atomic():
        # given facts over every value of every field a figure reads
        for unit_key, values in cases:
            fact_create(tree.units[unit_key], **values)
        facts = list(CaseFact.objects.all())

        # when the province and the city read their figures both ways
        for unit_key in ("province", "city"):
            unit = tree.units[unit_key]
            data = client.ok(QUERY, _variables(unit))
            overview, report = data["overview"], data["reportStatistics"]

            # then each total equals the definitions over the same facts
            expected_total = _expected(_subtree(facts, unit))
            assert _from_overview(overview["totals"]) == expected_total
            assert _from_report(report["total"]) == expected_total
            expected_own = _expected([f for f in facts if f.unit_id == unit.pk])
            assert _from_overview(overview["ownUnit"]) == expected_own
            assert _from_report(report["own"]) == expected_own
            overview_children = {
                c["unit"]["code"]: _from_overview(c["figures"])
                for c in overview["children"]
            }
            report_children = {
                c["unit"]["code"]: _from_report(c["figures"])
                for c in report["children"]
            }
            assert overview_children == report_children
            for child in unit.children.all():
                assert report_children[child.code] == _expected(_subtree(facts, child))

        # and rollups recomputed by the rebuild's SQL read the same
        before = client.ok(QUERY, _variables(tree.units["province"]))["overview"]
        rollup_rebuild()
        after = client.ok(QUERY, _variables(tree.units["province"]))["overview"]
        assert after == before
        transaction.set_rollback(True)
