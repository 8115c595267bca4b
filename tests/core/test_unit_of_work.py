"""Finishing steps run last, in order, inside the unit of work's transaction."""

import pytest
from django.db import connection, transaction

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
