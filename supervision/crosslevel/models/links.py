"""Links between units (转办、交办、上报, and 复查/复核 requests to the unit
above), their history, the result reports (报结) and remit objections (管辖异议)
on them, and the subject of a case as the sending unit records it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from supervision.choices import ReviewDecision
from tenants.models import Unit, UnitLevel

if TYPE_CHECKING:
    # Type-only: the facts sit above these models in the layers.
    from supervision.facts.models import CaseFact


class LinkKind(models.TextChoices):
    TRANSFER = "transfer", "转办"
    ASSIGN = "assign", "交办"
    ESCALATE = "escalate", "上报"
    # The petitioner's 复查 (one level up) and 复核 (two levels up, i.e. one
    # above the 复查 unit) of an answer to a 申诉求决 (Art 35, 36).
    REVIEW = "review", "复查"
    RE_REVIEW = "re_review", "复核"


REVIEW_LINK_KINDS = (LinkKind.REVIEW, LinkKind.RE_REVIEW)


class LinkState(models.TextChoices):
    ACTIVE = "active", "办理中"
    OBJECTED = "objected", "异议待决"
    WITHDRAWN = "withdrawn", "异议成立已收回"
    REPORTED = "reported", "已报结待审"
    ACCEPTED = "accepted", "报结已认可"
    DECIDED = "decided", "已作出复查复核意见"


OPEN_LINK_STATES = (LinkState.ACTIVE, LinkState.OBJECTED, LinkState.REPORTED)

# The link's state machine, the one place that says which moves it makes: an
# objection is raised and decided, a result reported and accepted or returned,
# a 复查/复核 decided. Every change goes through links.link_change.
LINK_TRANSITIONS: dict[str, frozenset[str]] = {
    LinkState.ACTIVE: frozenset(
        {LinkState.OBJECTED, LinkState.REPORTED, LinkState.DECIDED}
    ),
    LinkState.OBJECTED: frozenset({LinkState.ACTIVE, LinkState.WITHDRAWN}),
    LinkState.REPORTED: frozenset({LinkState.ACTIVE, LinkState.ACCEPTED}),
    LinkState.WITHDRAWN: frozenset(),
    LinkState.ACCEPTED: frozenset(),
    LinkState.DECIDED: frozenset(),
}


class CaseLink(models.Model):
    """A petition sent from one unit to another: transfer, assign or escalation.

    The target holds its own linked petition (`target_petition_id`); the source
    keeps its petition and sees the target's live status through the facts.
    """

    kind = models.CharField("流转方式", max_length=16, choices=LinkKind.choices)
    state = models.CharField(
        "状态", max_length=16, choices=LinkState.choices, default=LinkState.ACTIVE
    )
    source_unit = models.ForeignKey(
        Unit, verbose_name="来源单位", on_delete=models.PROTECT, related_name="+"
    )
    source_petition_id = models.UUIDField("来源信访件ID")
    target_unit = models.ForeignKey(
        Unit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="+"
    )
    target_petition_id = models.UUIDField("承办信访件ID", unique=True)
    requirement = models.TextField("办理要求", blank=True)
    sent_on = models.DateField("发送日期")
    # Assignments report a result by this date (default three months).
    due_on = models.DateField("报结期限", null=True, blank=True)
    # The date the assigner set, if any; empty means the default three months.
    # A new holiday schedule recomputes `due_on` from this or from the clock.
    requested_due_on = models.DateField("指定报结期限", null=True, blank=True)
    objection_due_on = models.DateField("异议期限")
    return_count = models.PositiveSmallIntegerField("退回次数", default=0)
    # Notifications already sent for this link (warning, reminder, bulletin);
    # only to avoid sending twice, never read to decide what is overdue.
    reminder_stage = models.PositiveSmallIntegerField("催办阶段", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    closed_on = models.DateField("结束日期", null=True, blank=True)
    # 复查/复核 links: the upper unit's decision (the opinion itself stays in
    # its schema).
    decision = models.CharField(
        "复查复核决定", max_length=16, choices=ReviewDecision.choices, blank=True
    )
    # The live facts of the target's and the source's petitions, attached by
    # the selectors that list links (one query for a page of them); None until
    # attached or while a petition has no fact row. Not columns.
    target_fact: CaseFact | None = None
    source_fact: CaseFact | None = None

    class Meta:
        verbose_name = "跨层级流转"
        verbose_name_plural = "跨层级流转"
        ordering = ("-created_at", "-id")
        constraints = [
            # One open link per petition and target: a double submit finds it.
            models.UniqueConstraint(
                fields=["source_unit", "source_petition_id", "target_unit"],
                condition=Q(state__in=["active", "objected", "reported"]),
                name="caselink_one_open_per_target",
            ),
            models.CheckConstraint(
                condition=~Q(source_unit=models.F("target_unit")),
                name="caselink_between_two_units",
            ),
        ]
        indexes = [
            models.Index(
                fields=["source_unit", "source_petition_id"], name="caselink_source_idx"
            ),
            models.Index(fields=["target_unit", "state"], name="caselink_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source_unit_id}→{self.target_unit_id}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_LINK_STATES

    def can_become(self, state: str) -> bool:
        return state in LINK_TRANSITIONS[self.state]

    def can_object(self) -> bool:
        """A transfer or assignment in hand may be objected to (Art 23); an
        escalation or a 复查/复核 request names the unit by law."""
        return self.kind in (
            LinkKind.TRANSFER,
            LinkKind.ASSIGN,
        ) and self.can_become(LinkState.OBJECTED)

    def is_objection_window_open(self, today) -> bool:
        return self.can_object() and today <= self.objection_due_on

    def can_report(self) -> bool:
        """Only an assignment in hand reports its result up (报结)."""
        return self.kind == LinkKind.ASSIGN and self.can_become(LinkState.REPORTED)

    def can_decide_objection(self) -> bool:
        return self.state == LinkState.OBJECTED

    def can_decide_report(self) -> bool:
        return self.state == LinkState.REPORTED

    def can_decide_review(self) -> bool:
        return self.kind in REVIEW_LINK_KINDS and self.can_become(LinkState.DECIDED)


class CrossLevelAction(models.TextChoices):
    SENT = "sent", "发送"
    OBJECTION_RAISED = "objection_raised", "提出异议"
    OBJECTION_UPHELD = "objection_upheld", "异议成立"
    OBJECTION_REJECTED = "objection_rejected", "异议不成立"
    REPORT_SUBMITTED = "report_submitted", "报结"
    REPORT_ACCEPTED = "report_accepted", "认可报结"
    REPORT_RETURNED = "report_returned", "退回重办"
    PROBLEM_FLAGGED = "problem_flagged", "列为问题件"
    REVIEW_DECIDED = "review_decided", "作出复查复核意见"
    DUE_RECOMPUTED = "due_recomputed", "期限重新计算"


class CaseLinkEvent(models.Model):
    """One step of a link's history, seen by both units; append-only."""

    link = models.ForeignKey(
        CaseLink, verbose_name="流转", on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField("操作", max_length=24, choices=CrossLevelAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="操作单位", on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "流转记录"
        verbose_name_plural = "流转记录"
        ordering = ("created_at", "id")


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    ACCEPTED = "accepted", "已认可"
    RETURNED = "returned", "已退回"


class ReportFinding(models.TextChoices):
    TRUE = "true", "属实"
    PARTLY_TRUE = "partly_true", "部分属实"
    NOT_TRUE = "not_true", "不属实"
    UNPROVEN = "unproven", "查无实据"
    RESOLVED = "resolved", "已解决"
    EXPLAINED = "explained", "已解释说明"
    NOT_SUPPORTED = "not_supported", "不予支持"


class ResultReport(models.Model):
    """The result (报结) of an assigned case, reported up to the assigner."""

    link = models.ForeignKey(
        CaseLink, verbose_name="交办", on_delete=models.PROTECT, related_name="reports"
    )
    state = models.CharField(
        "状态", max_length=16, choices=ReportState.choices, default="submitted"
    )
    finding = models.CharField("核查结论", max_length=16, choices=ReportFinding.choices)
    handling = models.TextField("处理情况")
    petitioner_opinion = models.TextField("信访人意见", blank=True)
    # The assignee's own files of its case sent up with the report: their ids
    # in its schema with name and size (no foreign key across schemas).
    attachments = models.JSONField("报结附件", default=list, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报结人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField("报结时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_note = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "报结"
        verbose_name_plural = "报结"
        ordering = ("submitted_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["link"],
                condition=Q(state="submitted"),
                name="resultreport_one_pending_per_link",
            )
        ]


class ObjectionState(models.TextChoices):
    PENDING = "pending", "待决定"
    UPHELD = "upheld", "异议成立"
    REJECTED = "rejected", "异议不成立"


class RemitObjection(models.Model):
    """The target's objection that a transferred item is outside its remit."""

    link = models.ForeignKey(
        CaseLink,
        verbose_name="流转",
        on_delete=models.PROTECT,
        related_name="objections",
    )
    state = models.CharField(
        "状态", max_length=16, choices=ObjectionState.choices, default="pending"
    )
    reason = models.TextField("异议理由")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提出人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_on = models.DateField("提出日期")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decision_note = models.TextField("决定意见", blank=True)

    class Meta:
        verbose_name = "管辖异议"
        verbose_name_plural = "管辖异议"
        ordering = ("raised_on", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["link"],
                condition=Q(state="pending"),
                name="remitobjection_one_pending_per_link",
            )
        ]


class CaseSubject(models.Model):
    """An accused cadre of a petition, as far as routing and recusal need it.

    No name: only the unit in whose area the cadre serves, the level that
    manages the cadre (干部管理权限) and whether the cadre is that unit's main
    leader. The petition's unit writes it when registering; every accused of
    an accusation has one, with no `accused_unit` where the registrar
    recorded that the unit is not known (所在单位不详).
    """

    unit = models.ForeignKey(
        Unit, verbose_name="登记单位", on_delete=models.PROTECT, related_name="+"
    )
    petition_id = models.UUIDField("信访件ID", db_index=True)
    accused_unit = models.ForeignKey(
        Unit,
        verbose_name="被反映人所在单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="为空表示所在单位不详",
    )
    # The accused's position in the petition, so that a unit learned later
    # replaces that person's "unknown"; None for subjects recorded afterwards.
    position = models.PositiveSmallIntegerField("被反映人顺序", null=True, blank=True)
    managing_level = models.CharField(
        "干部管理权限", max_length=16, choices=UnitLevel.choices
    )
    is_main_leader = models.BooleanField("主要负责人", default=False)

    class Meta:
        verbose_name = "被反映人（路由与回避）"
        verbose_name_plural = "被反映人（路由与回避）"
