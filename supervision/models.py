"""Petitions (信访件) held by one unit, with their parties and timeline.

These tables live in each unit's schema. Links to the public schema (staff,
departments) are foreign keys without a database constraint: a constraint
would add triggers on the public table for every unit schema (16 per unit,
some 40,000 on `tenants_user` for a province), slowing every new schema and
every update of a user row; and moving unit schemas to other databases (the
sharding path) allows no keys between schemas. Staff and departments are never deleted, only
deactivated, so the references stay valid. Nothing refers to another unit's rows.
Workflow lives in `supervision.services`; the models hold fields, choices,
constraints and predicates that read only the row itself.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from tenants.models import Department, UnitLevel


class Channel(models.TextChoices):
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    CALL = "call", "来电"
    ONLINE = "online", "网上信访"


class LegalType(models.TextChoices):
    SUGGESTION = "suggestion", "建议意见"
    ACCUSATION = "accusation", "检举控告"
    APPEAL = "appeal", "申诉求决"


class Topic(models.TextChoices):
    CADRE_SELECTION = "cadre_selection", "干部选拔任用"
    ELECTION = "election", "换届选举"
    PARTY_MEMBERS = "party_members", "党员发展与管理"
    GRASSROOTS = "grassroots", "基层组织建设"
    RETIREE_BENEFITS = "retiree_benefits", "离退休干部待遇"
    ENTERPRISE_VETERANS = "enterprise_veterans", "企业军转干部"
    TALENT = "talent", "人才工作"
    CIVIL_SERVICE = "civil_service", "公务员管理"
    SELF_BUILDING = "self_building", "组织部门自身建设"
    OTHER = "other", "其他"


class Origin(models.TextChoices):
    DIRECT = "direct", "本级登记"
    UPPER_UNIT = "upper_unit", "上级转办交办"
    OTHER_BODY = "other_body", "其他机关转来"
    LOWER_UNIT = "lower_unit", "下级上报"


class Status(models.TextChoices):
    REGISTERED = "registered", "待受理"
    ACCEPTED = "accepted", "已受理待交办"
    HANDLING = "handling", "办理中"
    AWAITING_CLOSURE = "awaiting_closure", "待结案审核"
    CLOSED = "closed", "已办结"
    ARCHIVED = "archived", "已归档"
    DECLINED = "declined", "不予受理"
    REFERRED = "referred", "已告知向有权机关提出"
    # Handed over to another unit, which handles it from now on: over here, but
    # not concluded (办结) — the figures count it where it went.
    TRANSFERRED = "transferred", "已转办"
    ESCALATED = "escalated", "已上报"


# The state a case ends in at the unit that sent it away, by the kind of send.
SENT_AWAY_STATUSES = (Status.TRANSFERRED, Status.ESCALATED)

OPEN_STATUSES = (
    Status.REGISTERED,
    Status.ACCEPTED,
    Status.HANDLING,
    Status.AWAITING_CLOSURE,
)
HANDLING_STATUSES = (Status.ACCEPTED, Status.HANDLING, Status.AWAITING_CLOSURE)
CONCLUDED_STATUSES = (Status.CLOSED, Status.ARCHIVED)

# The petition's state machine (from → to), the one place that says which
# status changes there are; petition_change refuses any other. Every open case
# may be sent away (转办/上报) or closed outright (复查复核意见, 并案, 异议成立
# 收回, 报结认可); a concluded or sent-away case comes back when its result
# report is returned or a remit objection brings it back.
_SENT_OR_CLOSED = frozenset({*SENT_AWAY_STATUSES, Status.CLOSED})
PETITION_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.REGISTERED: _SENT_OR_CLOSED
    | {Status.ACCEPTED, Status.DECLINED, Status.REFERRED},
    Status.ACCEPTED: _SENT_OR_CLOSED | {Status.HANDLING},
    # Back to 待交办 when its handler is recused (Art 28).
    Status.HANDLING: _SENT_OR_CLOSED | {Status.AWAITING_CLOSURE, Status.ACCEPTED},
    Status.AWAITING_CLOSURE: _SENT_OR_CLOSED | {Status.HANDLING},
    Status.CLOSED: frozenset(OPEN_STATUSES) | {Status.ARCHIVED},
    Status.ARCHIVED: frozenset(OPEN_STATUSES) | {Status.CLOSED},
    Status.DECLINED: frozenset(),
    Status.REFERRED: frozenset(),
    Status.TRANSFERRED: frozenset(OPEN_STATUSES),
    Status.ESCALATED: frozenset(OPEN_STATUSES),
}


class Stage(models.TextChoices):
    ORIGINAL = "original", "办理"
    REVIEW = "review", "复查"
    RE_REVIEW = "re_review", "复核"


class DeclineGround(models.TextChoices):
    LOWER_UNIT_IN_PROGRESS = (
        "lower_unit_in_progress",
        "已由下级单位受理或正在办理（越级）",
    )
    ALREADY_IN_PROGRESS = "already_in_progress", "本单位已受理或正在办理"
    FINAL = "final", "已经复核终结"


class ReferTarget(models.TextChoices):
    LITIGATION = "litigation", "涉法涉诉事项，应向政法机关提出"
    DISCIPLINE = "discipline", "违纪违法检举控告，应向纪检监察机关提出"
    OTHER_BODY = "other_body", "不属于组织部门职责，应向有权处理的机关提出"


class Finding(models.TextChoices):
    TRUE = "true", "属实"
    PARTLY_TRUE = "partly_true", "部分属实"
    NOT_TRUE = "not_true", "不属实"
    UNPROVEN = "unproven", "查无实据"


class AppealDecision(models.TextChoices):
    SUPPORT = "support", "支持"
    EXPLAIN = "explain", "解释说明"
    REJECT = "reject", "不予支持"


class ReviewDecision(models.TextChoices):
    """The decision of a 复查 or 复核 opinion on the answer below it."""

    UPHOLD = "uphold", "维持"
    CHANGE = "change", "变更"
    REVOKE = "revoke", "撤销"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    MOSTLY_SATISFIED = "mostly_satisfied", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class ExtensionStatus(models.TextChoices):
    NONE = "none", "未申请"
    REQUESTED = "requested", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party_member", "中共党员"
    PROBATIONARY = "probationary", "中共预备党员"
    LEAGUE_MEMBER = "league_member", "共青团员"
    OTHER_PARTY = "other_party", "民主党派"
    MASSES = "masses", "群众"


class ReceptionDay(models.Model):
    """A leader reception day (领导接访日) and the petitions received there."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    held_on = models.DateField("接访日期")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_constraint=False,
        verbose_name="接访领导",
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField("地点", max_length=100)
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_constraint=False,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "领导接访日"
        verbose_name_plural = "领导接访日"
        ordering = ("-held_on",)

    def __str__(self) -> str:
        return f"{self.held_on} {self.place}"


class TrackingCounter(models.Model):
    """The last tracking sequence used in one year, locked while numbering."""

    year = models.PositiveSmallIntegerField("年度", primary_key=True)
    last = models.PositiveIntegerField("最后序号", default=0)

    class Meta:
        verbose_name = "编号计数"
        verbose_name_plural = "编号计数"


class Petition(models.Model):
    """One petition matter (信访件) received by this unit."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tracking_number = models.CharField("编号", max_length=40, unique=True)
    channel = models.CharField("来源渠道", max_length=16, choices=Channel.choices)
    legal_type = models.CharField("类型", max_length=24, choices=LegalType.choices)
    topic = models.CharField("问题类别", max_length=32, choices=Topic.choices)
    status = models.CharField(
        "状态", max_length=24, choices=Status.choices, default=Status.REGISTERED
    )
    stage = models.CharField(
        "阶段", max_length=16, choices=Stage.choices, default=Stage.ORIGINAL
    )
    origin = models.CharField(
        "来源方式", max_length=16, choices=Origin.choices, default=Origin.DIRECT
    )
    origin_body = models.CharField(
        "来文机关", max_length=100, blank=True, help_text="上级单位或其他机关名称"
    )
    origin_reference = models.CharField("来文编号", max_length=60, blank=True)
    received_on = models.DateField("收件日期")
    title = models.CharField("摘要", max_length=200)
    content = models.TextField("反映内容")
    is_anonymous = models.BooleanField("匿名", default=False)
    is_joint = models.BooleanField("联名信", default=False)
    is_collective = models.BooleanField("集体访", default=False)
    headcount = models.PositiveIntegerField("人数", default=1)
    registrar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_constraint=False,
        verbose_name="首问责任人（登记人）",
        # Empty for an online petition the public submitted (网上信访).
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Keyed digest of the one-time query code (阳光信访查询码) of an online
    # petition; the code itself is shown once and never stored.
    query_code_digest = models.CharField("查询码摘要", max_length=64, blank=True)
    # The number the public is given for an online petition: random with a
    # check character, so it reveals neither volume nor its neighbours.
    # Empty for staff-registered petitions and for online ones filed before it
    # existed, which keep answering to their internal number.
    public_number = models.CharField("查询编号", max_length=40, blank=True, default="")
    registered_at = models.DateTimeField("登记时间", auto_now_add=True)
    reception_day = models.ForeignKey(
        ReceptionDay,
        verbose_name="领导接访日",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    possible_duplicate_of = models.ForeignKey(
        "self",
        verbose_name="疑似重复件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Acceptance decision (受理 / 不予受理 / 告知).
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    decided_on = models.DateField("受理决定日期", null=True, blank=True)
    decline_ground = models.CharField(
        "不予受理理由", max_length=32, choices=DeclineGround.choices, blank=True
    )
    refer_target = models.CharField(
        "告知类别", max_length=16, choices=ReferTarget.choices, blank=True
    )
    refer_to = models.CharField("告知向何机关提出", max_length=100, blank=True)
    decision_note = models.TextField("受理意见", blank=True)
    # Routing inside the unit (归口办理) and leader ownership (包案).
    department = models.ForeignKey(
        Department,
        db_constraint=False,
        verbose_name="承办科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_constraint=False,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    routed_on = models.DateField("交办日期", null=True, blank=True)
    owner_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_constraint=False,
        verbose_name="包案领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Extension (延期): once, at most 30 days, approved by a leader.
    extension_status = models.CharField(
        "延期状态",
        max_length=16,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.NONE,
    )
    extension_days = models.PositiveSmallIntegerField("延期天数", null=True, blank=True)
    extension_reason = models.TextField("延期理由", blank=True)
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_constraint=False,
        verbose_name="延期申请人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_constraint=False,
        verbose_name="延期审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_petitioner_told_on = models.DateField(
        "告知信访人延期日期", null=True, blank=True
    )
    # Closure review (结案审核).
    closure_return_count = models.PositiveSmallIntegerField("退回重办次数", default=0)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_constraint=False,
        verbose_name="结案审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Sent away (转办/上报): the case ends here and is handled where it went.
    sent_on = models.DateField("转出日期", null=True, blank=True)
    sent_to = models.ForeignKey(
        "tenants.Unit",
        db_constraint=False,
        verbose_name="转往单位",
        null=True,
        blank=True,
        # A reference from a unit's schema into the public one: deleting a
        # unit cannot look into every schema, and units are never deleted.
        on_delete=models.DO_NOTHING,
        related_name="+",
    )
    # Feedback (反馈/见面) and return visit (回访).
    feedback_on = models.DateField("反馈日期", null=True, blank=True)
    feedback_content = models.TextField("反馈内容", blank=True)
    petitioner_opinion = models.TextField("信访人意见", blank=True)
    return_visit_on = models.DateField("回访日期", null=True, blank=True)
    satisfaction = models.CharField(
        "满意度", max_length=24, choices=Satisfaction.choices, blank=True
    )
    archived_on = models.DateField("归档日期", null=True, blank=True)
    # Review (复查) and re-review (复核) stages.
    review_requested_on = models.DateField("复查申请日期", null=True, blank=True)
    re_review_requested_on = models.DateField("复核申请日期", null=True, blank=True)
    # The petitioner asked online (网上信访) for 复查 or 复核 of the answer; staff
    # register it upstream (review_request) with this date as the request's.
    online_review_requested_on = models.DateField(
        "网上申请复查复核日期", null=True, blank=True
    )
    is_final = models.BooleanField("已终结", default=False)
    # The 复查 or 复核 of this unit's answer runs at a unit above (Art 35, 36):
    # the petitioner's window here has been used, no clock runs here for it.
    is_reviewed_upstream = models.BooleanField("已由上级复查复核", default=False)
    # The clock that runs now: cached from supervision.services.deadlines on
    # every write, so queues filter in SQL; its state is compared with today
    # at query time, never stored.
    due_clock = models.CharField("当前时限", max_length=32, blank=True)
    due_from = models.DateField("当前时限起算日", null=True, blank=True)
    due_warn_on = models.DateField("预警日期", null=True, blank=True)
    due_on = models.DateField("当前期限", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "信访件"
        verbose_name_plural = "信访件"
        ordering = ("-received_on", "-tracking_number")
        indexes = [
            models.Index(fields=["status", "due_on"], name="petition_status_due_idx"),
            models.Index(fields=["received_on"], name="petition_received_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount__gte=1), name="petition_headcount_positive"
            ),
            models.CheckConstraint(
                condition=Q(extension_days__isnull=True)
                | Q(extension_days__gte=1, extension_days__lte=30),
                name="petition_extension_at_most_30_days",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_ground=""),
                name="petition_declined_has_ground",
            ),
            models.CheckConstraint(
                condition=~Q(status="referred") | ~Q(refer_target=""),
                name="petition_referred_has_target",
            ),
            models.UniqueConstraint(
                fields=["public_number"],
                condition=~Q(public_number=""),
                name="petition_unique_public_number",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    def can_become(self, status: str) -> bool:
        return status in PETITION_TRANSITIONS[self.status]

    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def awaits_acceptance(self) -> bool:
        """Registered, not yet decided: accept, decline or refer (Art 22, 23)."""
        return self.status == Status.REGISTERED

    def can_route(self) -> bool:
        """Accepted cases go to a department (归口办理), also again later."""
        return self.status in (Status.ACCEPTED, Status.HANDLING)

    def is_being_handled(self) -> bool:
        """With its handler: records, conclusion, extension, closure submit."""
        return self.status == Status.HANDLING

    def can_decide_review(self) -> bool:
        """A 复查/复核 case is decided while it is in hand (Art 35, 36)."""
        return self.status in HANDLING_STATUSES

    def awaits_closure_review(self) -> bool:
        return self.status == Status.AWAITING_CLOSURE

    def is_closed(self) -> bool:
        """Closed, not yet archived: feedback, return visit, archiving."""
        return self.status == Status.CLOSED

    def is_concluded(self) -> bool:
        return self.status in CONCLUDED_STATUSES

    def has_feedback_after_closure(self) -> bool:
        """The closed result has been told to the petitioner (反馈)."""
        return (
            self.closed_on is not None
            and self.feedback_on is not None
            and self.feedback_on >= self.closed_on
        )


class PetitionerRole(models.TextChoices):
    PRINCIPAL = "principal", "信访人"
    COSIGNER = "cosigner", "联名人"
    REPRESENTATIVE = "representative", "集体访代表"


class Petitioner(models.Model):
    """A person who filed the petition; ID numbers, phones and addresses encrypted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    petition = models.ForeignKey(
        Petition,
        verbose_name="信访件",
        on_delete=models.PROTECT,
        related_name="petitioners",
    )
    position = models.PositiveSmallIntegerField("顺序", default=0)
    role = models.CharField(
        "身份", max_length=16, choices=PetitionerRole.choices, default="principal"
    )
    name = models.CharField("姓名", max_length=50)
    citizen_id_encrypted = models.TextField("公民身份号码（密文）", blank=True)
    citizen_id_key = models.CharField(
        "公民身份号码匹配键", max_length=64, blank=True, db_index=True
    )
    phone_encrypted = models.TextField("联系电话（密文）", blank=True)
    phone_key = models.CharField("联系电话匹配键", max_length=64, blank=True)
    address_encrypted = models.TextField("住址（密文）", blank=True)
    # Addresses stored before they were encrypted, until `encrypt_addresses`
    # has moved them into `address_encrypted`; nothing writes here any more.
    address = models.CharField("住址（旧明文，待加密）", max_length=200, blank=True)
    political_status = models.CharField(
        "政治面貌", max_length=16, choices=PoliticalStatus.choices, blank=True
    )
    is_party_member = models.BooleanField("党员", default=False)

    class Meta:
        verbose_name = "信访人"
        verbose_name_plural = "信访人"
        ordering = ("position",)
        indexes = [models.Index(fields=["phone_key"], name="petitioner_phone_key_idx")]

    def __str__(self) -> str:
        return self.name


class Accused(models.Model):
    """The cadre a petition reports (被反映人)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    petition = models.ForeignKey(
        Petition,
        verbose_name="信访件",
        on_delete=models.PROTECT,
        related_name="accused",
    )
    position = models.PositiveSmallIntegerField("顺序", default=0)
    name = models.CharField("姓名", max_length=50)
    unit_name = models.CharField("工作单位", max_length=100)
    post = models.CharField("职务", max_length=100, blank=True)
    rank = models.CharField("职级", max_length=50, blank=True)
    managing_level = models.CharField(
        "干部管理权限", max_length=16, choices=UnitLevel.choices
    )
    is_main_leader = models.BooleanField("主要负责人", default=False)
    # The unit of the tree whose area the cadre serves in, picked at
    # registration (`unit_name` stays as the label the petitioner used);
    # `is_unit_unknown` records that the registrar genuinely did not know it.
    unit_code = models.CharField("所在单位代码", max_length=9, blank=True)
    is_unit_unknown = models.BooleanField("所在单位不详", default=False)

    class Meta:
        verbose_name = "被反映人"
        verbose_name_plural = "被反映人"
        ordering = ("position",)

    def __str__(self) -> str:
        return self.name


class EventAction(models.TextChoices):
    REGISTERED = "registered", "登记"
    ACCEPTED = "accepted", "受理"
    DECLINED = "declined", "不予受理"
    REFERRED = "referred", "告知向有权机关提出"
    ROUTED = "routed", "归口交办"
    INSTRUCTED = "instructed", "领导批示"
    OWNER_ASSIGNED = "owner_assigned", "领导包案"
    RECUSED = "recused", "回避"
    HANDLING_RECORDED = "handling_recorded", "办理记录"
    CONCLUDED = "concluded", "办理结论"
    EXTENSION_REQUESTED = "extension_requested", "申请延期"
    EXTENSION_APPROVED = "extension_approved", "批准延期"
    EXTENSION_REJECTED = "extension_rejected", "不批准延期"
    CLOSURE_SUBMITTED = "closure_submitted", "提交结案审核"
    CLOSURE_APPROVED = "closure_approved", "审核办结"
    CLOSURE_RETURNED = "closure_returned", "退回重办"
    FEEDBACK_GIVEN = "feedback_given", "反馈信访人"
    RETURN_VISITED = "return_visited", "回访"
    ARCHIVED = "archived", "归档"
    REVIEW_REQUESTED = "review_requested", "申请复查"
    RE_REVIEW_REQUESTED = "re_review_requested", "申请复核"
    REVIEW_DECIDED = "review_decided", "复查意见"
    RE_REVIEW_DECIDED = "re_review_decided", "复核意见"
    ATTACHMENT_ADDED = "attachment_added", "上传附件"
    ONLINE_RATED = "online_rated", "信访人网上评价"
    ONLINE_REVIEW_REQUESTED = "online_review_requested", "信访人网上申请复查复核"
    NOTICE_PRINTED = "notice_printed", "出具文书"
    DUE_RECOMPUTED = "due_recomputed", "期限重新计算"
    # Cross-level flows (supervision.crosslevel).
    SENT_ACROSS = "sent_across", "转办交办上报"
    REOPENED = "reopened", "报结退回重办"
    WITHDRAWN = "withdrawn", "异议成立收回"
    SUPERVISED = "supervised", "上级督办"
    SEND_DOWN_APPROVED = "send_down_approved", "领导决定转交下级（被反映人单位不详）"
    ACCUSED_UNIT_RECORDED = "accused_unit_recorded", "登记被反映人所在单位"
    # Steps of a transfer, assignment or escalation, logged on both units'
    # cases (supervision.crosslevel.petitions.link_step_record).
    RECEIVED_ACROSS = "received_across", "接收转办交办上报"
    RESULT_REPORTED = "result_reported", "报结"
    RESULT_ACCEPTED = "result_accepted", "认可报结"
    OBJECTION_RAISED = "objection_raised", "提出管辖异议"
    OBJECTION_REJECTED = "objection_rejected", "管辖异议不成立"


class PetitionEvent(models.Model):
    """One action on a petition (时间线); append-only, never updated or deleted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    petition = models.ForeignKey(
        Petition, verbose_name="信访件", on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField("操作", max_length=32, choices=EventAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_constraint=False,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    stage = models.CharField("阶段", max_length=16, choices=Stage.choices)
    note = models.TextField("说明", blank=True)
    before = models.JSONField("变更前", default=dict, blank=True)
    after = models.JSONField("变更后", default=dict, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "办理记录（时间线）"
        verbose_name_plural = "办理记录（时间线）"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d}"


class HandlingRecordKind(models.TextChoices):
    INVESTIGATION = "investigation", "调查核实"
    INTERVIEW = "interview", "约谈询问"
    DOCUMENT_CHECK = "document_check", "查阅档案资料"
    MEETING = "meeting", "会商研究"
    OTHER = "other", "其他"


class HandlingRecord(models.Model):
    """An investigation step (办理记录) taken while handling a petition."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    petition = models.ForeignKey(
        Petition,
        verbose_name="信访件",
        on_delete=models.PROTECT,
        related_name="handling_records",
    )
    stage = models.CharField("阶段", max_length=16, choices=Stage.choices)
    kind = models.CharField("类别", max_length=24, choices=HandlingRecordKind.choices)
    occurred_on = models.DateField("日期")
    content = models.TextField("内容")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_constraint=False,
        verbose_name="记录人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ("occurred_on", "created_at")


class HandlingResult(models.Model):
    """The conclusion of one stage: a finding, and for 申诉求决 the 处理意见书.

    A new row per conclusion; the latest of a stage is the one submitted for
    closure review, earlier ones stay as history.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    petition = models.ForeignKey(
        Petition,
        verbose_name="信访件",
        on_delete=models.PROTECT,
        related_name="results",
    )
    stage = models.CharField("阶段", max_length=16, choices=Stage.choices)
    finding = models.CharField(
        "核查结论", max_length=16, choices=Finding.choices, blank=True
    )
    summary = models.TextField("办理情况")
    request = models.TextField("信访请求", blank=True)
    facts = models.TextField("查明事实", blank=True)
    reasons = models.TextField("理由", blank=True)
    legal_basis = models.TextField("依据", blank=True)
    decision = models.CharField(
        "处理意见", max_length=16, choices=AppealDecision.choices, blank=True
    )
    # A 复查/复核意见书 decides on the answer below: uphold, change or revoke.
    review_decision = models.CharField(
        "复查复核决定", max_length=16, choices=ReviewDecision.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_constraint=False,
        verbose_name="承办人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "办理结论"
        verbose_name_plural = "办理结论"
        ordering = ("created_at", "id")


class LeaderInstruction(models.Model):
    """A leader's written instruction (领导批示) on a petition."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    petition = models.ForeignKey(
        Petition,
        verbose_name="信访件",
        on_delete=models.PROTECT,
        related_name="instructions",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_constraint=False,
        verbose_name="批示领导",
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.TextField("批示内容")
    created_at = models.DateTimeField("批示时间", auto_now_add=True)

    class Meta:
        verbose_name = "领导批示"
        verbose_name_plural = "领导批示"
        ordering = ("created_at",)


class Recusal(models.Model):
    """A member of staff with a direct interest is recused from a case (回避)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    petition = models.ForeignKey(
        Petition,
        verbose_name="信访件",
        on_delete=models.PROTECT,
        related_name="recusals",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_constraint=False,
        verbose_name="回避人员",
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField("回避理由")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_constraint=False,
        verbose_name="决定人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "回避"
        verbose_name_plural = "回避"
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "user"], name="recusal_unique_user"
            )
        ]


class Attachment(models.Model):
    """A file attached to a petition, stored under MEDIA_ROOT/<schema>/ by a random name."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    petition = models.ForeignKey(
        Petition,
        verbose_name="信访件",
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    original_name = models.CharField("原文件名", max_length=200)
    stored_name = models.CharField("存储文件名", max_length=100, unique=True)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    # Empty for the petitioner's own files sent with an online petition.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_constraint=False,
        verbose_name="上传人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ("uploaded_at",)

    def __str__(self) -> str:
        return self.original_name
