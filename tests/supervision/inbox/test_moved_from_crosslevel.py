"""The inbox moved from the cross-level app to its own (crosslevel 0010, inbox
0001) without touching its table: the messages stored before the move are the
inbox's after it, and mail queued under the task's old name is still sent."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from config.celery import app
from supervision.inbox.models import Notification, NotificationKind
from supervision.inbox.tasks import crosslevel_notification_email_send

BEFORE = [("crosslevel", "0009_result_report_attachments"), ("inbox", None)]
AFTER = [("crosslevel", "0010_notification_to_inbox"), ("inbox", "0001_initial")]


def _message(user, key: str = "moved-1") -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind=NotificationKind.CASE_RECEIVED,
        title="收到转办信访件",
        dedupe_key=key,
    )


def test_the_table_and_its_rows_survive_the_move_both_ways(tree):
    user = tree.user("county_a", "leader")
    stored = _message(user)
    assert Notification._meta.db_table == "crosslevel_notification"

    # back to before the move: the cross-level app has the model, on the table
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    before = executor.loader.project_state(BEFORE[:1]).apps
    old_model = before.get_model("crosslevel", "Notification")
    assert old_model._meta.db_table == "crosslevel_notification"
    assert list(old_model.objects.values_list("pk", "title")) == [
        (stored.pk, "收到转办信访件")
    ]
    assert "notification" not in before.all_models.get("inbox", {})

    # and forward again: the inbox's model reads the same rows
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
    after = executor.loader.project_state(AFTER).apps
    assert "notification" not in after.all_models["crosslevel"]
    new_model = after.get_model("inbox", "Notification")
    assert list(new_model.objects.values_list("pk", "recipient_id")) == [
        (stored.pk, user.pk)
    ]
    assert Notification.objects.get(pk=stored.pk).dedupe_key == "moved-1"


def test_a_mail_queued_under_the_old_task_name_is_sent(tree, mailoutbox):
    user = tree.user("county_a", "leader")
    type(user).objects.filter(pk=user.pk).update(email="leader@xw.example")
    _message(user, key="old-name")
    old = app.tasks["crosslevel.notification_email_send"]
    assert old.name == crosslevel_notification_email_send.name
    sent = old.delay("old-name", [user.pk])
    assert sent.get() == 1
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["leader@xw.example"], "收到转办信访件")
    ]
