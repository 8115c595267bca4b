"""Who sees a case's identity: one rule for every surface.

Kept apart from `selectors` so that services (attachment downloads) can ask it
without importing the selectors, which import services themselves.
"""

from __future__ import annotations

from django.db.models import Q

from supervision.models import Petition
from tenants.models import User
from tenants.roles import Permission, Role


def _may_see_any_identity(actor: User) -> bool:
    return actor.is_authenticated and actor.has_unit_permission(
        Permission.PETITION_VIEW_IDENTITY
    )


def _may_receive(actor: User) -> bool:
    # A case nobody has received yet (an online petition before the first
    # decision) is seen by those who may become its first receiver (首问).
    return actor.has_unit_permission(Permission.PETITION_REGISTER)


def identity_visible(actor: User, petition: Petition) -> bool:
    """Whether the actor sees this case's petitioners unmasked.

    Only the people who need the identity for this case: its registrar (首问
    负责) and current handler, the head of the department it is routed to, and
    the unit's leaders; before anyone has received the case, those who may
    receive it. Everyone else, including other handlers of the unit,
    sees it masked. Every surface (types, attachments, search, duplicates)
    asks here, and `identity_visible_q` is the same rule as a filter.
    """
    if not _may_see_any_identity(actor):
        return False
    if actor.has_role(Role.LEADER):
        return True
    if actor.pk in (petition.registrar_id, petition.handler_id):
        return True
    if petition.registrar_id is None and _may_receive(actor):
        return True
    return (
        actor.has_role(Role.DEPARTMENT_HEAD)
        and actor.department_id is not None
        and actor.department_id == petition.department_id
    )


def identity_revealable(actor: User, petition: Petition) -> bool:
    """Whether the actor may press 显示 on this case's parties.

    Pages ask for the parties masked by default; 显示 then shows them
    unmasked and writes one audit entry per party. It is allowed to exactly
    those who see the case's identity (`identity_visible`): one rule, so a
    reveal can never show more than the unmasked types would.
    """
    return identity_visible(actor, petition)


def identity_visible_q(actor: User) -> Q:
    """`identity_visible` as a filter on petitions."""
    if not _may_see_any_identity(actor):
        return Q(pk__in=[])
    if actor.has_role(Role.LEADER):
        return Q()
    query = Q(registrar_id=actor.pk) | Q(handler_id=actor.pk)
    if _may_receive(actor):
        query |= Q(registrar_id__isnull=True)
    if actor.has_role(Role.DEPARTMENT_HEAD) and actor.department_id is not None:
        query |= Q(department_id=actor.department_id)
    return query
