"""Inbox messages (站内通知), one per recipient and occasion.

The table lives in the public schema: staff of every unit read their inbox
there. It was created by the cross-level app and keeps its name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NotificationKind(models.TextChoices):
    CASE_RECEIVED = "case_received", "收到转办交办"
    ESCALATION_RECEIVED = "escalation_received", "收到上报"
    OBJECTION = "objection", "管辖异议"
    RESULT_REPORT = "result_report", "报结"
    REPORT_RETURNED = "report_returned", "报结退回"
    SUPERVISION_ORDER = "supervision_order", "督办单"
    SUPERVISION_REPLY = "supervision_reply", "督办回复"
    DEADLINE_WARNING = "deadline_warning", "临期预警"
    OVERDUE_REMINDER = "overdue_reminder", "逾期催办"
    OVERDUE_BULLETIN = "overdue_bulletin", "逾期通报"
    REPORT_MISSING = "report_missing", "催报结"
    PROBLEM_CASE = "problem_case", "问题件"
    REPEAT_FOUND = "repeat_found", "重复信访提示"
    REVIEW_RECEIVED = "review_received", "收到复查复核申请"
    REVIEW_DECIDED = "review_decided", "复查复核意见"
    REPORT_DUE_SOON = "report_due_soon", "书面报告即将到期"
    REPORT_OVERDUE = "report_overdue", "书面报告逾期未报"
    CHILD_REPORT_OVERDUE = "child_report_overdue", "下级书面报告逾期未报"
    WRITTEN_REPORT_SUBMITTED = "written_report_submitted", "下级书面报告待审核"
    WRITTEN_REPORT_RETURNED = "written_report_returned", "书面报告被退回"
    SITUATION_REPORT = "situation_report", "重要情况报告"
    SUPERVISION_URGED = "supervision_urged", "督办催办"


class Notification(models.Model):
    """One message in a user's in-app inbox (站内通知)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    kind = models.CharField("类别", max_length=24, choices=NotificationKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    subject_type = models.CharField("对象类别", max_length=24, blank=True)
    subject_id = models.CharField("对象ID", max_length=64, blank=True)
    # The same message for the same occasion is stored once, however often the
    # scan that produces it runs.
    dedupe_key = models.CharField("去重键", max_length=160)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        # The table it had in the cross-level app, whose migrations created it.
        db_table = "crosslevel_notification"
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notification_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "read_at"], name="notification_inbox_idx"
            ),
            # The messages about one petition, found when it is numbered
            # (under the unit's counter lock: no scan of every unit's inbox).
            models.Index(
                fields=["subject_id", "subject_type"], name="notification_subject_idx"
            ),
        ]
