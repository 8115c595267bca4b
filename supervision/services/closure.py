"""Closure review (结案审核), feedback (反馈), return visit (回访) and archive."""

from __future__ import annotations

import datetime

from django.db import transaction

from core.errors import DomainError
from supervision.errors import ClosureErrorCode as Code
from supervision.errors import PetitionHandleErrorCode
from supervision.models import (
    EventAction,
    HandlingResult,
    Petition,
    Satisfaction,
    Stage,
    Status,
)
from supervision.services.common import (
    ensure_handler,
    ensure_not_future,
    ensure_status,
    petition_change,
    petition_lock_for,
    require_text,
    today,
)
from tenants.models import User


@transaction.atomic
def closure_submit(*, actor: User, petition_id) -> Petition:
    """The handler submits the stage's conclusion for a leader's review."""
    petition = petition_lock_for(petition_id, actor, PetitionHandleErrorCode.RECUSED)
    ensure_status(
        petition,
        petition.is_being_handled(),
        PetitionHandleErrorCode.INVALID_STATE,
        "提交结案审核",
    )
    ensure_handler(petition, actor, PetitionHandleErrorCode.NOT_HANDLER)
    if not HandlingResult.objects.filter(
        petition=petition, stage=petition.stage
    ).exists():
        raise DomainError(
            PetitionHandleErrorCode.NO_RESULT,
            "请先作出办理结论再提交审核",
            field="petitionId",
        )
    petition_change(
        petition,
        actor=actor,
        action=EventAction.CLOSURE_SUBMITTED,
        changes={"status": Status.AWAITING_CLOSURE},
    )
    return petition


def _awaiting(petition_id, actor: User, action: str) -> Petition:
    petition = petition_lock_for(petition_id, actor, Code.RECUSED)
    ensure_status(
        petition, petition.awaits_closure_review(), Code.INVALID_STATE, action
    )
    return petition


@transaction.atomic
def closure_approve(*, actor: User, petition_id) -> Petition:
    """A leader approves the result: the case is closed."""
    petition = _awaiting(petition_id, actor, "审核办结")
    if petition.stage != Stage.ORIGINAL:
        # A 复查/复核 case ends with its opinion, reported down the chain.
        raise DomainError(
            Code.INVALID_STATE,
            f"{petition.get_stage_display()}案件应以{petition.get_stage_display()}"
            "意见书作出决定",
            field="petitionId",
        )
    petition_change(
        petition,
        actor=actor,
        action=EventAction.CLOSURE_APPROVED,
        changes={
            "status": Status.CLOSED,
            "closed_on": today(),
            "closed_by": actor,
        },
    )
    return petition


@transaction.atomic
def closure_return(*, actor: User, petition_id, reason: str) -> Petition:
    """A leader sends the result back; handling resumes and the return is counted."""
    petition = _awaiting(petition_id, actor, "退回重办")
    reason = require_text(reason, Code.REQUIRED, "reason", "退回理由")
    petition_change(
        petition,
        actor=actor,
        action=EventAction.CLOSURE_RETURNED,
        changes={
            "status": Status.HANDLING,
            "closure_return_count": petition.closure_return_count + 1,
        },
        note=reason,
    )
    return petition


def _closed(petition_id, actor: User, action: str) -> Petition:
    petition = petition_lock_for(petition_id, actor, Code.RECUSED)
    ensure_status(petition, petition.is_closed(), Code.INVALID_STATE, action)
    return petition


def _not_before_closure(petition: Petition, day: datetime.date, field: str) -> None:
    ensure_not_future(day, Code.DATE_IN_FUTURE, field, "日期")
    # Only closed petitions get here (_closed), and a closed one has its date.
    if petition.closed_on is not None and day < petition.closed_on:
        raise DomainError(Code.DATE_BEFORE_CLOSURE, "日期不能早于办结日期", field=field)


@transaction.atomic
def feedback_record(
    *,
    actor: User,
    petition_id,
    given_on: datetime.date,
    content: str,
    petitioner_opinion: str = "",
) -> Petition:
    """The conclusion is shown or sent to the petitioner (见面/反馈); named
    accusers learn the outcome; their opinion is recorded."""
    petition = _closed(petition_id, actor, "反馈")
    _not_before_closure(petition, given_on, "givenOn")
    content = require_text(content, Code.REQUIRED, "content", "反馈内容")
    petition_change(
        petition,
        actor=actor,
        action=EventAction.FEEDBACK_GIVEN,
        changes={
            "feedback_on": given_on,
            "feedback_content": content,
            "petitioner_opinion": petitioner_opinion.strip(),
        },
    )
    return petition


def _feedback_given(petition: Petition) -> bool:
    return petition.has_feedback_after_closure()


@transaction.atomic
def return_visit_record(
    *,
    actor: User,
    petition_id,
    visited_on: datetime.date,
    satisfaction: str,
    note: str = "",
) -> Petition:
    """A return visit (回访) after feedback, with the petitioner's satisfaction."""
    petition = _closed(petition_id, actor, "回访")
    if not _feedback_given(petition):
        raise DomainError(Code.FEEDBACK_REQUIRED, "请先反馈办理结果再回访")
    _not_before_closure(petition, visited_on, "visitedOn")
    if satisfaction not in Satisfaction.values:
        raise DomainError(Code.REQUIRED, "请选择满意度", field="satisfaction")
    petition_change(
        petition,
        actor=actor,
        action=EventAction.RETURN_VISITED,
        changes={"return_visit_on": visited_on, "satisfaction": satisfaction},
        note=note.strip(),
    )
    return petition


@transaction.atomic
def petition_archive(*, actor: User, petition_id) -> Petition:
    """Archive a closed case; a named petitioner must have had the answer."""
    petition = _closed(petition_id, actor, "归档")
    if not petition.is_anonymous and not _feedback_given(petition):
        raise DomainError(
            Code.FEEDBACK_REQUIRED, "实名信访须先向信访人反馈办理结果再归档"
        )
    petition_change(
        petition,
        actor=actor,
        action=EventAction.ARCHIVED,
        changes={"status": Status.ARCHIVED, "archived_on": today()},
    )
    return petition
