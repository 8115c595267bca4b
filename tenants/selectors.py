"""Reads of units, users and departments, scoped to what the actor may see."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from core.errors import DomainError, not_found, permission_denied
from tenants.errors import AuditExportErrorCode
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
from tenants.services.auth import username_normalize


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
        .select_related("actor", "unit")
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


# -- picking a unit by the name people use ---------------------------------

# What a unit's name adds to its area's name: "中共南京市玄武区委组织部" is the
# organization department of 南京市玄武区. Longest first.
_DEPARTMENT_ENDINGS = (
    "党工委组织办",
    "党委组织办",
    "委组织部",
    "组织部",
    "组织办",
)
_PARTY_PREFIX = "中共"
# An area name shorter than this ("省" of 省委组织部) names nothing.
_MIN_AREA_LENGTH = 2
SUGGESTION_LIMIT = 10
MAX_SUGGESTION_LIMIT = 20


def unit_name_normalize(name: str) -> str:
    """A unit name as compared: full-width folded (NFKC), without spaces,
    punctuation or the leading 中共."""
    text = unicodedata.normalize("NFKC", name or "")
    text = "".join(ch for ch in text if ch.isalnum())
    return text.removeprefix(_PARTY_PREFIX)


def _area(normalized: str) -> str:
    for ending in _DEPARTMENT_ENDINGS:
        if normalized.endswith(ending):
            return normalized.removesuffix(ending)
    return normalized


@dataclass(frozen=True)
class UnitSuggestion:
    """A unit of the tree that the typed name may mean, and how it matched."""

    unit: Unit
    is_exact: bool


def _match(unit: Unit, typed: str) -> tuple[bool, int] | None:
    """(exact, strength) of a unit against a normalized typed name, or None."""
    names = {unit_name_normalize(unit.name), unit_name_normalize(unit.short_name)}
    areas = {_area(name) for name in names} - {""}
    areas = {area for area in areas if len(area) >= _MIN_AREA_LENGTH}
    if typed in names or typed in areas:
        return True, len(typed)
    # The accused's own unit lies in the area: "南京市玄武区教育局".
    inside = [len(area) for area in areas if area in typed]
    if inside:
        return False, max(inside)
    # The registrar is still typing: "玄武".
    if len(typed) >= _MIN_AREA_LENGTH and any(typed in name for name in names):
        return False, len(typed)
    return None


def unit_suggestion_list(
    *, name: str, limit: int = SUGGESTION_LIMIT
) -> list[UnitSuggestion]:
    """Active units of the whole tree that a free-text unit name may mean: an
    exact match (full or short name, or the area's name) first, then the most
    specific area the name lies in (deepest first), then names that contain
    what was typed. Unit names are public; callers need no permission."""
    typed = unit_name_normalize(name)
    if not typed:
        return []
    scored = []
    for unit in Unit.objects.filter(is_active=True).only(
        "code", "name", "short_name", "level", "path", "depth", "is_active"
    ):
        match = _match(unit, typed)
        if match is not None:
            exact, strength = match
            scored.append((not exact, -unit.depth, -strength, unit.code, unit, exact))
    scored.sort(key=lambda row: row[:4])
    limit = min(max(limit, 0), MAX_SUGGESTION_LIMIT)
    return [UnitSuggestion(row[4], row[5]) for row in scored[:limit]]


def unit_exact_match(name: str) -> Unit | None:
    """The one active unit a free-text name names exactly, if exactly one."""
    exact = [s.unit for s in unit_suggestion_list(name=name) if s.is_exact]
    return exact[0] if len(exact) == 1 else None


def audit_user_names(
    *, actor: User, users: Iterable[int]
) -> dict[int, tuple[str, str]]:
    """The account (账号) and display name (姓名) of the staff users an audit
    page names by id (a role change, a failed sign-in), for auditors (审计员):
    one query, users of the auditor's subtree only. Staff accounts, never a
    petitioner: petitioners have no account."""
    if not actor.is_authenticated or not actor.has_unit_permission(
        Permission.AUDIT_VIEW
    ):
        return {}
    wanted = set(users)
    if not wanted:
        return {}
    return {
        pk: (username, full_name)
        for pk, username, full_name in User.objects.filter(
            subtree_q(actor.unit, prefix="unit__"), pk__in=wanted
        )
        .values_list("pk", "username", "full_name")
        .order_by()
    }


def audit_entry_list(
    *,
    actor: User,
    actions: list[str] | None = None,
    actor_username: str = "",
    unit_code: str = "",
    include_subunits: bool = False,
    since=None,
    until=None,
) -> QuerySet[AuditEntry]:
    """The audit log for auditors (审计员): entries of their unit's subtree,
    and, at the root of the tree, entries of no unit (unknown usernames);
    newest first, filtered by kind, who, unit (with its subtree when
    `include_subunits`) and time.

    Anyone else is refused (PERMISSION_DENIED) rather than shown an empty log,
    which would read as "nothing happened". The actor's username is matched
    in its one stored form (NFKC, casefolded), as the login matches it."""
    if not actor.is_authenticated or not actor.has_unit_permission(
        Permission.AUDIT_VIEW
    ):
        raise permission_denied("无权查看审计记录")
    scope = subtree_q(actor.unit, prefix="unit__")
    if actor.unit.parent_id is None:
        scope |= Q(unit__isnull=True)
    entries = AuditEntry.objects.filter(scope)
    if actions:
        entries = entries.filter(action__in=actions)
    if actor_username:
        entries = entries.filter(actor__username=username_normalize(actor_username))
    if unit_code and include_subunits:
        # A unit outside the actor's subtree finds nothing: the scope above
        # still applies, so out of scope reads as a unit without entries.
        unit = Unit.objects.filter(code=unit_code).first()
        entries = (
            entries.filter(subtree_q(unit, prefix="unit__"))
            if unit is not None
            else entries.none()
        )
    elif unit_code:
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


def online_unit_list(*, parent_code: str = "") -> list[Unit]:
    """Active units directly under `parent_code` (the provinces when empty), for
    the public portal's area picker (选择受理地区). Unit names are public."""
    units = Unit.objects.filter(is_active=True).only(
        "code", "name", "short_name", "level", "path", "depth", "is_active"
    )
    if parent_code:
        units = units.filter(parent__code=parent_code, parent__is_active=True)
    else:
        units = units.filter(parent__isnull=True)
    return list(units.order_by("code"))


# At most this many entries in one export (导出): a period's log an auditor is
# asked for fits; the whole log of a province does not, and says so.
AUDIT_EXPORT_LIMIT = 10_000


def audit_entry_export_list(*, actor: User, **filters) -> list[AuditEntry]:
    """The entries of an export (导出) of the audit log: what `audit_entry_list`
    answers for the same filters, newest first, at most AUDIT_EXPORT_LIMIT.

    More is refused (TOO_MANY_ENTRIES) with the count, rather than cut short:
    a file that silently stops at the limit would read as the whole period."""
    entries = audit_entry_list(actor=actor, **filters)
    count = entries.count()
    if count > AUDIT_EXPORT_LIMIT:
        raise DomainError(
            AuditExportErrorCode.TOO_MANY_ENTRIES,
            f"符合条件的审计记录共 {count} 条，超过一次导出的上限 "
            f"{AUDIT_EXPORT_LIMIT} 条，请缩短时间范围或增加筛选条件后再导出",
        )
    return list(entries)
