"""Managing staff accounts and departments, by unit administrators within their subtree."""

from __future__ import annotations

import re

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.errors import DomainError, not_found
from tenants.errors import UserErrorCode
from tenants.models import (
    PATH_SEPARATOR,
    AuditAction,
    Department,
    DepartmentKind,
    RoleGrantRequest,
    RoleGrantStatus,
    Unit,
    User,
)
from tenants.roles import Permission, Role, roles_seeing_identity
from tenants.scoping import can_manage_unit
from tenants.services.audit import audit_record
from tenants.services.auth import (
    sessions_end_for_user,
    tokens_revoke_for_user,
    username_normalize,
)


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(
            UserErrorCode.WEAK_PASSWORD,
            "密码强度不足：" + "；".join(error.messages),
            field="password",
        ) from error


def _check_roles(roles: list[str]) -> list[str]:
    unknown = [role for role in roles if role not in Role.values]
    if unknown:
        raise DomainError(
            UserErrorCode.INVALID_ROLE,
            f"未知的角色：{'、'.join(unknown)}",
            field="roles",
        )
    return sorted(set(roles))


def _managed_unit(*, actor: User, code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not can_manage_unit(actor, unit, Permission.USER_MANAGE):
        raise not_found("单位", field="unitCode")
    return unit


def _department_in(unit: Unit, department_id: int | None) -> Department | None:
    if department_id is None:
        return None
    department = Department.objects.filter(pk=department_id).first()
    if department is None or department.unit_id != unit.pk:
        raise DomainError(
            UserErrorCode.DEPARTMENT_NOT_IN_UNIT,
            "所选科室不属于该单位",
            field="departmentId",
        )
    return department


def _user_snapshot(user: User) -> dict:
    return {
        "full_name": user.full_name,
        "roles": list(user.roles),
        "department": user.department_id,
        "is_active": user.is_active,
    }


@transaction.atomic
def user_create(
    *,
    actor: User,
    unit_code: str,
    username: str,
    full_name: str,
    password: str,
    roles: list[str],
    department_id: int | None = None,
) -> User:
    """Create a staff account in a unit of the administrator's subtree."""
    unit = _managed_unit(actor=actor, code=unit_code)
    username = username_normalize(username)
    if not re.fullmatch(r"[A-Za-z0-9_.@-]{3,50}", username):
        raise DomainError(
            UserErrorCode.INVALID_USERNAME,
            "用户名应为3至50位字母、数字或 _ . @ -",
            field="username",
        )
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(
            UserErrorCode.DUPLICATE_USERNAME, "用户名已被使用", field="username"
        )
    requested = _check_roles(roles)
    withheld = _identity_roles_withheld(actor=actor, unit=unit, added=requested)
    user = User(
        username=username,
        full_name=(full_name or "").strip(),
        unit=unit,
        department=_department_in(unit, department_id),
        roles=[role for role in requested if role not in withheld],
    )
    _check_password(password, user)
    user.set_password(password)
    user.save()
    audit_record(
        action=AuditAction.USER_CREATED,
        actor=actor,
        unit=unit,
        target=user.username,
        after=_user_snapshot(user),
    )
    _roles_changed(actor=actor, user=user, before=[])
    _grant_request(actor=actor, user=user, roles=withheld)
    return user


def _identity_roles_withheld(*, actor: User, unit: Unit, added: list[str]) -> list[str]:
    """The identity-seeing roles among `added` that the actor may not grant
    alone: only the unit above may; in its own unit an administrator's grant
    waits for a leader of that unit (two people, never one)."""
    if unit.path.startswith(actor.unit.path + PATH_SEPARATOR):
        return []
    return sorted(set(added) & roles_seeing_identity())


def _roles_changed(*, actor: User, user: User, before: list[str]) -> None:
    if sorted(before) != sorted(user.roles):
        audit_record(
            action=AuditAction.ROLES_CHANGED,
            actor=actor,
            unit=user.unit,
            target=user.username,
            before={"roles": sorted(before)},
            after={"roles": sorted(user.roles)},
            details={"user": user.pk},
        )


def _grant_request(*, actor: User, user: User, roles: list[str]) -> None:
    if not roles:
        return
    grant = RoleGrantRequest.objects.create(user=user, roles=roles, requested_by=actor)
    audit_record(
        action=AuditAction.ROLE_GRANT_REQUESTED,
        actor=actor,
        unit=user.unit,
        target=user.username,
        details={"user": user.pk, "grant": grant.pk, "roles": roles},
    )


def role_grant_pending(*, user: User) -> RoleGrantRequest | None:
    """The user's grant of identity-seeing roles waiting for a leader, if any."""
    return (
        RoleGrantRequest.objects.filter(user=user, status=RoleGrantStatus.PENDING)
        .order_by("-requested_at", "-id")
        .first()
    )


@transaction.atomic
def role_grant_approve(*, actor: User, grant_id: int) -> RoleGrantRequest:
    """A leader of the user's unit approves a grant its administrator asked for;
    the requester can never approve its own request."""
    grant = (
        RoleGrantRequest.objects.select_for_update(of=("self",))
        .select_related("user", "user__unit")
        .filter(pk=grant_id, status=RoleGrantStatus.PENDING)
        .first()
    )
    if (
        grant is None
        or not actor.is_active
        or not actor.has_role(Role.LEADER)
        or actor.unit_id != grant.user.unit_id
    ):
        raise not_found("授权申请", field="id")
    if grant.requested_by_id == actor.pk:
        raise DomainError(
            UserErrorCode.SAME_APPROVER, "申请人不能批准自己的申请", field="id"
        )
    user = User.objects.select_for_update().get(pk=grant.user_id)
    if not user.is_active:
        raise DomainError(
            UserErrorCode.USER_INACTIVE, "该账号已停用，不能授予角色", field="id"
        )
    before = list(user.roles)
    user.roles = sorted(set(user.roles) | set(grant.roles))
    user.save(update_fields=["roles"])
    grant.user = user
    grant.status = RoleGrantStatus.APPROVED
    grant.approved_by = actor
    grant.approved_at = timezone.now()
    grant.save(update_fields=["status", "approved_by", "approved_at"])
    audit_record(
        action=AuditAction.ROLE_GRANT_APPROVED,
        actor=actor,
        unit=user.unit,
        target=user.username,
        details={"user": user.pk, "grant": grant.pk, "roles": list(grant.roles)},
    )
    _roles_changed(actor=actor, user=user, before=before)
    return grant


def _managed_user_for_update(*, actor: User, user_id: int) -> User:
    user = (
        User.objects.select_for_update(of=("self",))
        .select_related("unit")
        .filter(pk=user_id)
        .first()
    )
    if (
        user is None
        or user.unit is None
        or not can_manage_unit(actor, user.unit, Permission.USER_MANAGE)
    ):
        raise not_found("用户", field="id")
    return user


@transaction.atomic
def user_update(
    *,
    actor: User,
    user_id: int,
    full_name: str | None = None,
    roles: list[str] | None = None,
    department_id: int | None = None,
    clear_department: bool = False,
    is_active: bool | None = None,
) -> User:
    """Change a staff account's name, roles, department or active flag."""
    user = _managed_user_for_update(actor=actor, user_id=user_id)
    if user.pk == actor.pk and (roles is not None or is_active is not None):
        raise DomainError(
            UserErrorCode.CANNOT_CHANGE_SELF, "不能修改自己的角色或启用状态", field="id"
        )
    before = _user_snapshot(user)
    withheld: list[str] = []
    if full_name is not None:
        user.full_name = full_name.strip()
    if roles is not None:
        requested = _check_roles(roles)
        added = [role for role in requested if role not in user.roles]
        withheld = _identity_roles_withheld(actor=actor, unit=user.unit, added=added)
        user.roles = [role for role in requested if role not in withheld]
    if clear_department:
        user.department = None
    elif department_id is not None:
        user.department = _department_in(user.unit, department_id)
    if is_active is not None:
        user.is_active = is_active
    user.save()
    if not user.is_active:
        # A disabled account loses its API tokens at once.
        tokens_revoke_for_user(user=user)
    audit_record(
        action=AuditAction.USER_UPDATED,
        actor=actor,
        unit=user.unit,
        target=user.username,
        before=before,
        after=_user_snapshot(user),
    )
    _roles_changed(actor=actor, user=user, before=before["roles"])
    _grant_request(actor=actor, user=user, roles=withheld)
    return user


@transaction.atomic
def user_set_password(*, actor: User, user_id: int, password: str) -> User:
    """An administrator sets a new password for a staff account."""
    user = _managed_user_for_update(actor=actor, user_id=user_id)
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    # Whoever held the old password may have signed in with it: a reset ends
    # every session and token, not only future logins.
    revoked = tokens_revoke_for_user(user=user)
    ended = sessions_end_for_user(user=user)
    audit_record(
        action=AuditAction.USER_PASSWORD_SET,
        actor=actor,
        unit=user.unit,
        target=user.username,
        details={"tokens_revoked": revoked, "sessions_ended": ended},
    )
    return user


@transaction.atomic
def department_create(
    *, actor: User, unit_code: str, name: str, kind: str
) -> Department:
    """Add a department (科室) to a unit of the administrator's subtree."""
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None or not can_manage_unit(actor, unit, Permission.DEPARTMENT_MANAGE):
        raise not_found("单位", field="unitCode")
    name = (name or "").strip()
    if not name:
        raise DomainError(
            UserErrorCode.DUPLICATE_DEPARTMENT, "科室名称不能为空", field="name"
        )
    if kind not in DepartmentKind.values:
        raise DomainError(
            UserErrorCode.INVALID_ROLE, f"未知的科室类别：{kind}", field="kind"
        )
    if Department.objects.filter(unit=unit, name=name).exists():
        raise DomainError(
            UserErrorCode.DUPLICATE_DEPARTMENT, f"科室“{name}”已存在", field="name"
        )
    department = Department.objects.create(unit=unit, name=name, kind=kind)
    audit_record(
        action=AuditAction.DEPARTMENT_CREATED,
        actor=actor,
        unit=unit,
        target=name,
        after={"name": name, "kind": kind},
    )
    return department
