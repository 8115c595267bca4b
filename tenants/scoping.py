"""What an actor may see and manage of the unit tree: decided here and only here.

A member of staff acts for its own unit. It sees its own unit's subtree (to
supervise, transfer down and roll reports up) and its ancestors (to escalate
and report up), never a sibling branch. A unit administrator manages users and
units of its own subtree only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from tenants.models import PATH_SEPARATOR, Unit, User
from tenants.roles import Permission


def subtree_q(unit: Unit, *, prefix: str = "") -> Q:
    """A filter for `unit` and its descendants, one indexed prefix lookup."""
    return Q(**{f"{prefix}path": unit.path}) | Q(
        **{f"{prefix}path__startswith": unit.path + PATH_SEPARATOR}
    )


def units_in_subtree(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(subtree_q(unit))


def unit_ancestors(unit: Unit) -> QuerySet[Unit]:
    """Ancestors of `unit`, root first, in one query."""
    return Unit.objects.filter(code__in=unit.ancestor_codes()).order_by("depth")


def visible_units(actor: User) -> QuerySet[Unit]:
    """Units an actor may see: its own subtree and its ancestors."""
    if not actor.is_authenticated or actor.unit_id is None or not actor.is_active:
        return Unit.objects.none()
    unit = actor.unit
    return Unit.objects.filter(subtree_q(unit) | Q(code__in=unit.ancestor_codes()))


def can_see_unit(actor: User, unit: Unit) -> bool:
    if not actor.is_authenticated or actor.unit_id is None or not actor.is_active:
        return False
    own = actor.unit
    return unit.is_in_subtree_of(own) or unit.code in own.ancestor_codes()


def can_manage_unit(
    actor: User, unit: Unit, permission: str = Permission.USER_MANAGE
) -> bool:
    """A unit administrator manages its own unit and its subtree only."""
    if not actor.is_authenticated or not actor.has_unit_permission(permission):
        return False
    return unit.is_in_subtree_of(actor.unit)


@dataclass(frozen=True)
class FigureScope:
    """Whose case figures an actor reads: one unit, alone or with its subtree."""

    unit: Unit
    includes_descendants: bool


def figure_scope(actor: User, unit: Unit | None = None) -> FigureScope | None:
    """The scope of case figures and lists `actor` may read for `unit`.

    Staff who may see cases read their own unit's; with SUBTREE_VIEW they read
    the whole subtree of their unit or of any descendant. Never a sibling or an
    ancestor: those (and anything for anyone else) get None, which callers
    answer exactly like not found.
    """
    if not actor.is_authenticated or actor.unit_id is None or not actor.is_active:
        return None
    own = actor.unit
    target = unit or own
    if actor.has_unit_permission(Permission.SUBTREE_VIEW):
        if target.is_in_subtree_of(own):
            return FigureScope(unit=target, includes_descendants=True)
        return None
    if target.pk == own.pk and actor.has_unit_permission(Permission.PETITION_VIEW):
        return FigureScope(unit=own, includes_descendants=False)
    return None
