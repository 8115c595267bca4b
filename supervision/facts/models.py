"""Case facts: one row per petition in the public schema, for cross-level views.

Written in the same transaction as every change to a petition, by the service
that makes the change. A fact holds no personal data: no names, identity
numbers, phones, addresses or content. Overdue is not stored (time would make a
stored flag stale): `due_on` is kept and compared with today at query time.
"""

from __future__ import annotations

from datetime import date

from django.db import models

from supervision.choices import Origin
from supervision.facts.measures import MEASURE_KEYS, MEASURES, STILL_OPEN_MONTH
from tenants.models import Unit


class CaseFact(models.Model):
    """The non-personal facts of one petition held by one unit."""

    petition_id = models.UUIDField("信访件ID", unique=True)
    unit = models.ForeignKey(
        Unit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="+"
    )
    # Denormalized from the unit so subtree filters need no join.
    unit_path = models.CharField("单位路径", max_length=200)
    unit_level = models.CharField("单位层级", max_length=16)
    tracking_number = models.CharField("编号", max_length=40)
    channel = models.CharField("来源渠道", max_length=16)
    legal_type = models.CharField("类型", max_length=24, blank=True)
    topic = models.CharField("问题类别", max_length=32, blank=True)
    status = models.CharField("状态", max_length=24)
    # How the case reached this unit: registered here, transferred or assigned
    # from above, escalated from below; and the unit it came from.
    origin = models.CharField("来源方式", max_length=16, default=Origin.DIRECT)
    source_unit = models.ForeignKey(
        Unit,
        verbose_name="来源单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handling_mode = models.CharField("办理方式", max_length=16, blank=True)
    accused_level = models.CharField("被反映人管理层级", max_length=16, blank=True)
    accused_unit_name = models.CharField("被反映人所在单位", max_length=100, blank=True)
    is_accepted = models.BooleanField("已受理", null=True)
    is_open = models.BooleanField("未办结", default=True)
    received_on = models.DateField("收件日期")
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    # End of the clock that is running now (acceptance, handling, extension,
    # review...); null when none runs.
    due_on = models.DateField("当前期限", null=True, blank=True)
    due_clock = models.CharField("当前时限", max_length=32, blank=True)
    closed_in_time = models.BooleanField("按期办结", null=True)
    accepted_in_time = models.BooleanField("及时受理", null=True)
    is_repeat = models.BooleanField("重复信访", default=False)
    is_skip_level = models.BooleanField("越级", default=False)
    is_multi_send = models.BooleanField("一信多投", default=False)
    is_collective = models.BooleanField("集体访", default=False)
    headcount = models.PositiveIntegerField("人数", default=1)
    is_anonymous = models.BooleanField("匿名", default=False)
    transfer_count = models.PositiveSmallIntegerField("转办次数", default=0)
    return_count = models.PositiveSmallIntegerField("退回次数", default=0)
    review_stage = models.CharField("复查复核阶段", max_length=16, blank=True)
    is_supervised = models.BooleanField("被督办", default=False)
    satisfaction = models.CharField("满意度", max_length=24, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "案件事实"
        verbose_name_plural = "案件事实"
        indexes = [
            models.Index(
                fields=["unit_path", "received_on"],
                name="fact_path_received_idx",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            models.Index(
                fields=["unit_path", "due_on"],
                name="fact_open_due_idx",
                opclasses=["varchar_pattern_ops", "date_ops"],
                condition=models.Q(is_open=True),
            ),
            models.Index(fields=["unit", "received_on"], name="fact_unit_received_idx"),
            # The overdue list of a large subtree reads open facts in due order
            # and stops after one page.
            models.Index(
                fields=["due_on"],
                name="fact_open_due_on_idx",
                condition=models.Q(is_open=True),
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_number


class RollupDimension(models.TextChoices):
    ALL = "all", "合计"
    CHANNEL = "channel", "来源渠道"
    LEGAL_TYPE = "legal_type", "类型"
    TOPIC = "topic", "问题类别"
    ACCUSED_UNIT = "accused_unit", "被反映人所在单位"


class CaseFactRollup(models.Model):
    """Monthly counts of the facts of one unit's whole subtree, per dimension value.

    A fact counts in the month it was received (a cohort: "of the cases received
    in March, how many were accepted in time, closed, closed on time"), once
    for its own unit and once for every ancestor, so a province's year is twelve
    months of rows per dimension value and a drill-down reads a few rows per
    child and month. Rows are split by the month their cases stopped being open
    (`closed_month`), so a period's figures are read as they stood at its end
    (办结 by then, 在办 then). Its counts are the measures of `supervision.facts.measures`, one
    column each. Maintained by `supervision.facts.services` in the transaction
    that writes the fact; `rollup_rebuild` recomputes it from the facts.
    """

    unit = models.ForeignKey(
        Unit, verbose_name="单位（含下级）", on_delete=models.PROTECT, related_name="+"
    )
    dimension = models.CharField("维度", max_length=16, choices=RollupDimension.choices)
    month = models.DateField("月份")
    value = models.CharField("维度取值", max_length=100, blank=True)
    closed_month = models.DateField(
        "结束月份",
        default=STILL_OPEN_MONTH,
        help_text="办结或结束的月份（不早于收件月份）；仍在办为9999-12",
    )

    class Meta:
        verbose_name = "案件月度汇总"
        verbose_name_plural = "案件月度汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "dimension", "month", "value", "closed_month"],
                name="fact_rollup_unique_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m} {self.dimension}={self.value}"


class CaseFactRollupDelta(models.Model):
    """Counts added to the monthly rollup by one unit of work, not yet folded in.

    A writer appends its deltas as new rows (no row is shared by two writers,
    so none waits for another); `rollup_deltas_fold` moves them into
    `CaseFactRollup`, and readers sum both (`CaseFactRollupCurrent`), so the
    figures are exact at every moment. No foreign key: the unit's row is not
    locked by every insert.
    """

    id = models.BigAutoField(primary_key=True)
    unit_id = models.BigIntegerField("单位（含下级）")
    dimension = models.CharField("维度", max_length=16, choices=RollupDimension.choices)
    month = models.DateField("月份")
    value = models.CharField("维度取值", max_length=100, blank=True)
    closed_month = models.DateField("结束月份", default=STILL_OPEN_MONTH)

    class Meta:
        verbose_name = "案件月度汇总增量"
        verbose_name_plural = "案件月度汇总增量"
        indexes = [
            models.Index(fields=["unit_id", "month"], name="fact_rollup_delta_idx")
        ]


class CaseFactRollupCurrent(models.Model):
    """The monthly rollup as readers see it: the folded rows and the deltas not
    yet folded, in one view (`facts_casefactrollup_current`, UNION ALL), so one
    statement sums a consistent snapshot of both. Rows are not unique by key:
    read sums only."""

    unit = models.ForeignKey(
        Unit,
        verbose_name="单位（含下级）",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    dimension = models.CharField("维度", max_length=16, choices=RollupDimension.choices)
    month = models.DateField("月份")
    value = models.CharField("维度取值", max_length=100, blank=True)
    closed_month = models.DateField("结束月份", default=STILL_OPEN_MONTH)

    class Meta:
        managed = False
        db_table = "facts_casefactrollup_current"
        verbose_name = "案件月度汇总（含未合并增量）"
        verbose_name_plural = "案件月度汇总（含未合并增量）"


# One count column per measure, named and labelled by the measure itself.
for _measure in MEASURES:
    for _model in (CaseFactRollup, CaseFactRollupDelta, CaseFactRollupCurrent):
        _model.add_to_class(
            _measure.key, models.IntegerField(_measure.label, default=0)
        )
ROLLUP_MEASURES = MEASURE_KEYS


# The due date an open case without a running clock is counted under.
NO_DEADLINE = date(9999, 12, 31)


class CaseFactOpenRollup(models.Model):
    """Open cases of one unit's whole subtree per current deadline.

    Overdue and due-soon counts compare `due_on` with today at query time, so
    nothing here goes stale; a province's counts are one row per distinct
    deadline instead of one per open case. Maintained with the facts.
    """

    unit = models.ForeignKey(
        Unit, verbose_name="单位（含下级）", on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField("当前期限")
    open = models.IntegerField("在办数", default=0)

    class Meta:
        verbose_name = "在办案件期限汇总"
        verbose_name_plural = "在办案件期限汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "due_on"], name="fact_open_rollup_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.due_on} {self.open}"


class CaseFactOpenRollupDelta(models.Model):
    """Open-case counts added by one unit of work, not yet folded into
    `CaseFactOpenRollup` (as `CaseFactRollupDelta` for the monthly rollup)."""

    id = models.BigAutoField(primary_key=True)
    unit_id = models.BigIntegerField("单位（含下级）")
    due_on = models.DateField("当前期限")
    open = models.IntegerField("在办数", default=0)

    class Meta:
        verbose_name = "在办案件期限汇总增量"
        verbose_name_plural = "在办案件期限汇总增量"
        indexes = [models.Index(fields=["unit_id"], name="fact_open_delta_idx")]


class CaseFactOpenRollupCurrent(models.Model):
    """The open-case rollup as readers see it: folded rows and unfolded deltas
    (view `facts_casefactopenrollup_current`); read sums only."""

    unit = models.ForeignKey(
        Unit,
        verbose_name="单位（含下级）",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    due_on = models.DateField("当前期限")
    open = models.IntegerField("在办数", default=0)

    class Meta:
        managed = False
        db_table = "facts_casefactopenrollup_current"
        verbose_name = "在办案件期限汇总（含未合并增量）"
        verbose_name_plural = "在办案件期限汇总（含未合并增量）"
