"""Reads of units, users and departments, scoped to what the actor may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.errors import not_found
from tenants.models import (
    AuditAction,
    AuditEntry,
    Department,
    RoleGrantRequest,
    RoleGrantStatus,
    Unit,
    User,
)
from tenants.roles import Permission, Role
from tenants.scoping import can_manage_unit, can_see_unit, subtree_q, visible_units


def unit_get(*, actor: User, code: str) -> Unit:
    """A unit the actor may see, or not found."""
    unit = Unit.objects.select_related("parent").filter(code=code).first()
    if unit is None or not can_see_unit(actor, unit):
        raise not_found("单位", field="code")
    return unit


def unit_list(
    *,
    actor: User,
    under_code: str | None = None,
    level: str | None = None,
    include_inactive: bool = False,
    search: str = "",
) -> QuerySet[Unit]:
    """Visible units, optionally only the subtree under `under_code`."""
    units = visible_units(actor).select_related("parent")
    if under_code:
        root = unit_get(actor=actor, code=under_code)
        units = units.filter(subtree_q(root))
    if level:
        units = units.filter(level=level)
    if not include_inactive:
        units = units.filter(is_active=True)
    if search:
        units = units.filter(
            Q(name__icontains=search)
            | Q(short_name__icontains=search)
            | Q(code__startswith=search)
        )
    return units.order_by("path")


def unit_children(*, actor: User, unit: Unit) -> QuerySet[Unit]:
    """Direct children of a visible unit that the actor may also see."""
    if not unit.is_in_subtree_of(actor.unit):
        return Unit.objects.none()
    return Unit.objects.filter(parent=unit).order_by("code")


# What a unit's history shows administrators: changes, not reads or logins
# (those are for auditors).
_ADMINISTRATIVE_ACTIONS = [
    action
    for action in AuditAction.values
    if action.split(".")[0] in ("unit", "department", "user")
]


def unit_history(*, actor: User, unit: Unit) -> QuerySet[AuditEntry]:
    """The administrative history of a unit, for those who administer it."""
    if not can_manage_unit(actor, unit, Permission.UNIT_MANAGE) and not can_manage_unit(
        actor, unit, Permission.USER_MANAGE
    ):
        return AuditEntry.objects.none()
    return (
        AuditEntry.objects.filter(unit=unit, action__in=_ADMINISTRATIVE_ACTIONS)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def user_list(
    *,
    actor: User,
    unit_code: str | None = None,
    search: str = "",
    include_inactive: bool = False,
) -> QuerySet[User]:
    """Staff of the administrator's subtree (or of one unit in it)."""
    if not actor.is_authenticated or not actor.has_unit_permission(
        Permission.USER_MANAGE
    ):
        return User.objects.none()
    users = User.objects.filter(subtree_q(actor.unit, prefix="unit__")).select_related(
        "unit", "department"
    )
    if unit_code:
        users = users.filter(unit__code=unit_code)
    if not include_inactive:
        users = users.filter(is_active=True)
    if search:
        users = users.filter(
            Q(username__icontains=search) | Q(full_name__icontains=search)
        )
    return users.order_by("unit__path", "username")


def user_get(*, actor: User, user_id: int) -> User:
    user = user_list(actor=actor, include_inactive=True).filter(pk=user_id).first()
    if user is None:
        raise not_found("用户", field="id")
    return user


def department_list(*, actor: User, unit_code: str) -> QuerySet[Department]:
    """Departments of a visible unit."""
    unit = unit_get(actor=actor, code=unit_code)
    return Department.objects.filter(unit=unit, is_active=True).order_by("id")


def audit_entry_list(
    *,
    actor: User,
    actions: list[str] | None = None,
    actor_username: str = "",
    unit_code: str = "",
    since=None,
    until=None,
) -> QuerySet[AuditEntry]:
    """The audit log for auditors (审计员): entries of their unit's subtree,
    and, at the root of the tree, entries of no unit (unknown usernames);
    newest first, filtered by kind, who, unit and time."""
    if not actor.is_authenticated or not actor.has_unit_permission(
        Permission.AUDIT_VIEW
    ):
        return AuditEntry.objects.none()
    scope = subtree_q(actor.unit, prefix="unit__")
    if actor.unit.parent_id is None:
        scope |= Q(unit__isnull=True)
    entries = AuditEntry.objects.filter(scope)
    if actions:
        entries = entries.filter(action__in=actions)
    if actor_username:
        entries = entries.filter(actor__username__iexact=actor_username)
    if unit_code:
        entries = entries.filter(unit__code=unit_code)
    if since is not None:
        entries = entries.filter(created_at__gte=since)
    if until is not None:
        entries = entries.filter(created_at__lt=until)
    return entries.select_related("actor", "unit").order_by("-created_at", "-id")


def role_grant_request_list(*, actor: User) -> QuerySet[RoleGrantRequest]:
    """Grants of identity-seeing roles waiting for a leader of the actor's unit."""
    if (
        not actor.is_authenticated
        or not actor.is_active
        or not actor.has_role(Role.LEADER)
    ):
        return RoleGrantRequest.objects.none()
    return (
        RoleGrantRequest.objects.filter(
            user__unit_id=actor.unit_id, status=RoleGrantStatus.PENDING
        )
        .select_related("user", "requested_by")
        .order_by("requested_at", "id")
    )
