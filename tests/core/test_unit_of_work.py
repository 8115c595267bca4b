"""Finishing steps run last, in order, inside the unit of work's transaction."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core import unit_of_work
from core.unit_of_work import before_commit


@pytest.mark.django_db
def test_steps_run_last_in_order_once_inside_the_transaction():
    ran = []
    assert before_commit("x", lambda: ran.append("x"), order=1) is False
    with unit_of_work.unit_of_work():
        before_commit(
            "late", lambda: ran.append(("late", connection.in_atomic_block)), order=90
        )
        before_commit("early", lambda: ran.append("early"), order=10)
        before_commit("early", lambda: ran.append("twice"), order=10)
        with unit_of_work.unit_of_work():  # a nested one joins the outer
            before_commit("inner", lambda: ran.append("inner"), order=50)
        ran.append("body")
    assert ran == ["body", "early", "inner", ("late", True)]


@pytest.mark.django_db
def test_a_failing_step_rolls_the_unit_of_work_back():
    def fail():
        raise RuntimeError("step failed")

    with pytest.raises(RuntimeError), unit_of_work.unit_of_work():
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE uow_probe (x int)")
        before_commit("fail", fail, order=1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('pg_temp.uow_probe')")
        assert cursor.fetchone()[0] is None
    assert not unit_of_work.active()


@pytest.mark.django_db
def test_hold_times_are_reported_after_commit_only(monkeypatch):
    seen = []
    monkeypatch.setattr(unit_of_work, "hold_observer", lambda key, s: seen.append(key))
    with transaction.atomic(), unit_of_work.unit_of_work():
        before_commit("inside", lambda: None, order=1)
    assert seen == []


@pytest.mark.django_db
def test_queued_statements_run_in_one_message_without_commit_inside_a_caller():
    # given a unit of work inside a caller's transaction (the test's)
    rows = []
    with CaptureQueriesContext(connection) as sent, unit_of_work.unit_of_work():
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE uow_queue (x int)")

        def step():
            unit_of_work.send_with_commit("INSERT INTO uow_queue VALUES (%s)", [1])
            unit_of_work.send_with_commit("INSERT INTO uow_queue VALUES (%s)", [2])
            unit_of_work.read_after_commit(
                "SELECT x FROM uow_queue WHERE x > %s ORDER BY x", [0], rows.extend
            )

        before_commit("queue", step, order=1)

    # then both statements and the read went in one message, without a
    # COMMIT (the caller commits), and the read saw them
    messages = [
        q["sql"] for q in sent.captured_queries if "uow_queue VALUES" in q["sql"]
    ]
    assert messages == [
        "INSERT INTO uow_queue VALUES (1);\nINSERT INTO uow_queue VALUES (2);\n"
        "SELECT x FROM uow_queue WHERE x > 0 ORDER BY x"
    ]
    assert not any("COMMIT" in q["sql"] for q in sent.captured_queries)
    assert rows == [(1,), (2,)]
    assert connection.in_atomic_block
