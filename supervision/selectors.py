"""Every read of petitions a caller can reach, scoped to what the actor may see.

The active schema is the actor's own unit (tenants.middleware), so a petition of
another unit is simply not there. Inside the unit, viewing needs
PETITION_VIEW, and a recused member of staff does not see the case at all.
"""

from __future__ import annotations

import datetime
import re
from enum import StrEnum

from django.db.models import Prefetch, Q, QuerySet

from core.errors import not_found
from core.ids import parse_uuid
from supervision.access import identity_visible_q
from supervision.crosslevel.models import MatchState, RepeatMatch
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
from tenants.models import User
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
        "department", "handler", "registrar", "owner_leader"
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


def _search_q(actor: User, text: str) -> Q:
    text = text.strip()
    query = (
        Q(tracking_number__icontains=text)
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
        matching = Petition.objects.filter(_search_q(actor, search)).values("pk")
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
