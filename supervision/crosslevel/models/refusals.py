"""The refusal log (回避、保密拒绝记录): cross-level sends refused, and the
leaders' decisions that allow one, kept for audit."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tenants.models import Unit


class RefusalKind(models.TextChoices):
    REFUSED = "refused", "拒绝"
    # A leader's explicit decision to send an accusation whose accused's unit
    # is not known to a unit below (被反映人所在单位不详，领导决定转交).
    APPROVED = "approved", "领导决定准予"


class RefusalLog(models.Model):
    """A refused cross-level attempt (回避、保密), kept even though nothing else
    is, and the leaders' decisions that allow one (领导决定)."""

    kind = models.CharField(
        "类别", max_length=16, choices=RefusalKind.choices, default="refused"
    )
    code = models.CharField("错误代码", max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_unit = models.ForeignKey(
        Unit, verbose_name="来源单位", on_delete=models.PROTECT, related_name="+"
    )
    target_unit = models.ForeignKey(
        Unit, verbose_name="目标单位", on_delete=models.PROTECT, related_name="+"
    )
    petition_id = models.UUIDField("信访件ID")
    message = models.TextField("说明")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "拒绝与决定记录（回避保密）"
        verbose_name_plural = "拒绝与决定记录（回避保密）"
        ordering = ("-created_at", "-id")
