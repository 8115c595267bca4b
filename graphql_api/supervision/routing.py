"""Whom a case may be routed to inside the unit (归口办理): departments, staff."""

from __future__ import annotations

import graphene

from graphql_api.core.query_errors import domain_errors
from graphql_api.tenants.enums import DepartmentKindEnum, RoleEnum
from supervision import selectors
from tenants.roles import Permission


class RoutingStaffType(graphene.ObjectType):
    """A member of staff as routing shows them: name and roles, nothing else."""

    class Meta:
        name = "RoutingStaff"

    id = graphene.ID(required=True)
    full_name = graphene.String(required=True, description="姓名.")
    roles = graphene.List(
        graphene.NonNull(RoleEnum), required=True, description="Roles (角色)."
    )
    department_id = graphene.ID(description="The department (所属科室), if any.")
    may_handle = graphene.Boolean(
        required=True,
        description="May be routed the case as its handler (可作承办人).",
    )

    @staticmethod
    def resolve_full_name(user, info):
        return user.full_name or user.username

    @staticmethod
    def resolve_roles(user, info):
        return list(user.roles)

    @staticmethod
    def resolve_may_handle(user, info):
        return user.has_unit_permission(Permission.PETITION_HANDLE)


class RoutingDepartmentType(graphene.ObjectType):
    """A department (科室) of the unit with its members."""

    class Meta:
        name = "RoutingDepartment"

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    kind = graphene.Field(DepartmentKindEnum, required=True)
    members = graphene.List(graphene.NonNull(RoutingStaffType), required=True)

    @staticmethod
    def resolve_id(entry, info):
        return entry.department.pk

    @staticmethod
    def resolve_name(entry, info):
        return entry.department.name

    @staticmethod
    def resolve_kind(entry, info):
        return entry.department.kind


class RoutingCandidatesType(graphene.ObjectType):
    """Departments and handlers of the viewer's unit, for routing a case."""

    class Meta:
        name = "RoutingCandidates"

    departments = graphene.List(
        graphene.NonNull(RoutingDepartmentType),
        required=True,
        description="Active departments (科室), each with its active members.",
    )
    handlers = graphene.List(
        graphene.NonNull(RoutingStaffType),
        required=True,
        description="Staff the case may be routed to (可选承办人); those recused "
        "from it (回避) are left out.",
    )


class RoutingQueries(graphene.ObjectType):
    routing_candidates = graphene.Field(
        RoutingCandidatesType,
        required=True,
        petition_id=graphene.ID(
            description="The case to route: its recused staff are left out."
        ),
        description="Departments with their members and the handlers of the "
        "viewer's unit a case may be routed to (归口办理); for those who route. "
        "Errors PERMISSION_DENIED and NOT_FOUND (petition missing or out of scope).",
    )

    @staticmethod
    @domain_errors
    def resolve_routing_candidates(root, info, petition_id=None):
        return selectors.routing_candidates(
            actor=info.context.user, petition_id=petition_id
        )
