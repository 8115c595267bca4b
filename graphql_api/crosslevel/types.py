"""GraphQL types of cross-level flows."""

from __future__ import annotations

import graphene
from django.urls import reverse
from django.utils import timezone
from graphene_django import DjangoObjectType

from graphql_api.core.labels import label_field
from graphql_api.core.types import provisional_flag
from graphql_api.crosslevel.enums import (
    CrossLevelActionEnum,
    LinkActionEnum,
    LinkKindEnum,
    LinkStateEnum,
    MatchBasisEnum,
    MatchKindEnum,
    MatchStateEnum,
    ObjectionStateEnum,
    OrderActionEnum,
    OrderStateEnum,
    OrderViewerActionEnum,
    RefusalKindEnum,
    ReplyKindEnum,
    ReportFindingEnum,
    ReportStateEnum,
    SupervisionMethodEnum,
)
from graphql_api.supervision.enums import ReviewDecisionEnum
from graphql_api.tenants.types import UnitType
from supervision.crosslevel import selectors
from supervision.crosslevel.models import (
    CaseLink,
    CaseLinkEvent,
    MatchKind,
    RefusalLog,
    RemitObjection,
    RepeatMatch,
    ResultReport,
    SupervisionOrder,
    SupervisionOrderEvent,
    SupervisionOrderReply,
)
from supervision.facts.models import CaseFact
from supervision.rules.clocks import days_remaining


class CaseLinkEventType(DjangoObjectType):
    """One step in a link's history (流转记录)."""

    action = graphene.Field(CrossLevelActionEnum, required=True)
    action_label = label_field("action", "The step in Chinese (操作).", required=True)
    unit_code = graphene.String(required=True, description="Acting unit (操作单位).")
    unit_name = graphene.String(
        required=True, description="Acting unit's short name (操作单位简称)."
    )

    class Meta:
        model = CaseLinkEvent
        name = "CaseLinkEvent"
        fields = ("id", "action", "note", "created_at")

    actor_name = graphene.String(
        description="Who took the step (操作人); null for the system's own "
        "escalation (逾期催办、通报)."
    )

    @staticmethod
    def resolve_actor_name(event, info):
        return _person_name(event.actor) if event.actor_id else None

    @staticmethod
    def resolve_unit_code(event, info):
        return event.unit.code

    @staticmethod
    def resolve_unit_name(event, info):
        return event.unit.short_name or event.unit.name


class ResultReportAttachmentType(graphene.ObjectType):
    """A file of the assignee's case sent up with a result report (报结附件)."""

    class Meta:
        name = "ResultReportAttachment"

    id = graphene.UUID(required=True, description="The file in the assignee's case.")
    name = graphene.String(required=True, description="File name (文件名).")
    size = graphene.Int(required=True, description="Size in bytes (大小).")
    download_url = graphene.String(
        required=True, description="Download for either unit of the link (下载)."
    )


class ResultReportType(DjangoObjectType):
    """A result report (报结) of an assigned case."""

    state = graphene.Field(ReportStateEnum, required=True)
    state_label = label_field(
        "state", "The state in Chinese (报结状态).", required=True
    )
    finding = graphene.Field(ReportFindingEnum, required=True)
    finding_label = label_field(
        "finding", "The finding in Chinese (核查结论).", required=True
    )
    link_id = graphene.ID(required=True, description="The assignment (交办).")
    attachments = graphene.List(
        graphene.NonNull(ResultReportAttachmentType),
        required=True,
        description="Files sent up with the report (报结附件).",
    )

    class Meta:
        model = ResultReport
        name = "ResultReport"
        fields = (
            "id",
            "state",
            "finding",
            "handling",
            "petitioner_opinion",
            "submitted_at",
            "decided_at",
            "decision_note",
        )

    @staticmethod
    def resolve_link_id(report, info):
        return report.link_id

    @staticmethod
    def resolve_attachments(report, info):
        return [
            ResultReportAttachmentType(
                id=item["id"],
                name=item["name"],
                size=item["size"],
                download_url=reverse(
                    "result-report-attachment-download", args=[report.pk, item["id"]]
                ),
            )
            for item in report.attachments
        ]


class RemitObjectionType(DjangoObjectType):
    """An objection that a transferred item is outside the target's remit (管辖异议)."""

    state = graphene.Field(ObjectionStateEnum, required=True)
    state_label = label_field(
        "state", "The state in Chinese (异议状态).", required=True
    )
    link_id = graphene.ID(required=True, description="The transfer or assignment.")

    class Meta:
        model = RemitObjection
        name = "RemitObjection"
        fields = ("id", "state", "reason", "raised_on", "decided_at", "decision_note")

    @staticmethod
    def resolve_link_id(objection, info):
        return objection.link_id


class CaseLinkType(DjangoObjectType):
    """A case sent from one unit to another (转办 / 交办 / 上报, or a 复查 /
    复核 request to the unit above), seen by both."""

    kind = graphene.Field(LinkKindEnum, required=True)
    kind_label = label_field("kind", "How it was sent (流转方式).", required=True)
    state = graphene.Field(LinkStateEnum, required=True)
    state_label = label_field("state", "The state in Chinese (状态).", required=True)
    is_received = graphene.Boolean(
        required=True,
        description="The viewer's unit received it (收到); false when it sent it.",
    )
    own_petition_id = graphene.UUID(
        required=True,
        description="The viewer's unit's own case of this link (本单位信访件).",
    )
    source_tracking_number = graphene.String(description="来源单位的编号")
    objection_open = graphene.Boolean(
        required=True,
        description="The receiver may still object (管辖异议期内), as of today.",
    )
    objection_days_left = graphene.Int(
        description=(
            "Working days left to object after today (异议剩余工作日; 0: today "
            "is the last day), by the working-day calendar; null once no "
            "objection can be raised."
        )
    )
    due_days_left = graphene.Int(
        description=(
            "Calendar days to the result due date (距报结期限天数), negative "
            "once overdue; null when there is none or the link is over."
        )
    )
    viewer_actions = graphene.List(
        graphene.NonNull(LinkActionEnum),
        required=True,
        description="What the viewer may do on it now (可办理的操作), by the server's rules.",
    )
    pending_objection = graphene.Field(
        lambda: RemitObjectionType, description="The objection awaiting a decision."
    )
    pending_report = graphene.Field(
        lambda: ResultReportType, description="The result report awaiting a decision."
    )
    latest_report = graphene.Field(
        lambda: ResultReportType,
        description="The newest result report (最近一次报结), whatever its state.",
    )
    source_unit = graphene.Field(UnitType, required=True, description="来源单位")
    target_unit = graphene.Field(UnitType, required=True, description="承办单位")
    source_petition_id = graphene.UUID(required=True)
    target_petition_id = graphene.UUID(required=True)
    target_tracking_number = graphene.String(description="承办单位的编号")
    target_status = graphene.String(
        description="Live status of the target's petition (承办件当前状态)."
    )
    is_target_open = graphene.Boolean(description="承办件未办结")
    is_overdue = graphene.Boolean(
        required=True, description="Result report overdue (报结逾期), as of today."
    )
    decision = graphene.Field(
        ReviewDecisionEnum,
        description="The upper unit's 复查/复核 decision (维持/变更/撤销), once made.",
    )
    events = graphene.List(graphene.NonNull(CaseLinkEventType), required=True)
    reports = graphene.List(graphene.NonNull(ResultReportType), required=True)
    objections = graphene.List(graphene.NonNull(RemitObjectionType), required=True)
    due_on_is_provisional = provisional_flag("due_on", "The result due date (报结期限)")
    objection_due_on_is_provisional = provisional_flag(
        "objection_due_on", "The objection due date (异议期限)"
    )

    class Meta:
        model = CaseLink
        name = "CaseLink"
        fields = (
            "id",
            "kind",
            "state",
            "requirement",
            "sent_on",
            "due_on",
            "objection_due_on",
            "return_count",
            "created_at",
            "closed_on",
        )

    @staticmethod
    def _target(link) -> CaseFact | None:
        return getattr(link, "target_fact", None)

    @staticmethod
    def resolve_target_tracking_number(link, info):
        fact = CaseLinkType._target(link)
        return fact.tracking_number if fact else None

    @staticmethod
    def resolve_target_status(link, info):
        fact = CaseLinkType._target(link)
        return fact.status if fact else None

    @staticmethod
    def resolve_is_target_open(link, info):
        fact = CaseLinkType._target(link)
        return fact.is_open if fact else None

    @staticmethod
    def resolve_is_overdue(link, info):
        return bool(link.is_open and link.due_on and link.due_on < timezone.localdate())

    @staticmethod
    def resolve_is_received(link, info):
        return link.target_unit_id == info.context.user.unit_id

    @staticmethod
    def resolve_own_petition_id(link, info):
        if link.target_unit_id == info.context.user.unit_id:
            return link.target_petition_id
        return link.source_petition_id

    @staticmethod
    def resolve_source_tracking_number(link, info):
        fact = getattr(link, "source_fact", None)
        return fact.tracking_number if fact else None

    @staticmethod
    def resolve_objection_open(link, info):
        return selectors.link_objection_open(link)

    @staticmethod
    def resolve_objection_days_left(link, info):
        return selectors.link_objection_days_left(link)

    @staticmethod
    def resolve_due_days_left(link, info):
        if not link.is_open or link.due_on is None:
            return None
        return days_remaining(link.due_on, timezone.localdate())

    @staticmethod
    def resolve_viewer_actions(link, info):
        return selectors.case_link_actions(actor=info.context.user, link=link)

    @staticmethod
    def resolve_pending_objection(link, info):
        return next(
            (item for item in link.objections.all() if item.state == "pending"), None
        )

    @staticmethod
    def resolve_latest_report(link, info):
        reports = list(link.reports.all())
        return reports[-1] if reports else None

    @staticmethod
    def resolve_pending_report(link, info):
        return next(
            (item for item in link.reports.all() if item.state == "submitted"), None
        )

    @staticmethod
    def resolve_decision(link, info):
        return link.decision or None

    @staticmethod
    def resolve_events(link, info):
        return link.events.all()

    @staticmethod
    def resolve_reports(link, info):
        return link.reports.all()

    @staticmethod
    def resolve_objections(link, info):
        return link.objections.all()


def _person_name(user) -> str:
    return user.full_name or user.username


class SupervisionReplyAttachmentType(graphene.ObjectType):
    """A file sent with an order's reply (回复附件): of the supervised case, or
    a topic order's reply's own."""

    class Meta:
        name = "SupervisionReplyAttachment"

    id = graphene.UUID(
        required=True,
        description="The file in the supervised case, or the topic order "
        "reply's own file.",
    )
    name = graphene.String(required=True, description="File name (文件名).")
    size = graphene.Int(required=True, description="Size in bytes (大小).")
    download_url = graphene.String(
        required=True, description="Download for either unit of the order (下载)."
    )


class SupervisionOrderReplyType(DjangoObjectType):
    """A written reply (回复) of the supervised unit."""

    kind = graphene.Field(ReplyKindEnum, required=True)
    attachments = graphene.List(
        graphene.NonNull(SupervisionReplyAttachmentType),
        required=True,
        description="Files sent with the reply (回复附件).",
    )

    @staticmethod
    def resolve_attachments(reply, info):
        return [
            SupervisionReplyAttachmentType(
                id=item["id"],
                name=item["name"],
                size=item["size"],
                download_url=reverse(
                    "supervision-order-reply-attachment-download",
                    args=[reply.pk, item["id"]],
                ),
            )
            for item in reply.attachments
        ]

    class Meta:
        model = SupervisionOrderReply
        name = "SupervisionReply"
        fields = ("id", "kind", "content", "replied_at")

    replied_by_name = graphene.String(
        required=True, description="The replying official's name (回复人)."
    )

    @staticmethod
    def resolve_replied_by_name(reply, info):
        return _person_name(reply.replied_by)


class SupervisionOrderEventType(DjangoObjectType):
    """A step in a supervision order's history (督办记录)."""

    action = graphene.Field(OrderActionEnum, required=True)

    class Meta:
        model = SupervisionOrderEvent
        name = "SupervisionOrderEvent"
        fields = ("id", "action", "note", "created_at")

    actor_name = graphene.String(
        description="Who took the step (操作人); null for the system's own "
        "escalation (逾期催办、通报)."
    )

    @staticmethod
    def resolve_actor_name(event, info):
        return _person_name(event.actor) if event.actor_id else None


class SupervisionOrderType(DjangoObjectType):
    """A supervision order (督办单) issued to a descendant unit."""

    method = graphene.Field(SupervisionMethodEnum, required=True)
    state = graphene.Field(OrderStateEnum, required=True)
    issuer_unit = graphene.Field(UnitType, required=True, description="督办单位")
    target_unit = graphene.Field(UnitType, required=True, description="被督办单位")
    petition_id = graphene.UUID(description="The supervised case, if any (督办件).")
    is_overdue = graphene.Boolean(
        required=True, description="Unanswered after its due date (逾期), as of today."
    )
    replies = graphene.List(graphene.NonNull(SupervisionOrderReplyType), required=True)
    events = graphene.List(graphene.NonNull(SupervisionOrderEventType), required=True)
    due_on_is_provisional = provisional_flag("due_on", "The reply due date (回复期限)")
    days_remaining = graphene.Int(
        description="Days until the reply due date (剩余天数), as of today; "
        "negative when overdue, null once answered."
    )
    days_overdue = graphene.Int(
        description="Days past the reply due date (逾期天数), as of today; 0 or "
        "less when not overdue, null once answered."
    )
    is_answered_late = graphene.Boolean(
        required=True,
        description="Answered after its due date (逾期回复); false while open.",
    )
    petition_tracking_number = graphene.String(
        description="The supervised case's tracking number (督办件编号) in the "
        "supervised unit; null for a topic (督办专题)."
    )
    issued_by_name = graphene.String(
        required=True, description="The issuing official's name (签发人)."
    )
    viewer_actions = graphene.List(
        graphene.NonNull(OrderViewerActionEnum),
        required=True,
        description="What the viewer may do on it now (可办理的操作), by the "
        "server's rules: reply (回复), urge (催办).",
    )
    urge_refusal = graphene.String(
        required=True,
        description="Why the issuing unit cannot urge (催办) it today, in Chinese "
        "(今日已催办, not yet due soon...); empty when it can or when urging is "
        "not the viewer's part.",
    )
    last_urged_at = graphene.DateTime(
        description="When it was last urged by hand (最近催办时间)."
    )

    class Meta:
        model = SupervisionOrder
        name = "SupervisionOrder"
        fields = (
            "id",
            "number",
            "topic",
            "method",
            "requirement",
            "issued_on",
            "due_on",
            "state",
            "answered_on",
            "escalation_stage",
        )

    @staticmethod
    def resolve_is_overdue(order, info):
        return order.is_overdue(timezone.localdate())

    @staticmethod
    def resolve_days_remaining(order, info):
        if not order.can_reply():
            return None
        return (order.due_on - timezone.localdate()).days

    @staticmethod
    def resolve_days_overdue(order, info):
        if not order.can_reply():
            return None
        return (timezone.localdate() - order.due_on).days

    @staticmethod
    def resolve_is_answered_late(order, info):
        return order.answered_on is not None and order.answered_on > order.due_on

    @staticmethod
    def resolve_petition_tracking_number(order, info):
        # Lists annotate it (selectors.supervision_order_list); a mutation's
        # freshly written order reads it here.
        if hasattr(order, "petition_tracking_number"):
            return order.petition_tracking_number
        return selectors.supervision_order_tracking_number(order)

    @staticmethod
    def resolve_issued_by_name(order, info):
        return _person_name(order.issued_by)

    @staticmethod
    def resolve_viewer_actions(order, info):
        return selectors.supervision_order_actions(actor=info.context.user, order=order)

    @staticmethod
    def resolve_urge_refusal(order, info):
        return selectors.supervision_order_urge_refusal(
            actor=info.context.user, order=order
        )

    @staticmethod
    def resolve_last_urged_at(order, info):
        urged = [event for event in order.events.all() if event.action == "urged"]
        return urged[-1].created_at if urged else None

    @staticmethod
    def resolve_replies(order, info):
        return order.replies.all()

    @staticmethod
    def resolve_events(order, info):
        return order.events.all()


class RepeatMatchType(DjangoObjectType):
    """An earlier petition matched with a new one (重复信访关联)."""

    kind = graphene.Field(MatchKindEnum, required=True)
    basis = graphene.Field(MatchBasisEnum, required=True)
    state = graphene.Field(MatchStateEnum, required=True)
    unit_code = graphene.String(required=True, description="登记单位代码")
    unit_name = graphene.String(required=True, description="登记单位")
    tracking_number = graphene.String(
        description="登记单位的信访件编号 (shown in the subtree view)."
    )
    matched_unit_code = graphene.String(
        description="在先单位代码; null unless the viewer may see which unit holds it."
    )
    matched_unit_name = graphene.String(
        description="在先单位; null unless the viewer may see which unit holds it."
    )
    matched_tracking_number = graphene.String(
        description="在先信访件编号; null unless the viewer may see its unit."
    )
    matched_petition_id = graphene.UUID(
        description="The earlier petition; null unless the viewer may see its unit."
    )
    is_holder_shown = graphene.Boolean(
        required=True,
        description="Whether the unit holding the earlier petition is shown "
        "(在先单位是否可见): only to units above both petitions.",
    )

    class Meta:
        model = RepeatMatch
        name = "RepeatMatch"
        fields = (
            "id",
            "petition_id",
            "kind",
            "basis",
            "similarity",
            "is_merge_offered",
            "created_at",
            "decided_at",
            "decision_note",
        )

    @staticmethod
    def resolve_unit_code(match, info):
        return match.unit.code

    @staticmethod
    def resolve_unit_name(match, info):
        return match.unit.name

    @staticmethod
    def resolve_tracking_number(match, info):
        fact = getattr(match, "petition_fact", None)
        return fact.tracking_number if fact else None

    @staticmethod
    def resolve_kind(match, info):
        # 越级 says the earlier case is open below: with the holder hidden,
        # the unit is told only that a possible repeat exists.
        if match.kind == MatchKind.SKIP_LEVEL and not _holder_shown(match, info):
            return MatchKind.REPEAT
        return match.kind

    @staticmethod
    def resolve_is_holder_shown(match, info):
        return _holder_shown(match, info)

    @staticmethod
    def resolve_matched_unit_code(match, info):
        return match.matched_unit.code if _holder_shown(match, info) else None

    @staticmethod
    def resolve_matched_unit_name(match, info):
        return match.matched_unit.name if _holder_shown(match, info) else None

    @staticmethod
    def resolve_matched_petition_id(match, info):
        return match.matched_petition_id if _holder_shown(match, info) else None

    @staticmethod
    def resolve_matched_tracking_number(match, info):
        if not _holder_shown(match, info):
            return None
        fact = getattr(match, "matched_fact", None)
        return fact.tracking_number if fact else None


def _holder_shown(match, info) -> bool:
    # Asked by several fields of one match: decide once per match.
    shown = getattr(match, "_holder_shown", None)
    if shown is None:
        shown = selectors.repeat_holder_shown(actor=info.context.user, match=match)
        match._holder_shown = shown
    return shown


class LongTermPetitionerType(graphene.ObjectType):
    """A long-term petitioner (信访老户), known only by a keyed hash."""

    label = graphene.String(required=True, description="匿名标识（匹配键前缀）")
    petition_count = graphene.Int(required=True, description="信访件数")
    unit_count = graphene.Int(required=True, description="涉及单位数")
    first_received_on = graphene.Date(required=True)
    last_received_on = graphene.Date(required=True)


class ProblemCaseType(DjangoObjectType):
    """A case transferred or returned three times or more (问题件)."""

    unit = graphene.Field(UnitType, required=True)
    moves = graphene.Int(required=True, description="转办与退回次数")

    class Meta:
        model = CaseFact
        name = "ProblemCase"
        fields = (
            "petition_id",
            "tracking_number",
            "status",
            "transfer_count",
            "return_count",
            "received_on",
        )


class RefusalLogType(DjangoObjectType):
    """A refused cross-level attempt (回避、保密拒绝记录), or a leader's decision
    that allows sending a case whose accused's unit is unknown below (领导决定),
    kept for audit."""

    kind = graphene.Field(
        RefusalKindEnum, required=True, description="拒绝 or 领导决定准予."
    )
    source_unit = graphene.Field(UnitType, required=True, description="来源单位")
    target_unit = graphene.Field(UnitType, required=True, description="目标单位")
    actor_name = graphene.String(required=True, description="操作人")

    class Meta:
        model = RefusalLog
        name = "CrossLevelRefusal"
        fields = ("id", "code", "petition_id", "message", "created_at")

    @staticmethod
    def resolve_actor_name(log, info):
        return str(log.actor)

    @staticmethod
    def resolve_kind(log, info):
        return log.kind


class SendCandidateType(graphene.ObjectType):
    """A unit a case may be sent to (候选单位), allowed or refused with the reason."""

    class Meta:
        name = "SendCandidate"

    unit = graphene.Field(UnitType, required=True, description="单位")
    allowed = graphene.Boolean(required=True, description="可否转交（是否准予）")
    reason = graphene.String(
        required=True, description="不可转交的原因（回避、保密、越级等），可转交时为空"
    )
    suggested = graphene.Boolean(
        required=True, description="按干部管理权限建议的承办单位"
    )


class SendCandidatesType(graphene.ObjectType):
    """The unit-tree picker's units for one way of sending a case (转办/交办/上报)."""

    class Meta:
        name = "SendCandidates"

    refusal = graphene.String(
        required=True,
        description="对所有单位都适用的拒绝原因（已办结、复查复核案件），否则为空",
    )
    suggested = graphene.Field(
        UnitType, description="按干部管理权限建议的承办单位（建议优先）"
    )
    candidates = graphene.List(
        graphene.NonNull(SendCandidateType),
        required=True,
        description="候选单位，建议单位在前",
    )
