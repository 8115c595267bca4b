"""Petitions for cross-level tests, made through the units' own services."""

from __future__ import annotations

from supervision.crosslevel.models import (
    CaseLink,
    CaseLinkEvent,
    CaseSubject,
    ContentSignature,
    PetitionerKey,
    RefusalLog,
    RemitObjection,
    RepeatMatch,
    ResultReport,
    SupervisionOrder,
    SupervisionOrderEvent,
    SupervisionOrderReply,
    SupervisionOrderReplyFile,
)
from supervision.facts.models import CaseFact
from supervision.inbox.models import Notification
from supervision.models import Petition
from tests.factories.supervision import STATES, _advance, in_unit, make_petition


def petition_fact(tree, unit_key: str, legal_type="accusation", **overrides):
    """The fact of an accepted petition registered by `unit_key`'s own staff."""
    petition = make_petition(
        tree, "accepted", unit_key, legal_type=legal_type, **overrides
    )
    return CaseFact.objects.get(petition_id=petition.pk)


_NEXT_STEP = {"registered": 1, "accepted": 2, "handling": 3, "awaiting_closure": 5}


def close_petition(tree, unit_key: str, petition_id) -> None:
    """Bring a unit's petition to closure approval, as its own staff would."""
    unit = tree.units[unit_key]
    registrar = tree.user(unit_key, "registrar")
    handler = tree.user(unit_key, "handler")
    leader = tree.user(unit_key, "leader")
    with in_unit(unit):
        petition = Petition.objects.get(pk=petition_id)
        steps = STATES[_NEXT_STEP[petition.status] : STATES.index("closed") + 1]
        for step in steps:
            _advance(petition.pk, step, registrar, handler, leader, petition.legal_type)


def petition_status(unit, petition_id) -> tuple[str, int]:
    """A unit's petition status and its number of timeline events."""
    with in_unit(unit):
        petition = Petition.objects.get(pk=petition_id)
        return petition.status, petition.events.count()


def unit_petition_count(unit) -> int:
    with in_unit(unit):
        return Petition.objects.count()


COUNTED = (
    CaseFact,
    CaseLink,
    CaseLinkEvent,
    CaseSubject,
    ResultReport,
    RemitObjection,
    SupervisionOrder,
    SupervisionOrderReply,
    SupervisionOrderReplyFile,
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
    counts["matches"] = sorted(RepeatMatch.objects.values_list("pk", "state"))
    counts["orders"] = sorted(SupervisionOrder.objects.values_list("pk", "state"))
    counts["read"] = Notification.objects.filter(read_at__isnull=False).count()
    counts["petitions"] = _petitions_everywhere()
    return counts


def _petitions_everywhere() -> dict:
    """Petitions and events of every unit of the tree (few units in tests)."""
    from tenants.models import Unit

    counts = {}
    for unit in Unit.objects.order_by("code"):
        with in_unit(unit):
            counts[unit.code] = (
                Petition.objects.count(),
                sorted(Petition.objects.values_list("status", flat=True)),
                sum(p.events.count() for p in Petition.objects.all()),
            )
    return counts
