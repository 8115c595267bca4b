"""The petition side of cross-level flows: what runs inside a unit's schema.

Functions here are handed to `tenants.crossing.*_across_units`, run in the
target unit's schema and return frozen dataclasses. They write the unit's
petition and its public case fact together.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from supervision.facts.models import CaseFact
from tenants.crossing import UnitRef
from tenants.models import Unit

# Fact statuses of a petition (the unit's own workflow names them).
STATUS_RECEIVED = "registered"
STATUS_HANDLING = "handling"
STATUS_CLOSED = "closed"


@dataclass(frozen=True)
class LinkedPetition:
    """The petition a target unit holds for something sent to it."""

    petition_id: uuid.UUID
    tracking_number: str
    status: str


@dataclass(frozen=True)
class Essentials:
    """What a target unit receives of the origin's petition: no personal data
    beyond what the petition's own schema already keeps encrypted."""

    channel: str
    legal_type: str
    topic: str
    received_on: datetime.date
    is_anonymous: bool
    is_collective: bool
    headcount: int
    accused_level: str
    transfer_count: int


def essentials_of(fact: CaseFact) -> Essentials:
    return Essentials(
        channel=fact.channel,
        legal_type=fact.legal_type,
        topic=fact.topic,
        received_on=fact.received_on,
        is_anonymous=fact.is_anonymous,
        is_collective=fact.is_collective,
        headcount=fact.headcount,
        accused_level=fact.accused_level,
        transfer_count=fact.transfer_count,
    )


def linked_petition_receive(
    ref: UnitRef,
    *,
    essentials: Essentials,
    origin: str,
    source_unit: Unit,
    sent_on: datetime.date,
    due_on: datetime.date | None,
) -> LinkedPetition:
    """Create the target's petition for a case sent to it, with its fact."""
    petition_id = uuid.uuid4()
    tracking_number = f"{ref.code}-L{sent_on:%Y}-{petition_id.hex[:8].upper()}"
    CaseFact.objects.create(
        petition_id=petition_id,
        unit_id=ref.id,
        unit_path=ref.path,
        unit_level=ref.level,
        tracking_number=tracking_number,
        channel=essentials.channel,
        legal_type=essentials.legal_type,
        topic=essentials.topic,
        status=STATUS_RECEIVED,
        origin=origin,
        source_unit=source_unit,
        accused_level=essentials.accused_level,
        is_open=True,
        received_on=sent_on,
        due_on=due_on,
        due_clock="assignment_result" if due_on else "",
        is_collective=essentials.is_collective,
        headcount=essentials.headcount,
        is_anonymous=essentials.is_anonymous,
        transfer_count=essentials.transfer_count + 1,
    )
    return LinkedPetition(petition_id, tracking_number, STATUS_RECEIVED)


def linked_petition_reopen(ref: UnitRef, *, petition_id: uuid.UUID) -> LinkedPetition:
    """Reopen the target's petition after its result report was sent back."""
    fact = CaseFact.objects.select_for_update().get(
        petition_id=petition_id, unit_id=ref.id
    )
    fact.status = STATUS_HANDLING
    fact.is_open = True
    fact.closed_on = None
    fact.closed_in_time = None
    fact.return_count += 1
    fact.save()
    return LinkedPetition(fact.petition_id, fact.tracking_number, fact.status)


def linked_petition_withdraw(
    ref: UnitRef, *, petition_id: uuid.UUID, on: datetime.date
) -> LinkedPetition:
    """Close the target's petition when its objection was upheld (收回)."""
    fact = CaseFact.objects.select_for_update().get(
        petition_id=petition_id, unit_id=ref.id
    )
    fact.status = STATUS_CLOSED
    fact.is_open = False
    fact.closed_on = on
    fact.due_on = None
    fact.save()
    return LinkedPetition(fact.petition_id, fact.tracking_number, fact.status)


def supervised_mark(ref: UnitRef, *, petition_id: uuid.UUID) -> bool:
    """Mark the supervised unit's petition as under supervision (被督办)."""
    return bool(
        CaseFact.objects.filter(petition_id=petition_id, unit_id=ref.id).update(
            is_supervised=True
        )
    )
