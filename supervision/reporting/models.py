"""Reports that roll up the unit tree, all in the public schema.

An upper unit sets a report requirement (报告要求) for the units below it; each
required unit submits one report (书面报告) to its parent, which accepts it or
returns it with comments; every submission is kept as a numbered version.
Township liaisons file risk screenings (隐患排查) and important-situation
reports (重要情况报告), visible to the filing unit and all its ancestors. Upper
units score their children in assessment bulletins (考核通报).
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from tenants.models import Unit, UnitLevel, User


class ReportKind(models.TextChoices):
    ANNUAL = "annual", "年度书面报告"
    MONTHLY = "monthly", "月度统计报表"
    QUARTERLY_RISK = "quarterly_risk", "季度隐患排查"
    AD_HOC = "ad_hoc", "专项报告"


class ReportRequirement(models.Model):
    """A report the issuing unit requires from the units below it, by a due date."""

    issuer_unit = models.ForeignKey(
        Unit,
        verbose_name="发文单位",
        on_delete=models.PROTECT,
        related_name="report_requirements",
    )
    # Denormalized so "requirements that apply to me" is one IN lookup.
    issuer_path = models.CharField("发文单位路径", max_length=200)
    kind = models.CharField("报告类别", max_length=16, choices=ReportKind.choices)
    title = models.CharField("标题", max_length=120)
    instructions = models.TextField("要求说明", blank=True)
    period_start = models.DateField("统计期起")
    period_end = models.DateField("统计期止")
    # The date as set; `due_on` is that day or, when it is a rest day, the
    # next working day, recomputed when a holiday schedule is entered.
    requested_due_on = models.DateField("指定报送截止日期", null=True, blank=True)
    due_on = models.DateField("报送截止日期")
    # Levels that must report; empty means every level below the issuer.
    target_levels = ArrayField(
        models.CharField(max_length=16, choices=UnitLevel.choices),
        verbose_name="报送层级",
        default=list,
        blank=True,
    )
    created_by = models.ForeignKey(
        User, verbose_name="发文人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "报告要求"
        verbose_name_plural = "报告要求"
        ordering = ("-due_on", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="report_requirement_period_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def applies_to(self, unit: Unit) -> bool:
        """Whether `unit` must submit this report: strictly below the issuer, at a
        required level."""
        below = unit.path.startswith(self.issuer_path + ".")
        return below and (not self.target_levels or unit.level in self.target_levels)


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", "已报送"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已采纳"


class Report(models.Model):
    """One unit's report for one requirement, reviewed by the unit's parent."""

    requirement = models.ForeignKey(
        ReportRequirement,
        verbose_name="报告要求",
        on_delete=models.PROTECT,
        related_name="reports",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="报送单位", on_delete=models.PROTECT, related_name="reports"
    )
    unit_path = models.CharField("报送单位路径", max_length=200)
    reviewer_unit = models.ForeignKey(
        Unit, verbose_name="审核单位", on_delete=models.PROTECT, related_name="+"
    )
    document_number = models.CharField("文号", max_length=40)
    status = models.CharField("状态", max_length=16, choices=ReportStatus.choices)
    version_count = models.PositiveSmallIntegerField("版本数", default=0)
    first_submitted_at = models.DateTimeField("首次报送时间")
    submitted_at = models.DateTimeField("最近报送时间")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "报告"
        verbose_name_plural = "报告"
        ordering = ("unit_path",)
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "unit"], name="report_one_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.requirement}"

    def can_resubmit(self) -> bool:
        return self.status == ReportStatus.RETURNED

    def can_review(self) -> bool:
        return self.status == ReportStatus.SUBMITTED


class ReportVersion(models.Model):
    """One submission of a report: narrative sections and the statistics as sent."""

    report = models.ForeignKey(
        Report, verbose_name="报告", on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField("版本号")
    sections = models.JSONField("正文各部分", default=dict)
    # The statistics of the unit's subtree at submission, as sent (see
    # supervision.reporting.statistics.Statistics.as_dict).
    statistics = models.JSONField("统计数据", default=dict)
    submitted_by = models.ForeignKey(
        User, verbose_name="报送人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间")

    class Meta:
        verbose_name = "报告版本"
        verbose_name_plural = "报告版本"
        ordering = ("report_id", "number")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="report_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class ReportAction(models.TextChoices):
    SUBMITTED = "submitted", "报送"
    RESUBMITTED = "resubmitted", "重新报送"
    RETURNED = "returned", "退回"
    ACCEPTED = "accepted", "采纳"


class ReportEvent(models.Model):
    """One transition of a report: who, when, and the comment given."""

    report = models.ForeignKey(
        Report, verbose_name="报告", on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField("操作", max_length=16, choices=ReportAction.choices)
    version_number = models.PositiveSmallIntegerField("版本号")
    actor = models.ForeignKey(
        User, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "报告记录"
        verbose_name_plural = "报告记录"
        ordering = ("report_id", "created_at", "id")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.report}"


class Severity(models.TextChoices):
    LOW = "low", "一般"
    MEDIUM = "medium", "较大"
    HIGH = "high", "重大"


class SensitiveDate(models.TextChoices):
    JULY_FIRST = "july_first", "七一"
    AUGUST_FIRST = "august_first", "八一"
    DOUBLE_NINTH = "double_ninth", "重阳"
    YEAR_END = "year_end", "年底"
    TWO_SESSIONS = "two_sessions", "两会"
    OTHER = "other", "其他"


class RiskScreening(models.Model):
    """A risk screening entry (隐患排查): a matter that may turn into petitions."""

    unit = models.ForeignKey(
        Unit, verbose_name="填报单位", on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField("填报单位路径", max_length=200)
    requirement = models.ForeignKey(
        ReportRequirement,
        verbose_name="报告要求",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risk_screenings",
    )
    matter = models.TextField("隐患事项")
    people_involved = models.TextField("涉及人员", blank=True)
    expected_headcount = models.PositiveIntegerField("预计人数", default=0)
    sensitive_dates = ArrayField(
        models.CharField(max_length=16, choices=SensitiveDate.choices),
        verbose_name="敏感节点",
        default=list,
        blank=True,
    )
    severity = models.CharField("风险等级", max_length=8, choices=Severity.choices)
    measures = models.TextField("已采取措施", blank=True)
    reported_by = models.ForeignKey(
        User, verbose_name="填报人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("填报时间", auto_now_add=True)

    class Meta:
        verbose_name = "隐患排查"
        verbose_name_plural = "隐患排查"
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(
                fields=["unit_path"],
                name="risk_path_idx",
                opclasses=["varchar_pattern_ops"],
            )
        ]

    def __str__(self) -> str:
        return self.matter[:30]


class SituationReport(models.Model):
    """An important-situation report (重要情况报告), sent up at once (Art 25)."""

    unit = models.ForeignKey(
        Unit, verbose_name="报告单位", on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField("报告单位路径", max_length=200)
    title = models.CharField("标题", max_length=120)
    content = models.TextField("情况内容")
    severity = models.CharField("紧急程度", max_length=8, choices=Severity.choices)
    occurred_on = models.DateField("发生日期")
    reported_by = models.ForeignKey(
        User, verbose_name="报告人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("报告时间", auto_now_add=True)

    class Meta:
        verbose_name = "重要情况报告"
        verbose_name_plural = "重要情况报告"
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(
                fields=["unit_path"],
                name="situation_path_idx",
                opclasses=["varchar_pattern_ops"],
            )
        ]

    def __str__(self) -> str:
        return self.title


class AssessmentBulletin(models.Model):
    """An assessment bulletin (考核通报): the issuer's children scored for a period."""

    issuer_unit = models.ForeignKey(
        Unit, verbose_name="通报单位", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("标题", max_length=120)
    document_number = models.CharField("文号", max_length=40)
    period_start = models.DateField("考核期起")
    period_end = models.DateField("考核期止")
    # metric key -> weight (see supervision.reporting.assessment.METRICS).
    weights = models.JSONField("权重")
    issued_by = models.ForeignKey(
        User, verbose_name="通报人", on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("通报时间", auto_now_add=True)

    class Meta:
        verbose_name = "考核通报"
        verbose_name_plural = "考核通报"
        ordering = ("-issued_at", "-id")

    def __str__(self) -> str:
        return self.title


class AssessmentScore(models.Model):
    """One child unit's score and rank in a bulletin, with each metric's share."""

    bulletin = models.ForeignKey(
        AssessmentBulletin,
        verbose_name="考核通报",
        on_delete=models.PROTECT,
        related_name="scores",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="被考核单位", on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    rank = models.PositiveSmallIntegerField("名次")
    # metric key -> {"rate": "0.8000" | null, "points": "20.00"}
    components = models.JSONField("分项得分")

    class Meta:
        verbose_name = "考核得分"
        verbose_name_plural = "考核得分"
        ordering = ("bulletin_id", "rank", "unit_id")
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "unit"], name="assessment_score_one_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.score}"


class ReportSection(models.TextChoices):
    """Narrative sections of a written report, in the customary order."""

    BASIC_SITUATION = "basic_situation", "基本情况"
    HOT_ISSUES = "hot_issues", "热点问题"
    MAIN_FEATURES = "main_features", "主要特点"
    CAUSE_ANALYSIS = "cause_analysis", "原因分析"
    MAIN_PRACTICES = "main_practices", "主要做法"
    PROBLEMS = "problems", "存在问题"
    NEXT_STEPS = "next_steps", "下步打算"
