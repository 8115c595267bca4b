"""复查 and 复核 up the tree (《信访工作条例》Art 35, 36).

A petitioner who disagrees with the written answer to a 申诉求决 asks, within
30 days, for 复查 by the unit one level up; who disagrees with the 复查 opinion
asks, within 30 days, for 复核 by the unit above that one. Each request is
registered at the unit that answered and opens a linked case at the unit above
(a `CaseLink` of kind REVIEW or RE_REVIEW), in one transaction across both
schemas. The upper unit decides within 30 days by an opinion (意见书) that is
reported back down the chain; after 复核 the matter is final everywhere.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError
from core.ids import parse_uuid
from supervision.crosslevel import petitions
from supervision.crosslevel.finality import final_matter_record
from supervision.crosslevel.models import (
    CaseLink,
    CrossLevelAction,
    LinkKind,
    LinkState,
)
from supervision.crosslevel.services.links import link_change, link_event, own_fact
from supervision.errors import ReviewDecideErrorCode, ReviewErrorCode
from supervision.inbox.models import NotificationKind
from supervision.inbox.services import notify_units
from supervision.models import Petition, ReviewDecision, Stage
from supervision.services import review_chain
from supervision.services.common import acting_unit
from tenants import crossing
from tenants.models import Unit, User

_LINK_KIND = {Stage.REVIEW: LinkKind.REVIEW, Stage.RE_REVIEW: LinkKind.RE_REVIEW}


@dataclass(frozen=True)
class ReviewStep:
    """The requesting (or deciding) unit's petition and the review link."""

    petition: Petition
    link: CaseLink


def _upper_unit(unit: Unit, stage: Stage) -> Unit:
    upper = unit.parent
    if upper is None or not upper.is_active:
        # The province answered (or made the 复查): no organization
        # department above it in this system.
        raise DomainError(
            ReviewErrorCode.NO_HIGHER_UNIT,
            f"{unit.name}已是本系统最高一级组织部门，没有上一级机关受理{stage.label}；"
            f"请告知信访人向中共中央组织部提出{stage.label}请求",
            field="petitionId",
        )
    return upper


@transaction.atomic
def review_request(*, actor: User, petition_id, requested_on) -> ReviewStep:
    """Register the petitioner's 复查 (or 复核) request at the unit that gave
    the answer and open the case at the unit one level up."""
    source = acting_unit(actor)
    petition = review_chain.review_request_check(
        petition_id=petition_id, requested_on=requested_on
    )
    stage = review_chain.requested_stage(petition)
    target = _upper_unit(source, stage)
    own_fact(actor, petition.pk, for_update=True)
    today = timezone.localdate()
    received = crossing.in_ancestor_across_units(
        partial(
            petitions.linked_review_receive,
            actor=actor,
            snapshot=petitions.petition_snapshot(petition.pk),
            answer=petitions.answer_summary(petition.pk),
            stage=stage,
            source_unit=source,
            requested_on=requested_on,
        ),
        actor=actor,
        source=source,
        target=target,
    )
    link = CaseLink.objects.create(
        kind=_LINK_KIND[stage],
        source_unit=source,
        source_petition_id=petition.pk,
        target_unit=target,
        target_petition_id=received.petition_id,
        sent_on=today,
        due_on=received.due_on,
        # No remit objection: the law names the unit above.
        objection_due_on=today,
        created_by=actor,
    )
    link_event(
        link, CrossLevelAction.SENT, actor=actor, unit=source, note=f"申请{stage.label}"
    )
    petitions.petition_review_sent_record(
        petition.pk,
        actor=actor,
        stage=stage,
        requested_on=requested_on,
        target=target,
    )
    if stage == Stage.RE_REVIEW:
        _tell_original_of_re_review(
            actor=actor,
            petition_id=petition.pk,
            requested_on=requested_on,
            target=target,
        )
    notify_units(
        units=[target],
        kind=NotificationKind.REVIEW_RECEIVED,
        title=f"{source.short_name}信访件申请{stage.label}：{received.tracking_number}",
        subject_type="case_link",
        subject_id=str(link.pk),
        dedupe_key=f"link:{link.pk}:sent",
    )
    petition.refresh_from_db()
    return ReviewStep(petition=petition, link=link)


def _review_link_into(petition_id: uuid.UUID) -> CaseLink | None:
    """The 复查 link whose upper case is `petition_id` (the 复查 unit's case)."""
    return (
        CaseLink.objects.select_related("source_unit")
        .filter(kind=LinkKind.REVIEW, target_petition_id=petition_id)
        .first()
    )


def _tell_original_of_re_review(*, actor, petition_id, requested_on, target) -> None:
    incoming = _review_link_into(petition_id)
    if incoming is None:
        return
    crossing.in_descendant_across_units(
        partial(
            petitions.linked_re_review_requested,
            petition_id=incoming.source_petition_id,
            actor=actor,
            requested_on=requested_on,
            target=target,
        ),
        actor=actor,
        source=acting_unit(actor),
        target=incoming.source_unit,
    )


@transaction.atomic
def review_decide(
    *,
    actor: User,
    petition_id,
    decision: str,
    request: str,
    facts: str,
    reasons: str,
    legal_basis: str,
    summary: str = "",
) -> ReviewStep:
    """The upper unit's 复查/复核意见书 (request, facts, reasons, basis and the
    decision to uphold, change or revoke): closes its case and is reported to
    every case below it in the chain; after 复核 the matter is final and
    enters the registry of final matters that every unit checks."""
    fact = own_fact(actor, parse_uuid(petition_id, what="信访件", field="petitionId"))
    deciding = acting_unit(actor)
    link = (
        CaseLink.objects.select_for_update()
        .select_related("source_unit", "target_unit")
        .filter(
            target_unit=deciding,
            target_petition_id=fact.petition_id,
            kind__in=tuple(_LINK_KIND.values()),
        )
        .first()
    )
    if link is None:
        raise DomainError(
            ReviewDecideErrorCode.NOT_REVIEW_CASE,
            "该信访件不是下级单位提请的复查、复核案件",
            field="petitionId",
        )
    if not link.can_decide_review():
        raise DomainError(
            ReviewDecideErrorCode.INVALID_STATE,
            "已作出复查复核意见，不能重复决定",
            field="petitionId",
        )
    petition, _ = review_chain.review_opinion_record(
        actor=actor,
        petition_id=fact.petition_id,
        opinion={
            "request": request,
            "facts": facts,
            "reasons": reasons,
            "legal_basis": legal_basis,
            "review_decision": decision,
        },
        summary=summary,
    )
    stage = Stage(petition.stage)
    label = ReviewDecision(decision).label
    decided_on = timezone.localdate()
    link_change(
        link,
        LinkState.DECIDED,
        action=CrossLevelAction.REVIEW_DECIDED,
        actor=actor,
        code=ReviewDecideErrorCode.INVALID_STATE,
        note=f"{stage.label}意见：{label}",
        decision=decision,
        closed_on=decided_on,
    )
    below = [(link.source_unit, link.source_petition_id)]
    if stage == Stage.RE_REVIEW:
        # Final in the whole tree, not only in this chain (Art 36).
        final_matter_record(unit=deciding, petition=petition, decided_on=decided_on)
        incoming = _review_link_into(link.source_petition_id)
        if incoming is not None:
            below.append((incoming.source_unit, incoming.source_petition_id))
    for unit, case_id in below:
        crossing.in_descendant_across_units(
            partial(
                petitions.linked_review_decided,
                petition_id=case_id,
                actor=actor,
                stage=stage,
                decision_label=label,
                deciding_unit=deciding,
            ),
            actor=actor,
            source=deciding,
            target=unit,
        )
    notify_units(
        units=[unit for unit, _ in below],
        kind=NotificationKind.REVIEW_DECIDED,
        title=f"{deciding.short_name}作出{stage.label}意见：{label}",
        subject_type="case_link",
        subject_id=str(link.pk),
        dedupe_key=f"link:{link.pk}:decided",
    )
    return ReviewStep(petition=petition, link=link)
