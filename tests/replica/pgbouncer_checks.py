"""Checks run with DATABASE_URL pointing at PgBouncer (session pooling, the
settings of infra/pgbouncer.ini) in front of a throwaway cluster.

Not collected by the normal run: tests/replica/test_pgbouncer.py starts the
cluster and PgBouncer (two server connections for many clients) and runs this
file in a pytest of its own. Everything commits for real.
"""

from __future__ import annotations

import json
import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from tests.graphql_api.supervision.test_lifecycle import register_input
from tests.tree import load_tree

PETITIONS = "{ petitions(limit: 100) { totalCount items { trackingNumber } } }"
OVERVIEW = """query($m: String!) { overview(fromMonth: $m, toMonth: $m) {
  unit { code } totals { received } } }"""
REGISTER = """mutation($input: PetitionRegisterInput!) { petitionRegister(input: $input) {
  petition { trackingNumber } errors { code message } } }"""
ROUNDS = 8


@pytest.fixture(scope="session")
def django_db_setup():
    """Nothing to create: the database behind PgBouncer is a migrated copy of
    the outer run's test database, with the fixed tree."""


@pytest.fixture
def tree(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        yield load_tree()


def _post(client: Client, query: str, variables: dict | None = None) -> dict:
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _register(client: Client) -> str:
    value = register_input("APPEAL", title=f"连接池测试 {time.time_ns()}")
    data = _post(client, REGISTER, {"input": value})["petitionRegister"]
    assert data["errors"] == []
    return data["petition"]["trackingNumber"]


def test_django_talks_to_pgbouncer(tree):
    with connection.cursor() as cursor:
        cursor.execute("SHOW port")
        server_port = cursor.fetchone()[0]
    assert str(connection.settings_dict["PORT"]) != server_port


def test_two_units_interleaved_on_pooled_connections_never_see_each_other(tree):
    # given a petition of each of two units, registered through PgBouncer
    numbers = {
        "county_a": _register(_client(tree.user("county_a", "registrar"))),
        "county_b": _register(_client(tree.user("county_b", "registrar"))),
    }
    codes = {"county_a": "320102", "county_b": "320104"}
    month = timezone.localdate().strftime("%Y-%m")
    served: list[tuple[str, int]] = []
    seen: dict[str, list[set[str]]] = {"county_a": [], "county_b": []}
    failures: list[BaseException] = []

    def reader(unit_key: str) -> None:
        try:
            client = _client(tree.user(unit_key, "leader"))
            for _ in range(ROUNDS):
                data = _post(client, PETITIONS)
                seen[unit_key].append(
                    {item["trackingNumber"] for item in data["petitions"]["items"]}
                )
                overview = _post(client, OVERVIEW, {"m": month})["overview"]
                assert overview["unit"]["code"] == codes[unit_key]
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    served.append((unit_key, cursor.fetchone()[0]))
                # As at the end of a request with CONN_MAX_AGE = 0: the client
                # connection ends and its server connection serves the next.
                connections.close_all()
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    # when two readers of each unit run at once, on two server connections
    threads = [
        threading.Thread(target=reader, args=(key,))
        for key in ("county_a", "county_b", "county_a", "county_b")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    # then every answer held its own unit's petition and never the other's
    assert failures == []
    for unit_key, other in (("county_a", "county_b"), ("county_b", "county_a")):
        assert len(seen[unit_key]) == 2 * ROUNDS
        for answer in seen[unit_key]:
            assert numbers[unit_key] in answer
            assert numbers[other] not in answer
    # and the same server connections served both units in turn
    pids = {pid for _, pid in served}
    assert len(pids) <= 2
    assert any(
        {unit for unit, p in served if p == pid} == {"county_a", "county_b"}
        for pid in pids
    )
