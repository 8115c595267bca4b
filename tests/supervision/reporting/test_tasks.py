"""The daily `report_reminders` task: due-soon and overdue reminders to the unit,
overdue-child reminders to the parent's reviewers; running it again adds nothing."""

import datetime

from django.utils import timezone

from supervision.reporting.models import ReportReminder
from supervision.reporting.services import report_submit
from supervision.reporting.tasks import report_reminders as report_reminders_task
from tests.factories.reporting import make_requirement


def _reminded(kind):
    return sorted(
        ReportReminder.objects.filter(kind=kind).values_list(
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
    ReportReminder.objects.all().delete()

    first = report_reminders_task.delay().get()
    second = report_reminders_task.delay().get()

    submitters = ["leader", "liaison", "registrar"]
    assert _reminded("overdue") == sorted(
        f"{county}_{role}" for county in ("county_a", "county_b") for role in submitters
    )
    assert _reminded("child_overdue") == [
        "city_leader",
        "city_leader",
        "city_supervisor",
        "city_supervisor",
    ]
    assert _reminded("due_soon") == [f"county_b_{role}" for role in submitters]
    assert first == 6 + 4 + 3
    assert second == 0
    assert ReportReminder.objects.count() == 13
    message = ReportReminder.objects.get(
        kind="due_soon", recipient=tree.user("county_b", "registrar")
    ).message
    assert message == f"《即将到期的月报》将于{soon.due_on}到期，请按时报送"
