"""The petition's choices (信访件的取值): channel, type, status, stage, timeline
actions and the rest, and the status groups and state machine built on them.

They hold no table and import no model, so facts, statistics, reporting and the
API import the enums from here instead of spelling their values;
`supervision.models` re-exports them for the models and older imports.
"""

from __future__ import annotations

from django.db import models


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


class PetitionerRole(models.TextChoices):
    PRINCIPAL = "principal", "信访人"
    COSIGNER = "cosigner", "联名人"
    REPRESENTATIVE = "representative", "集体访代表"


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


class HandlingRecordKind(models.TextChoices):
    INVESTIGATION = "investigation", "调查核实"
    INTERVIEW = "interview", "约谈询问"
    DOCUMENT_CHECK = "document_check", "查阅档案资料"
    MEETING = "meeting", "会商研究"
    OTHER = "other", "其他"
