"""Notices (告知书, 处理意见书, 复查/复核意见书): which ones a case has, what they
say, and issuing one (出具文书).

A notice is dated the day of the decision it announces (受理 / 不予受理 / 告知
/ the opinion), not the day it is printed. Issuing gives it its 文号 and is
recorded once on the timeline; previews and reprints write nothing and show the
same 文号 and date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.db import connection, transaction
from django.utils import timezone

from core.errors import DomainError
from supervision.errors import NoticeErrorCode
from supervision.models import (
    EventAction,
    HandlingResult,
    LegalType,
    Petition,
    Petitioner,
    PetitionEvent,
    Stage,
    Status,
)
from supervision.services.common import petition_change, petition_lock
from tenants.crossing import current_unit_schema
from tenants.models import Unit


class NoticeKind(StrEnum):
    ACCEPTANCE = "acceptance"
    DECLINE = "decline"
    REFERRAL = "referral"
    OPINION = "opinion"
    REVIEW_OPINION = "review_opinion"
    RE_REVIEW_OPINION = "re_review_opinion"

    @property
    def label(self) -> str:
        return NOTICE_TITLES[self]


NOTICE_TITLES = {
    NoticeKind.ACCEPTANCE: "信访事项受理告知书",
    NoticeKind.DECLINE: "信访事项不予受理告知书",
    NoticeKind.REFERRAL: "信访事项告知书",
    NoticeKind.OPINION: "信访事项处理意见书",
    NoticeKind.REVIEW_OPINION: "信访事项复查意见书",
    NoticeKind.RE_REVIEW_OPINION: "信访事项复核意见书",
}
# The kind's part of the 文号 after the unit's 机关代字: 玄组信受〔2026〕3号.
NUMBER_KINDS = {
    NoticeKind.ACCEPTANCE: "信受",
    NoticeKind.DECLINE: "信不受",
    NoticeKind.REFERRAL: "信告",
    NoticeKind.OPINION: "信处",
    NoticeKind.REVIEW_OPINION: "信复查",
    NoticeKind.RE_REVIEW_OPINION: "信复核",
}
# The stage whose handling result an opinion notice states.
OPINION_STAGES = {
    NoticeKind.OPINION: Stage.ORIGINAL,
    NoticeKind.REVIEW_OPINION: Stage.REVIEW,
    NoticeKind.RE_REVIEW_OPINION: Stage.RE_REVIEW,
}


@dataclass(frozen=True)
class Notice:
    """One notice as it is printed: what it says, its date and (once issued)
    its 文号."""

    kind: NoticeKind
    title: str
    petition: Petition
    principal: Petitioner | None
    opinion: HandlingResult | None
    decided_on: datetime.date
    number: str  # empty until issued
    issued_on: datetime.date | None

    @property
    def is_issued(self) -> bool:
        return bool(self.number)


def opinion_for(petition: Petition, kind: str) -> HandlingResult | None:
    """The latest opinion of the notice's stage. An original opinion stays
    printable after the case moves on to 复查 (its stage changes, the opinion
    served on the petitioner does not)."""
    stage = OPINION_STAGES[NoticeKind(kind)]
    results = HandlingResult.objects.filter(petition=petition, stage=stage)
    if stage == Stage.ORIGINAL:
        results = results.exclude(decision="")
    else:
        results = results.exclude(review_decision="")
    return results.order_by("-created_at").first()


def notice_available(petition: Petition, kind: str) -> bool:
    if kind == NoticeKind.ACCEPTANCE:
        return petition.accepted_on is not None
    if kind == NoticeKind.DECLINE:
        return petition.status == Status.DECLINED
    if kind == NoticeKind.REFERRAL:
        return petition.status == Status.REFERRED
    if kind == NoticeKind.OPINION:
        return petition.legal_type == LegalType.APPEAL and (
            opinion_for(petition, kind) is not None
        )
    if kind in (NoticeKind.REVIEW_OPINION, NoticeKind.RE_REVIEW_OPINION):
        return opinion_for(petition, kind) is not None
    return False


def _decided_on(petition: Petition, kind: NoticeKind, opinion) -> datetime.date:
    if kind == NoticeKind.ACCEPTANCE and petition.accepted_on is not None:
        return petition.accepted_on
    if opinion is not None:
        return timezone.localtime(opinion.created_at).date()
    return petition.decided_on or petition.received_on


def _issue_event(petition: Petition, kind: str) -> PetitionEvent | None:
    return (
        PetitionEvent.objects.filter(
            petition=petition, action=EventAction.NOTICE_PRINTED, after__notice=kind
        )
        .order_by("created_at")
        .first()
    )


def notice_build(petition: Petition, kind: str) -> Notice:
    """What the notice of `kind` says now; raises when the case has none."""
    if kind not in set(NoticeKind) or not notice_available(petition, kind):
        raise DomainError(
            NoticeErrorCode.NOTICE_NOT_AVAILABLE, "该信访件当前没有此类文书"
        )
    kind = NoticeKind(kind)
    opinion = opinion_for(petition, kind) if kind in OPINION_STAGES else None
    issued = _issue_event(petition, kind)
    return Notice(
        kind=kind,
        title=kind.label,
        petition=petition,
        principal=petition.petitioners.order_by("position").first(),
        opinion=opinion,
        decided_on=_decided_on(petition, kind, opinion),
        number=issued.after.get("number", "") if issued else "",
        issued_on=(
            datetime.date.fromisoformat(issued.after["issued_on"]) if issued else None
        ),
    )


def _next_number(unit: Unit, kind: NoticeKind, year: int) -> str:
    if not unit.agency_code:
        raise DomainError(
            NoticeErrorCode.AGENCY_CODE_MISSING,
            f"{unit.name}尚未设置机关代字，请单位管理员在“公文设置”中填写后再出具文书",
            field="agencyCode",
        )
    # One serial per kind and year in this unit's schema: serialize issuers of
    # the same kind so two cases never get the same 文号.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))",
            [f"{current_unit_schema()}:notice:{kind}:{year}"],
        )
    issued = PetitionEvent.objects.filter(
        action=EventAction.NOTICE_PRINTED, after__notice=kind, after__year=year
    ).count()
    return f"{unit.agency_code}{NUMBER_KINDS[kind]}〔{year}〕{issued + 1}号"


@transaction.atomic
def notice_issue(*, actor, petition_id, kind: str) -> Notice:
    """Issue the notice (出具文书): give it its 文号 and record it on the
    timeline once. Issuing it again returns the notice as first issued."""
    petition = petition_lock(petition_id)
    notice = notice_build(petition, kind)
    if notice.is_issued:
        return notice
    year = notice.decided_on.year
    number = _next_number(actor.unit, notice.kind, year)
    today = timezone.localdate()
    petition_change(
        petition,
        actor=actor,
        action=EventAction.NOTICE_PRINTED,
        note=f"{notice.title}（{number}）",
        extra={
            "notice": notice.kind.value,
            "number": number,
            "year": year,
            "issued_on": today.isoformat(),
        },
    )
    return notice_build(petition, kind)
