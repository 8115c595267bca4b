"""Roles of staff and the permissions each role grants.

Permissions are decided here and only here; GraphQL mutations name the
permission they need in `Meta.permissions` and the base mutation checks it.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    REGISTRAR = "registrar", "信访干部"
    HANDLER = "handler", "承办人"
    DEPARTMENT_HEAD = "department_head", "科室负责人"
    LEADER = "leader", "分管/主要领导"
    SUPERVISOR = "supervisor", "督查"
    LIAISON = "liaison", "联络员"
    UNIT_ADMIN = "unit_admin", "单位管理员"
    AUDITOR = "auditor", "审计员"


class Permission(models.TextChoices):
    UNIT_MANAGE = "unit.manage", "管理下级单位"
    USER_MANAGE = "user.manage", "管理用户"
    DEPARTMENT_MANAGE = "department.manage", "管理科室"
    PETITION_REGISTER = "petition.register", "登记信访件"
    PETITION_DECIDE = "petition.decide", "受理决定"
    PETITION_ROUTE = "petition.route", "交办科室与承办人"
    PETITION_HANDLE = "petition.handle", "办理信访件"
    PETITION_APPROVE = "petition.approve", "审批（结案、延期）"
    PETITION_VIEW = "petition.view", "查看本单位信访件"
    PETITION_VIEW_IDENTITY = "petition.view_identity", "查看信访人身份信息"
    CROSS_LEVEL_FLOW = "crosslevel.flow", "转办、交办、上报"
    SUPERVISION_ISSUE = "supervision.issue", "督查督办"
    SUBTREE_VIEW = "subtree.view", "查看下级单位汇总"
    REPORT_SUBMIT = "report.submit", "报送报告"
    REPORT_REVIEW = "report.review", "审核下级报告"
    # Granted to every unit administrator; the service admits the province's
    # only, since one schedule binds the whole tree.
    HOLIDAY_CALENDAR_MANAGE = "holiday_calendar.manage", "录入节假日安排"
    AUDIT_VIEW = "audit.view", "查看审计记录"


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.UNIT_ADMIN: frozenset(
        {
            Permission.UNIT_MANAGE,
            Permission.USER_MANAGE,
            Permission.DEPARTMENT_MANAGE,
            Permission.HOLIDAY_CALENDAR_MANAGE,
        }
    ),
    Role.REGISTRAR: frozenset(
        {
            Permission.PETITION_REGISTER,
            Permission.PETITION_DECIDE,
            Permission.PETITION_ROUTE,
            Permission.PETITION_VIEW,
            Permission.PETITION_VIEW_IDENTITY,
            Permission.CROSS_LEVEL_FLOW,
            Permission.REPORT_SUBMIT,
        }
    ),
    Role.HANDLER: frozenset(
        {
            Permission.PETITION_HANDLE,
            Permission.PETITION_VIEW,
            Permission.PETITION_VIEW_IDENTITY,
        }
    ),
    Role.DEPARTMENT_HEAD: frozenset(
        {
            Permission.PETITION_ROUTE,
            Permission.PETITION_HANDLE,
            Permission.PETITION_VIEW,
            Permission.PETITION_VIEW_IDENTITY,
        }
    ),
    Role.LEADER: frozenset(
        {
            Permission.PETITION_APPROVE,
            Permission.PETITION_ROUTE,
            Permission.PETITION_VIEW,
            Permission.PETITION_VIEW_IDENTITY,
            Permission.CROSS_LEVEL_FLOW,
            Permission.SUPERVISION_ISSUE,
            Permission.SUBTREE_VIEW,
            Permission.REPORT_SUBMIT,
            Permission.REPORT_REVIEW,
        }
    ),
    Role.SUPERVISOR: frozenset(
        {
            Permission.PETITION_VIEW,
            Permission.SUPERVISION_ISSUE,
            Permission.SUBTREE_VIEW,
            Permission.REPORT_REVIEW,
        }
    ),
    # An auditor reads the audit log of its unit's subtree and nothing else.
    Role.AUDITOR: frozenset({Permission.AUDIT_VIEW}),
    # A township's office is a liaison or two: they register, decide on
    # acceptance and route what reaches them, and handle it.
    Role.LIAISON: frozenset(
        {
            Permission.PETITION_REGISTER,
            Permission.PETITION_DECIDE,
            Permission.PETITION_ROUTE,
            Permission.PETITION_HANDLE,
            Permission.PETITION_VIEW,
            Permission.PETITION_VIEW_IDENTITY,
            Permission.REPORT_SUBMIT,
        }
    ),
}


def roles_seeing_identity() -> frozenset[str]:
    """Roles that reveal petitioners' identities: granting one needs the unit
    above or a second approver (a leader of the unit)."""
    return frozenset(
        role
        for role, granted in ROLE_PERMISSIONS.items()
        if Permission.PETITION_VIEW_IDENTITY in granted
    )


def permissions_for_roles(roles: list[str] | tuple[str, ...]) -> frozenset[str]:
    """The union of the permissions that the given roles grant."""
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)
