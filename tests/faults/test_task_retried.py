"""A Celery task killed half-way and retried: what it did before it died is
not done twice, and what it had not done yet is done once."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from supervision.crosslevel.services import links as link_services
from supervision.crosslevel.services import reminders
from supervision.crosslevel.tasks import crosslevel_deadlines_scan
from supervision.facts.models import CaseFact
from supervision.holidays import recompute
from supervision.holidays.tasks import open_clocks_recompute
from supervision.inbox.models import Notification, NotificationKind
from tests.factories.crosslevel import petition_fact
from tests.factories.supervision import in_unit
from tests.graphql_api.holidays.test_holiday_calendar import (
    _accepted_on_november_2,
    _case,
    _enter,
)

TODAY = timezone.localdate()
DUE = TODAY + datetime.timedelta(days=10)
# Three days overdue: a reminder to the assignee, no bulletin yet.
SCAN_DAY = (DUE + datetime.timedelta(days=3)).isoformat()


class WorkerKilled(Exception):
    """Stands for the worker dying in the middle of the task."""


def _assigned_twice(tree):
    registrar = tree.user("county_a", "registrar")
    facts = [
        petition_fact(tree, "county_a", title=title)
        for title in ("反映甲街道干部选拔问题", "反映乙街道干部选拔问题")
    ]
    with in_unit(tree.units["county_a"]):
        return [
            link_services.petition_assign(
                actor=registrar,
                petition_id=fact.petition_id,
                target_code="320102002",
                due_on=DUE,
            )
            for fact in facts
        ]


def _reminders():
    return sorted(
        Notification.objects.filter(
            kind=NotificationKind.OVERDUE_REMINDER, subject_type="case_link"
        ).values_list("recipient__username", "subject_id")
    )


def test_deadline_scan_killed_after_first_reminder_and_retried_reminds_once(
    tree, monkeypatch
):
    # given two assignments to the township, both overdue on the scan day
    first_link, second_link = _assigned_twice(tree)
    # who are reminded: the township's staff with cross-level work, and its
    # liaison, who reports the results
    township_staff = sorted(
        tree.user("township", role).username
        for role in ("registrar", "leader", "liaison")
    )
    # and the worker dies right after the first reminder is stored
    notify = reminders.notify_units
    calls = []

    def notify_then_die(**kwargs):
        count = notify(**kwargs)
        calls.append(kwargs["dedupe_key"])
        if len(calls) == 1:
            raise WorkerKilled
        return count

    monkeypatch.setattr(reminders, "notify_units", notify_then_die)
    with pytest.raises(WorkerKilled):
        crosslevel_deadlines_scan.delay(SCAN_DAY)
    after_kill = _reminders()

    # when the task is retried, and beat runs it once more the same day
    retried = crosslevel_deadlines_scan.delay(SCAN_DAY).get()
    again = crosslevel_deadlines_scan.delay(SCAN_DAY).get()

    # then the reminder stored before the kill is not sent again, the other
    # is sent once, and a further run adds nothing
    killed_link = calls[0].split(":")[1]
    other_link = str(
        second_link.pk if killed_link == str(first_link.pk) else first_link.pk
    )
    assert after_kill == [(name, killed_link) for name in township_staff]
    assert retried["reminders"] == len(township_staff)
    assert again["reminders"] == 0
    assert _reminders() == sorted(
        [(name, killed_link) for name in township_staff]
        + [(name, other_link) for name in township_staff]
    )


def test_holiday_recompute_killed_half_way_and_retried_moves_each_clock_once(
    tree, gql, monkeypatch
):
    # given a case whose 60 days end on 1 January 2027, and the 2027 schedule
    # entered (its recompute not run yet)
    petition = _accepted_on_november_2(tree, gql)
    _enter(gql, tree)

    # and the worker dies after the petitions' clocks moved, before the links'
    def die():
        raise WorkerKilled

    monkeypatch.setattr(recompute, "_links_recompute", die)
    with pytest.raises(WorkerKilled):
        open_clocks_recompute.delay()
    after_kill = _case(gql, tree, petition)
    monkeypatch.undo()

    # when the task is retried, and runs once more
    retried = open_clocks_recompute.delay().get()
    again = open_clocks_recompute.delay().get()

    # then the killed run left nothing, the retry moved the clock once with
    # one event, and a further run moves nothing
    assert after_kill["dueOn"] == "2027-01-01"
    assert [e["action"] for e in after_kill["events"]].count("DUE_RECOMPUTED") == 0
    assert retried == {"petitions": 1, "links": 0, "orders": 0, "requirements": 0}
    assert again == {"petitions": 0, "links": 0, "orders": 0, "requirements": 0}
    after = _case(gql, tree, petition)
    assert after["dueOn"] == "2027-01-04"
    assert [e["action"] for e in after["events"]].count("DUE_RECOMPUTED") == 1
    assert CaseFact.objects.get(petition_id=petition.pk).due_on == datetime.date(
        2027, 1, 4
    )
