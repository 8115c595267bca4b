"""GraphQL types of units, departments, users and tokens."""

from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from graphql_api.tenants.enums import (
    AuditActionEnum,
    DepartmentKindEnum,
    PermissionEnum,
    RoleEnum,
    UnitLevelEnum,
)
from graphql_api.tenants.operation_labels import operation_label
from supervision.facts.selectors import (
    order_reply_numbers,
    petition_tracking_numbers,
    result_report_tracking_numbers,
)
from tenants import selectors
from tenants.models import (
    ApiToken,
    AuditAction,
    AuditEntry,
    Department,
    RoleGrantRequest,
    Unit,
    User,
)


class UnitType(DjangoObjectType):
    """An organization department (组织部门) of one administrative area: a tenant."""

    level = graphene.Field(UnitLevelEnum, required=True, description="Level (层级).")
    parent_code = graphene.String(description="Code of the parent unit (上级单位代码).")
    children = graphene.List(
        graphene.NonNull(lambda: UnitType),
        required=True,
        description="Direct subordinate units (下级单位) the viewer may see.",
    )
    agency_code = graphene.String(
        required=True,
        description="机关代字 of the unit's 发文字号 (e.g. 玄组); empty until set.",
    )
    signatory = graphene.String(
        required=True, description="签发人 of the unit's reports sent upward."
    )
    history = graphene.List(
        graphene.NonNull(lambda: AuditEntryType),
        required=True,
        description="Renames, deactivations and other changes (变更记录), for administrators.",
    )

    class Meta:
        model = Unit
        name = "Unit"
        fields = (
            "code",
            "name",
            "short_name",
            "level",
            "path",
            "depth",
            "is_active",
            "created_at",
            "agency_code",
            "signatory",
        )
        description = (
            "An organization department (组织部门) of one administrative area."
        )

    @staticmethod
    def resolve_level(unit: Unit, info):
        return unit.level

    @staticmethod
    def resolve_parent_code(unit: Unit, info):
        codes = unit.ancestor_codes()
        return codes[-1] if codes else None

    @staticmethod
    def resolve_children(unit: Unit, info):
        return selectors.unit_children(actor=info.context.user, unit=unit)

    @staticmethod
    def resolve_history(unit: Unit, info):
        return selectors.unit_history(actor=info.context.user, unit=unit)[:100]


class AccusedUnitSuggestionType(graphene.ObjectType):
    """A unit of the tree that a typed unit name may mean (单位联想)."""

    class Meta:
        name = "AccusedUnitSuggestion"

    unit = graphene.Field(UnitType, required=True)
    is_exact = graphene.Boolean(
        required=True,
        description="The name names this unit exactly (full or short name, or "
        "its area's name); registration resolves such a name by itself.",
    )


class DepartmentType(DjangoObjectType):
    """A department (科室) inside a unit."""

    kind = graphene.Field(DepartmentKindEnum, required=True)

    class Meta:
        model = Department
        name = "Department"
        fields = ("id", "name", "kind", "is_active")
        description = "A department (科室) inside a unit, the target of 归口办理."

    @staticmethod
    def resolve_kind(department: Department, info):
        return department.kind


class UserType(DjangoObjectType):
    """A member of staff (工作人员) of one unit."""

    roles = graphene.List(
        graphene.NonNull(RoleEnum), required=True, description="Roles (角色)."
    )
    permissions = graphene.List(
        graphene.NonNull(PermissionEnum),
        required=True,
        description="Granted permissions (权限).",
    )
    unit = graphene.Field(UnitType, description="The unit (所属单位).")
    department = graphene.Field(
        DepartmentType, description="The department (所属科室)."
    )

    class Meta:
        model = User
        name = "User"
        fields = (
            "id",
            "username",
            "full_name",
            "is_active",
            "last_login",
            "date_joined",
        )
        description = "A member of staff (工作人员) of one unit."

    @staticmethod
    def resolve_roles(user: User, info):
        return list(user.roles)

    @staticmethod
    def resolve_permissions(user: User, info):
        return sorted(user.granted_permissions())


class AuditEntryType(DjangoObjectType):
    """An audit entry (审计记录): who did or read what, when, from where."""

    action = graphene.Field(AuditActionEnum, required=True)
    actor_name = graphene.String(description="Who made the change (操作人).")
    actor_username = graphene.String(description="Username of the actor (操作人账号).")
    unit_code = graphene.String(description="Code of the unit concerned (单位代码).")
    unit_name = graphene.String(description="Name of the unit concerned (单位名称).")
    before = graphene.JSONString()
    after = graphene.JSONString()
    details = graphene.JSONString(
        description="What was read, refused or changed (详情); never an identity."
    )
    tracking_number = graphene.String(
        description=(
            "Tracking number (信访件编号) of the petition the entry concerns (an "
            "identity read, an attachment download), from the case fact of the "
            "entry's unit; null when it concerns no petition or none is known "
            "there (the details' petition is then only an internal id, 内部标识). "
            "Answered on auditEntries pages."
        )
    )
    target_label = graphene.String(
        description=(
            "What the entry concerns as an official knows it (对象), when its "
            "target is an internal id: for a download of a result report's "
            "files the case's tracking number (信访件编号) and 报结材料, of a "
            "supervision order reply's files the order's number (督办单号) and "
            "回复附件, for a staff user named by id the account (账号) and name "
            "(姓名), for an export of the audit log 审计记录（导出）; null "
            "otherwise or when none is known in the auditor's "
            "subtree. Answered on auditEntries pages."
        )
    )
    operation_label = graphene.String(
        description=(
            "The refused operation (拒绝的操作) of a PERMISSION_DENIED entry in "
            "Chinese, e.g. 修改单位名称 for UnitRename; null for other entries."
        )
    )

    class Meta:
        model = AuditEntry
        name = "AuditEntry"
        fields = ("id", "action", "target", "client_address", "created_at")
        description = "An audit entry (审计记录)."

    @staticmethod
    def resolve_actor_username(entry: AuditEntry, info):
        return entry.actor.username if entry.actor_id else None

    @staticmethod
    def resolve_unit_code(entry: AuditEntry, info):
        return entry.unit.code if entry.unit_id else None

    @staticmethod
    def resolve_unit_name(entry: AuditEntry, info):
        return entry.unit.name if entry.unit_id else None

    @staticmethod
    def resolve_action(entry: AuditEntry, info):
        return entry.action

    @staticmethod
    def resolve_actor_name(entry: AuditEntry, info):
        return str(entry.actor) if entry.actor_id else None

    @staticmethod
    def resolve_tracking_number(entry: AuditEntry, info):
        # Set for a whole page at once by audit_page_tracking_numbers_attach.
        return getattr(entry, TRACKING_NUMBER_ATTRIBUTE, None)

    @staticmethod
    def resolve_target_label(entry: AuditEntry, info):
        # Set for a whole page at once by audit_page_target_labels_attach.
        return getattr(entry, TARGET_LABEL_ATTRIBUTE, None)

    @staticmethod
    def resolve_operation_label(entry: AuditEntry, info):
        if entry.action != AuditAction.PERMISSION_DENIED:
            return None
        return operation_label(entry.details.get("operation") or entry.target)


TRACKING_NUMBER_ATTRIBUTE = "audit_tracking_number"


def audit_page_tracking_numbers_attach(entries: list[AuditEntry], *, actor) -> None:
    """Give a page of entries their petitions' tracking numbers in one read."""
    named = [
        (entry, entry.details.get("petition"))
        for entry in entries
        if isinstance(entry.details, dict) and entry.details.get("petition")
    ]
    numbers = petition_tracking_numbers(
        actor=actor, petitions=[(petition, entry.unit_id) for entry, petition in named]
    )
    for entry, petition in named:
        setattr(
            entry,
            TRACKING_NUMBER_ATTRIBUTE,
            numbers.get((str(petition), entry.unit_id)),
        )


TARGET_LABEL_ATTRIBUTE = "audit_target_label"
# Exports recorded by a fixed target (frontend/audit_export.py).
EXPORT_TARGET_LABELS = {"audit-log": "审计记录（导出）"}


def _details_int(entry: AuditEntry, key: str) -> int | None:
    value = entry.details.get(key) if isinstance(entry.details, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def audit_page_target_labels_attach(entries: list[AuditEntry], *, actor) -> None:
    """Name what a page's entries name by internal id (a result report, an
    order reply, a user) in a fixed number of reads, whatever the page holds:
    one per kind of id present."""
    reports = {
        entry.pk: (report, entry.unit_id)
        for entry in entries
        if (report := _details_int(entry, "result_report")) is not None
    }
    replies = {
        entry.pk: reply
        for entry in entries
        if (reply := _details_int(entry, "supervision_order_reply")) is not None
    }
    users = {
        entry.pk: user
        for entry in entries
        if (user := _details_int(entry, "user")) is not None
    }
    report_numbers = result_report_tracking_numbers(
        actor=actor, reports=reports.values()
    )
    order_numbers = order_reply_numbers(actor=actor, replies=replies.values())
    user_names = selectors.audit_user_names(actor=actor, users=users.values())
    for entry in entries:
        label = None
        if entry.pk in reports and (number := report_numbers.get(reports[entry.pk])):
            label = f"{number} 报结材料"
        elif entry.pk in replies and (number := order_numbers.get(replies[entry.pk])):
            label = f"{number} 回复附件"
        elif entry.pk in users and (names := user_names.get(users[entry.pk])):
            username, full_name = names
            label = f"{username}（{full_name}）" if full_name else username
        elif entry.action == AuditAction.DATA_EXPORTED:
            label = EXPORT_TARGET_LABELS.get(entry.target)
        setattr(entry, TARGET_LABEL_ATTRIBUTE, label)


class ApiTokenType(DjangoObjectType):
    """A bearer token (API令牌) for API clients; the secret is shown once at creation."""

    class Meta:
        model = ApiToken
        name = "ApiToken"
        fields = (
            "id",
            "name",
            "prefix",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
        )
        description = "A bearer token (API令牌) for API clients."


class RoleGrantRequestType(DjangoObjectType):
    """A grant of identity-seeing roles waiting for a leader (授权申请)."""

    roles = graphene.List(graphene.NonNull(RoleEnum), required=True)
    status = graphene.String(required=True, description="State (状态), in Chinese.")
    user = graphene.Field(UserType, required=True)
    requested_by_name = graphene.String(required=True, description="申请人")
    approved_by_name = graphene.String(description="批准人")

    class Meta:
        model = RoleGrantRequest
        name = "RoleGrantRequest"
        fields = ("id", "requested_at", "approved_at")
        description = (
            "A unit administrator's grant of roles that see petitioners' "
            "identities in its own unit, effective once a leader approves (授权申请)."
        )

    @staticmethod
    def resolve_roles(grant: RoleGrantRequest, info):
        return list(grant.roles)

    @staticmethod
    def resolve_status(grant: RoleGrantRequest, info):
        return grant.get_status_display()

    @staticmethod
    def resolve_requested_by_name(grant: RoleGrantRequest, info):
        return str(grant.requested_by)

    @staticmethod
    def resolve_approved_by_name(grant: RoleGrantRequest, info):
        return str(grant.approved_by) if grant.approved_by_id else None
