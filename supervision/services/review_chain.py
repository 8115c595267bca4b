"""复查 and 复核 inside one unit: checking a request, recording the opinion.

The request goes up the tree (复查 one level up, 复核 one level above the 复查
unit, Art 35, 36) through `supervision.crosslevel.services.reviews`, which
calls these for the part that happens in the acting unit's own schema.
"""

from __future__ import annotations

import datetime

from core.errors import DomainError
from supervision.deadlines import petitioner_window
from supervision.errors import ReviewDecideErrorCode, ReviewErrorCode
from supervision.models import (
    EventAction,
    HandlingResult,
    LegalType,
    Petition,
    ReviewDecision,
    Stage,
    Status,
)
from supervision.services.common import (
    ensure_not_future,
    ensure_status,
    petition_change,
    petition_lock,
    petition_lock_for,
    today,
)
from tenants.models import User

Code = ReviewErrorCode


def review_request_check(*, petition_id, requested_on: datetime.date) -> Petition:
    """Lock the answered petition and check that the petitioner may ask for the
    next stage now; returns it. The stage asked for is 复查 after the original
    answer and 复核 after a 复查 opinion."""
    petition = petition_lock(petition_id)
    if petition.legal_type != LegalType.APPEAL:
        raise DomainError(
            Code.NOT_APPEAL, "只有申诉求决类信访可以请求复查、复核", field="petitionId"
        )
    if petition.is_final or (
        petition.stage == Stage.RE_REVIEW and not petition.is_reviewed_upstream
    ):
        raise DomainError(
            Code.FINAL, "该信访事项已经复核，不再受理复查复核请求", field="petitionId"
        )
    if petition.is_reviewed_upstream:
        raise DomainError(
            Code.REVIEWED_UPSTREAM,
            f"该信访事项已申请{petition.get_stage_display()}，"
            "对复查意见不服的，应向作出复查意见的机关的上一级机关请求复核",
            field="petitionId",
        )
    ensure_status(petition, petition.is_concluded(), Code.INVALID_STATE, "请求复查复核")
    window = petitioner_window(petition)
    if window is None:
        raise DomainError(
            Code.FEEDBACK_REQUIRED,
            "尚未向信访人书面答复，不能请求复查复核",
            field="petitionId",
        )
    ensure_not_future(requested_on, Code.DATE_IN_FUTURE, "requestedOn", "申请日期")
    if requested_on < window[1].start or requested_on > window[1].end:
        raise DomainError(
            Code.WINDOW_CLOSED,
            f"请求应在收到答复之日起30日内提出（截至{window[1].end.isoformat()}）",
            field="requestedOn",
        )
    return petition


def requested_stage(petition: Petition) -> Stage:
    """The stage a request on this answered petition opens upstairs."""
    return Stage.REVIEW if petition.stage == Stage.ORIGINAL else Stage.RE_REVIEW


_OPINION_LABELS = {
    "request": "信访请求",
    "facts": "查明事实",
    "reasons": "理由",
    "legal_basis": "依据",
}


def _opinion(values: dict, title: str) -> dict:
    cleaned = {}
    for name, label in _OPINION_LABELS.items():
        text = (values.get(name) or "").strip()
        if not text:
            raise DomainError(
                ReviewDecideErrorCode.OPINION_INCOMPLETE,
                f"{title}须写明{label}",
                field="legalBasis" if name == "legal_basis" else name,
            )
        cleaned[name] = text
    if values.get("review_decision") not in ReviewDecision.values:
        raise DomainError(
            ReviewDecideErrorCode.OPINION_INCOMPLETE,
            f"{title}须作出维持、变更或撤销的决定",
            field="decision",
        )
    cleaned["review_decision"] = values["review_decision"]
    return cleaned


def review_opinion_record(
    *, actor: User, petition_id, opinion: dict, summary: str
) -> tuple[Petition, HandlingResult]:
    """Record the 复查/复核意见书 on the upper unit's review case and close it.

    The opinion is served on the petitioner in writing: it is the answer, so
    the petitioner's 复核 window (after a 复查) runs from today; after 复核 the
    matter is final. Only called for a case that came in as a review.
    """
    petition = petition_lock_for(petition_id, actor, ReviewDecideErrorCode.RECUSED)
    ensure_status(
        petition,
        petition.can_decide_review(),
        ReviewDecideErrorCode.INVALID_STATE,
        "作出复查复核意见",
    )
    title = f"{petition.get_stage_display()}意见书"
    cleaned = _opinion(opinion, title)
    day = today()
    summary = (
        summary.strip()
        or f"作出{title}，决定{ReviewDecision(cleaned['review_decision']).label}"
    )
    result = HandlingResult.objects.create(
        petition=petition,
        stage=petition.stage,
        summary=summary,
        created_by=actor,
        **cleaned,
    )
    petition_change(
        petition,
        actor=actor,
        action=(
            EventAction.REVIEW_DECIDED
            if petition.stage == Stage.REVIEW
            else EventAction.RE_REVIEW_DECIDED
        ),
        changes={
            "status": Status.CLOSED,
            "closed_on": day,
            "closed_by": actor,
            "feedback_on": day,
            "feedback_content": summary,
            "is_final": petition.stage == Stage.RE_REVIEW,
        },
        note=f"{title}：{result.get_review_decision_display()}",
        extra={"review_decision": cleaned["review_decision"]},
    )
    return petition, result
