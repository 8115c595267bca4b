"""The daily `report_reminders` task: due-soon and overdue reminders to the unit,
overdue-child reminders to the parent's reviewers; running it again adds nothing."""

import datetime

from django.utils import timezone

from supervision.inbox.models import Notification
from supervision.reporting.services import report_submit
from supervision.reporting.tasks import report_reminders as report_reminders_task
from tests.factories.reporting import make_requirement


def _reminded(kind):
    return sorted(
        Notification.objects.filter(kind=kind).values_list(
            "recipient__username", flat=True
        )
    )


def test_overdue_and_due_soon_reports_are_reminded_once(tree):
    today = timezone.localdate()
    city, leader = tree.units["city"], tree.user("city", "leader")
    make_requirement(
        city,
        leader,
        title="逾期的年度报告",
        target_levels=["county"],
        due_on=today - datetime.timedelta(days=2),
    )
    soon = make_requirement(
        city,
        leader,
        title="即将到期的月报",
        target_levels=["county"],
        due_on=today + datetime.timedelta(days=1),
    )
    make_requirement(
        city,
        leader,
        title="远期报告",
        target_levels=["county"],
        due_on=today + datetime.timedelta(days=30),
    )
    report_submit(
        actor=tree.user("county_a", "registrar"),
        requirement_id=soon.pk,
        sections={"basic_situation": "正文"},
    )
    Notification.objects.all().delete()

    first = report_reminders_task.delay().get()
    second = report_reminders_task.delay().get()

    submitters = ["leader", "liaison", "registrar"]
    assert _reminded("report_overdue") == sorted(
        f"{county}_{role}" for county in ("county_a", "county_b") for role in submitters
    )
    assert _reminded("child_report_overdue") == [
        "city_leader",
        "city_leader",
        "city_supervisor",
        "city_supervisor",
    ]
    assert _reminded("report_due_soon") == [f"county_b_{role}" for role in submitters]
    assert first == 6 + 4 + 3
    assert second == 0
    assert Notification.objects.count() == 13
    message = Notification.objects.get(
        kind="report_due_soon", recipient=tree.user("county_b", "registrar")
    )
    assert message.title == f"《即将到期的月报》将于{soon.due_on}到期，请按时报送"
    assert (message.subject_type, message.subject_id) == (
        "report_requirement",
        str(soon.pk),
    )
    assert message.dedupe_key == f"reporting:due_soon:{soon.pk}:320104"
    assert message.read_at is None
