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

from django.db.models import Prefetch, Q, QuerySet

from core.errors import not_found, permission_denied
from core.ids import parse_uuid
from supervision.crosslevel.models import MatchState, RepeatMatch
from supervision.crosslevel.services.finality import (
    FinalMatterMatch,
    final_matter_matches,
    matter_inputs,
)
from supervision.models import (
    HANDLING_STATUSES,
    OPEN_STATUSES,
    Attachment,
    ExtensionStatus,
    Petition,
    Petitioner,
    PetitionEvent,
    ReceptionDay,
    Stage,
    Status,
)
from supervision.rules.keys import PetitionerKeyKind
from supervision.services.duplicates import DuplicateCandidate, duplicate_candidates
from supervision.services.identity import identity_key
from tenants.models import Department, User
from tenants.roles import Permission

_CITIZEN_ID = re.compile(r"^[0-9]{17}[0-9Xx]$")
_PHONE = re.compile(r"^[0-9+\-\s]{7,20}$")


class Queue(StrEnum):
    """Work queues (我的待办)."""

    TO_ACCEPT = "to_accept"
    TO_ROUTE = "to_route"
    TO_HANDLE = "to_handle"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    AWAITING_REVIEW = "awaiting_review"


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
    # 复查/复核 cases received from below wait for the leader's opinion.
    return (
        Q(status=Status.AWAITING_CLOSURE)
        | Q(status__in=HANDLING_STATUSES, extension_status=ExtensionStatus.REQUESTED)
        | Q(status__in=HANDLING_STATUSES, stage__in=(Stage.REVIEW, Stage.RE_REVIEW))
    )


def _search_q(text: str) -> Q:
    text = text.strip()
    query = (
        Q(tracking_number__icontains=text)
        | Q(title__icontains=text)
        | Q(content__icontains=text)
        | Q(petitioners__name=text)
        | Q(accused__name=text)
    )
    # Identity numbers and phones are stored encrypted: match their keyed hash.
    if _CITIZEN_ID.match(text):
        key = identity_key(PetitionerKeyKind.CITIZEN_ID, text)
        query |= Q(petitioners__citizen_id_key=key)
    elif _PHONE.match(text):
        query |= Q(petitioners__phone_key=identity_key(PetitionerKeyKind.PHONE, text))
    return query


def petition_list(
    *,
    actor: User,
    today: datetime.date,
    queue: Queue | None = None,
    search: str | None = None,
    status: str | None = None,
    legal_type: str | None = None,
) -> QuerySet[Petition]:
    """The unit's petitions the actor may see, filtered by queue, search, fields."""
    queryset = _visible(actor)
    if queue is not None:
        queryset = queryset.filter(_queue_q(actor, Queue(queue), today))
    if status:
        queryset = queryset.filter(status=status)
    if legal_type:
        queryset = queryset.filter(legal_type=legal_type)
    if search and search.strip():
        matching = Petition.objects.filter(_search_q(search)).values("pk")
        queryset = queryset.filter(pk__in=matching)
    order = ("due_on", "received_on") if queue else ("-received_on", "-tracking_number")
    return _list_related(queryset).order_by(*order)


def petition_get(*, actor: User, petition_id) -> Petition:
    """One petition with everything its case view shows, or not found."""
    pk = parse_uuid(petition_id, what="信访件", field="id")
    petition = (
        _list_related(_visible(actor))
        .select_related("reception_day", "possible_duplicate_of", "closed_by")
        .prefetch_related(
            "attachments",
            "handling_records__created_by",
            "results__created_by",
            "instructions__leader",
            "recusals__user",
        )
        .filter(pk=pk)
        .first()
    )
    if petition is None:
        raise not_found("信访件", field="id")
    return petition


def petition_duplicates(
    *, actor: User, content: str, citizen_ids: list[str], phones: list[str]
) -> list[DuplicateCandidate]:
    """Possible duplicates in the unit, shown while a registrar types."""
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
        unit=actor.unit,
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
    merged_ids = RepeatMatch.objects.filter(
        unit_id=actor.unit_id,
        matched_unit_id=actor.unit_id,
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
    earlier_id = (
        RepeatMatch.objects.filter(
            unit_id=actor.unit_id, petition_id=petition.pk, state=MatchState.MERGED
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
    recused: set[int] = set()
    if petition_id is not None:
        pk = parse_uuid(petition_id, what="信访件", field="petitionId")
        petition = _visible(actor).filter(pk=pk).first()
        if petition is None:
            raise not_found("信访件", field="petitionId")
        recused = set(petition.recusals.values_list("user_id", flat=True))
    staff = (
        User.objects.filter(unit_id=actor.unit_id, is_active=True)
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
    departments = Department.objects.filter(
        unit_id=actor.unit_id, is_active=True
    ).order_by("name", "id")
    return RoutingCandidates(
        departments=tuple(
            RoutingDepartment(department, tuple(members[department.pk]))
            for department in departments
        ),
        handlers=tuple(handlers),
    )
