"""Writing the append-only audit log (审计记录).

Every entry records who, when, from which address and what. The address comes
from the request being served (set by the bearer-token middleware), so deep
services need not pass it along; outside a request it is empty.
"""

from __future__ import annotations

import ipaddress
from contextvars import ContextVar

from tenants.models import AuditAction, AuditEntry, Unit, User

_client_address: ContextVar[str | None] = ContextVar("client_address", default=None)


def client_address_set(address: str | None) -> None:
    """Remember the address of the request being served (middleware only)."""
    try:
        ipaddress.ip_address(address or "")
    except ValueError:
        address = None
    _client_address.set(address)


def client_address() -> str | None:
    """The address of the request being served, or None."""
    return _client_address.get()


def audit_record(
    *,
    action: AuditAction,
    actor: User | None,
    unit: Unit | None = None,
    target: str = "",
    details: dict | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    """Append one audit entry; the unit defaults to the actor's."""
    if unit is None and actor is not None and actor.is_authenticated:
        unit = actor.unit
    return AuditEntry.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        unit=unit,
        target=(target or "")[:100],
        details=details or {},
        before=before or {},
        after=after or {},
        client_address=client_address(),
    )


def identity_reads_record(*, actor: User, reads: dict) -> int:
    """Record, in one INSERT, the unmasked identity fields `actor` was shown
    while serving one request: `reads` maps (petition id, petitioner id) to
    the field names. One entry per petitioner; never the values."""
    if not reads or not actor.is_authenticated:
        return 0
    address = client_address()
    entries = [
        AuditEntry(
            action=AuditAction.IDENTITY_REVEALED,
            actor=actor,
            unit_id=actor.unit_id,
            target=str(petition_id),
            details={
                "petition": str(petition_id),
                "petitioner": str(petitioner_id),
                "fields": sorted(fields),
                "via": "graphql",
            },
            client_address=address,
        )
        for (petition_id, petitioner_id), fields in reads.items()
    ]
    AuditEntry.objects.bulk_create(entries)
    return len(entries)


def identity_revealed(
    *, actor: User, petition_id, petitioner_id, field: str, how: str = "graphql"
) -> AuditEntry:
    """Record that `actor` was shown a petitioner's unmasked `field`: which
    petition and which field, never the value itself."""
    return audit_record(
        action=AuditAction.IDENTITY_REVEALED,
        actor=actor,
        target=str(petition_id),
        details={
            "petition": str(petition_id),
            "petitioner": str(petitioner_id) if petitioner_id else None,
            "field": field,
            "via": how,
        },
    )
