"""Case facts for tests, written through the service so rollups stay in step."""

from __future__ import annotations

import itertools
import uuid
from datetime import date

from supervision.facts.models import CaseFact
from supervision.facts.services import case_fact_upsert
from tenants.models import Unit

_numbers = itertools.count(1)

DEFAULTS = {
    "channel": "letter",
    "legal_type": "appeal",
    "topic": "cadre_selection",
    "status": "handling",
    "received_on": date(2026, 3, 10),
    "is_accepted": True,
    "accepted_on": date(2026, 3, 12),
    "accepted_in_time": True,
    "is_open": True,
    "handling_mode": "self",
}


def fact_create(unit: Unit, **overrides) -> CaseFact:
    """A fact of a new petition held by `unit` (an open, accepted letter by default)."""
    values = {**DEFAULTS, **overrides}
    values.setdefault("tracking_number", f"XF{next(_numbers):08d}")
    petition_id = values.pop("petition_id", None) or uuid.uuid4()
    return case_fact_upsert(actor=None, petition_id=petition_id, unit=unit, **values)


def fact_update(fact: CaseFact, *, unit: Unit | None = None, **changes) -> CaseFact:
    """Change a fact through the service, as the lifecycle does."""
    return case_fact_upsert(
        actor=None, petition_id=fact.petition_id, unit=unit or fact.unit, **changes
    )
