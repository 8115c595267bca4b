"""A case sent away ends at the sender as 已转办/已上报, never as 已办结."""

import importlib

from django.db import connection
from django.utils import timezone

from supervision.crosslevel.models import CaseLink
from supervision.facts.models import CaseFact, CaseFactRollupCurrent
from supervision.models import Petition
from tests.factories.crosslevel import petition_fact
from tests.factories.supervision import in_unit

SEND = """mutation($input: {input}!) {{ {field}(input: $input) {{
  link {{ id targetPetitionId }} errors {{ code }} }} }}"""
PETITION = """query($id: ID!) { petition(id: $id) {
  status closedOn sentOn sentTo { code name } } }"""
CITY_FIGURES = """query($from: String!, $to: String!) { overview(fromMonth: $from, toMonth: $to) {
  ownUnit { received accepted closed closureRate } } }"""


def _send(client, field, petition_id, target, **extra):
    variables = {
        "input": {"petitionId": str(petition_id), "targetCode": target, **extra}
    }
    input_type = "PetitionAssignInput" if field == "petitionAssign" else "CaseSendInput"
    data = client.ok(SEND.format(field=field, input=input_type), variables)[field]
    assert data["errors"] == []
    return data["link"]


def test_a_transferred_case_reads_transferred_with_where_and_when(tree, gql):
    # given an accepted petition at the city
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))

    # when the city transfers it to county_a
    _send(city, "petitionTransfer", fact.petition_id, "320102")

    # then the city's case says where it went and when, and is not concluded
    assert city.ok(PETITION, {"id": str(fact.petition_id)})["petition"] == {
        "status": "TRANSFERRED",
        "closedOn": None,
        "sentOn": timezone.localdate().isoformat(),
        "sentTo": {"code": "320102", "name": "中共南京市玄武区委组织部"},
    }
    source = CaseFact.objects.get(petition_id=fact.petition_id)
    assert (source.status, source.is_open, source.closed_on) == (
        "transferred",
        False,
        None,
    )


def test_a_transferred_case_is_not_counted_as_concluded(tree, gql):
    fact = petition_fact(tree, "city")
    _send(
        gql(tree.user("city", "registrar")),
        "petitionTransfer",
        fact.petition_id,
        "320102",
    )

    months = {
        "from": fact.received_on.strftime("%Y-%m"),
        "to": timezone.localdate().strftime("%Y-%m"),
    }
    figures = gql(tree.user("city", "supervisor")).ok(CITY_FIGURES, months)

    # received and accepted at the city, not concluded there
    assert figures["overview"]["ownUnit"] == {
        "received": 1,
        "accepted": 1,
        "closed": 0,
        "closureRate": 0.0,
    }
    # the city's subtree rollups: its own case and the one county_a received
    rollups = CaseFactRollupCurrent.objects.filter(
        unit=tree.units["city"], dimension="all"
    )
    assert sum(rollups.values_list("received", flat=True)) == 2
    assert sum(rollups.values_list("closed", flat=True)) == 0


def test_an_escalated_case_reads_escalated(tree, gql):
    fact = petition_fact(tree, "township")
    township = gql(tree.user("township", "leader"))

    _send(township, "petitionEscalate", fact.petition_id, "320100")

    petition = township.ok(PETITION, {"id": str(fact.petition_id)})["petition"]
    assert (petition["status"], petition["closedOn"], petition["sentTo"]) == (
        "ESCALATED",
        None,
        {"code": "320100", "name": "中共南京市委组织部"},
    )


def test_an_assigned_case_stays_open_at_the_sender(tree, gql):
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))

    _send(city, "petitionAssign", fact.petition_id, "320102")

    assert city.ok(PETITION, {"id": str(fact.petition_id)})["petition"] == {
        "status": "ACCEPTED",
        "closedOn": None,
        "sentOn": None,
        "sentTo": None,
    }
    assert CaseFact.objects.get(petition_id=fact.petition_id).is_open is True


def test_an_upheld_objection_brings_the_case_back_without_a_destination(tree, gql):
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))
    link = _send(city, "petitionTransfer", fact.petition_id, "320102")
    raised = gql(tree.user("county_a", "registrar")).ok(
        """mutation($id: ID!) { remitObjectionRaise(linkId: $id, reason: "属市管干部") {
          objection { id } errors { code } } }""",
        {"id": link["id"]},
    )["remitObjectionRaise"]

    city.ok(
        """mutation($id: ID!) { remitObjectionDecide(objectionId: $id, uphold: true,
          note: "收回") { errors { code } } }""",
        {"id": raised["objection"]["id"]},
    )

    assert city.ok(PETITION, {"id": str(fact.petition_id)})["petition"] == {
        "status": "ACCEPTED",
        "closedOn": None,
        "sentOn": None,
        "sentTo": None,
    }


def test_the_data_migration_moves_cases_a_transfer_had_closed(tree, gql):
    # given a transfer recorded the old way: the sender's case closed that day
    fact = petition_fact(tree, "city")
    link = _send(
        gql(tree.user("city", "registrar")),
        "petitionTransfer",
        fact.petition_id,
        "320102",
    )
    sent_on = CaseLink.objects.get(pk=link["id"]).sent_on
    with in_unit(tree.units["city"]):
        Petition.objects.filter(pk=fact.petition_id).update(
            status="closed", closed_on=sent_on, sent_on=None, sent_to=None
        )
        events = Petition.objects.get(pk=fact.petition_id).events
        events.filter(action="sent_across").update(
            after={"status": "closed", "kind": "转办"}
        )
    CaseFact.objects.filter(petition_id=fact.petition_id).update(
        status="closed", closed_on=sent_on
    )
    petition_migration = importlib.import_module(
        "supervision.migrations.0004_petition_sent_away"
    ).Migration.operations[-1]
    facts_migration = importlib.import_module(
        "supervision.facts.migrations.0006_sent_away_facts"
    )

    # when the migrations' SQL runs
    with in_unit(tree.units["city"]), connection.cursor() as cursor:
        cursor.execute(petition_migration.sql)
    with connection.cursor() as cursor:
        cursor.execute(facts_migration.FACTS_SQL)

    # then the case reads transferred again, with where and when
    with in_unit(tree.units["city"]):
        petition = Petition.objects.get(pk=fact.petition_id)
        assert (
            petition.status,
            petition.closed_on,
            petition.sent_on,
            petition.sent_to_id,
        ) == ("transferred", None, sent_on, tree.units["county_a"].pk)
    source = CaseFact.objects.get(petition_id=fact.petition_id)
    assert (source.status, source.closed_on) == ("transferred", None)
