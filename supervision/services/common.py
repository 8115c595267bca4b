"""Helpers every petition service shares: locking, the event log, the due cache."""

from __future__ import annotations

import datetime
import uuid
from enum import Enum

from django.db import models
from django.utils import timezone

from core.errors import DomainError, not_found, permission_denied
from core.ids import parse_uuid
from supervision import deadlines
from supervision.errors import PetitionStateErrorCode
from supervision.facts.petition_fact import petition_fact_sync
from supervision.models import Petition, PetitionEvent, Recusal, Status
from tenants.models import Unit, User
from tenants.roles import Role


def today() -> datetime.date:
    return timezone.localdate()


def acting_unit(actor: User) -> Unit:
    """The unit a member of staff acts for. Staff without a unit hold no
    permission (`User.granted_permissions`), so no service runs for one; it is
    refused the same way should a caller forget."""
    if actor.unit is None:
        raise permission_denied()
    return actor.unit


def acting_unit_id(actor: User) -> int:
    """`acting_unit`'s id, without loading the unit."""
    if actor.unit_id is None:
        raise permission_denied()
    return actor.unit_id


def petition_lock(petition_id) -> Petition:
    """The petition row locked for a state change, or not found."""
    pk = parse_uuid(petition_id, what="信访件", field="petitionId")
    petition = Petition.objects.select_for_update().filter(pk=pk).first()
    if petition is None:
        raise not_found("信访件", field="petitionId")
    return petition


def petition_lock_for(petition_id, actor: User, recused: Enum) -> Petition:
    """The petition row locked for `actor` to change, refused with `recused`
    when the actor has recused themself from it."""
    petition = petition_lock(petition_id)
    ensure_not_recused(petition, actor, recused)
    return petition


def is_recused(petition: Petition, user: User) -> bool:
    return Recusal.objects.filter(petition=petition, user=user).exists()


def ensure_not_recused(petition: Petition, actor: User, code: Enum) -> None:
    """Staff with a direct interest in a case never act on it (Art 28)."""
    if is_recused(petition, actor):
        raise DomainError(code, "您已回避本案，不能办理", field="petitionId")


def ensure_status(petition: Petition, allowed: bool, code: Enum, action: str) -> None:
    """Refuse `action` unless the petition's predicate for it holds."""
    if not allowed:
        raise DomainError(
            code,
            f"信访件当前为“{petition.get_status_display()}”，不能{action}",
            field="petitionId",
        )


def is_handler(petition: Petition, actor: User) -> bool:
    """The assigned handler, or the head of the responsible department."""
    if petition.handler_id == actor.pk:
        return True
    return (
        actor.has_role(Role.DEPARTMENT_HEAD)
        and petition.department_id is not None
        and petition.department_id == actor.department_id
    )


def ensure_handler(petition: Petition, actor: User, code: Enum) -> None:
    if not is_handler(petition, actor):
        raise DomainError(
            code, "只有承办人或承办科室负责人可以办理本件", field="petitionId"
        )


def ensure_not_future(day: datetime.date, code: Enum, field: str, label: str) -> None:
    if day > today():
        raise DomainError(code, f"{label}不能晚于今天", field=field)


def require_text(value: str | None, code: Enum, field: str, label: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(code, f"请填写{label}", field=field)
    return text


def _jsonable(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


def _attribute(name: str) -> str:
    field = Petition._meta.get_field(name)
    return field.attname if isinstance(field, models.ForeignKey) else name


def petition_change(
    petition: Petition,
    *,
    actor: User | None,
    action: str,
    changes: dict | None = None,
    note: str = "",
    extra: dict | None = None,
) -> PetitionEvent:
    """Apply `changes`, refresh the running clock, save, log one event, sync the fact.

    A status change must follow PETITION_TRANSITIONS; any other is refused
    before anything is written.

    Every service that changes a petition ends here, so the timeline and the
    public fact row can never miss a write. `extra` goes into the event's
    `after` without being a petition field (a handling record's kind, ...).
    """
    changes = changes or {}
    status = changes.get("status", petition.status)
    if status != petition.status and not petition.can_become(status):
        raise DomainError(
            PetitionStateErrorCode.INVALID_STATE,
            f"信访件当前为“{petition.get_status_display()}”，"
            f"不能改为“{Status(status).label}”",
            field="petitionId",
        )
    before = {name: _jsonable(getattr(petition, _attribute(name))) for name in changes}
    for name, value in changes.items():
        setattr(petition, name, value)
    deadlines.refresh_due(petition)
    petition.save()
    after = {name: _jsonable(getattr(petition, _attribute(name))) for name in changes}
    after.update({key: _jsonable(value) for key, value in (extra or {}).items()})
    event = PetitionEvent.objects.create(
        petition=petition,
        action=action,
        actor=actor,
        stage=petition.stage,
        note=note,
        before=before,
        after=after,
    )
    petition_fact_sync(petition)
    return event
