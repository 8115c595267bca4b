"""GraphQL enums of the unit tree and staff."""

import graphene

from tenants.models import AuditAction, DepartmentKind, UnitLevel
from tenants.roles import Permission, Role

UnitLevelEnum = graphene.Enum.from_enum(
    UnitLevel, description="Level of a unit (层级): province, city, county, township."
)
RoleEnum = graphene.Enum.from_enum(
    Role, description="Role of a member of staff (角色)."
)
PermissionEnum = graphene.Enum.from_enum(
    Permission, description="What a role allows (权限)."
)
DepartmentKindEnum = graphene.Enum.from_enum(
    DepartmentKind, description="Kind of department (科室类别)."
)
AuditActionEnum = graphene.Enum.from_enum(
    AuditAction, description="Administrative action recorded in the audit trail (审计)."
)
