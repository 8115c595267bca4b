"""Printable notices (告知书, 处理意见书): which one a case has, recorded when printed."""

from __future__ import annotations

from enum import StrEnum

from django.db import transaction

from core.errors import DomainError
from supervision.errors import NoticeErrorCode
from supervision.models import EventAction, HandlingResult, LegalType, Petition, Status
from supervision.services.common import petition_change, petition_lock


class NoticeKind(StrEnum):
    ACCEPTANCE = "acceptance"
    DECLINE = "decline"
    REFERRAL = "referral"
    OPINION = "opinion"

    @property
    def label(self) -> str:
        return NOTICE_TITLES[self]


NOTICE_TITLES = {
    NoticeKind.ACCEPTANCE: "信访事项受理告知书",
    NoticeKind.DECLINE: "信访事项不予受理告知书",
    NoticeKind.REFERRAL: "信访事项告知书",
    NoticeKind.OPINION: "信访事项处理意见书",
}


def _latest_opinion(petition: Petition) -> HandlingResult | None:
    return (
        HandlingResult.objects.filter(petition=petition, stage=petition.stage)
        .exclude(decision="")
        .order_by("-created_at")
        .first()
    )


def notice_available(petition: Petition, kind: str) -> bool:
    if kind == NoticeKind.ACCEPTANCE:
        return petition.accepted_on is not None
    if kind == NoticeKind.DECLINE:
        return petition.status == Status.DECLINED
    if kind == NoticeKind.REFERRAL:
        return petition.status == Status.REFERRED
    if kind == NoticeKind.OPINION:
        return (
            petition.legal_type == LegalType.APPEAL
            and petition.status in (Status.CLOSED, Status.ARCHIVED)
            and _latest_opinion(petition) is not None
        )
    return False


@transaction.atomic
def notice_print(*, actor, petition_id, kind: str) -> dict:
    """Record on the timeline that a notice was printed; return what it shows."""
    petition = petition_lock(petition_id)
    if kind not in set(NoticeKind) or not notice_available(petition, kind):
        raise DomainError(
            NoticeErrorCode.NOTICE_NOT_AVAILABLE, "该信访件当前没有此类文书"
        )
    petition_change(
        petition,
        actor=actor,
        action=EventAction.NOTICE_PRINTED,
        extra={"notice": kind},
    )
    return {
        "petition": petition,
        "kind": kind,
        "title": NOTICE_TITLES[NoticeKind(kind)],
        "opinion": _latest_opinion(petition) if kind == NoticeKind.OPINION else None,
        "principal": petition.petitioners.order_by("position").first(),
    }
