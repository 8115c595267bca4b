"""Petitions as the cross-level flows see them: their public case facts.

The unit's own petition workflow writes these facts; tests that only exercise
cross-level flows create them directly.
"""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from supervision.crosslevel.models import (
    CaseLink,
    CaseLinkEvent,
    CaseSubject,
    ContentSignature,
    ImportantReport,
    Notification,
    PetitionerKey,
    RefusalLog,
    RemitObjection,
    RepeatMatch,
    ResultReport,
    SupervisionOrder,
    SupervisionOrderEvent,
    SupervisionOrderReply,
)
from supervision.facts.models import CaseFact
from tenants.models import Unit


def petition_fact(unit: Unit, **overrides) -> CaseFact:
    """An open petition registered by `unit`."""
    petition_id = overrides.pop("petition_id", uuid.uuid4())
    values = {
        "petition_id": petition_id,
        "unit": unit,
        "unit_path": unit.path,
        "unit_level": unit.level,
        "tracking_number": f"{unit.code}-2026-{petition_id.hex[:4]}",
        "channel": "letter",
        "legal_type": "accusation",
        "topic": "cadre_selection",
        "status": "accepted",
        "is_open": True,
        "received_on": timezone.localdate() - datetime.timedelta(days=3),
    }
    values.update(overrides)
    return CaseFact.objects.create(**values)


def close_fact(petition_id) -> None:
    """What the unit's closure approval does to the fact."""
    CaseFact.objects.filter(petition_id=petition_id).update(
        status="closed", is_open=False, closed_on=timezone.localdate()
    )


COUNTED = (
    CaseFact,
    CaseLink,
    CaseLinkEvent,
    CaseSubject,
    ResultReport,
    RemitObjection,
    ImportantReport,
    SupervisionOrder,
    SupervisionOrderReply,
    SupervisionOrderEvent,
    PetitionerKey,
    ContentSignature,
    RepeatMatch,
    Notification,
    RefusalLog,
)


def snapshot() -> dict:
    """Row counts of every cross-level table and the facts' mutable state."""
    counts = {model.__name__: model.objects.count() for model in COUNTED}
    counts["facts"] = sorted(
        CaseFact.objects.values_list(
            "petition_id", "status", "is_open", "transfer_count", "return_count"
        )
    )
    counts["links"] = sorted(
        CaseLink.objects.values_list("pk", "state", "return_count")
    )
    counts["orders"] = sorted(SupervisionOrder.objects.values_list("pk", "state"))
    counts["read"] = Notification.objects.filter(read_at__isnull=False).count()
    return counts
