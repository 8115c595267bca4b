"""Case facts and report requirements for reporting tests.

The petition lifecycle writes facts in production; these tests make them
directly, one helper call per case.
"""

from __future__ import annotations

import datetime
import itertools
import uuid

from supervision.facts.models import CaseFact
from supervision.reporting.models import ReportRequirement
from tenants.models import Unit, User

_numbers = itertools.count(1)


def make_fact(unit: Unit, **fields) -> CaseFact:
    """A case fact of `unit`; defaults describe a letter received in March 2025
    and not yet decided."""
    number = next(_numbers)
    values = {
        "petition_id": uuid.uuid4(),
        "unit": unit,
        "unit_path": unit.path,
        "unit_level": unit.level,
        "tracking_number": f"XF{unit.code}-{number:05d}",
        "channel": "letter",
        "legal_type": "appeal",
        "topic": "cadre_selection",
        "status": "registered",
        "received_on": datetime.date(2025, 3, 1),
    }
    values.update(fields)
    return CaseFact.objects.create(**values)


def make_closed_fact(unit: Unit, **fields) -> CaseFact:
    """An accepted case closed in time, self-handled, never returned."""
    values = {
        "status": "closed",
        "is_accepted": True,
        "accepted_in_time": True,
        "is_open": False,
        "accepted_on": datetime.date(2025, 3, 5),
        "closed_on": datetime.date(2025, 4, 1),
        "closed_in_time": True,
        "handling_mode": "self",
    }
    values.update(fields)
    return make_fact(unit, **values)


def make_requirement(issuer: Unit, actor: User, **fields) -> ReportRequirement:
    values = {
        "issuer_unit": issuer,
        "issuer_path": issuer.path,
        "kind": "annual",
        "title": "2025年度信访工作书面报告",
        "period_start": datetime.date(2025, 1, 1),
        "period_end": datetime.date(2025, 12, 31),
        "due_on": datetime.date(2099, 1, 31),
        "target_levels": [],
        "created_by": actor,
    }
    values.update(fields)
    return ReportRequirement.objects.create(**values)
