"""Checks run against a real primary and its streaming standby.

Not collected by the normal run (the name does not start with test_):
tests/replica/test_streaming_replica.py starts the two clusters, copies its
test database into the primary, points DATABASE_URL at that copy and
DATABASE_REPLICA_URL at the same database on the standby, and runs this file
in a pytest of its own. Everything here commits for real (the
clusters are thrown away afterwards), so the standby has something to replay.
The checks run in file order: each leaves replay running and the lag at 0.
"""

from __future__ import annotations

import datetime
import json
import time

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from supervision.facts.models import CaseFact
from tenants.models import Unit
from tenants.replica import (
    PRIMARY_COOKIE,
    REPLICA,
    ReplicaMiddleware,
    replica_lag_forget,
    replica_reads,
)
from tests.clusters import free_port
from tests.graphql_api.supervision.test_lifecycle import register_input
from tests.tree import load_tree

MONTH = timezone.localdate().strftime("%Y-%m")
DASHBOARD = """query($from: String!, $to: String!) {
  overview(fromMonth: $from, toMonth: $to) {
    unit { code } totals { received open } openCounts { open overdue dueSoon } }
  dataFreshness { source replicaConfigured fallback dataAsOf replicaLagSeconds }
}"""
PETITIONS = """{ petitions(limit: 100) { totalCount items { trackingNumber } }
  dataFreshness { source fallback replicaLagSeconds } }"""
ME = "{ me { username } }"
REGISTER = """mutation($input: PetitionRegisterInput!) { petitionRegister(input: $input) {
  petition { trackingNumber } errors { code message } } }"""


@pytest.fixture(scope="session")
def django_db_setup():
    """Nothing to create: DATABASE_URL names a migrated copy of the outer run's
    test database, with the fixed tree (see test_streaming_replica)."""


@pytest.fixture
def tree(django_db_setup, django_db_blocker):
    """The fixed tree, committed on the primary; no test transaction."""
    with django_db_blocker.unblock():
        yield load_tree()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, query: str, variables: dict | None = None) -> dict:
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]


def _traced(client: Client, query: str, variables: dict | None = None):
    """The answer and the statements each database ran for it."""
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary,
    ):
        data = _post(client, query, variables)
    return data, [q["sql"] for q in on_replica], [q["sql"] for q in on_primary]


def _replica_sql(sql: str) -> str:
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _caught_up(timeout: float = 15.0) -> None:
    """Wait until the standby has replayed everything the primary wrote.

    Everything inserted into the WAL, not only what is written out: the test
    clusters commit asynchronously (tests.clusters, synchronous_commit off),
    so the last commit record can still be in the WAL buffers, past
    pg_current_wal_lsn(), until the WAL writer writes it."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while True:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                replica_lag_forget()
                return
        assert time.monotonic() < deadline, "the standby did not catch up"
        time.sleep(0.05)


def _register(client: Client) -> str:
    value = register_input("APPEAL", title=f"副本测试 {time.time_ns()}")
    data = _post(client, REGISTER, {"input": value})["petitionRegister"]
    assert data["errors"] == []
    return data["petition"]["trackingNumber"]


def _tracking_numbers(data: dict) -> set[str]:
    return {item["trackingNumber"] for item in data["petitions"]["items"]}


def _no_query_touches(statements: list[str], table: str) -> bool:
    return not any(table in sql for sql in statements)


def test_the_replica_is_a_standby_and_the_primary_is_not(tree):
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is False
    assert _replica_sql("SELECT pg_is_in_recovery()") is True
    port = connections[REPLICA].settings_dict["PORT"]
    assert str(port) != str(connections[DEFAULT_DB_ALIAS].settings_dict["PORT"])


def test_the_dashboard_is_read_from_the_replica(tree):
    # given a signed-in county leader and a standby that has caught up
    client = _client(tree.user("county_a", "leader"))
    _caught_up()

    # when the dashboard asks for its figures
    data, on_replica, on_primary = _traced(
        client, DASHBOARD, {"from": MONTH, "to": MONTH}
    )

    # then the case facts were read on the replica, none on the primary
    freshness = data["dataFreshness"]
    assert freshness["source"] == "REPLICA"
    assert freshness["replicaConfigured"] is True
    assert freshness["fallback"] is None
    assert freshness["replicaLagSeconds"] == 0
    assert data["overview"]["unit"]["code"] == "320102"
    fact_tables = ("facts_casefact", CaseFact._meta.db_table)
    assert any(any(t in sql for t in fact_tables) for sql in on_replica), on_replica
    assert all(_no_query_touches(on_primary, t) for t in fact_tables), on_primary
    # a query outside the allowed fields stays on the primary
    _, on_replica, on_primary = _traced(client, ME)
    assert on_replica == [] and on_primary != []


def test_each_unit_reads_its_own_schema_on_the_replica(tree):
    # given a petition registered in county_a, replayed on the standby
    number = _register(_client(tree.user("county_a", "registrar")))
    _caught_up()
    reader_a = _client(tree.user("county_a", "leader"))
    reader_b = _client(tree.user("county_b", "leader"))

    # when both units' lists are read, interleaved, from the replica
    answers = [_traced(reader, PETITIONS) for reader in (reader_a, reader_b, reader_a)]

    # then each saw its own unit's petitions only, all through the replica
    for data, on_replica, _ in answers:
        assert data["dataFreshness"]["source"] == "REPLICA"
        assert on_replica
    first_a, in_b, second_a = (_tracking_numbers(data) for data, _, _ in answers)
    assert number in first_a and first_a == second_a
    assert number not in in_b
    assert first_a.isdisjoint(in_b)
    search_paths = [sql for sql in answers[1][1] if "search_path" in sql.lower()]
    assert any(Unit.objects.get(code="320104").schema_name in s for s in search_paths)


def test_a_writer_reads_its_own_writes_while_replay_is_paused(tree, settings):
    registrar = _client(tree.user("county_a", "registrar"))
    other = _client(tree.user("county_a", "leader"))
    _caught_up()
    _replica_sql("SELECT pg_wal_replay_pause()::text")
    try:
        # given the standby no longer replays, and a new petition on the primary
        number = _register(registrar)
        assert registrar.cookies[PRIMARY_COOKIE].value

        # when the writer reads the list within READ_YOUR_WRITES_SECONDS
        data, on_replica, _ = _traced(registrar, PETITIONS)

        # then it comes from the primary and shows the new petition
        assert data["dataFreshness"] == {
            "source": "PRIMARY",
            "fallback": "RECENT_WRITE",
            "replicaLagSeconds": None,
        }
        assert number in _tracking_numbers(data)
        assert on_replica == []

        # and a reader who wrote nothing reads the lagging replica, without it,
        # and is told how far behind the figures are
        time.sleep(2.2)
        replica_lag_forget()
        data, on_replica, _ = _traced(other, PETITIONS)
        assert data["dataFreshness"]["source"] == "REPLICA"
        assert data["dataFreshness"]["replicaLagSeconds"] >= 2
        assert number not in _tracking_numbers(data)
        dashboard = _post(other, DASHBOARD, {"from": MONTH, "to": MONTH})
        as_of = datetime.datetime.fromisoformat(dashboard["dataFreshness"]["dataAsOf"])
        assert timezone.now() - as_of >= datetime.timedelta(seconds=2)
        assert dashboard["dataFreshness"]["replicaLagSeconds"] >= 2

        # when the lag passes REPLICA_MAX_LAG_SECONDS
        settings.REPLICA_MAX_LAG_SECONDS = 1
        replica_lag_forget()
        data, on_replica, _ = _traced(other, PETITIONS)

        # then the same reader falls back to the primary, and sees the petition
        assert data["dataFreshness"]["source"] == "PRIMARY"
        assert data["dataFreshness"]["fallback"] == "LAGGING"
        assert data["dataFreshness"]["replicaLagSeconds"] >= 2
        assert number in _tracking_numbers(data)
        assert not any("petition" in sql for sql in on_replica)
    finally:
        _replica_sql("SELECT pg_wal_replay_resume()::text")

    # once replay resumes the replica catches up and is read again
    _caught_up()
    data = _post(other, PETITIONS)
    assert data["dataFreshness"]["source"] == "REPLICA"
    assert data["dataFreshness"]["replicaLagSeconds"] == 0
    assert number in _tracking_numbers(data)


def test_reads_after_a_write_in_the_same_request_go_to_the_primary(tree):
    # given a request that reads, writes, then reads again under replica_reads
    _caught_up()
    seen = []

    def view(request):
        with replica_reads(request):
            seen.append(Unit.objects.filter(code="320102").db)
            Unit.objects.filter(code="320102").update(
                name=Unit.objects.get(code="320102").name
            )
            seen.append(Unit.objects.filter(code="320102").db)
            with transaction.atomic():
                seen.append(Unit.objects.filter(code="320102").db)
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    response = ReplicaMiddleware(view)(request)

    # then the read before the write was the replica's, the others the primary's
    assert seen == [REPLICA, DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS]
    # and the caller stays on the primary for the next seconds
    assert float(response.cookies[PRIMARY_COOKIE].value) > time.time()


def test_inside_a_transaction_reads_stay_on_the_primary(tree):
    _caught_up()
    with replica_reads() as decision:
        assert decision.uses_replica
        assert Unit.objects.all().db == REPLICA
        with transaction.atomic():
            assert Unit.objects.all().db == DEFAULT_DB_ALIAS


def test_an_unreachable_replica_leaves_reads_on_the_primary(tree):
    client = _client(tree.user("county_a", "leader"))
    replica = connections[REPLICA]
    port = replica.settings_dict["PORT"]
    replica.close()
    replica.settings_dict["PORT"] = free_port()  # nobody listens there
    replica_lag_forget()
    try:
        data = _post(client, PETITIONS)
    finally:
        replica.close()
        replica.settings_dict["PORT"] = port
        replica_lag_forget()
    assert data["dataFreshness"] == {
        "source": "PRIMARY",
        "fallback": "UNAVAILABLE",
        "replicaLagSeconds": None,
    }
    assert _post(client, PETITIONS)["dataFreshness"]["source"] == "REPLICA"
