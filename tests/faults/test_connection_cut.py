"""The database connection cut in the middle of a cross-level transfer: the
transaction dies with it, so neither unit keeps anything of the transfer.

The cut kills the test's own connection, so the test runs over a copy of the
test database where it commits for real (the petition to send must survive
the cut), and the copy is dropped afterwards; the other tests never see it.
"""

from __future__ import annotations

import psycopg2
import pytest
from django.conf import settings
from django.db import connection, connections

from supervision.crosslevel.services import links as link_services
from supervision.facts.models import CaseFact
from tests.conftest import GraphQLClient
from tests.factories.crosslevel import petition_fact, petition_status, snapshot
from tests.tree import load_tree

TRANSFER = """mutation($input: CaseSendInput!) { petitionTransfer(input: $input) {
  link { id } errors { code message field } } }"""


def _admin_connection(database: dict, name: str = "postgres"):
    admin = psycopg2.connect(
        dbname=name,
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
    )
    admin.autocommit = True
    return admin


@pytest.fixture
def committed_copy(django_db_setup, django_db_blocker):
    """The default connection pointed at a fresh copy of the test database."""
    database = connections["default"].settings_dict
    source = database["NAME"]
    copy = f"{source}_cut"
    with django_db_blocker.unblock():
        # A template database must have no other session.
        connections.close_all()
        admin = _admin_connection(database)
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
            cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
        database["NAME"] = copy
        try:
            yield database
        finally:
            # The cut connection is recreated on the test database.
            connections.close_all()
            database["NAME"] = source
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
            admin.close()


def test_connection_cut_mid_transfer_leaves_no_half_state(committed_copy, monkeypatch):
    # given an accepted petition of county_a, committed
    tree = load_tree()
    fact = petition_fact(tree, "county_a")
    source_before = petition_status(tree.units["county_a"], fact.petition_id)
    before = snapshot()
    # and the connection cut once the township's petition, the link and its
    # event are written, before the sender's side is
    carry = link_services._carry_subjects
    cut = []

    def cut_then_carry(*args, **kwargs):
        pid = connection.connection.get_backend_pid()
        killer = _admin_connection(committed_copy, committed_copy["NAME"])
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            cut.append(cursor.fetchone()[0])
        killer.close()
        return carry(*args, **kwargs)

    monkeypatch.setattr(link_services, "_carry_subjects", cut_then_carry)
    client = GraphQLClient(_signed_in(tree.user("county_a", "registrar")))

    # when the transfer runs
    status, body = client.execute(
        TRANSFER,
        {"input": {"petitionId": str(fact.petition_id), "targetCode": "320102002"}},
    )

    # then it failed with the internal error and the cut really happened
    assert cut == [True]
    assert status == 200
    assert body["data"]["petitionTransfer"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INTERNAL_ERROR"
    # and on a new connection neither unit has anything of the transfer
    connection.close()
    monkeypatch.undo()
    assert snapshot() == before
    assert not CaseFact.objects.filter(unit=tree.units["township"]).exists()
    assert petition_status(tree.units["county_a"], fact.petition_id) == source_before
    assert CaseFact.objects.get(petition_id=fact.petition_id).transfer_count == 0


def _signed_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_the_copy_is_gone_and_the_test_database_untouched(db):
    # The test database the others use has no fact from the cut test (its
    # petition was committed to the copy only), and the copy was dropped.
    assert CaseFact.objects.count() == 0
    with _admin_connection(settings.DATABASES["default"]).cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_database WHERE datname = %s",
            [connection.settings_dict["NAME"] + "_cut"],
        )
        assert cursor.fetchone()[0] == 0
