"""The acceptance decision (受理 / 不予受理 / 告知) within the 15-day clock."""

from __future__ import annotations

import datetime

from django.db import transaction

from core.errors import DomainError
from supervision.crosslevel.finality import (
    final_matter_matches,
    petition_matter_inputs,
)
from supervision.errors import PetitionDecideErrorCode as Code
from supervision.models import (
    DeclineGround,
    EventAction,
    LegalType,
    Petition,
    ReferTarget,
    Status,
)
from supervision.services.common import (
    acting_unit,
    ensure_not_future,
    ensure_status,
    petition_change,
    petition_lock_for,
    require_text,
    today,
)
from tenants.models import User


def _decision_day(petition: Petition, decided_on: datetime.date | None):
    day = decided_on or today()
    ensure_not_future(day, Code.DATE_IN_FUTURE, "decidedOn", "决定日期")
    if day < petition.received_on:
        raise DomainError(
            Code.DATE_BEFORE_RECEIPT, "决定日期不能早于收件日期", field="decidedOn"
        )
    return day


def _open_decision(petition_id, actor: User, action: str) -> Petition:
    petition = petition_lock_for(petition_id, actor, Code.RECUSED)
    ensure_status(petition, petition.awaits_acceptance(), Code.INVALID_STATE, action)
    return petition


def _first_receiver(petition: Petition, actor: User) -> dict:
    """首问负责: an online petition the public submitted has no registrar; the
    member of staff who first decides on it becomes its registrar."""
    return {} if petition.registrar_id is not None else {"registrar": actor}


def _refuse_if_final(petition: Petition, actor: User) -> None:
    """A matter finally decided by 复核 is not accepted again, in any unit
    (Art 36): the registry of final matters decides, not this unit's cases."""
    matches = final_matter_matches(
        unit=acting_unit(actor), inputs=petition_matter_inputs(petition)
    )
    if matches:
        raise DomainError(
            Code.ALREADY_FINAL,
            f"{matches[0].description}，依照《信访工作条例》第三十六条不再受理；"
            "请以“已经复核终结”为由作出不予受理决定",
            field="petitionId",
        )


@transaction.atomic
def petition_accept(
    *,
    actor: User,
    petition_id,
    decided_on: datetime.date | None = None,
    note: str = "",
) -> Petition:
    """Accept a registered petition; the handling clock starts."""
    petition = _open_decision(petition_id, actor, "受理")
    _refuse_if_final(petition, actor)
    day = _decision_day(petition, decided_on)
    petition_change(
        petition,
        actor=actor,
        action=EventAction.ACCEPTED,
        changes={
            **_first_receiver(petition, actor),
            "status": Status.ACCEPTED,
            "accepted_on": day,
            "decided_on": day,
            "decision_note": note.strip(),
        },
    )
    return petition


@transaction.atomic
def petition_decline(
    *,
    actor: User,
    petition_id,
    ground: str,
    note: str = "",
    decided_on: datetime.date | None = None,
) -> Petition:
    """Decline on a statutory ground (越级, already handled here, final)."""
    petition = _open_decision(petition_id, actor, "作出不予受理决定")
    if ground not in DeclineGround.values:
        raise DomainError(Code.REQUIRED, "请选择不予受理的理由", field="ground")
    day = _decision_day(petition, decided_on)
    petition_change(
        petition,
        actor=actor,
        action=EventAction.DECLINED,
        changes={
            **_first_receiver(petition, actor),
            "status": Status.DECLINED,
            "decided_on": day,
            "decline_ground": ground,
            "decision_note": note.strip(),
        },
        extra=_final_decision(petition, actor) if ground == DeclineGround.FINAL else {},
    )
    return petition


def _final_decision(petition: Petition, actor: User) -> dict:
    """The 复核 the record is declined on, as the unit sees it (the ground may
    also rest on a decision outside this system, then nothing is named)."""
    matches = final_matter_matches(
        unit=acting_unit(actor), inputs=petition_matter_inputs(petition)
    )
    if not matches:
        return {}
    return {
        "final_unit": matches[0].final_unit.code,
        "final_decided_on": matches[0].decided_on,
        "final_tracking_number": matches[0].tracking_number,
    }


@transaction.atomic
def petition_refer(
    *,
    actor: User,
    petition_id,
    target: str,
    refer_to: str,
    note: str = "",
    decided_on: datetime.date | None = None,
) -> Petition:
    """Tell the petitioner which body to turn to (涉法涉诉, 纪检监察, other)."""
    petition = _open_decision(petition_id, actor, "告知")
    if target not in ReferTarget.values:
        raise DomainError(Code.REQUIRED, "请选择告知类别", field="target")
    refer_to = require_text(refer_to, Code.REQUIRED, "referTo", "应向何机关提出")
    if target == ReferTarget.DISCIPLINE and petition.legal_type != LegalType.ACCUSATION:
        raise DomainError(
            Code.REFERRAL_NOT_APPLICABLE,
            "只有检举控告类信访才告知向纪检监察机关提出",
            field="target",
        )
    day = _decision_day(petition, decided_on)
    petition_change(
        petition,
        actor=actor,
        action=EventAction.REFERRED,
        changes={
            **_first_receiver(petition, actor),
            "status": Status.REFERRED,
            "decided_on": day,
            "refer_target": target,
            "refer_to": refer_to,
            "decision_note": note.strip(),
        },
    )
    return petition
