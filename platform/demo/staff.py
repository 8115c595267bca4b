"""The demo's actors: the first active staff of a unit whose roles grant a
permission, as the seeders act through the services in their name."""

from __future__ import annotations

from supervision.inbox.services import unit_recipients
from tenants.models import Unit, User


def first_staff(unit: Unit, permission: str) -> User | None:
    """The unit's first active user (by id) with `permission`, or None."""
    return next(iter(unit_recipients([unit], permission)), None)
