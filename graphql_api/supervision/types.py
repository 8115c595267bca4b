"""GraphQL types of petitions, their parties, timeline and clocks."""

from __future__ import annotations

import copy

import graphene
from django.urls import reverse
from django.utils import timezone
from graphene_django import DjangoObjectType

from graphql_api.core.labels import label_field, member_label
from graphql_api.core.types import date_on, deprecated_date, provisional_flag
from graphql_api.crosslevel.types import CaseLinkType
from graphql_api.supervision import enums
from graphql_api.tenants.enums import UnitLevelEnum
from graphql_api.tenants.types import DepartmentType, UnitType, UserType
from supervision import models, selectors
from supervision.access import identity_revealable, identity_visible
from supervision.crosslevel.selectors import review_chain_list
from supervision.deadlines import petition_clocks, petition_due_state
from supervision.rules.clocks import ClockCode, days_remaining
from supervision.rules.identity import (
    mask_address,
    mask_citizen_id,
    mask_name,
    mask_phone,
)
from supervision.rules.keys import PetitionerKeyKind
from supervision.services.duplicates import RepeatKind
from supervision.services.identity import identity_decrypt, petitioner_address

MASKED_ON_REQUEST = "_masked_on_request"


def _may_see_identity(info, person) -> bool:
    # The petition lives in the viewer's own unit schema; whether this viewer
    # sees this case's identity is decided per case by the selector. A page
    # that asked for the parties masked (`petitioners(masked: true)`) gets
    # them masked whoever it is, and nothing is audited.
    if getattr(person, MASKED_ON_REQUEST, False):
        return False
    return identity_visible(info.context.user, person.petition)


IDENTITY_READS = "_identity_reads"


def _revealed(info, person, field: str) -> bool:
    """Whether the viewer sees `field` unmasked. Each unmasked read is noted on
    the request; the view writes them to the audit log in one INSERT."""
    if not _may_see_identity(info, person):
        return False
    reads = info.context.__dict__.setdefault(IDENTITY_READS, {})
    reads.setdefault((person.petition_id, person.pk), set()).add(field)
    return True


class PetitionerType(DjangoObjectType):
    """A petitioner (信访人); identity shown masked unless the viewer may see it."""

    role = graphene.Field(enums.PetitionerRoleEnum, required=True)
    role_label = label_field("role", "Role in Chinese (身份).", required=True)
    political_status = graphene.Field(enums.PoliticalStatusEnum)
    political_status_label = label_field(
        "political_status", "Political status in Chinese (政治面貌)."
    )
    name = graphene.String(required=True, description="Name (姓名), masked if needed.")
    citizen_id = graphene.String(description="Citizen ID number (公民身份号码).")
    phone = graphene.String(description="Phone (联系电话).")
    address = graphene.String(description="Address (住址).")
    is_identity_masked = graphene.Boolean(
        required=True, description="Whether identity fields are masked (脱敏)."
    )

    class Meta:
        model = models.Petitioner
        name = "Petitioner"
        fields = ("id", "position", "role", "is_party_member")
        description = "A petitioner (信访人)."

    @staticmethod
    def resolve_role(person, info):
        return person.role

    @staticmethod
    def resolve_political_status(person, info):
        return person.political_status or None

    @staticmethod
    def resolve_is_identity_masked(person, info):
        return not _may_see_identity(info, person)

    @staticmethod
    def resolve_name(person, info):
        return (
            person.name if _revealed(info, person, "name") else mask_name(person.name)
        )

    @staticmethod
    def resolve_citizen_id(person, info):
        if not person.citizen_id_encrypted:
            return None
        value = identity_decrypt(
            PetitionerKeyKind.CITIZEN_ID, person.citizen_id_encrypted
        )
        return value if _revealed(info, person, "citizenId") else mask_citizen_id(value)

    @staticmethod
    def resolve_phone(person, info):
        if not person.phone_encrypted:
            return None
        value = identity_decrypt(PetitionerKeyKind.PHONE, person.phone_encrypted)
        return value if _revealed(info, person, "phone") else mask_phone(value)

    @staticmethod
    def resolve_address(person, info):
        value = petitioner_address(person)
        if not value:
            return None
        return value if _revealed(info, person, "address") else mask_address(value)


class AccusedType(DjangoObjectType):
    """The cadre reported (被反映人)."""

    managing_level = graphene.Field(
        UnitLevelEnum, required=True, description="Managing level (干部管理权限)."
    )
    managing_level_label = label_field(
        "managing_level", "Managing level in Chinese (干部管理权限).", required=True
    )

    class Meta:
        model = models.Accused
        name = "Accused"
        fields = (
            "id",
            "name",
            "unit_name",
            "post",
            "rank",
            "is_main_leader",
            "unit_code",
            "is_unit_unknown",
        )
        description = (
            "The cadre a petition reports (被反映人): `unitName` is the label "
            "as given, `unitCode` the unit of the tree whose area the cadre "
            "serves in, or `isUnitUnknown` (所在单位不详)."
        )

    @staticmethod
    def resolve_managing_level(accused, info):
        return accused.managing_level


class PetitionEventType(DjangoObjectType):
    """One action on the timeline (时间线): who, when, what, before and after."""

    action = graphene.Field(enums.EventActionEnum, required=True)
    action_label = label_field("action", "The action in Chinese (操作).", required=True)
    stage = graphene.Field(enums.StageEnum, required=True)
    stage_label = label_field("stage", "The stage in Chinese (阶段).", required=True)
    actor_name = graphene.String(description="Who acted (操作人).")
    before = graphene.JSONString(required=True)
    after = graphene.JSONString(required=True)
    changes = graphene.List(
        graphene.NonNull(lambda: EventChangeType),
        required=True,
        description="What the event changed, each value with its Chinese label "
        "(变更前后).",
    )

    class Meta:
        model = models.PetitionEvent
        name = "PetitionEvent"
        fields = ("id", "note", "created_at")
        description = "One action on a petition's timeline (时间线)."

    @staticmethod
    def resolve_action(event, info):
        return event.action

    @staticmethod
    def resolve_stage(event, info):
        return event.stage

    @staticmethod
    def resolve_actor_name(event, info):
        return str(event.actor) if event.actor_id else None

    @staticmethod
    def resolve_changes(event, info):
        return selectors.event_change_list(event=event)


class EventChangeType(graphene.ObjectType):
    """One value an event changed, raw and in Chinese (变更项)."""

    class Meta:
        name = "EventChange"

    field = graphene.String(required=True, description="Field name, e.g. status.")
    field_label = graphene.String(required=True, description="Its label (字段).")
    before = graphene.String(description="Value before, as stored.")
    before_label = graphene.String(description="Value before, in Chinese (变更前).")
    after = graphene.String(description="Value after, as stored.")
    after_label = graphene.String(description="Value after, in Chinese (变更后).")


class ClockType(graphene.ObjectType):
    """A running clock (办理时限): start, end, how the end was computed, state."""

    class Meta:
        name = "Clock"

    code = graphene.Field(enums.ClockCodeEnum, required=True)
    name = graphene.String(required=True, description="Name (时限名称).")
    basis = graphene.String(required=True, description="Legal basis (依据).")
    start = deprecated_date("startsOn", "Start event day (起算日).")
    nominal_end = deprecated_date("nominalEndsOn", "End before 顺延.")
    end = deprecated_date("endsOn", "End (期满日).")
    starts_on = date_on("start", "Start event day (起算日).")
    nominal_ends_on = date_on("nominal_end", "End before 顺延 (顺延前期满日).")
    ends_on = date_on("end", "End (期满日).")
    warn_on = graphene.Date(required=True, description="Warning from (预警日).")
    explanation = graphene.String(required=True, description="How computed (计算说明).")
    state = graphene.Field(enums.ClockStateEnum, required=True)
    state_label = label_field(
        "state", "State in Chinese (正常/临期预警/已超期).", required=True
    )
    is_provisional = graphene.Boolean(
        required=True,
        description="The end is provisional (暂定): counted with weekends only, "
        "since the year's holidays and 调休 are not published yet.",
    )
    days_remaining = graphene.Int(required=True, description="Days left (剩余天数).")
    is_unit_deadline = graphene.Boolean(
        required=True,
        description=(
            "False for windows that close a right rather than make the unit "
            "overdue: the petitioner's 复查/复核 request window and the unit's "
            "objection window (异议期限)."
        ),
    )
    is_provisional = graphene.Boolean(
        required=True,
        description=(
            "The end lies in a year whose holidays are not entered yet (暂按周末"
            "计算): it is recomputed once the year's schedule is entered."
        ),
    )


class AttachmentType(DjangoObjectType):
    download_url = graphene.String(
        required=True, description="Where to download the file (下载地址)."
    )
    uploaded_by = graphene.Field(
        UserType,
        description="Who uploaded it (上传人); null for the petitioner's own "
        "file sent with an online petition (信访人网上提交).",
    )

    class Meta:
        model = models.Attachment
        name = "Attachment"
        fields = ("id", "original_name", "content_type", "size", "uploaded_at")
        description = "A file attached to a petition (附件)."

    @staticmethod
    def resolve_download_url(attachment, info):
        return reverse(
            "petition-attachment-download",
            args=[attachment.petition_id, attachment.pk],
        )


class StaffCandidatesType(graphene.ObjectType):
    """Whom the case's actions may name (可选科室与人员)."""

    class Meta:
        name = "StaffCandidates"

    departments = graphene.List(
        graphene.NonNull(DepartmentType),
        required=True,
        description="Departments to route to (承办科室).",
    )
    handlers = graphene.List(
        graphene.NonNull(UserType),
        required=True,
        description="Staff who may handle the case (承办人).",
    )
    leaders = graphene.List(
        graphene.NonNull(UserType),
        required=True,
        description="Leaders who may own it (包案领导).",
    )
    staff = graphene.List(
        graphene.NonNull(UserType),
        required=True,
        description="Staff who may be recused (回避人员).",
    )


class NoticeType(graphene.ObjectType):
    """A printable notice the case has now (告知书/处理意见书)."""

    class Meta:
        name = "Notice"

    kind = graphene.Field(enums.NoticeKindEnum, required=True)
    title = graphene.String(required=True, description="Its title (文书名称).")
    url = graphene.String(
        required=True,
        description="The printable page; opening it is put on the timeline.",
    )


class AllowedActionType(graphene.ObjectType):
    """An action the viewer may take on the case now (可办理操作)."""

    class Meta:
        name = "AllowedAction"

    action = graphene.Field(enums.PetitionActionEnum, required=True)
    label = graphene.String(required=True, description="The action in Chinese.")


class HandlingRecordType(DjangoObjectType):
    kind = graphene.Field(enums.HandlingRecordKindEnum, required=True)
    kind_label = label_field("kind", "The kind in Chinese (类别).", required=True)
    stage = graphene.Field(enums.StageEnum, required=True)
    created_by = graphene.Field(UserType, required=True)

    class Meta:
        model = models.HandlingRecord
        name = "HandlingRecord"
        fields = ("id", "occurred_on", "content", "created_at")
        description = "An investigation step (办理记录)."

    @staticmethod
    def resolve_kind(record, info):
        return record.kind

    @staticmethod
    def resolve_stage(record, info):
        return record.stage


class HandlingResultType(DjangoObjectType):
    finding = graphene.Field(enums.FindingEnum)
    finding_label = label_field("finding", "The finding in Chinese (核查结论).")
    decision = graphene.Field(enums.AppealDecisionEnum)
    decision_label = label_field("decision", "The decision in Chinese (处理意见).")
    review_decision = graphene.Field(
        enums.ReviewDecisionEnum,
        description="Decision of a 复查/复核意见书 (维持/变更/撤销).",
    )
    stage = graphene.Field(enums.StageEnum, required=True)
    created_by = graphene.Field(UserType, required=True)

    class Meta:
        model = models.HandlingResult
        name = "HandlingResult"
        fields = (
            "id",
            "summary",
            "request",
            "facts",
            "reasons",
            "legal_basis",
            "created_at",
        )
        description = "A stage's conclusion; for 申诉求决 the 处理意见书."

    @staticmethod
    def resolve_finding(result, info):
        return result.finding or None

    @staticmethod
    def resolve_review_decision(result, info):
        return result.review_decision or None

    @staticmethod
    def resolve_decision(result, info):
        return result.decision or None

    @staticmethod
    def resolve_stage(result, info):
        return result.stage


class LeaderInstructionType(DjangoObjectType):
    leader = graphene.Field(UserType, required=True)

    class Meta:
        model = models.LeaderInstruction
        name = "LeaderInstruction"
        fields = ("id", "content", "created_at")
        description = "A leader's instruction (领导批示)."


class RecusalType(DjangoObjectType):
    user = graphene.Field(UserType, required=True)

    class Meta:
        model = models.Recusal
        name = "Recusal"
        fields = ("id", "reason", "created_at")
        description = "A recused member of staff (回避)."


class PetitionSummaryType(graphene.ObjectType):
    """Enough of another petition to recognize it (疑似重复件)."""

    class Meta:
        name = "PetitionSummary"

    id = graphene.ID(required=True)
    tracking_number = graphene.String(required=True)
    title = graphene.String(required=True)
    received_on = graphene.Date(required=True)
    status = graphene.Field(enums.PetitionStatusEnum, required=True)
    status_label = label_field("status", "Status in Chinese (办理状态).", required=True)


class DuplicateCandidateType(graphene.ObjectType):
    """A possible duplicate already in the unit (疑似重复信访)."""

    class Meta:
        name = "DuplicateCandidate"

    petition = graphene.Field(PetitionSummaryType, required=True)
    reason = graphene.String(required=True, description="Why (原因).")
    similarity = graphene.Float(required=True)
    kind = graphene.Field(
        enums.RepeatKindEnum,
        required=True,
        description="重复件 (same matter, or same person, while open) or 重复信访 "
        "(same petitioner, same matter, after the case was concluded).",
    )
    kind_label = label_field("kind", "The kind in Chinese (类别).", required=True)


class FinalMatterMatchType(graphene.ObjectType):
    """The same matter of the same person already made final by 复核 somewhere
    in the tree (复核终结事项, Art 36): not to be accepted again."""

    class Meta:
        name = "FinalMatterMatch"

    final_unit = graphene.Field(
        UnitType, required=True, description="The unit that made the 复核 (复核机关)."
    )
    kind = graphene.Field(
        enums.RepeatKindEnum,
        required=True,
        description="Always FINAL_MATTER (终结事项), beside DuplicateCandidate.kind.",
    )
    kind_label = graphene.String(
        required=True, description="The kind in Chinese (类别)."
    )

    @staticmethod
    def resolve_kind(root, info):
        return RepeatKind.FINAL_MATTER

    @staticmethod
    def resolve_kind_label(root, info):
        return RepeatKind.FINAL_MATTER.label

    decided_on = graphene.Date(
        required=True, description="Date of the 复核 opinion (复核意见日期)."
    )
    tracking_number = graphene.String(
        description="Tracking number of the 复核 case (复核案件编号); null unless "
        "the viewer's unit already sees that case: the final unit, the units "
        "above it, and the units of its review chain (复查 and original answer)."
    )
    similarity = graphene.Float(
        required=True, description="Content similarity (内容相似度), 0 to 1."
    )
    description = graphene.String(
        required=True, description="Why, in words for the registrar (说明)."
    )


class WorkCountType(graphene.ObjectType):
    """How many petitions wait in one of the viewer's work queues (工作台)."""

    class Meta:
        name = "WorkCount"

    queue = graphene.Field(enums.QueueEnum, required=True)
    count = graphene.Int(required=True)


class ReceptionDayType(DjangoObjectType):
    leader = graphene.Field(UserType, required=True)
    petitions = graphene.List(graphene.NonNull(PetitionSummaryType), required=True)

    class Meta:
        model = models.ReceptionDay
        name = "ReceptionDay"
        fields = ("id", "held_on", "place", "note")
        description = "A leader reception day (领导接访日)."

    @staticmethod
    def resolve_petitions(day, info):
        return list(day.petitions.all())


def _attribute(name: str, *, blank_is_null: bool = False):
    """A resolver returning a choice column (an enum value), "" read as null."""

    def resolve(petition, info):
        value = getattr(petition, name)
        return (value or None) if blank_is_null else value

    return staticmethod(resolve)


class PetitionType(DjangoObjectType):
    """A petition (信访件) held by the viewer's unit."""

    channel = graphene.Field(enums.ChannelEnum, required=True)
    legal_type = graphene.Field(enums.LegalTypeEnum, required=True)
    topic = graphene.Field(enums.TopicEnum, required=True)
    status = graphene.Field(enums.PetitionStatusEnum, required=True)
    stage = graphene.Field(enums.StageEnum, required=True)
    origin = graphene.Field(enums.OriginEnum, required=True)
    decline_ground = graphene.Field(enums.DeclineGroundEnum)
    refer_target = graphene.Field(enums.ReferTargetEnum)
    extension_status = graphene.Field(enums.ExtensionStatusEnum, required=True)
    satisfaction = graphene.Field(enums.SatisfactionEnum)
    due_clock = graphene.Field(enums.ClockCodeEnum)
    due_on_is_provisional = provisional_flag(
        "due_on", "The current deadline (当前期限)"
    )
    status_label = label_field("status", "Status in Chinese (办理状态).", required=True)
    channel_label = label_field(
        "channel", "Channel in Chinese (来源渠道).", required=True
    )
    legal_type_label = label_field(
        "legal_type", "Legal type in Chinese (信访类型).", required=True
    )
    topic_label = label_field("topic", "Topic in Chinese (问题类别).", required=True)
    stage_label = label_field("stage", "Stage in Chinese (阶段).", required=True)
    origin_label = label_field("origin", "Origin in Chinese (来源方式).", required=True)
    extension_status_label = label_field(
        "extension_status", "Extension state in Chinese (延期状态).", required=True
    )
    satisfaction_label = label_field("satisfaction", "Satisfaction in Chinese.")
    decline_ground_label = label_field(
        "decline_ground", "Ground to decline in Chinese (不予受理理由)."
    )
    refer_target_label = label_field("refer_target", "告知类别 in Chinese.")
    due_clock_label = graphene.String(
        description="The running clock's name (当前时限)."
    )
    due_state = graphene.Field(
        enums.ClockStateEnum,
        description="Where the current deadline stands today (正常/临期预警/已超期), "
        "as the case view's unit clock; none without a running deadline.",
    )
    due_state_label = graphene.String(
        description="That state in Chinese (正常/临期预警/已超期)."
    )
    due_days_remaining = graphene.Int(
        description="Days to the current deadline, negative once overdue (剩余天数)."
    )
    allowed_actions = graphene.List(
        graphene.NonNull(AllowedActionType),
        required=True,
        description="What the viewer may do on the case now (可办理操作): the "
        "same permission and state checks the mutations make.",
    )
    notices = graphene.List(
        graphene.NonNull(NoticeType),
        required=True,
        description="Printable notices the case has now (可打印文书).",
    )
    staff_candidates = graphene.Field(
        StaffCandidatesType,
        required=True,
        description="The unit's departments and staff that routing, 包案 and "
        "recusal may name for this case; empty for those who may do neither.",
    )
    petitioners = graphene.List(
        graphene.NonNull(PetitionerType),
        required=True,
        masked=graphene.Boolean(
            default_value=False,
            description="Mask the identity even for those who may see it "
            "(默认脱敏); 显示 (petitionIdentityReveal) then shows it, audited.",
        ),
        description="The petitioners (信访人), in order.",
    )
    identity_revealable = graphene.Boolean(
        required=True,
        description="Whether the viewer may show this case's parties unmasked "
        "(可显示身份信息), by petitionIdentityReveal.",
    )
    accused = graphene.List(graphene.NonNull(AccusedType), required=True)
    events = graphene.List(
        graphene.NonNull(PetitionEventType),
        required=True,
        description="The timeline (时间线), oldest first.",
    )
    clocks = graphene.List(
        graphene.NonNull(ClockType),
        required=True,
        as_of=graphene.Date(description="Day to evaluate states on; today by default."),
        description="Every running clock (办理时限).",
    )
    attachments = graphene.List(graphene.NonNull(AttachmentType), required=True)
    handling_records = graphene.List(
        graphene.NonNull(HandlingRecordType), required=True
    )
    results = graphene.List(graphene.NonNull(HandlingResultType), required=True)
    instructions = graphene.List(graphene.NonNull(LeaderInstructionType), required=True)
    recusals = graphene.List(graphene.NonNull(RecusalType), required=True)
    department = graphene.Field(DepartmentType)
    handler = graphene.Field(UserType)
    registrar = graphene.Field(
        UserType, description="首问责任人; empty for an online petition (网上信访)."
    )
    owner_leader = graphene.Field(UserType, description="包案领导.")
    closed_by = graphene.Field(UserType)
    sent_to = graphene.Field(
        UnitType,
        description="The unit a transferred (已转办) or escalated (已上报) case "
        "went to; empty otherwise.",
    )
    reception_day = graphene.Field(ReceptionDayType)
    possible_duplicate_of = graphene.Field(PetitionSummaryType)
    review_chain = graphene.List(
        graphene.NonNull(CaseLinkType),
        required=True,
        description=(
            "The 复查/复核 chain of this matter (复查复核流转), from the first "
            "request up: each link names the unit above and its decision."
        ),
    )
    merged_into = graphene.Field(
        PetitionSummaryType,
        description="The earlier petition this one was merged into (并入的在先件).",
    )
    merged_petitions = graphene.List(
        graphene.NonNull(lambda: PetitionType),
        required=True,
        description="Later petitions merged into this one (并案的重复件), with "
        "their petitioners and attachments.",
    )

    class Meta:
        model = models.Petition
        name = "Petition"
        fields = (
            "id",
            "tracking_number",
            "public_number",
            "origin_body",
            "origin_reference",
            "received_on",
            "title",
            "content",
            "is_anonymous",
            "is_joint",
            "is_collective",
            "headcount",
            "registered_at",
            "accepted_on",
            "decided_on",
            "refer_to",
            "decision_note",
            "routed_on",
            "extension_days",
            "extension_reason",
            "extension_petitioner_told_on",
            "closure_return_count",
            "closed_on",
            "sent_on",
            "feedback_on",
            "feedback_content",
            "petitioner_opinion",
            "return_visit_on",
            "archived_on",
            "review_requested_on",
            "re_review_requested_on",
            "is_final",
            "is_reviewed_upstream",
            "due_on",
        )
        description = "A petition (信访件) held by the viewer's unit."

    resolve_channel = _attribute("channel")
    resolve_legal_type = _attribute("legal_type")
    resolve_topic = _attribute("topic")
    resolve_status = _attribute("status")
    resolve_stage = _attribute("stage")
    resolve_origin = _attribute("origin")
    resolve_extension_status = _attribute("extension_status")
    resolve_decline_ground = _attribute("decline_ground", blank_is_null=True)
    resolve_refer_target = _attribute("refer_target", blank_is_null=True)
    resolve_satisfaction = _attribute("satisfaction", blank_is_null=True)
    resolve_due_clock = _attribute("due_clock", blank_is_null=True)

    @staticmethod
    def resolve_due_clock_label(petition, info):
        return (
            member_label(ClockCode(petition.due_clock)) if petition.due_clock else None
        )

    @staticmethod
    def resolve_due_state(petition, info):
        return petition_due_state(petition, timezone.localdate())

    @staticmethod
    def resolve_due_state_label(petition, info):
        state = petition_due_state(petition, timezone.localdate())
        return member_label(state) if state else None

    @staticmethod
    def resolve_due_days_remaining(petition, info):
        if petition.due_on is None:
            return None
        return days_remaining(petition.due_on, timezone.localdate())

    @staticmethod
    def resolve_allowed_actions(petition, info):
        actions = selectors.petition_allowed_actions(
            actor=info.context.user, petition=petition, today=timezone.localdate()
        )
        return [AllowedActionType(action=a, label=a.label) for a in actions]

    @staticmethod
    def resolve_staff_candidates(petition, info):
        return selectors.petition_staff_candidates(
            actor=info.context.user, petition=petition
        )

    @staticmethod
    def resolve_notices(petition, info):
        kinds = selectors.petition_notice_list(
            actor=info.context.user, petition=petition
        )
        return [
            NoticeType(
                kind=kind,
                title=kind.label,
                url=reverse("petition-notice", args=[petition.pk, kind.value]),
            )
            for kind in kinds
        ]

    @staticmethod
    def resolve_petitioners(petition, info, masked=False):
        people = petition.petitioners.all()
        if not masked:
            return people
        # Copies, so that another selection of `petitioners` in the same
        # request (which may share prefetched objects) is not masked too.
        masked_people = []
        for person in people:
            person = copy.copy(person)
            setattr(person, MASKED_ON_REQUEST, True)
            masked_people.append(person)
        return masked_people

    @staticmethod
    def resolve_identity_revealable(petition, info):
        return identity_revealable(info.context.user, petition)

    @staticmethod
    def resolve_accused(petition, info):
        return petition.accused.all()

    @staticmethod
    def resolve_events(petition, info):
        return petition.events.all()

    @staticmethod
    def resolve_clocks(petition, info, as_of=None):
        return petition_clocks(petition, as_of or timezone.localdate())

    @staticmethod
    def resolve_attachments(petition, info):
        return petition.attachments.all()

    @staticmethod
    def resolve_merged_into(petition, info):
        return selectors.merged_into_get(actor=info.context.user, petition=petition)

    @staticmethod
    def resolve_merged_petitions(petition, info):
        return selectors.merged_petition_list(
            actor=info.context.user, petition=petition
        )

    @staticmethod
    def resolve_handling_records(petition, info):
        return petition.handling_records.all()

    @staticmethod
    def resolve_results(petition, info):
        return petition.results.all()

    @staticmethod
    def resolve_instructions(petition, info):
        return petition.instructions.all()

    @staticmethod
    def resolve_recusals(petition, info):
        return petition.recusals.all()

    @staticmethod
    def resolve_review_chain(petition, info):
        # Only for a petition already read through the selectors (the viewer's
        # own unit): the chain is the matter's, seen by each unit on it.
        return review_chain_list(petition_id=petition.pk)
