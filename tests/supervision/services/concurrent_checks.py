"""Registrations committed for real by many connections at once.

Not collected by the normal run (the name does not start with test_):
tests/supervision/services/test_concurrent_registrations.py starts a cluster,
copies its test database into it and runs this file in a pytest of its own
with DATABASE_URL pointed there, so every registration here commits (through
the unit of work's one final message, core.unit_of_work) and nothing is left
in the outer run's database.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter

import pytest
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core import unit_of_work
from supervision.facts.models import CaseFact, CaseFactRollupDelta
from supervision.facts.services import (
    ROLLUP_STEP,
    rollup_deltas_fold,
    rollup_rows_from_facts,
    rollup_rows_stored,
)
from supervision.inbox.models import Notification
from supervision.models import Petition, PetitionEvent, TrackingCounter
from supervision.services.intake import (
    NUMBERING_STEP,
    PROVISIONAL_MARK,
    petition_register,
)
from tests.factories.supervision import in_unit, registration
from tests.graphql_api.supervision.test_lifecycle import register_input
from tests.tree import load_tree

REGISTER = """mutation($input: PetitionRegisterInput!) { petitionRegister(input: $input) {
  petition { id trackingNumber } errors { code message } } }"""
# Writers per unit and registrations per writer: the writers of one unit
# contend for its year's counter, those of both units for the rollup rows of
# the city and the province above them.
WRITERS = 4
EACH = 5
UNITS = ("county_a", "county_b")
NUMBER = re.compile(r"^(\d{6})-(\d{4})-(\d{5,})$")


@pytest.fixture(scope="session")
def django_db_setup():
    """Nothing to create: DATABASE_URL names a migrated copy of the outer run's
    test database, with the fixed tree."""


@pytest.fixture
def tree(django_db_setup, django_db_blocker):
    """The fixed tree, committed; no test transaction."""
    with django_db_blocker.unblock():
        yield load_tree()


def _deadlocks() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
        )
        return cursor.fetchone()[0]


def _counter(unit, year: int) -> int:
    with in_unit(unit):
        counter = TrackingCounter.objects.filter(year=year).first()
        return counter.last if counter else 0


def _writer(user, seed: int, answers: list, failures: list) -> None:
    client = Client()
    client.force_login(user)
    try:
        for i in range(EACH):
            value = register_input(
                "SUGGESTION",
                title=f"并发登记 {seed}-{i}",
                content=f"并发登记测试第{seed}组第{i}件，反映干部考察谈话程序问题{seed * 100 + i}。",
                petitioners=[{"name": f"并发{seed}{i}"}],
            )
            response = client.post(
                "/graphql/",
                data=json.dumps({"query": REGISTER, "variables": {"input": value}}),
                content_type="application/json",
            )
            body = response.json()
            data = (body.get("data") or {}).get("petitionRegister") or {}
            if response.status_code == 200 and data.get("petition"):
                answers.append((user.unit.code, data["petition"]))
            else:
                failures.append(body)
    except Exception as error:  # noqa: BLE001 - reported by the check
        failures.append(repr(error))
    finally:
        connections.close_all()


def test_concurrent_registrations_lose_nothing_and_double_nothing(tree):
    # given the counters and the deadlock count before, and writers in two units
    year = int(register_input("SUGGESTION")["receivedOn"][:4])
    before = {key: _counter(tree.units[key], year) for key in UNITS}
    deadlocks = _deadlocks()
    answers: list = []
    failures: list = []
    threads = [
        threading.Thread(
            target=_writer,
            args=(tree.user(key, "registrar"), n * 10 + k, answers, failures),
        )
        for k, key in enumerate(UNITS)
        for n in range(WRITERS)
    ]

    # when they all register at once, each on its own connection
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)

    # then every registration was answered with a number and nothing failed
    assert failures == []
    assert len(answers) == len(UNITS) * WRITERS * EACH
    for key in UNITS:
        unit = tree.units[key]
        given = {
            p["id"]: p["trackingNumber"] for code, p in answers if code == unit.code
        }
        with in_unit(unit):
            stored = dict(
                Petition.objects.filter(pk__in=list(given)).values_list(
                    "id", "tracking_number"
                )
            )
            stored = {str(pk): number for pk, number in stored.items()}
            events = {
                str(pk): after["tracking_number"]
                for pk, after in PetitionEvent.objects.filter(
                    petition_id__in=list(given), action="registered"
                ).values_list("petition_id", "after")
            }
            assert not Petition.objects.filter(
                tracking_number__contains=PROVISIONAL_MARK
            ).exists()
        facts = {
            str(pk): number
            for pk, number in CaseFact.objects.filter(
                petition_id__in=list(given)
            ).values_list("petition_id", "tracking_number")
        }
        # nothing lost: each answered petition is stored, with its fact and
        # event, under the number it was answered with
        assert stored == given
        assert facts == given
        assert events == given
        # nothing doubled, and the numbers are the unit's next ones in order,
        # in the documented form <unit code>-<year>-<five digits or more>
        parsed = [NUMBER.match(number) for number in given.values()]
        assert all(parsed), given
        assert {(m[1], m[2]) for m in parsed} == {(unit.code, str(year))}
        sequence = sorted(int(m[3]) for m in parsed)
        assert sequence == list(range(before[key] + 1, before[key] + 1 + len(given)))
        assert _counter(unit, year) == before[key] + len(given)
    assert not CaseFact.objects.filter(
        tracking_number__contains=PROVISIONAL_MARK
    ).exists()
    assert not Notification.objects.filter(title__contains=PROVISIONAL_MARK).exists()
    # the rollups are exact with the unfolded deltas and after the fold
    assert CaseFactRollupDelta.objects.exists()
    assert rollup_rows_stored() == rollup_rows_from_facts()
    rollup_deltas_fold()
    assert not CaseFactRollupDelta.objects.exists()
    assert rollup_rows_stored() == rollup_rows_from_facts()
    assert _deadlocks() == deadlocks


def test_the_hot_statements_and_the_commit_go_in_one_message(tree, monkeypatch):
    # given a hold observer, as the bench installs it
    seen: Counter = Counter()
    holds: dict[str, float] = {}

    def observe(key: str, seconds: float) -> None:
        seen.update([key])
        holds[key] = seconds

    monkeypatch.setattr(unit_of_work, "hold_observer", observe)
    unit = tree.units["county_b"]

    # when a registration commits
    with in_unit(unit), CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as sent:
        registered = petition_register(
            actor=tree.user("county_b", "registrar"),
            unit=unit,
            data=registration(content="一次登记的最后一条消息：编号、汇总与提交。"),
        )

    # then one message carried the rollup deltas, the numbering and the
    # asynchronous commit, then opened the transaction whose synchronous
    # commit waits for the WAL flush, and read the number back
    finals = [q["sql"] for q in sent.captured_queries if "COMMIT;" in q["sql"]]
    assert len(finals) == 1
    final = finals[0]
    order = [
        "SET LOCAL synchronous_commit TO off",
        "SET CONSTRAINTS ALL IMMEDIATE",
        "set_config('zugong.held_0', clock_timestamp()",
        CaseFactRollupDelta._meta.db_table,
        "set_config('zugong.held_1', clock_timestamp()",
        TrackingCounter._meta.db_table,
        "COMMIT;",
        "BEGIN;",
        "pg_logical_emit_message(true",
        "current_setting('zugong.held_1')",
        "SELECT id::text, tracking_number",
    ]
    positions = [final.index(part) for part in order]
    assert positions == sorted(positions)
    assert not any(
        TrackingCounter._meta.db_table in q["sql"]
        for q in sent.captured_queries
        if q["sql"] != final
    )
    # and the petition carries the number the counter gave, committed
    assert NUMBER.match(registered.petition.tracking_number)
    with in_unit(unit):
        assert (
            Petition.objects.get(pk=registered.petition.pk).tracking_number
            == registered.petition.tracking_number
        )
    assert seen == {
        ROLLUP_STEP: 1,
        NUMBERING_STEP: 1,
        unit_of_work.COMMIT_KEY: 1,
        unit_of_work.DURABLE_KEY: 1,
    }
    # the server's holds: the counter's within the rollups', both within the
    # round trip of the message that carried them
    assert 0 < holds[NUMBERING_STEP] < holds[ROLLUP_STEP]
    assert holds[ROLLUP_STEP] < holds[unit_of_work.COMMIT_KEY]


def test_a_final_message_that_fails_stores_nothing(tree):
    # given a counter set back so that the next number is already taken
    unit = tree.units["county_b"]
    year = registration().received_on.year
    with in_unit(unit):
        petition_register(
            actor=tree.user("county_b", "registrar"),
            unit=unit,
            data=registration(content="先登记一件，占用下一个编号。"),
        )
        TrackingCounter.objects.filter(year=year).update(last=F("last") - 1)
        petitions = Petition.objects.count()
    facts = CaseFact.objects.count()
    deltas = CaseFactRollupDelta.objects.count()

    # when a registration's numbering fails in the final message
    with in_unit(unit), pytest.raises(IntegrityError):
        petition_register(
            actor=tree.user("county_b", "registrar"),
            unit=unit,
            data=registration(content="这一件的编号与已有编号冲突。"),
        )

    # then nothing of it is stored, and the connection goes on working
    with in_unit(unit):
        assert Petition.objects.count() == petitions
        TrackingCounter.objects.filter(year=year).update(last=F("last") + 1)
        registered = petition_register(
            actor=tree.user("county_b", "registrar"),
            unit=unit,
            data=registration(content="恢复计数后再登记一件。"),
        )
        assert Petition.objects.count() == petitions + 1
    assert CaseFact.objects.count() == facts + 1
    assert CaseFactRollupDelta.objects.count() > deltas
    assert NUMBER.match(registered.petition.tracking_number)


def test_deferred_foreign_keys_are_checked_before_the_hot_statements(tree):
    # given a deferred foreign key, like the ones Django declares, and a unit
    # of work whose body breaks it and whose finishing step queues a hot write
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE uow_parent (id int PRIMARY KEY);"
            "CREATE TABLE uow_child (parent_id int REFERENCES uow_parent"
            " DEFERRABLE INITIALLY DEFERRED);"
            "CREATE TABLE uow_hot (x int)"
        )
    try:
        with (
            CaptureQueriesContext(connection) as sent,
            pytest.raises(IntegrityError),
            unit_of_work.unit_of_work(),
        ):
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO uow_child VALUES (7)")
            unit_of_work.before_commit(
                "hot",
                lambda: unit_of_work.send_with_commit("INSERT INTO uow_hot VALUES (1)"),
                order=1,
            )
        # then the final message checked the keys first, so the commit that
        # releases the hot row's lock has no lookups left to do, and the
        # failed check left nothing behind
        final = next(q["sql"] for q in sent.captured_queries if "uow_hot" in q["sql"])
        assert final.index("SET CONSTRAINTS ALL IMMEDIATE") < final.index(
            "INSERT INTO uow_hot"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT count(*) FROM uow_child), count(*) FROM uow_hot"
            )
            assert cursor.fetchone() == (0, 0)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE uow_hot, uow_child, uow_parent")
