"""Queries of the unit tree, staff and the current user."""

from __future__ import annotations

import graphene

from graphql_api.core.query_errors import (
    domain_errors,
    none_on_domain_error,
    on_domain_error,
)
from graphql_api.core.types import deprecated_list, page_field, page_type, paginate
from graphql_api.tenants.enums import AuditActionEnum, UnitLevelEnum
from graphql_api.tenants.types import (
    AccusedUnitSuggestionType,
    AuditEntryType,
    DepartmentType,
    RoleGrantRequestType,
    UnitType,
    UserType,
    audit_page_target_labels_attach,
    audit_page_tracking_numbers_attach,
)
from tenants import selectors

UnitPage = page_type(UnitType, "UnitPage", "A page of units (单位).")
UserPage = page_type(UserType, "UserPage", "A page of staff accounts (用户).")
DepartmentPage = page_type(
    DepartmentType, "DepartmentPage", "A page of a unit's departments (科室)."
)
RoleGrantRequestPage = page_type(
    RoleGrantRequestType,
    "RoleGrantRequestPage",
    "A page of grants awaiting the leader (待审批授权).",
)
AuditEntryPage = page_type(
    AuditEntryType, "AuditEntryPage", "A page of audit entries (审计记录)."
)


class OnlineUnitType(graphene.ObjectType):
    """A unit a member of the public may file with (受理单位), as the portal's
    area picker shows it: public names only."""

    class Meta:
        name = "OnlineUnit"

    code = graphene.String(required=True, description="行政区划代码.")
    name = graphene.String(required=True, description="名称.")
    short_name = graphene.String(required=True, description="简称.")
    level = UnitLevelEnum(required=True)
    level_label = graphene.String(required=True, description="层级.")
    has_children = graphene.Boolean(
        required=True, description="Has units below (有下级单位)."
    )

    @staticmethod
    def resolve_level_label(unit, info):
        return unit.get_level_display()

    @staticmethod
    def resolve_has_children(unit, info):
        return unit.children.filter(is_active=True).exists()


@on_domain_error(list)
def _units(actor, **filters):
    """The units asked for; none under a unit the actor may not see."""
    return selectors.unit_list(actor=actor, **filters)


class TenantQueries(graphene.ObjectType):
    online_units = graphene.List(
        graphene.NonNull(OnlineUnitType),
        required=True,
        parent_code=graphene.String(
            description="The unit whose children are wanted; the provinces when "
            "omitted."
        ),
        description="Units directly under a unit, for the public portal's area "
        "picker (省 → 市 → 县 → 乡镇); at most one area's children, no personal "
        "data. Anonymous callers allowed.",
    )
    me = graphene.Field(
        UserType, description="The signed-in member of staff (当前用户)."
    )
    current_unit = graphene.Field(
        UnitType, description="The unit this request acts for (当前单位)."
    )
    unit = graphene.Field(
        UnitType,
        code=graphene.String(required=True),
        description="A unit (单位) by region code; null when missing or out of scope.",
    )
    units = graphene.Field(
        UnitPage,
        required=True,
        under=graphene.String(description="Only this unit's subtree (下辖范围)."),
        level=UnitLevelEnum(),
        search=graphene.String(),
        include_inactive=graphene.Boolean(default_value=False),
        offset=graphene.Int(),
        limit=graphene.Int(),
        description="Units the viewer may see: its own subtree and its ancestors.",
    )
    accused_unit_suggestions = graphene.List(
        graphene.NonNull(AccusedUnitSuggestionType),
        required=True,
        name=graphene.String(
            required=True, description="The unit name as typed (工作单位)."
        ),
        limit=graphene.Int(
            description=f"At most this many (default {selectors.SUGGESTION_LIMIT}, "
            f"at most {selectors.MAX_SUGGESTION_LIMIT})."
        ),
        description=(
            "Units of the tree a free-text accused's unit name may mean "
            "(被反映人所在单位联想), for picking `unitCode` while typing: exact "
            "matches first, then the most specific area the name lies in. Unit "
            "names are public: anonymous callers (网上信访) may ask too."
        ),
    )
    departments = graphene.List(
        graphene.NonNull(DepartmentType),
        required=True,
        deprecation_reason=deprecated_list("departmentsPage"),
        unit_code=graphene.String(required=True),
        description="Departments (科室) of a unit.",
    )
    departments_page = page_field(
        DepartmentPage,
        "Departments (科室) of a unit, one page.",
        unit_code=graphene.String(required=True, description="The unit (单位代码)."),
    )
    users = graphene.Field(
        UserPage,
        required=True,
        unit_code=graphene.String(),
        search=graphene.String(),
        include_inactive=graphene.Boolean(default_value=False),
        offset=graphene.Int(),
        limit=graphene.Int(),
        description="Staff accounts (用户) a unit administrator manages.",
    )
    audit_entries = graphene.Field(
        AuditEntryPage,
        required=True,
        actions=graphene.List(graphene.NonNull(AuditActionEnum)),
        actor_username=graphene.String(description="Only this actor (操作人账号)."),
        unit_code=graphene.String(description="Only this unit (单位代码)."),
        include_subunits=graphene.Boolean(
            default_value=False,
            description="With unitCode: its subordinate units too (含下级单位).",
        ),
        since=graphene.DateTime(description="From this time on (起始时间)."),
        until=graphene.DateTime(description="Before this time (截止时间)."),
        offset=graphene.Int(),
        limit=graphene.Int(),
        description=(
            "The audit log (审计记录) of the auditor's subtree, newest first; "
            "read-only: no API edits or deletes an entry. "
            "Errors PERMISSION_DENIED (no AUDIT_VIEW: not an auditor)."
        ),
    )
    role_grant_requests = graphene.List(
        graphene.NonNull(RoleGrantRequestType),
        required=True,
        deprecation_reason=deprecated_list("roleGrantRequestsPage"),
        description="Grants of identity-seeing roles awaiting the leader (待审批授权).",
    )
    role_grant_requests_page = page_field(
        RoleGrantRequestPage,
        "Grants of identity-seeing roles awaiting the leader (待审批授权), one page.",
    )

    @staticmethod
    def resolve_me(root, info):
        user = info.context.user
        return user if user.is_authenticated else None

    @staticmethod
    def resolve_current_unit(root, info):
        return getattr(info.context, "unit", None)

    @staticmethod
    @none_on_domain_error
    def resolve_unit(root, info, code):
        return selectors.unit_get(actor=info.context.user, code=code)

    @staticmethod
    def resolve_units(
        root,
        info,
        under=None,
        level=None,
        search="",
        include_inactive=False,
        offset=None,
        limit=None,
    ):
        units = _units(
            info.context.user,
            under_code=under,
            level=level.value if level else None,
            include_inactive=include_inactive,
            search=search or "",
        )
        return paginate(units, offset, limit, UnitPage)

    @staticmethod
    def resolve_online_units(root, info, parent_code=None):
        return selectors.online_unit_list(parent_code=parent_code or "")

    @staticmethod
    def resolve_accused_unit_suggestions(root, info, name, limit=None):
        return selectors.unit_suggestion_list(
            name=name, limit=selectors.SUGGESTION_LIMIT if limit is None else limit
        )

    @staticmethod
    @on_domain_error(list)
    def resolve_departments(root, info, unit_code):
        return selectors.department_list(actor=info.context.user, unit_code=unit_code)

    @staticmethod
    def resolve_users(
        root,
        info,
        unit_code=None,
        search="",
        include_inactive=False,
        offset=None,
        limit=None,
    ):
        users = selectors.user_list(
            actor=info.context.user,
            unit_code=unit_code,
            search=search or "",
            include_inactive=include_inactive,
        )
        return paginate(users, offset, limit, UserPage)

    @staticmethod
    @domain_errors
    def resolve_audit_entries(
        root,
        info,
        actions=None,
        actor_username="",
        unit_code="",
        include_subunits=False,
        since=None,
        until=None,
        offset=None,
        limit=None,
    ):
        entries = selectors.audit_entry_list(
            actor=info.context.user,
            actions=[action.value for action in actions or []],
            actor_username=actor_username or "",
            unit_code=unit_code or "",
            include_subunits=bool(include_subunits),
            since=since,
            until=until,
        )
        page = paginate(entries, offset, limit, AuditEntryPage)
        audit_page_tracking_numbers_attach(page.items, actor=info.context.user)
        audit_page_target_labels_attach(page.items, actor=info.context.user)
        return page

    @staticmethod
    def resolve_role_grant_requests(root, info):
        return selectors.role_grant_request_list(actor=info.context.user)

    @staticmethod
    def resolve_role_grant_requests_page(root, info, offset=None, limit=None):
        requests = selectors.role_grant_request_list(actor=info.context.user)
        return paginate(requests, offset, limit, RoleGrantRequestPage)

    @staticmethod
    def resolve_departments_page(root, info, unit_code, offset=None, limit=None):
        departments = TenantQueries.resolve_departments(root, info, unit_code)
        return paginate(departments, offset, limit, DepartmentPage)
