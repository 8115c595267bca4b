"""The petition side of cross-level flows, through the unit's own services.

`petition_snapshot` runs in the sending unit's schema (the request's); the
others are handed to `tenants.crossing.*_across_units`, run inside the other
unit's schema and return frozen dataclasses. `link_step_record` writes one
step of a link on both units' cases. Every change goes through the petition services'
`petition_change`, so each unit's timeline and public fact row are written in
the same transaction as the link.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial

from django.utils import timezone

from core.errors import not_found
from supervision.access import identity_visible
from supervision.crosslevel.models import CaseLink
from supervision.facts.models import CaseFact
from supervision.models import (
    SENT_AWAY_STATUSES,
    Accused,
    Attachment,
    EventAction,
    HandlingRecord,
    HandlingRecordKind,
    HandlingResult,
    LegalType,
    Origin,
    Petition,
    PetitionEvent,
    Stage,
    Status,
)
from supervision.rules.keys import PetitionerKeyKind
from supervision.services.attachments import attachment_content, attachment_download
from supervision.services.common import petition_change
from supervision.services.identity import identity_decrypt, petitioner_address
from supervision.services.intake import (
    AccusedData,
    PetitionerData,
    RegistrationData,
    petition_register,
)
from tenants import crossing
from tenants.crossing import UnitRef
from tenants.models import Unit, User

# A 申诉求决 answer's decision, as a result report's finding.
_DECISION_FINDINGS = {
    "support": "resolved",
    "explain": "explained",
    "reject": "not_supported",
}


@dataclass(frozen=True)
class LinkedPetition:
    """A petition as another unit holds it."""

    petition_id: uuid.UUID
    tracking_number: str
    status: str


@dataclass(frozen=True)
class Snapshot:
    """What a receiving unit needs of the sender's petition to handle it.

    The petitioner's identity goes only to a unit that handles the case (the
    recusal and confidentiality checks ran before); it is re-encrypted there.
    """

    tracking_number: str
    channel: str
    legal_type: str
    topic: str
    title: str
    content: str
    is_anonymous: bool
    is_joint: bool
    is_collective: bool
    headcount: int
    petitioners: tuple[PetitionerData, ...]
    accused: tuple[AccusedData, ...]


def petition_snapshot(petition_id: uuid.UUID) -> Snapshot:
    """Read the sender's petition, in the sender's schema."""
    petition = (
        Petition.objects.filter(pk=petition_id)
        .prefetch_related("petitioners", "accused")
        .first()
    )
    if petition is None:
        raise not_found("信访件", field="petitionId")
    return Snapshot(
        tracking_number=petition.tracking_number,
        channel=petition.channel,
        legal_type=petition.legal_type,
        topic=petition.topic,
        title=petition.title,
        content=petition.content,
        is_anonymous=petition.is_anonymous,
        is_joint=petition.is_joint,
        is_collective=petition.is_collective,
        headcount=petition.headcount,
        petitioners=tuple(
            PetitionerData(
                name=person.name,
                citizen_id=identity_decrypt(
                    PetitionerKeyKind.CITIZEN_ID, person.citizen_id_encrypted
                ),
                phone=identity_decrypt(PetitionerKeyKind.PHONE, person.phone_encrypted),
                address=petitioner_address(person),
                political_status=person.political_status,
                is_party_member=person.is_party_member,
                role=person.role,
            )
            for person in petition.petitioners.all()
        ),
        accused=tuple(
            AccusedData(
                name=person.name,
                unit_name=person.unit_name,
                managing_level=person.managing_level,
                post=person.post,
                rank=person.rank,
                is_main_leader=person.is_main_leader,
                unit_code=person.unit_code,
                is_unit_unknown=person.is_unit_unknown,
            )
            for person in petition.accused.all()
        ),
    )


def accused_unit_record(
    petition_id: uuid.UUID,
    *,
    actor: User,
    position: int,
    unit: Unit,
    managing_level: str,
    is_main_leader: bool,
) -> None:
    """Record the unit of the tree of one registered accused, learned after
    registration, on the petition in the unit's own schema."""
    petition = Petition.objects.select_for_update().get(pk=petition_id)
    accused = petition.accused.filter(position=position).first()
    if accused is None:
        raise not_found("被反映人", field="accusedPosition")
    before = {
        "unit_code": accused.unit_code,
        "is_unit_unknown": accused.is_unit_unknown,
    }
    accused.unit_code = unit.code
    accused.is_unit_unknown = False
    accused.managing_level = managing_level
    accused.is_main_leader = is_main_leader
    accused.save(
        update_fields=[
            "unit_code",
            "is_unit_unknown",
            "managing_level",
            "is_main_leader",
        ]
    )
    petition_change(
        petition,
        actor=actor,
        action=EventAction.ACCUSED_UNIT_RECORDED,
        note=f"被反映人{accused.name}所在单位：{unit.name}",
        extra={"position": position, "unit_code": unit.code, "before": before},
    )


def petition_send_down_approved_record(
    petition_id: uuid.UUID, *, actor: User, target: Unit, reason: str
) -> None:
    """Log a leader's decision to send the case, whose accused's unit is
    unknown, to a unit below, on the unit's own timeline (its schema)."""
    petition = Petition.objects.select_for_update().get(pk=petition_id)
    petition_change(
        petition,
        actor=actor,
        action=EventAction.SEND_DOWN_APPROVED,
        note=f"被反映人所在单位不详，领导决定可转交{target.name}：{reason}",
        extra={"target_unit": target.code},
    )


class StepEffect(StrEnum):
    """What a cross-level step does to one unit's case besides logging it."""

    NONE = "none"
    # The case ends here (a result accepted, a matter withdrawn): closed
    # today, unless it is concluded already.
    CLOSE = "close"
    # The lower case's result came back: handling again.
    REOPEN = "reopen"
    # An upheld objection brings the matter back to the sender: reopen it if
    # sending it had ended it there, to where it was before it was sent.
    TAKE_BACK = "take_back"


@dataclass(frozen=True)
class StepSide:
    """One unit's side of a cross-level step: the event on its case (label
    from `action`, the other unit and the reason in `note`) and what the
    step changes there (`changes`, or an `effect` read from the case)."""

    action: str
    note: str
    effect: StepEffect = StepEffect.NONE
    changes: dict = field(default_factory=dict)
    # Recorded beside the changes (the kind of a send, ...).
    extra: dict = field(default_factory=dict)


def link_step_record(
    link: CaseLink, *, actor: User, source: StepSide, target: StepSide
) -> None:
    """Log one step of a transfer, assignment or escalation on BOTH units'
    timelines, in the caller's transaction: the actor's own unit's case in
    the request's schema, the other unit's through tenants.crossing. Every
    cross-level step (sent and received, result reported, accepted, sent
    back, objection raised, rejected, upheld) is written here, next to the
    link's own `link_change`."""
    own_is_source = actor.unit_id == link.source_unit_id
    own_unit, other_unit = (
        (link.source_unit, link.target_unit)
        if own_is_source
        else (link.target_unit, link.source_unit)
    )
    own_id, other_id = (
        (link.source_petition_id, link.target_petition_id)
        if own_is_source
        else (link.target_petition_id, link.source_petition_id)
    )
    own_side, other_side = (source, target) if own_is_source else (target, source)
    across = (
        crossing.in_descendant_across_units
        if other_unit.is_below(own_unit)
        else crossing.in_ancestor_across_units
    )
    across(
        partial(
            _linked_step,
            petition_id=other_id,
            actor=actor,
            side=other_side,
            other_unit=own_unit,
        ),
        actor=actor,
        source=own_unit,
        target=other_unit,
    )
    _step_apply(own_id, actor=actor, side=own_side, other_unit=other_unit)


def _linked_step(
    ref: UnitRef,
    *,
    petition_id: uuid.UUID,
    actor: User,
    side: StepSide,
    other_unit: Unit,
) -> None:
    _step_apply(petition_id, actor=actor, side=side, other_unit=other_unit)


def _step_apply(
    petition_id: uuid.UUID, *, actor: User, side: StepSide, other_unit: Unit
) -> None:
    """One side of a step, in that unit's schema: lock the case, change it,
    log the event with the unit on the other side."""
    petition = Petition.objects.select_for_update().get(pk=petition_id)
    petition_change(
        petition,
        actor=actor,
        action=side.action,
        changes={**side.changes, **_effect_changes(petition, side.effect, actor)},
        note=side.note,
        # "对方单位" on the timeline, shown by its name.
        extra={**side.extra, "target_unit": other_unit.code},
    )


def _effect_changes(petition: Petition, effect: StepEffect, actor: User) -> dict:
    if effect is StepEffect.CLOSE and not petition.is_concluded():
        return {
            "status": Status.CLOSED,
            "closed_on": timezone.localdate(),
            "closed_by": actor,
        }
    if effect is StepEffect.REOPEN:
        return {"status": Status.HANDLING, "closed_on": None, "closed_by": None}
    if effect is StepEffect.TAKE_BACK and (
        petition.is_concluded() or petition.status in SENT_AWAY_STATUSES
    ):
        sent = (
            petition.events.filter(action=EventAction.SENT_ACROSS)
            .order_by("-created_at", "-id")
            .first()
        )
        # Back to where it was before it was sent (registered, accepted...).
        status = (sent.before.get("status") if sent else None) or Status.ACCEPTED
        return {
            "status": status,
            "closed_on": None,
            "closed_by": None,
            "sent_on": None,
            "sent_to": None,
        }
    return {}


def _registration_from(
    snapshot: Snapshot,
    *,
    received_on: datetime.date,
    origin: Origin,
    source_unit: Unit,
) -> RegistrationData:
    """The receiving unit's registration of a case another unit sent: the
    sender's essentials, its tracking number as the origin's reference."""
    return RegistrationData(
        received_on=received_on,
        channel=snapshot.channel,
        legal_type=snapshot.legal_type,
        topic=snapshot.topic,
        title=snapshot.title,
        content=snapshot.content,
        origin=origin,
        origin_body=source_unit.name,
        origin_reference=snapshot.tracking_number,
        is_anonymous=snapshot.is_anonymous,
        is_joint=snapshot.is_joint,
        is_collective=snapshot.is_collective,
        headcount=snapshot.headcount,
        petitioners=list(snapshot.petitioners),
        accused=list(snapshot.accused),
    )


def linked_petition_receive(
    ref: UnitRef,
    *,
    actor: User,
    snapshot: Snapshot,
    upward: bool,
    source_unit: Unit,
    transfer_count: int,
    sent_on: datetime.date,
) -> LinkedPetition:
    """Register the receiving unit's petition for a case sent to it."""
    unit = Unit.objects.get(pk=ref.id)
    data = _registration_from(
        snapshot,
        received_on=sent_on,
        origin=Origin.LOWER_UNIT if upward else Origin.UPPER_UNIT,
        source_unit=source_unit,
    )
    petition = petition_register(actor=actor, unit=unit, data=data).petition
    # Not part of the unit's own fact values; the sync leaves them alone.
    CaseFact.objects.filter(petition_id=petition.pk).update(
        source_unit=source_unit, transfer_count=transfer_count
    )
    return LinkedPetition(petition.pk, petition.tracking_number, petition.status)


def _locked(ref: UnitRef, petition_id: uuid.UUID) -> Petition:
    return Petition.objects.select_for_update().get(pk=petition_id)


def supervised_mark(
    ref: UnitRef, *, petition_id: uuid.UUID, actor: User, note: str
) -> bool:
    """Log a supervision order on the supervised unit's petition."""
    petition = Petition.objects.select_for_update().filter(pk=petition_id).first()
    if petition is None:
        return False
    # The order exists already, so the fact sync marks the case supervised.
    petition_change(petition, actor=actor, action=EventAction.SUPERVISED, note=note)
    return True


def accused_managing_levels(petition_id: uuid.UUID) -> list[str]:
    """Managing levels of the petition's accused, in the current unit's schema."""
    return list(
        Accused.objects.filter(petition_id=petition_id)
        .order_by("position")
        .values_list("managing_level", flat=True)
    )


@dataclass(frozen=True)
class ResultDraft:
    """The receiving unit's own conclusion, to prefill its result report."""

    is_closed: bool
    finding: str
    handling: str
    petitioner_opinion: str


def result_draft(petition_id: uuid.UUID) -> ResultDraft:
    """Read the closed petition's conclusion, in the reporting unit's schema."""
    petition = Petition.objects.get(pk=petition_id)
    latest = (
        HandlingResult.objects.filter(petition=petition)
        .order_by("-created_at", "-id")
        .first()
    )
    return ResultDraft(
        is_closed=petition.is_concluded(),
        finding=(
            (latest.finding or _DECISION_FINDINGS.get(latest.decision, ""))
            if latest
            else ""
        ),
        handling=latest.summary if latest else "",
        petitioner_opinion=petition.petitioner_opinion,
    )


# 复查 and 复核 (Art 35, 36): the petitioner's request goes one unit up; the
# upper unit's opinion comes back down the chain.


@dataclass(frozen=True)
class ReviewCase:
    """The upper unit's 复查 or 复核 case, as the requesting unit sees it."""

    petition_id: uuid.UUID
    tracking_number: str
    due_on: datetime.date | None


def answer_summary(petition_id: uuid.UUID) -> str:
    """The written answer under review (处理意见书 or 复查意见书), as text, in
    the requesting unit's schema."""
    petition = Petition.objects.get(pk=petition_id)
    result = (
        HandlingResult.objects.filter(petition=petition, stage=petition.stage)
        .order_by("-created_at", "-id")
        .first()
    )
    title = "复查意见书" if petition.stage == Stage.REVIEW else "处理意见书"
    if result is None:
        return f"{title}（{petition.tracking_number}）：{petition.feedback_content}"
    decision = (
        result.get_review_decision_display()
        if result.review_decision
        else result.get_decision_display()
    )
    return (
        f"{title}（{petition.tracking_number}）\n"
        f"信访请求：{result.request}\n查明事实：{result.facts}\n"
        f"理由：{result.reasons}\n依据：{result.legal_basis}\n"
        f"意见：{decision}\n办理情况：{result.summary}"
    )


def _review_requested(stage: str) -> tuple[EventAction, str]:
    """The event and the petition's date field of a 复查 or 复核 request."""
    if stage == Stage.REVIEW:
        return EventAction.REVIEW_REQUESTED, "review_requested_on"
    return EventAction.RE_REVIEW_REQUESTED, "re_review_requested_on"


def linked_review_receive(
    ref: UnitRef,
    *,
    actor: User,
    snapshot: Snapshot,
    answer: str,
    stage: str,
    source_unit: Unit,
    requested_on: datetime.date,
) -> ReviewCase:
    """Open the upper unit's 复查/复核 case: registered from the requesting
    unit's essentials, accepted on the day of the request (the decision clock
    starts then), with the answer under review on file."""
    unit = Unit.objects.get(pk=ref.id)
    label = Stage(stage).label
    data = _registration_from(
        snapshot,
        received_on=requested_on,
        origin=Origin.LOWER_UNIT,
        source_unit=source_unit,
    )
    petition = petition_register(actor=actor, unit=unit, data=data).petition
    action, requested_field = _review_requested(stage)
    HandlingRecord.objects.create(
        petition=petition,
        stage=stage,
        kind=HandlingRecordKind.DOCUMENT_CHECK,
        occurred_on=requested_on,
        content=answer,
        created_by=actor,
    )
    petition_change(
        petition,
        actor=actor,
        action=action,
        changes={
            "stage": stage,
            "status": Status.ACCEPTED,
            "accepted_on": requested_on,
            "decided_on": requested_on,
            requested_field: requested_on,
        },
        note=f"{source_unit.name}信访件{snapshot.tracking_number}申请{label}",
    )
    CaseFact.objects.filter(petition_id=petition.pk).update(source_unit=source_unit)
    return ReviewCase(petition.pk, petition.tracking_number, petition.due_on)


def petition_review_sent_record(
    petition_id: uuid.UUID,
    *,
    actor: User,
    stage: str,
    requested_on: datetime.date,
    target: Unit,
) -> None:
    """Log the request on the requesting unit's own case, in its schema: the
    case now shows the stage running upstairs; no clock runs here for it."""
    petition = Petition.objects.select_for_update().get(pk=petition_id)
    action, requested_field = _review_requested(stage)
    petition_change(
        petition,
        actor=actor,
        action=action,
        changes={
            "stage": stage,
            requested_field: requested_on,
            "is_reviewed_upstream": True,
        },
        note=f"由{target.name}{Stage(stage).label}",
        extra={"target_unit": target.code},
    )


def linked_re_review_requested(
    ref: UnitRef,
    *,
    petition_id: uuid.UUID,
    actor: User,
    requested_on: datetime.date,
    target: Unit,
) -> None:
    """Tell the original unit's case that its matter went on to 复核."""
    petition = _locked(ref, petition_id)
    petition_change(
        petition,
        actor=actor,
        action=EventAction.RE_REVIEW_REQUESTED,
        changes={"stage": Stage.RE_REVIEW, "re_review_requested_on": requested_on},
        note=f"信访人对复查意见不服，由{target.name}复核",
        extra={"target_unit": target.code},
    )


def linked_review_decided(
    ref: UnitRef,
    *,
    petition_id: uuid.UUID,
    actor: User,
    stage: str,
    decision_label: str,
    deciding_unit: Unit,
) -> None:
    """Report the upper unit's opinion onto a case below it; after 复核 the
    matter is final there too."""
    petition = _locked(ref, petition_id)
    label = Stage(stage).label
    petition_change(
        petition,
        actor=actor,
        action=(
            EventAction.REVIEW_DECIDED
            if stage == Stage.REVIEW
            else EventAction.RE_REVIEW_DECIDED
        ),
        changes={"is_final": True} if stage == Stage.RE_REVIEW else {},
        note=f"{deciding_unit.name}{label}意见：{decision_label}",
        extra={"decision_unit": deciding_unit.code},
    )


def linked_due_recomputed(
    ref: UnitRef,
    *,
    petition_id: uuid.UUID,
    field: str,
    old: datetime.date,
    new: datetime.date,
    note: str,
) -> bool:
    """Log on the petition's timeline that a cross-level due date moved (a
    new holiday schedule): the date is the link's or order's, not the
    petition's, so only the event is written."""
    petition = Petition.objects.filter(pk=petition_id).first()
    if petition is None:
        return False
    PetitionEvent.objects.create(
        petition=petition,
        action=EventAction.DUE_RECOMPUTED,
        actor=None,
        stage=petition.stage,
        note=note,
        before={field: old.isoformat()},
        after={field: new.isoformat()},
    )
    return True


@dataclass(frozen=True)
class AttachmentFile:
    """A file of one unit's case, read for another unit."""

    name: str
    content_type: str
    content: bytes


def own_attachment_refs(
    petition_id: uuid.UUID, ids: list[uuid.UUID]
) -> list[dict] | None:
    """Name and size of each chosen file of the unit's own case, in its
    schema (the request's), to send with a result report or an order reply;
    None when any id is not that case's."""
    wanted = list(dict.fromkeys(uuid.UUID(str(pk)) for pk in ids))
    found = {
        item.pk: item
        for item in Attachment.objects.filter(petition_id=petition_id, pk__in=wanted)
    }
    if len(found) != len(wanted):
        return None
    return [
        {"id": str(pk), "name": found[pk].original_name, "size": found[pk].size}
        for pk in wanted
    ]


def linked_attachment_read(
    ref: UnitRef, *, petition_id: uuid.UUID, attachment_id: uuid.UUID
) -> AttachmentFile | None:
    """A file of the lower unit's case that its result report or order reply
    sent up, read in that unit's schema; None when it is not that case's."""
    item = Attachment.objects.filter(pk=attachment_id, petition_id=petition_id).first()
    if item is None:
        return None
    return AttachmentFile(
        item.original_name, item.content_type, attachment_content(item)
    )


def own_attachment_read(
    *, actor: User, petition_id: uuid.UUID, attachment_id: uuid.UUID
) -> AttachmentFile | None:
    """A file of the actor's own case, by the one download path (identity
    rules of accusations included); None when it is not that case's."""
    item = (
        Attachment.objects.filter(pk=attachment_id, petition_id=petition_id)
        .select_related("petition")
        .first()
    )
    if item is None:
        return None
    content = attachment_download(actor=actor, attachment=item)
    return AttachmentFile(item.original_name, item.content_type, content)


def identity_visible_on(*, actor: User, petition_id: uuid.UUID) -> bool:
    """Whether the actor sees the identity of its own unit's case (and so the
    letters of an accusation); a case other than an accusation shows it."""
    petition = Petition.objects.filter(pk=petition_id).first()
    if petition is None:
        return False
    return petition.legal_type != LegalType.ACCUSATION or identity_visible(
        actor, petition
    )
