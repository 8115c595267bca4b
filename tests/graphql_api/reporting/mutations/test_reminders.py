"""Marking reporting reminders read: only one's own."""

import pytest

from supervision.reporting.models import ReportReminder

MARK = """
mutation($id: ID!) {
  reportReminderMarkRead(reminderId: $id) {
    reminder { id message readAt }
    errors { code message field }
  }
}"""


@pytest.mark.parametrize(
    ("actor", "expected_code"),
    [
        (None, "UNAUTHENTICATED"),
        (("township", "liaison"), "NOT_FOUND"),
        (("county_a", "registrar"), None),
        (("county_b", "registrar"), "NOT_FOUND"),
        (("province", "supervisor"), "NOT_FOUND"),
    ],
)
def test_report_reminder_mark_read_authorization(tree, gql, actor, expected_code):
    reminder = ReportReminder.objects.create(
        recipient=tree.user("county_a", "registrar"),
        kind="due_soon",
        key="due_soon:test",
        message="《2025年度报告》将于2026-01-31到期，请按时报送",
    )
    user = tree.user(*actor) if actor else None

    data = gql(user).ok(MARK, {"id": reminder.pk})["reportReminderMarkRead"]

    reminder.refresh_from_db()
    if expected_code is None:
        assert data["errors"] == []
        assert data["reminder"]["readAt"] is not None
        assert reminder.read_at is not None
        again = gql(user).ok(MARK, {"id": reminder.pk})["reportReminderMarkRead"]
        assert [e["code"] for e in again["errors"]] == ["ALREADY_READ"]
    else:
        assert data["reminder"] is None
        assert [e["code"] for e in data["errors"]] == [expected_code]
        assert reminder.read_at is None
