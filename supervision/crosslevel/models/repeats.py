"""Repeat detection across the tree (重复信访): petitioner keys, content
signatures and the matches found between cases of different units."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from tenants.models import Unit

if TYPE_CHECKING:
    # Type-only: the facts sit above these models in the layers.
    from supervision.facts.models import CaseFact


class PetitionerKey(models.Model):
    """A keyed hash (HMAC) of a petitioner's ID number or phone, per petition."""

    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField("单位路径", max_length=200)
    petition_id = models.UUIDField("信访件ID")
    kind = models.CharField("类别", max_length=16)
    key = models.CharField("匹配键", max_length=64, db_index=True)
    received_on = models.DateField("收件日期")

    class Meta:
        verbose_name = "信访人匹配键"
        verbose_name_plural = "信访人匹配键"
        constraints = [
            models.UniqueConstraint(
                fields=["petition_id", "kind", "key"], name="petitionerkey_unique"
            )
        ]


class ContentSignature(models.Model):
    """The MinHash signature of a petition's content, for similarity across units."""

    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField("单位路径", max_length=200)
    petition_id = models.UUIDField("信访件ID", unique=True)
    signature = models.JSONField("签名")
    received_on = models.DateField("收件日期")

    class Meta:
        verbose_name = "内容签名"
        verbose_name_plural = "内容签名"


class ContentBand(models.Model):
    """One LSH band key of a content signature: petitions sharing one are candidates."""

    signature = models.ForeignKey(
        ContentSignature,
        verbose_name="内容签名",
        on_delete=models.CASCADE,
        related_name="bands",
    )
    band = models.CharField("分段键", max_length=24, db_index=True)

    class Meta:
        verbose_name = "内容签名分段"
        verbose_name_plural = "内容签名分段"


class MatchKind(models.TextChoices):
    REPEAT = "repeat", "重复信访"
    SKIP_LEVEL = "skip_level", "越级"
    MULTI_SEND = "multi_send", "一信多投"


class MatchBasis(models.TextChoices):
    PETITIONER = "petitioner", "同一信访人"
    CONTENT = "content", "内容相同或相似"
    BOTH = "both", "同一信访人且内容相似"


class MatchState(models.TextChoices):
    OPEN = "open", "待处理"
    MERGED = "merged", "已并案"
    DISMISSED = "dismissed", "非重复（已排除）"


class RepeatMatch(models.Model):
    """A newly registered petition found to match an earlier one in the tree.

    Inside one unit the unit may merge the later petition into the earlier one
    (并案): the later case closes and this row, in state `merged`, is what
    points it at the earlier one. A false match is dismissed. Across units the
    match stays linked and is never merged.
    """

    unit = models.ForeignKey(
        Unit, verbose_name="登记单位", on_delete=models.PROTECT, related_name="+"
    )
    petition_id = models.UUIDField("信访件ID")
    matched_unit = models.ForeignKey(
        Unit, verbose_name="在先单位", on_delete=models.PROTECT, related_name="+"
    )
    matched_petition_id = models.UUIDField("在先信访件ID")
    kind = models.CharField("类别", max_length=16, choices=MatchKind.choices)
    basis = models.CharField("依据", max_length=16, choices=MatchBasis.choices)
    similarity = models.FloatField("内容相似度", null=True, blank=True)
    # Only a match inside one unit can be merged; the unit decides.
    is_merge_offered = models.BooleanField("建议合并", default=False)
    created_at = models.DateTimeField("发现时间", auto_now_add=True)
    state = models.CharField(
        "处理状态", max_length=16, choices=MatchState.choices, default=MatchState.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decision_note = models.TextField("处理说明", blank=True)
    # The live facts of the later and the earlier petition, attached by the
    # selectors that list matches (one query for a page of them); None until
    # attached or while a petition has no fact row. Not columns.
    petition_fact: CaseFact | None = None
    matched_fact: CaseFact | None = None

    class Meta:
        verbose_name = "重复信访关联"
        verbose_name_plural = "重复信访关联"
        ordering = ("created_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["petition_id", "matched_petition_id"],
                name="repeatmatch_unique_pair",
            ),
            # A petition is merged into at most one earlier petition.
            models.UniqueConstraint(
                fields=["petition_id"],
                condition=Q(state="merged"),
                name="repeatmatch_one_merge_per_petition",
            ),
            models.CheckConstraint(
                condition=Q(state="merged", unit=models.F("matched_unit"))
                | ~Q(state="merged"),
                name="repeatmatch_merge_within_unit",
            ),
        ]
