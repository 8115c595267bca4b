"""A Celery task killed half-way and retried: what it did before it died is
not done twice, and what it had not done yet is done once."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from supervision.crosslevel.models import Notification, NotificationKind
from supervision.crosslevel.services import deadlines
from supervision.crosslevel.services import links as link_services
from supervision.crosslevel.tasks import crosslevel_deadlines_scan
from tests.factories.crosslevel import petition_fact
from tests.factories.supervision import in_unit

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
    # who are reminded: the township's staff with cross-level work
    township_staff = sorted(
        tree.user("township", role).username for role in ("registrar", "leader")
    )
    # and the worker dies right after the first reminder is stored
    notify = deadlines.notify_units
    calls = []

    def notify_then_die(**kwargs):
        count = notify(**kwargs)
        calls.append(kwargs["dedupe_key"])
        if len(calls) == 1:
            raise WorkerKilled
        return count

    monkeypatch.setattr(deadlines, "notify_units", notify_then_die)
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
