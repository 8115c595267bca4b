"""Cross-level flows between units, kept in the public schema.

A petition lives in one unit's schema; what connects units lives here and
refers to petitions by (unit, petition UUID), never by a foreign key into a
unit schema. No table here holds personal data: petitioners appear only as
keyed hashes (HMAC), accused cadres only as their unit, level and whether they
are the unit's main leader.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from supervision.models import ReviewDecision
from tenants.models import Unit, UnitLevel


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


class OrderAction(models.TextChoices):
    ISSUED = "issued", "签发"
    REPLIED = "replied", "回复"
    ANSWERED = "answered", "回复办结"
    REMINDED = "reminded", "逾期催办"
    BULLETINED = "bulletined", "逾期通报"
    DUE_RECOMPUTED = "due_recomputed", "期限重新计算"


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
