"""Supervision orders (督办单) an upper unit issues on a case below, their
replies and history."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from tenants.models import Unit


class SupervisionMethod(models.TextChoices):
    LETTER = "letter", "发函督办"
    SITE_VISIT = "site_visit", "实地调研"
    INTERVIEW = "interview", "重点约谈"
    DISPATCH = "dispatch", "专题调度"
    BULLETIN = "bulletin", "情况通报"


class OrderState(models.TextChoices):
    OPEN = "open", "督办中"
    ANSWERED = "answered", "已回复办结"


# A supervision order's one move: a result reply answers it (orders.order_change).
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderState.OPEN: frozenset({OrderState.ANSWERED}),
    OrderState.ANSWERED: frozenset(),
}


class SupervisionOrder(models.Model):
    """A supervision order (督办单) from an ancestor on a descendant's case or topic."""

    number = models.CharField("督办单号", max_length=40, unique=True)
    issuer_unit = models.ForeignKey(
        Unit, verbose_name="督办单位", on_delete=models.PROTECT, related_name="+"
    )
    target_unit = models.ForeignKey(
        Unit, verbose_name="被督办单位", on_delete=models.PROTECT, related_name="+"
    )
    petition_id = models.UUIDField("督办信访件ID", null=True, blank=True)
    topic = models.CharField("督办事项", max_length=200)
    method = models.CharField(
        "督办方式", max_length=16, choices=SupervisionMethod.choices
    )
    requirement = models.TextField("督办要求")
    issued_on = models.DateField("签发日期")
    due_on = models.DateField("回复期限")
    # The date the issuer set, if any; empty means the default period.
    requested_due_on = models.DateField("指定回复期限", null=True, blank=True)
    state = models.CharField(
        "状态", max_length=16, choices=OrderState.choices, default=OrderState.OPEN
    )
    answered_on = models.DateField("办结日期", null=True, blank=True)
    # Notifications already sent (1 reminder, 2 bulletin to the issuer's leader);
    # overdue itself is computed from due_on at query time.
    escalation_stage = models.PositiveSmallIntegerField("催办阶段", default=0)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        ordering = ("-issued_on", "-id")
        indexes = [
            models.Index(fields=["state", "due_on"], name="order_state_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(issuer_unit=models.F("target_unit")),
                name="order_between_two_units",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def can_become(self, state: str) -> bool:
        return state in ORDER_TRANSITIONS[self.state]

    def can_reply(self) -> bool:
        """The supervised unit replies until a result answers the order."""
        return self.can_become(OrderState.ANSWERED)

    def is_overdue(self, today) -> bool:
        return self.state == OrderState.OPEN and self.due_on < today


class ReplyKind(models.TextChoices):
    PROGRESS = "progress", "进展情况"
    RESULT = "result", "办理结果"


class SupervisionOrderReply(models.Model):
    """A written reply of the supervised unit: progress or result."""

    order = models.ForeignKey(
        SupervisionOrder,
        verbose_name="督办单",
        on_delete=models.PROTECT,
        related_name="replies",
    )
    kind = models.CharField("回复类别", max_length=16, choices=ReplyKind.choices)
    content = models.TextField("回复内容")
    # Files sent with the reply: of a case order, the supervised case's files
    # as a result report sends them (their ids in the supervised unit's
    # schema, no foreign key across schemas); of a topic order, the reply's
    # own files (SupervisionOrderReplyFile). Each with id, name and size.
    attachments = models.JSONField("回复附件", default=list, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回复人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    replied_at = models.DateTimeField("回复时间", auto_now_add=True)

    class Meta:
        verbose_name = "督办回复"
        verbose_name_plural = "督办回复"
        ordering = ("replied_at", "id")


class SupervisionOrderReplyFile(models.Model):
    """A file sent with the reply to a topic order (专题督办单), which has no
    case to keep it: stored encrypted in the supervised unit's file folder,
    as a case's files are, and read by the order's two units."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reply = models.ForeignKey(
        SupervisionOrderReply,
        verbose_name="督办回复",
        on_delete=models.PROTECT,
        related_name="files",
    )
    original_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField("存储名", max_length=64, unique=True)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "督办回复附件"
        verbose_name_plural = "督办回复附件"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.original_name


class OrderAction(models.TextChoices):
    ISSUED = "issued", "签发"
    REPLIED = "replied", "回复"
    ANSWERED = "answered", "回复办结"
    REMINDED = "reminded", "逾期催办"
    BULLETINED = "bulletined", "逾期通报"
    DUE_RECOMPUTED = "due_recomputed", "期限重新计算"
    # A manual urge by the issuing unit or one above it (services.urges).
    URGED = "urged", "催办"


class SupervisionOrderEvent(models.Model):
    """The history of a supervision order, seen by both units; append-only."""

    order = models.ForeignKey(
        SupervisionOrder,
        verbose_name="督办单",
        on_delete=models.PROTECT,
        related_name="events",
    )
    action = models.CharField("操作", max_length=16, choices=OrderAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "督办记录"
        verbose_name_plural = "督办记录"
        ordering = ("created_at", "id")
