"""Leader reception days (领导接访日)."""

from __future__ import annotations

import datetime

from django.db import transaction

from core.errors import DomainError
from core.ids import parse_int_id
from supervision.errors import ReceptionDayErrorCode as Code
from supervision.models import ReceptionDay
from supervision.services.common import require_text
from tenants.models import User
from tenants.roles import Role


@transaction.atomic
def reception_day_create(
    *, actor: User, held_on: datetime.date, leader_id, place: str, note: str = ""
) -> ReceptionDay:
    """Schedule or record a leader's reception day in this unit."""
    leader = User.objects.filter(
        pk=parse_int_id(leader_id, what="领导", field="leaderId"),
        unit_id=actor.unit_id,
        is_active=True,
    ).first()
    if leader is None or not leader.has_role(Role.LEADER):
        raise DomainError(
            Code.INVALID_LEADER, "接访领导须为本单位领导", field="leaderId"
        )
    place = require_text(place, Code.REQUIRED, "place", "接访地点")
    return ReceptionDay.objects.create(
        held_on=held_on, leader=leader, place=place, note=note.strip(), created_by=actor
    )
