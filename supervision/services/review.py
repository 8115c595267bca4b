"""复查 and 复核 requests: each opens the next stage; after 复核 the matter is final."""

from __future__ import annotations

import datetime

from django.db import transaction

from core.errors import DomainError
from supervision.errors import ReviewErrorCode as Code
from supervision.models import EventAction, LegalType, Petition, Stage, Status
from supervision.services.common import (
    ensure_not_future,
    petition_change,
    petition_lock,
)
from supervision.services.deadlines import petitioner_window
from tenants.models import User


@transaction.atomic
def review_request(
    *, actor: User, petition_id, requested_on: datetime.date
) -> Petition:
    """Register the petitioner's request for 复查 (after the answer) or 复核
    (after the 复查 answer) within its 30-day window (Art 35, 36)."""
    petition = petition_lock(petition_id)
    if petition.legal_type != LegalType.APPEAL:
        raise DomainError(
            Code.NOT_APPEAL, "只有申诉求决类信访可以请求复查、复核", field="petitionId"
        )
    if petition.is_final or petition.stage == Stage.RE_REVIEW:
        raise DomainError(
            Code.FINAL, "该信访事项已经复核，不再受理复查复核请求", field="petitionId"
        )
    if petition.status not in (Status.CLOSED, Status.ARCHIVED):
        raise DomainError(
            Code.INVALID_STATE,
            f"信访件当前为“{petition.get_status_display()}”，不能请求复查复核",
            field="petitionId",
        )
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
    if petition.stage == Stage.ORIGINAL:
        action = EventAction.REVIEW_REQUESTED
        changes = {"stage": Stage.REVIEW, "review_requested_on": requested_on}
    else:
        action = EventAction.RE_REVIEW_REQUESTED
        changes = {"stage": Stage.RE_REVIEW, "re_review_requested_on": requested_on}
    changes.update(status=Status.HANDLING, closed_on=None)
    petition_change(petition, actor=actor, action=action, changes=changes)
    return petition
