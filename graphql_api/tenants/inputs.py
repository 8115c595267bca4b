"""Input types of the unit and user mutations."""

import graphene

from graphql_api.tenants.enums import DepartmentKindEnum, RoleEnum, UnitLevelEnum


class UnitCreateInput(graphene.InputObjectType):
    """A new unit (新增单位) under an existing one."""

    code = graphene.String(
        required=True, description="Region code (行政区划代码), GB/T 2260."
    )
    name = graphene.String(required=True, description="Full name (名称).")
    short_name = graphene.String(description="Short name (简称).")
    level = UnitLevelEnum(required=True, description="Level (层级).")
    parent_code = graphene.String(
        required=True, description="Parent unit's code (上级单位)."
    )


class UnitDocumentSettingsSetInput(graphene.InputObjectType):
    """How a unit's official documents are headed (公文设置)."""

    agency_code = graphene.String(
        required=True,
        description="机关代字 of the unit's 发文字号, e.g. 玄组 (玄组信报〔2026〕1号).",
    )
    signatory = graphene.String(
        description="签发人 printed on reports sent upward (上行文)."
    )


class UserCreateInput(graphene.InputObjectType):
    """A new staff account (新增用户)."""

    unit_code = graphene.String(required=True, description="Unit (所属单位).")
    username = graphene.String(required=True)
    full_name = graphene.String(required=True, description="Name (姓名).")
    password = graphene.String(required=True)
    roles = graphene.List(
        graphene.NonNull(RoleEnum), required=True, description="Roles (角色)."
    )
    department_id = graphene.ID(description="Department (所属科室).")


class UserUpdateInput(graphene.InputObjectType):
    """Changes to a staff account (修改用户); omitted fields stay as they are."""

    user_id = graphene.ID(
        description="The account (用户); required in the next release, when the "
        "deprecated `id` argument goes."
    )
    full_name = graphene.String()
    roles = graphene.List(graphene.NonNull(RoleEnum))
    department_id = graphene.ID(description="Move to this department (科室).")
    clear_department = graphene.Boolean(description="Remove from any department.")
    is_active = graphene.Boolean(
        description="Enable or disable the account (启用/停用)."
    )


class DepartmentCreateInput(graphene.InputObjectType):
    """A new department (新增科室) of a unit."""

    unit_code = graphene.String(required=True)
    name = graphene.String(required=True, description="Name (科室名称).")
    kind = DepartmentKindEnum(required=True, description="Kind (类别).")
