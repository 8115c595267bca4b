"""Routing inside the unit (归口办理), leader instructions, 包案 and recusal."""

from __future__ import annotations

from django.db import transaction

from core.errors import DomainError
from core.ids import parse_int_id
from supervision.errors import PetitionLeaderErrorCode as LeaderCode
from supervision.errors import PetitionRouteErrorCode as Code
from supervision.models import (
    EventAction,
    LeaderInstruction,
    Petition,
    Recusal,
    Status,
)
from supervision.services.common import (
    acting_unit_id,
    ensure_status,
    is_recused,
    petition_change,
    petition_lock_for,
    require_text,
    today,
)
from tenants.models import Department, User
from tenants.roles import Permission, Role


def _unit_user(actor: User, user_id, *, field: str) -> User | None:
    pk = parse_int_id(user_id, what="人员", field=field)
    return User.objects.filter(
        pk=pk, unit_id=acting_unit_id(actor), is_active=True
    ).first()


@transaction.atomic
def petition_route(*, actor: User, petition_id, department_id, handler_id) -> Petition:
    """Send an accepted petition to a department and a handler; the registrar
    stays recorded as the first receiver (首问负责)."""
    petition = petition_lock_for(petition_id, actor, Code.RECUSED)
    ensure_status(petition, petition.can_route(), Code.INVALID_STATE, "交办")
    department = Department.objects.filter(
        pk=parse_int_id(department_id, what="科室", field="departmentId"),
        unit_id=acting_unit_id(actor),
        is_active=True,
    ).first()
    if department is None:
        raise DomainError(
            Code.INVALID_DEPARTMENT, "承办科室不属于本单位", field="departmentId"
        )
    handler = _unit_user(actor, handler_id, field="handlerId")
    if handler is None or not handler.has_unit_permission(Permission.PETITION_HANDLE):
        raise DomainError(
            Code.INVALID_HANDLER,
            "承办人须为本单位具有办理权限的人员",
            field="handlerId",
        )
    if is_recused(petition, handler):
        raise DomainError(
            Code.HANDLER_RECUSED, "该人员已回避本案，不能承办", field="handlerId"
        )
    petition_change(
        petition,
        actor=actor,
        action=EventAction.ROUTED,
        changes={
            "status": Status.HANDLING,
            "department": department,
            "handler": handler,
            "routed_on": today(),
        },
    )
    return petition


@transaction.atomic
def petition_instruct(*, actor: User, petition_id, content: str) -> LeaderInstruction:
    """Record a leader's instruction (批示) on the petition."""
    petition = petition_lock_for(petition_id, actor, LeaderCode.RECUSED)
    content = require_text(content, LeaderCode.REQUIRED, "content", "批示内容")
    instruction = LeaderInstruction.objects.create(
        petition=petition, leader=actor, content=content
    )
    petition_change(petition, actor=actor, action=EventAction.INSTRUCTED, note=content)
    return instruction


@transaction.atomic
def petition_assign_owner(*, actor: User, petition_id, leader_id) -> Petition:
    """A leader takes ownership of the case (领导包案)."""
    petition = petition_lock_for(petition_id, actor, LeaderCode.RECUSED)
    ensure_status(petition, petition.is_open(), LeaderCode.INVALID_STATE, "包案")
    leader = _unit_user(actor, leader_id, field="leaderId")
    if leader is None or not leader.has_role(Role.LEADER):
        raise DomainError(
            LeaderCode.INVALID_LEADER, "包案领导须为本单位领导", field="leaderId"
        )
    if is_recused(petition, leader):
        raise DomainError(
            LeaderCode.INVALID_LEADER, "该领导已回避本案", field="leaderId"
        )
    petition_change(
        petition,
        actor=actor,
        action=EventAction.OWNER_ASSIGNED,
        changes={"owner_leader": leader},
    )
    return petition


@transaction.atomic
def petition_recuse(*, actor: User, petition_id, user_id, reason: str) -> Recusal:
    """Recuse a member of staff with a direct interest (Art 28); a recused
    handler or owning leader is taken off the case."""
    petition = petition_lock_for(petition_id, actor, LeaderCode.RECUSED)
    reason = require_text(reason, LeaderCode.REQUIRED, "reason", "回避理由")
    user = _unit_user(actor, user_id, field="userId")
    if user is None:
        raise DomainError(
            LeaderCode.INVALID_USER, "回避人员须为本单位人员", field="userId"
        )
    if is_recused(petition, user):
        raise DomainError(
            LeaderCode.ALREADY_RECUSED, "该人员已回避本案", field="userId"
        )
    recusal = Recusal.objects.create(
        petition=petition, user=user, reason=reason, recorded_by=actor
    )
    changes: dict = {}
    if petition.handler_id == user.pk:
        changes["handler"] = None
        if petition.is_being_handled():
            changes["status"] = Status.ACCEPTED
    if petition.owner_leader_id == user.pk:
        changes["owner_leader"] = None
    petition_change(
        petition,
        actor=actor,
        action=EventAction.RECUSED,
        changes=changes,
        note=reason,
        extra={"recused_user": user.pk},
    )
    return recusal
