"""Every read of petitions a caller can reach, scoped to what the actor may see.

The active schema is the actor's own unit (tenants.middleware), so a petition of
another unit is simply not there. Inside the unit, viewing needs
PETITION_VIEW, and a recused member of staff does not see the case at all.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OrderBy, Prefetch, Q, QuerySet

from core.errors import not_found, permission_denied
from core.ids import parse_uuid
from supervision.access import identity_visible, identity_visible_q
from supervision.choices import (
    HANDLING_STATUSES,
    OPEN_STATUSES,
    AppealDecision,
    ExtensionStatus,
    Finding,
    HandlingRecordKind,
    ReviewDecision,
    Stage,
    Status,
)
from supervision.crosslevel.finality import (
    FinalMatterMatch,
    final_matter_matches,
    matter_inputs,
    petition_matter_inputs,
)
from supervision.crosslevel.models import (
    REVIEW_LINK_KINDS,
    CaseLink,
    LinkKind,
    LinkState,
    MatchState,
    RepeatMatch,
)
from supervision.deadlines import petitioner_window
from supervision.facts.models import CaseFact
from supervision.models import (
    Attachment,
    Petition,
    Petitioner,
    PetitionEvent,
    ReceptionDay,
)
from supervision.rules.keys import PetitionerKeyKind
from supervision.rules.workcalendar import chinese_date
from supervision.services.common import (
    acting_unit,
    acting_unit_id,
    is_handler,
    is_recused,
)
from supervision.services.duplicates import DuplicateCandidate, duplicate_candidates
from supervision.services.identity import identity_key
from supervision.services.notices import NoticeKind, notice_available
from tenants.models import Department, Unit, User
from tenants.roles import Permission, Role

_CITIZEN_ID = re.compile(r"^[0-9]{17}[0-9Xx]$")
_PHONE = re.compile(r"^[0-9+\-\s]{7,20}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Queue(StrEnum):
    """Work queues (我的待办)."""

    TO_ACCEPT = "to_accept"
    TO_ROUTE = "to_route"
    TO_HANDLE = "to_handle"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    AWAITING_REVIEW = "awaiting_review"
    # Results sent back by the closure review (退回重办), waiting for their handler.
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return _QUEUE_LABELS[self]


_QUEUE_LABELS = {
    Queue.TO_ACCEPT: "待受理",
    Queue.TO_ROUTE: "待交办",
    Queue.TO_HANDLE: "待办理",
    Queue.DUE_SOON: "临期",
    Queue.OVERDUE: "超期",
    Queue.AWAITING_REVIEW: "待审批",
    Queue.RETURNED: "退回重办",
}


class PetitionOrder(StrEnum):
    """Orders of the petition list."""

    RECEIVED_ON_DESC = "received_on_desc"
    DUE_ON = "due_on"

    @property
    def label(self) -> str:
        return {"received_on_desc": "按收件日期（新的在前）", "due_on": "按办理期限"}[
            self.value
        ]


# The queues of 工作台, each shown to the roles whose permission works it.
QUEUE_PERMISSIONS: dict[Queue, str] = {
    Queue.TO_ACCEPT: Permission.PETITION_DECIDE,
    Queue.TO_ROUTE: Permission.PETITION_ROUTE,
    Queue.TO_HANDLE: Permission.PETITION_HANDLE,
    Queue.RETURNED: Permission.PETITION_HANDLE,
    Queue.AWAITING_REVIEW: Permission.PETITION_APPROVE,
    Queue.DUE_SOON: Permission.PETITION_VIEW,
    Queue.OVERDUE: Permission.PETITION_VIEW,
}


@dataclass(frozen=True)
class WorkCount:
    queue: Queue
    count: int


def _can_view(actor: User) -> bool:
    return actor.is_authenticated and actor.has_unit_permission(
        Permission.PETITION_VIEW
    )


def _visible(actor: User) -> QuerySet[Petition]:
    if not _can_view(actor):
        return Petition.objects.none()
    return Petition.objects.exclude(recusals__user=actor)


def _list_related(queryset: QuerySet[Petition]) -> QuerySet[Petition]:
    return queryset.select_related(
        "department", "handler", "registrar", "owner_leader", "sent_to"
    ).prefetch_related(
        Prefetch("petitioners", queryset=Petitioner.objects.order_by("position")),
        "accused",
        # Lists show the latest action; the timeline is small per case.
        Prefetch(
            "events",
            queryset=PetitionEvent.objects.select_related("actor").order_by(
                "created_at", "id"
            ),
        ),
    )


def _queue_q(actor: User, queue: Queue, today: datetime.date) -> Q:
    if queue == Queue.TO_ACCEPT:
        return Q(status=Status.REGISTERED)
    if queue == Queue.TO_ROUTE:
        return Q(status=Status.ACCEPTED)
    if queue == Queue.TO_HANDLE:
        mine = Q(handler=actor)
        if actor.department_id is not None and actor.has_unit_permission(
            Permission.PETITION_ROUTE
        ):
            mine |= Q(department_id=actor.department_id)
        return Q(status=Status.HANDLING) & mine
    if queue == Queue.DUE_SOON:
        return Q(status__in=OPEN_STATUSES, due_warn_on__lte=today, due_on__gte=today)
    if queue == Queue.OVERDUE:
        return Q(status__in=OPEN_STATUSES, due_on__lt=today)
    if queue == Queue.RETURNED:
        return Q(status=Status.HANDLING, closure_return_count__gt=0, handler=actor)
    # 复查/复核 cases received from below wait for the leader's opinion.
    return (
        Q(status=Status.AWAITING_CLOSURE)
        | Q(status__in=HANDLING_STATUSES, extension_status=ExtensionStatus.REQUESTED)
        | Q(status__in=HANDLING_STATUSES, stage__in=(Stage.REVIEW, Stage.RE_REVIEW))
    )


def _search_q(actor: User, text: str) -> Q:
    text = text.strip()
    query = (
        Q(tracking_number__icontains=text)
        # The petitioner quotes the public number (查询编号) it was given.
        | Q(public_number=text.upper())
        | Q(title__icontains=text)
        | Q(content__icontains=text)
        | Q(accused__name=text)
    )
    # Petitioners are found only in cases whose identity the actor may see:
    # otherwise trying candidates for a masked 320102********5129 recovers
    # the number. Identity numbers and phones are stored encrypted, so they
    # match by their keyed hash only.
    person = Q(petitioners__name=text)
    if _CITIZEN_ID.match(text):
        key = identity_key(PetitionerKeyKind.CITIZEN_ID, text)
        person |= Q(petitioners__citizen_id_key=key)
    elif _PHONE.match(text):
        person |= Q(petitioners__phone_key=identity_key(PetitionerKeyKind.PHONE, text))
    return query | (person & identity_visible_q(actor))


def petition_list(
    *,
    actor: User,
    today: datetime.date,
    queue: Queue | None = None,
    search: str | None = None,
    status: str | None = None,
    legal_type: str | None = None,
    channel: str | None = None,
    received_from: datetime.date | None = None,
    received_to: datetime.date | None = None,
    order: PetitionOrder | None = None,
) -> QuerySet[Petition]:
    """The unit's petitions the actor may see, filtered by queue, search, fields."""
    queryset = _visible(actor)
    if queue is not None:
        queryset = queryset.filter(_queue_q(actor, Queue(queue), today))
    if status:
        queryset = queryset.filter(status=status)
    if legal_type:
        queryset = queryset.filter(legal_type=legal_type)
    if channel:
        queryset = queryset.filter(channel=channel)
    if received_from:
        queryset = queryset.filter(received_on__gte=received_from)
    if received_to:
        queryset = queryset.filter(received_on__lte=received_to)
    if search and search.strip():
        matching = Petition.objects.filter(_search_q(actor, search)).values("pk")
        queryset = queryset.filter(pk__in=matching)
    if order is None:
        order = PetitionOrder.DUE_ON if queue else PetitionOrder.RECEIVED_ON_DESC
    ordering: tuple[OrderBy | str, ...]
    if order == PetitionOrder.DUE_ON:
        # Closed cases have no due date: they come last.
        ordering = (F("due_on").asc(nulls_last=True), "received_on", "tracking_number")
    else:
        ordering = ("-received_on", "-tracking_number")
    return _list_related(queryset).order_by(*ordering)


def work_counts(*, actor: User, today: datetime.date) -> list[WorkCount]:
    """How many petitions wait in each queue (工作台) the actor's roles work, in
    one query; no queue at all for staff who see no petitions."""
    queues = [
        queue
        for queue, permission in QUEUE_PERMISSIONS.items()
        if _can_view(actor) and actor.has_unit_permission(permission)
    ]
    if not queues:
        return []
    counts = _visible(actor).aggregate(
        **{
            queue.value: Count("pk", filter=_queue_q(actor, queue, today))
            for queue in queues
        }
    )
    return [WorkCount(queue=queue, count=counts[queue.value]) for queue in queues]


def petition_get(*, actor: User, petition_id) -> Petition:
    """One petition with everything its case view shows, or not found."""
    pk = parse_uuid(petition_id, what="信访件", field="id")
    # `get()` drops the list's ORDER BY: sorting one row by the received date
    # made PostgreSQL plan the nine joins for sorted paths (≈35 ms of planning
    # against 4 ms without it, for 0.5 ms of execution).
    try:
        return (
            _list_related(_visible(actor))
            .select_related("reception_day", "possible_duplicate_of", "closed_by")
            .prefetch_related(
                "attachments__uploaded_by",
                "handling_records__created_by",
                "results__created_by",
                "instructions__leader",
                "recusals__user",
            )
            .get(pk=pk)
        )
    except Petition.DoesNotExist:
        raise not_found("信访件", field="id") from None


def petition_duplicates(
    *, actor: User, content: str, citizen_ids: list[str], phones: list[str]
) -> list[DuplicateCandidate]:
    """Possible duplicates in the unit, shown while a registrar types.

    The same person is looked for only among cases whose identity the actor
    may see, so the answer to an ID number or phone tells nobody else whether
    it is on file."""
    if not _can_view(actor):
        return []
    return duplicate_candidates(
        content=content,
        citizen_id_keys=[
            identity_key(PetitionerKeyKind.CITIZEN_ID, value)
            for value in citizen_ids
            if value.strip()
        ],
        phone_keys=[
            identity_key(PetitionerKeyKind.PHONE, value)
            for value in phones
            if value.strip()
        ],
        same_person_among=identity_visible_q(actor),
    )


def petition_final_matters(
    *, actor: User, content: str, citizen_ids: list[str], phones: list[str]
) -> list[FinalMatterMatch]:
    """Matters of the same person made final by 复核 anywhere in the tree,
    shown while a registrar types (the letter is still registered, as a
    record, and declined)."""
    if not _can_view(actor):
        return []
    return final_matter_matches(
        unit=acting_unit(actor),
        inputs=matter_inputs(
            citizen_id_keys=[
                identity_key(PetitionerKeyKind.CITIZEN_ID, value.strip())
                for value in citizen_ids
                if value.strip()
            ],
            phone_keys=[
                identity_key(PetitionerKeyKind.PHONE, value.strip())
                for value in phones
                if value.strip()
            ],
            content=content,
        ),
    )


def reception_day_list(*, actor: User) -> QuerySet[ReceptionDay]:
    """The unit's leader reception days, newest first, with their petitions."""
    if not _can_view(actor):
        return ReceptionDay.objects.none()
    return ReceptionDay.objects.select_related("leader").prefetch_related("petitions")


def reception_leader_list(*, actor: User) -> QuerySet[User]:
    """The active leaders of the actor's own unit, whom a reception day may
    name; for those who register, who are not shown the unit's staff."""
    if not actor.is_authenticated or not actor.has_unit_permission(
        Permission.PETITION_REGISTER
    ):
        return User.objects.none()
    return User.objects.filter(
        unit_id=acting_unit_id(actor), is_active=True, roles__contains=[Role.LEADER]
    ).order_by("full_name", "pk")


def attachment_get(*, actor: User, petition_id, attachment_id) -> Attachment:
    """One attachment of a petition the actor may see, or not found."""
    petition_pk = parse_uuid(petition_id, what="信访件", field="petitionId")
    pk = parse_uuid(attachment_id, what="附件", field="attachmentId")
    attachment = (
        Attachment.objects.filter(
            pk=pk, petition__in=_visible(actor).filter(pk=petition_pk)
        )
        .select_related("petition")
        .first()
    )
    if attachment is None:
        raise not_found("附件", field="attachmentId")
    return attachment


def merged_petition_list(*, actor: User, petition: Petition) -> list[Petition]:
    """Later petitions of the unit merged into this one (并案), with their
    petitioners and attachments, for the earlier case's view."""
    if not _can_view(actor):
        return []
    unit_id = acting_unit_id(actor)
    merged_ids = RepeatMatch.objects.filter(
        unit_id=unit_id,
        matched_unit_id=unit_id,
        matched_petition_id=petition.pk,
        state=MatchState.MERGED,
    ).values_list("petition_id", flat=True)
    return list(
        _list_related(_visible(actor))
        .prefetch_related("attachments")
        .filter(pk__in=list(merged_ids))
        .order_by("received_on", "tracking_number")
    )


def merged_into_get(*, actor: User, petition: Petition) -> Petition | None:
    """The earlier petition of the unit this one was merged into, if any."""
    if not _can_view(actor):
        return None
    earlier_id = (
        RepeatMatch.objects.filter(
            unit_id=acting_unit_id(actor),
            petition_id=petition.pk,
            state=MatchState.MERGED,
        )
        .values_list("matched_petition_id", flat=True)
        .first()
    )
    if earlier_id is None:
        return None
    return _visible(actor).filter(pk=earlier_id).first()


@dataclass(frozen=True)
class RoutingDepartment:
    """A department (科室) of the unit with the staff in it."""

    department: Department
    members: tuple[User, ...]


@dataclass(frozen=True)
class RoutingCandidates:
    """Whom a case may be routed to inside the unit (归口办理)."""

    departments: tuple[RoutingDepartment, ...]
    handlers: tuple[User, ...]


def routing_candidates(*, actor: User, petition_id=None) -> RoutingCandidates:
    """The actor's unit's active departments with their members, and the staff a
    case may be routed to (承办人: active, with PETITION_HANDLE).

    Only for those who route (PETITION_ROUTE), and only the own unit. Given a
    petition, staff recused from it (回避) are left out, as petition_route
    would refuse them; a petition out of scope answers not found. Staff only:
    nothing here reads a petitioner.
    """
    if not (
        actor.is_authenticated and actor.has_unit_permission(Permission.PETITION_ROUTE)
    ):
        raise permission_denied("无权交办，不能查看本单位承办人员")
    unit_id = acting_unit_id(actor)
    recused: set[int] = set()
    if petition_id is not None:
        pk = parse_uuid(petition_id, what="信访件", field="petitionId")
        petition = _visible(actor).filter(pk=pk).first()
        if petition is None:
            raise not_found("信访件", field="petitionId")
        recused = set(petition.recusals.values_list("user_id", flat=True))
    staff = (
        User.objects.filter(unit_id=unit_id, is_active=True)
        .exclude(pk__in=recused)
        .order_by("full_name", "username")
    )
    members: dict[int, list[User]] = defaultdict(list)
    handlers = []
    for user in staff:
        if user.department_id is not None:
            members[user.department_id].append(user)
        if user.has_unit_permission(Permission.PETITION_HANDLE):
            handlers.append(user)
    departments = Department.objects.filter(unit_id=unit_id, is_active=True).order_by(
        "name", "id"
    )
    return RoutingCandidates(
        departments=tuple(
            RoutingDepartment(department, tuple(members[department.pk]))
            for department in departments
        ),
        handlers=tuple(handlers),
    )


@dataclass(frozen=True)
class EventChange:
    """One value an event changed, with Chinese labels (时间线变更项)."""

    field: str
    field_label: str
    before: str | None
    before_label: str | None
    after: str | None
    after_label: str | None


# Values an event records beside the petition's own fields (`extra`), named
# and labelled here so the timeline never shows a raw key.
_EXTRA_FIELDS: dict[str, tuple[str, type | None]] = {
    "kind": ("类别", HandlingRecordKind),
    "occurred_on": ("办理日期", None),
    "finding": ("核查结论", Finding),
    "decision": ("处理意见", AppealDecision),
    "review_decision": ("复查复核决定", ReviewDecision),
    "notice": ("文书", NoticeKind),
    # An issued notice's 文号, its year and the day it was issued.
    "number": ("文号", None),
    "year": ("年度", None),
    "issued_on": ("出具日期", None),
    "recused_user": ("回避人员", None),
    "attachment": ("附件", None),
    "size": ("大小（字节）", None),
    "merged_into": ("并入", None),
    "merged_from": ("并入件", None),
    "matched_unit": ("匹配单位", None),
    "target_unit": ("对方单位", None),
    "decision_unit": ("决定单位", None),
    "tracking_number": ("编号", None),
    "status": ("状态", Status),
}
_USER_KEYS = {"recused_user"}
_UNIT_KEYS = {"matched_unit", "target_unit", "decision_unit"}


def _value_label(key: str, value, choices) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if choices is not None:
        return dict(choices).get(value, str(value))
    if key in _USER_KEYS:
        user = User.objects.filter(pk=value).first()
        return str(user) if user else str(value)
    if key in _UNIT_KEYS:
        unit = Unit.objects.filter(code=value).first()
        return unit.name if unit else str(value)
    if key == "attachment":
        attachment = Attachment.objects.filter(pk=value).first()
        return attachment.original_name if attachment else str(value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        return chinese_date(datetime.date.fromisoformat(value))
    return str(value)


def _petition_field_change(field: models.Field, before, after) -> EventChange:
    name = field.name
    choices = field.choices or None
    if isinstance(field, models.ForeignKey):
        # The referenced field's model: the related model, never "self" or a
        # lazy name once the models are loaded.
        model = field.target_field.model

        def label(value):
            if not value:
                return None
            try:
                found = model._default_manager.filter(pk=value).first()
            except (ValueError, ValidationError):
                # Events record some references by what people read (e.g. the
                # earlier case's tracking number), not by key: show it as is.
                return str(value)
            return str(found) if found else str(value)

        before_label, after_label = label(before), label(after)
    else:
        before_label = _value_label(name, before, choices)
        after_label = _value_label(name, after, choices)
    return EventChange(
        field=name,
        field_label=str(field.verbose_name),
        before=None if before is None else str(before),
        before_label=before_label,
        after=None if after is None else str(after),
        after_label=after_label,
    )


def event_change_list(*, event: PetitionEvent) -> list[EventChange]:
    """What an event changed, each value with its Chinese label, for the
    timeline: petition fields by their verbose names and choices, the values
    recorded beside them by the names above."""
    petition_fields = {field.name: field for field in Petition._meta.concrete_fields}
    changes = []
    for key in dict.fromkeys([*event.before, *event.after]):
        before, after = event.before.get(key), event.after.get(key)
        if key in petition_fields:
            changes.append(_petition_field_change(petition_fields[key], before, after))
            continue
        label, enum = _EXTRA_FIELDS.get(key, (key, None))
        # A handling record's kind and a repeat's kind share the key.
        if key == "kind" and after not in HandlingRecordKind.values:
            enum = None
        choices = [(m.value, m.label) for m in enum] if enum else None
        changes.append(
            EventChange(
                field=key,
                field_label=label,
                before=None if before is None else str(before),
                before_label=_value_label(key, before, choices),
                after=None if after is None else str(after),
                after_label=_value_label(key, after, choices),
            )
        )
    return changes


class PetitionAction(models.TextChoices):
    """What a member of staff may do on a case (办理操作), one per mutation."""

    ACCEPT = "accept", "受理"
    DECLINE = "decline", "不予受理"
    REFER = "refer", "告知向有权机关提出"
    ROUTE = "route", "交办科室与承办人"
    INSTRUCT = "instruct", "领导批示"
    ASSIGN_OWNER = "assign_owner", "领导包案"
    RECUSE = "recuse", "回避"
    HANDLING_RECORD_ADD = "handling_record_add", "记录办理情况"
    CONCLUDE = "conclude", "作出办理结论"
    EXTENSION_REQUEST = "extension_request", "申请延期"
    EXTENSION_APPROVE = "extension_approve", "批准延期"
    EXTENSION_REJECT = "extension_reject", "不批准延期"
    CLOSURE_SUBMIT = "closure_submit", "提交结案审核"
    CLOSURE_APPROVE = "closure_approve", "审核办结"
    CLOSURE_RETURN = "closure_return", "退回重办"
    FEEDBACK_RECORD = "feedback_record", "反馈信访人"
    RETURN_VISIT_RECORD = "return_visit_record", "回访"
    ARCHIVE = "archive", "归档"
    REVIEW_REQUEST = "review_request", "登记复查复核申请"
    REVIEW_DECIDE = "review_decide", "作出复查复核意见"
    ATTACHMENT_ADD = "attachment_add", "上传附件"
    TRANSFER = "transfer", "转办"
    ASSIGN = "assign", "交办"
    ESCALATE = "escalate", "上报"


# The permission each action's mutation declares (Meta.permissions); a test
# keeps the two in step.
ACTION_PERMISSIONS: dict[PetitionAction, tuple[str, ...]] = {
    PetitionAction.ACCEPT: (Permission.PETITION_DECIDE,),
    PetitionAction.DECLINE: (Permission.PETITION_DECIDE,),
    PetitionAction.REFER: (Permission.PETITION_DECIDE,),
    PetitionAction.ROUTE: (Permission.PETITION_ROUTE,),
    PetitionAction.INSTRUCT: (Permission.PETITION_APPROVE,),
    PetitionAction.ASSIGN_OWNER: (Permission.PETITION_APPROVE,),
    PetitionAction.RECUSE: (Permission.PETITION_ROUTE,),
    PetitionAction.HANDLING_RECORD_ADD: (Permission.PETITION_HANDLE,),
    PetitionAction.CONCLUDE: (Permission.PETITION_HANDLE,),
    PetitionAction.EXTENSION_REQUEST: (Permission.PETITION_HANDLE,),
    PetitionAction.EXTENSION_APPROVE: (Permission.PETITION_APPROVE,),
    PetitionAction.EXTENSION_REJECT: (Permission.PETITION_APPROVE,),
    PetitionAction.CLOSURE_SUBMIT: (Permission.PETITION_HANDLE,),
    PetitionAction.CLOSURE_APPROVE: (Permission.PETITION_APPROVE,),
    PetitionAction.CLOSURE_RETURN: (Permission.PETITION_APPROVE,),
    PetitionAction.FEEDBACK_RECORD: (Permission.PETITION_REGISTER,),
    PetitionAction.RETURN_VISIT_RECORD: (Permission.PETITION_REGISTER,),
    PetitionAction.ARCHIVE: (Permission.PETITION_REGISTER,),
    PetitionAction.REVIEW_REQUEST: (Permission.PETITION_REGISTER,),
    PetitionAction.REVIEW_DECIDE: (Permission.PETITION_APPROVE,),
    PetitionAction.TRANSFER: (Permission.CROSS_LEVEL_FLOW,),
    PetitionAction.ASSIGN: (Permission.CROSS_LEVEL_FLOW,),
    PetitionAction.ESCALATE: (Permission.CROSS_LEVEL_FLOW,),
}


def _may_attach(actor: User) -> bool:
    # The upload endpoint takes either permission (frontend.petitions).
    return actor.has_unit_permission(
        Permission.PETITION_REGISTER
    ) or actor.has_unit_permission(Permission.PETITION_HANDLE)


def _is_final_matter(unit: Unit, petition: Petition) -> bool:
    # The registry of final matters decides, as petition_accept asks it.
    return bool(
        final_matter_matches(unit=unit, inputs=petition_matter_inputs(petition))
    )


def _may_request_review(unit: Unit, petition: Petition, today) -> bool:
    window = petitioner_window(petition)
    upper = unit.parent
    return (
        window is not None
        and window[1].start <= today <= window[1].end
        and upper is not None
        and upper.is_active
    )


def _is_open_review_case(unit: Unit, petition: Petition) -> bool:
    return (
        petition.stage in (Stage.REVIEW, Stage.RE_REVIEW)
        and petition.can_decide_review()
        and CaseLink.objects.filter(
            target_unit=unit,
            target_petition_id=petition.pk,
            kind__in=(LinkKind.REVIEW, LinkKind.RE_REVIEW),
            state=LinkState.ACTIVE,
        ).exists()
    )


def _state_allows(
    action: PetitionAction, actor: User, unit: Unit, petition: Petition, today
) -> bool:
    """The state checks of each action's service, on the case as it is now,
    for `actor` acting for `unit`."""
    handling = petition.is_being_handled() and is_handler(petition, actor)
    if action in (PetitionAction.ACCEPT,):
        return petition.awaits_acceptance() and not _is_final_matter(unit, petition)
    if action in (PetitionAction.DECLINE, PetitionAction.REFER):
        return petition.awaits_acceptance()
    if action == PetitionAction.ROUTE:
        return petition.can_route()
    if action in (PetitionAction.INSTRUCT, PetitionAction.RECUSE):
        return True
    if action == PetitionAction.ASSIGN_OWNER:
        return petition.is_open()
    if action in (PetitionAction.HANDLING_RECORD_ADD, PetitionAction.CONCLUDE):
        return handling
    if action == PetitionAction.EXTENSION_REQUEST:
        return (
            handling
            and petition.stage == Stage.ORIGINAL
            and petition.extension_status
            not in (ExtensionStatus.REQUESTED, ExtensionStatus.APPROVED)
        )
    if action in (PetitionAction.EXTENSION_APPROVE, PetitionAction.EXTENSION_REJECT):
        return petition.extension_status == ExtensionStatus.REQUESTED
    if action == PetitionAction.CLOSURE_SUBMIT:
        return handling and petition.results.filter(stage=petition.stage).exists()
    if action == PetitionAction.CLOSURE_APPROVE:
        return petition.awaits_closure_review() and petition.stage == Stage.ORIGINAL
    if action == PetitionAction.CLOSURE_RETURN:
        return petition.awaits_closure_review()
    if action == PetitionAction.FEEDBACK_RECORD:
        return petition.is_closed()
    if action == PetitionAction.RETURN_VISIT_RECORD:
        return petition.is_closed() and petition.has_feedback_after_closure()
    if action == PetitionAction.ARCHIVE:
        return petition.is_closed() and (
            petition.is_anonymous or petition.has_feedback_after_closure()
        )
    if action == PetitionAction.REVIEW_REQUEST:
        return _may_request_review(unit, petition, today)
    if action == PetitionAction.REVIEW_DECIDE:
        return _is_open_review_case(unit, petition)
    if action == PetitionAction.ATTACHMENT_ADD:
        return True
    if action in (PetitionAction.TRANSFER, PetitionAction.ASSIGN):
        # petition_transfer / petition_assign: an open case, a unit below.
        return (
            _fact_open(unit, petition)
            and (action == PetitionAction.ASSIGN or not _is_received_review(petition))
            and Unit.objects.filter(parent=unit, is_active=True).exists()
        )
    if action == PetitionAction.ESCALATE:
        return (
            _fact_open(unit, petition)
            and not _is_received_review(petition)
            and unit.parent_id is not None
        )
    raise ValueError(action)


def _fact_open(unit: Unit, petition: Petition) -> bool:
    # The send services refuse a case whose fact is closed (办结, 转出).
    return CaseFact.objects.filter(
        petition_id=petition.pk, unit=unit, is_open=True
    ).exists()


def _is_received_review(petition: Petition) -> bool:
    # A 复查/复核 case is decided by its unit, not sent on (links._case_send).
    return CaseLink.objects.filter(
        target_petition_id=petition.pk, kind__in=REVIEW_LINK_KINDS
    ).exists()


def petition_allowed_actions(
    *, actor: User, petition: Petition, today: datetime.date
) -> list[PetitionAction]:
    """The actions the server would accept from `actor` on this case now:
    the permission its mutation declares and the checks its service makes
    (status, stage, handler, pending requests, windows). A recused member of
    staff does not see the case, so has none."""
    if not _can_view(actor) or is_recused(petition, actor):
        return []
    unit = acting_unit(actor)
    allowed = []
    for action in PetitionAction:
        if action == PetitionAction.ATTACHMENT_ADD:
            permitted = _may_attach(actor)
        else:
            permitted = all(
                actor.has_unit_permission(p) for p in ACTION_PERMISSIONS[action]
            )
        if permitted and _state_allows(action, actor, unit, petition, today):
            allowed.append(action)
    return allowed


def petition_notice_list(*, actor: User, petition: Petition) -> list[NoticeKind]:
    """The printable notices (告知书, 处理意见书) the case has now, for staff
    who may print them (they show the petitioner's identity)."""
    if not (_can_view(actor) and identity_visible(actor, petition)):
        return []
    return [kind for kind in NoticeKind if notice_available(petition, kind)]


@dataclass(frozen=True)
class StaffCandidates:
    """Who an action on a case may name: departments and handlers to route to
    (归口办理), leaders to own it (包案), staff who may be recused (回避)."""

    departments: list
    handlers: list[User]
    leaders: list[User]
    staff: list[User]


def petition_staff_candidates(*, actor: User, petition: Petition) -> StaffCandidates:
    """The unit's active departments and staff the route, 包案 and recusal
    services would take for this case (staff recused from it left out), for
    those who may route or approve; nobody else sees the unit's staff."""
    if not _can_view(actor) or not (
        actor.has_unit_permission(Permission.PETITION_ROUTE)
        or actor.has_unit_permission(Permission.PETITION_APPROVE)
    ):
        return StaffCandidates([], [], [], [])
    unit_id = acting_unit_id(actor)
    recused = set(petition.recusals.values_list("user_id", flat=True))
    staff = [
        user
        for user in User.objects.filter(unit_id=unit_id, is_active=True)
        .select_related("department")
        .order_by("department_id", "username")
        if user.pk not in recused
    ]
    return StaffCandidates(
        departments=list(
            Department.objects.filter(unit_id=unit_id, is_active=True).order_by("id")
        ),
        handlers=[
            u for u in staff if u.has_unit_permission(Permission.PETITION_HANDLE)
        ],
        leaders=[u for u in staff if u.has_role(Role.LEADER)],
        staff=staff,
    )
