"""Parsing IDs that come from clients."""

from __future__ import annotations

import uuid

from core.errors import not_found


def parse_int_id(value, *, what: str = "对象", field: str = "id") -> int:
    """An integer primary key from a client, or not found (never a 500)."""
    try:
        parsed = int(str(value))
    except (TypeError, ValueError):
        raise not_found(what, field=field) from None
    if parsed <= 0 or parsed > 2**63 - 1:
        raise not_found(what, field=field)
    return parsed


def parse_uuid(value, *, what: str = "对象", field: str = "id") -> uuid.UUID:
    """A UUID primary key from a client, or not found (never a 500)."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise not_found(what, field=field) from None
