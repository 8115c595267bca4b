"""Final matters (复核终结事项): matters concluded by a 复核 opinion, and the
keys a new letter is matched against."""

from __future__ import annotations

from django.db import models

from tenants.models import Unit


class FinalMatter(models.Model):
    """A matter made final by 复核 (Art 36): not accepted again anywhere.

    Kept in the public schema so that every unit checks it at registration and
    acceptance. It names the petitioner only by the keyed hashes used for
    repeat matching (`FinalMatterKey`) and the content only by its MinHash
    signature: no name, number, phone or text of the petition is stored here.
    """

    final_unit = models.ForeignKey(
        Unit, verbose_name="复核单位", on_delete=models.PROTECT, related_name="+"
    )
    # The 复核 case at the final unit; its tracking number is read from the
    # case facts, where scoping decides who may see it.
    review_petition_id = models.UUIDField("复核信访件ID", unique=True)
    decided_on = models.DateField("复核决定日期")
    signature = models.JSONField("内容签名")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "复核终结事项"
        verbose_name_plural = "复核终结事项"
        ordering = ("-decided_on", "-id")

    def __str__(self) -> str:
        return f"{self.final_unit_id}:{self.review_petition_id}"


class FinalMatterKey(models.Model):
    """One petitioner key (HMAC of an ID number or phone) of a final matter."""

    matter = models.ForeignKey(
        FinalMatter,
        verbose_name="复核终结事项",
        on_delete=models.CASCADE,
        related_name="keys",
    )
    kind = models.CharField("类别", max_length=16)
    key = models.CharField("匹配键", max_length=64, db_index=True)

    class Meta:
        verbose_name = "复核终结事项匹配键"
        verbose_name_plural = "复核终结事项匹配键"
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "kind", "key"], name="finalmatterkey_unique"
            )
        ]
