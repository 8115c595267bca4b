"""What an actor may see and manage of the unit tree: decided here and only here.

A member of staff acts for its own unit. It sees its own unit's subtree (to
supervise, transfer down and roll reports up) and its ancestors (to escalate
and report up), never a sibling branch. A unit administrator manages users and
units of its own subtree only.
"""

from __future__ import annotations

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
