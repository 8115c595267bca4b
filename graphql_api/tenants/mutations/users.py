"""Staff and department mutations, for unit administrators."""

from __future__ import annotations

import graphene

from core.errors import CommonErrorCode, DomainError
from core.ids import parse_int_id
from graphql_api.core.mutation_input import LOOSE_DEPRECATION
from graphql_api.core.mutations import BaseMutation
from graphql_api.tenants.inputs import (
    DepartmentCreateInput,
    UserCreateInput,
    UserUpdateInput,
)
from graphql_api.tenants.types import DepartmentType, RoleGrantRequestType, UserType
from tenants.errors import UserErrorCode
from tenants.roles import Permission
from tenants.services import users


def _optional_id(value, what: str, field: str) -> int | None:
    return None if value in (None, "") else parse_int_id(value, what=what, field=field)


def _pending_grant(user):
    return users.role_grant_pending(user=user)


class UserCreate(BaseMutation):
    """Create a staff account."""

    user = graphene.Field(UserType)
    pending_role_grant = graphene.Field(
        RoleGrantRequestType,
        description="Identity-seeing roles withheld until a leader approves (待审批授权).",
    )

    class Arguments:
        input = UserCreateInput(required=True)

    class Meta:
        permissions = (Permission.USER_MANAGE,)
        error_codes = UserErrorCode
        description = (
            "Create a staff account (新建用户) in the administrator's subtree."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        user = users.user_create(
            actor=info.context.user,
            unit_code=input.unit_code,
            username=input.username,
            full_name=input.full_name,
            password=input.password,
            roles=[role.value for role in input.roles],
            department_id=_optional_id(input.department_id, "科室", "departmentId"),
        )
        return cls(user=user, pending_role_grant=_pending_grant(user))


class UserUpdate(BaseMutation):
    """Change a staff account."""

    user = graphene.Field(UserType)
    pending_role_grant = graphene.Field(
        RoleGrantRequestType,
        description="Identity-seeing roles withheld until a leader approves (待审批授权).",
    )

    class Arguments:
        id = graphene.ID(deprecation_reason=LOOSE_DEPRECATION)
        input = UserUpdateInput(required=True)

    class Meta:
        permissions = (Permission.USER_MANAGE,)
        error_codes = UserErrorCode
        description = (
            "Change a staff account's name, roles, department or state (修改用户)."
        )

    @classmethod
    def perform_mutation(cls, root, info, input, id=None):
        if (id is None) == (input.user_id is None):
            raise DomainError(
                CommonErrorCode.INPUT_REQUIRED,
                "请在 input 中给出 userId（不要同时使用已弃用的 id 参数）",
                field="userId",
            )
        user = users.user_update(
            actor=info.context.user,
            user_id=parse_int_id(id or input.user_id, what="用户"),
            full_name=input.full_name,
            roles=None if input.roles is None else [role.value for role in input.roles],
            department_id=_optional_id(input.department_id, "科室", "departmentId"),
            clear_department=bool(input.clear_department),
            is_active=input.is_active,
        )
        return cls(user=user, pending_role_grant=_pending_grant(user))


class RoleGrantApprove(BaseMutation):
    """A leader approves its administrator's grant of identity-seeing roles."""

    role_grant_request = graphene.Field(RoleGrantRequestType)

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        input_names = {"id": "role_grant_request_id"}
        permissions = ()
        require_login = True
        error_codes = UserErrorCode
        description = (
            "Approve a grant of roles that see identities (批准授权), as a leader "
            "of the account's unit other than the requester."
        )

    @classmethod
    def perform_mutation(cls, root, info, id):
        grant = users.role_grant_approve(
            actor=info.context.user, grant_id=parse_int_id(id, what="授权申请")
        )
        return cls(role_grant_request=grant)


class UserSetPassword(BaseMutation):
    """Set a new password for a staff account."""

    user = graphene.Field(UserType)

    class Arguments:
        id = graphene.ID(required=True)
        password = graphene.String(required=True)

    class Meta:
        input_names = {"id": "user_id"}
        permissions = (Permission.USER_MANAGE,)
        error_codes = UserErrorCode
        description = "Reset a staff account's password (重置密码)."

    @classmethod
    def perform_mutation(cls, root, info, id, password):
        user = users.user_set_password(
            actor=info.context.user,
            user_id=parse_int_id(id, what="用户"),
            password=password,
        )
        return cls(user=user)


class DepartmentCreate(BaseMutation):
    """Add a department to a unit."""

    department = graphene.Field(DepartmentType)

    class Arguments:
        input = DepartmentCreateInput(required=True)

    class Meta:
        permissions = (Permission.DEPARTMENT_MANAGE,)
        error_codes = UserErrorCode
        description = (
            "Add a department (新建科室) to a unit of the administrator's subtree."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        department = users.department_create(
            actor=info.context.user,
            unit_code=input.unit_code,
            name=input.name,
            kind=input.kind.value,
        )
        return cls(department=department)
