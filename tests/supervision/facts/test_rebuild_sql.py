"""The set-based derivation of the facts (rebuild_facts' SQL) gives every
petition the same fact as the Python one the lifecycle writes
(petition_fact_values), over varied petitions: every status and stage, the
deadline-dependent flags on both sides of their deadlines (holidays included),
extensions, routing, duplicates and repeat matches."""

import datetime
import random

import pytest

from supervision.crosslevel.models import MatchBasis, MatchKind, MatchState, RepeatMatch
from supervision.facts.petition_fact import petition_fact_values
from supervision.facts.rebuild import COMPARED, expected_facts, fact_drift
from supervision.models import ExtensionStatus, Petition, Stage, Status
from tests.factories.supervision import in_unit, make_petition

# Around the National Day holidays, a weekend and a month's end.
DATES = [
    datetime.date(2026, 9, 25),
    datetime.date(2026, 9, 30),
    datetime.date(2026, 10, 8),
    datetime.date(2026, 10, 31),
    datetime.date(2026, 11, 14),
    datetime.date(2026, 12, 20),
    datetime.date(2027, 1, 29),
]


def _maybe(rng: random.Random, values):
    return rng.choice([None, *values])


def _variant(rng: random.Random, others: list) -> dict:
    received = rng.choice(DATES)
    later = [received + datetime.timedelta(days=n) for n in (0, 9, 15, 16, 59, 75, 95)]
    return {
        "status": rng.choice(Status.values),
        "stage": rng.choice(Stage.values),
        "received_on": received,
        "decided_on": _maybe(rng, later[:4]),
        "accepted_on": _maybe(rng, later[:4]),
        "closed_on": _maybe(rng, later),
        "review_requested_on": _maybe(rng, later[2:]),
        "re_review_requested_on": _maybe(rng, later[3:]),
        "extension_status": rng.choice(ExtensionStatus.values),
        "extension_days": _maybe(rng, [30]),
        "possible_duplicate_of_id": _maybe(rng, others),
        # what the table's constraints ask of a declined or referred case
        "decline_ground": "不属于受理范围",
        "refer_target": "有权机关",
    }


def _python_facts(unit, petition_ids) -> dict[str, dict]:
    with in_unit(unit):
        facts = {}
        for petition in Petition.objects.filter(pk__in=petition_ids):
            values = petition_fact_values(petition, unit)
            facts[str(petition.pk)] = {name: values[name] for name in COMPARED}
        return facts


@pytest.mark.django_db
def test_the_sql_facts_equal_the_python_ones_on_varied_petitions(tree):
    unit = tree.units["county_a"]
    petitions = [
        make_petition(tree, state, legal_type=legal_type)
        for state, legal_type in [
            ("registered", "appeal"),
            ("handling", "suggestion"),
            ("closed", "appeal"),
            ("answered", "accusation"),
        ]
    ]
    ids = [petition.pk for petition in petitions]
    rows = Petition.objects
    rng = random.Random(17)
    for round_ in range(30):
        with in_unit(unit):
            for petition in petitions:
                others = [pk for pk in ids if pk != petition.pk]
                rows.filter(pk=petition.pk).update(**_variant(rng, others))
                if rng.random() < 0.3:
                    rows.filter(pk=petition.pk).update(department=None)
        RepeatMatch.objects.filter(petition_id__in=ids).delete()
        for petition in petitions:
            others = [pk for pk in ids if pk != petition.pk]
            states = [rng.choice(MatchState.values) for _ in range(rng.randrange(3))]
            # at most one merge a petition (a constraint of the table)
            if states.count(MatchState.MERGED) > 1:
                states[0] = MatchState.OPEN
            for matched, state in zip(
                rng.sample(others, len(states)), states, strict=True
            ):
                RepeatMatch.objects.create(
                    unit=unit,
                    petition_id=petition.pk,
                    matched_unit=unit,
                    matched_petition_id=matched,
                    kind=rng.choice(MatchKind.values),
                    basis=MatchBasis.PETITIONER,
                    state=state,
                )

        sql = expected_facts([unit])
        python = _python_facts(unit, ids)

        for pk in map(str, ids):
            differences = {
                name: (sql[pk][name], python[pk][name])
                for name in COMPARED
                if sql[pk][name] != python[pk][name]
            }
            assert not differences, (round_, differences)


@pytest.mark.django_db
def test_a_fact_changed_behind_the_lifecycle_is_found_by_the_sql(tree):
    petition = make_petition(tree, "closed")
    units = list(tree.units.values())
    assert fact_drift(units=units).different == []
    with in_unit(tree.units["county_a"]):
        # the deadline moves past the closing day: no longer closed in time
        Petition.objects.filter(pk=petition.pk).update(
            accepted_on=petition.closed_on - datetime.timedelta(days=70)
        )

    drift = fact_drift(units=units, fix=True)

    assert drift.different == [str(petition.pk)]
    assert drift.fixed == 1
    assert fact_drift(units=units).different == []
