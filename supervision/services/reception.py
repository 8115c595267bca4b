"""Leader reception days (领导接访日)."""

from __future__ import annotations

import datetime

from django.db import transaction

from core.errors import DomainError, not_found
from core.ids import parse_int_id, parse_uuid
from supervision.errors import ReceptionDayErrorCode as Code
from supervision.models import ReceptionDay
from supervision.services.common import acting_unit_id, require_text
from tenants.models import User
from tenants.roles import Role


def _unit_leader(actor: User, leader_id) -> User:
    leader = User.objects.filter(
        pk=parse_int_id(leader_id, what="领导", field="leaderId"),
        unit_id=acting_unit_id(actor),
        is_active=True,
    ).first()
    if leader is None or not leader.has_role(Role.LEADER):
        raise DomainError(
            Code.INVALID_LEADER, "接访领导须为本单位领导", field="leaderId"
        )
    return leader


@transaction.atomic
def reception_day_create(
    *, actor: User, held_on: datetime.date, leader_id, place: str, note: str = ""
) -> ReceptionDay:
    """Schedule or record a leader's reception day in this unit."""
    leader = _unit_leader(actor, leader_id)
    place = require_text(place, Code.REQUIRED, "place", "接访地点")
    return ReceptionDay.objects.create(
        held_on=held_on, leader=leader, place=place, note=note.strip(), created_by=actor
    )


@transaction.atomic
def reception_day_update(
    *,
    actor: User,
    reception_day_id,
    held_on: datetime.date,
    leader_id,
    place: str,
    note: str = "",
) -> ReceptionDay:
    """Correct a reception day of this unit (date, leader, place, note); the
    petitions received there stay linked to it."""
    day = (
        ReceptionDay.objects.select_for_update()
        .filter(pk=parse_uuid(reception_day_id, what="领导接访日", field="id"))
        .first()
    )
    if day is None:
        raise not_found("领导接访日", field="id")
    day.leader = _unit_leader(actor, leader_id)
    day.place = require_text(place, Code.REQUIRED, "place", "接访地点")
    day.held_on = held_on
    day.note = note.strip()
    day.save(update_fields=["leader", "place", "held_on", "note"])
    return day
