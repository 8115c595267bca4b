"""The public fact row is written with the petition, in the same transaction."""

from __future__ import annotations

from core.errors import DomainError
from supervision.facts.models import CaseFact
from supervision.facts.petition_fact import petition_fact_values
from supervision.models import Petition, PetitionEvent
from supervision.services import common
from tests.factories.supervision import CITIZEN_ID, PHONE, in_unit, make_petition
from tests.graphql_api.supervision import gql as docs


def test_a_failure_after_both_writes_leaves_neither_changed(tree, gql, monkeypatch):
    petition = make_petition(tree)
    real_sync = common.petition_fact_sync

    def sync_then_fail(row):
        real_sync(row)
        assert CaseFact.objects.get(petition_id=row.pk).status == "accepted"
        raise DomainError("INVALID", "模拟写入后失败")

    monkeypatch.setattr(common, "petition_fact_sync", sync_then_fail)

    data = gql(tree.user("county_a", "registrar")).ok(
        docs.ACCEPT, {"petitionId": str(petition.pk)}
    )["petitionAccept"]

    assert data["errors"][0]["code"] == "INVALID"
    with in_unit(tree.units["county_a"]):
        row = Petition.objects.get(pk=petition.pk)
        events = PetitionEvent.objects.filter(petition=row).count()
    fact = CaseFact.objects.get(petition_id=petition.pk)
    assert (row.status, row.accepted_on, events) == ("registered", None, 1)
    assert (fact.status, fact.is_accepted, fact.accepted_on) == (
        "registered",
        None,
        None,
    )


def test_facts_hold_no_personal_data(tree):
    petition = make_petition(tree, "closed", legal_type="accusation")
    with in_unit(tree.units["county_a"]):
        values = petition_fact_values(petition, tree.units["county_a"])
    text = repr(values)
    for personal in ("王建国", CITIZEN_ID, PHONE, "李明", "长江路", petition.content):
        assert personal not in text
    assert values["accused_unit_name"] == "玄武区某街道党工委"


def test_the_fact_equals_a_rebuild_from_the_petition(tree):
    petition = make_petition(tree, "answered")
    with in_unit(tree.units["county_a"]):
        expected = petition_fact_values(petition, tree.units["county_a"])
    fact = CaseFact.objects.get(petition_id=petition.pk)
    stored = {name: getattr(fact, name) for name in expected}
    assert stored == expected
