"""The public case fact of a petition, written with every change to it."""

from __future__ import annotations

from django.db import connection

from supervision.crosslevel.models import (
    REVIEW_LINK_KINDS,
    CaseLink,
    LinkState,
    MatchKind,
    MatchState,
    RepeatMatch,
    SupervisionOrder,
)
from supervision.facts.measures import NO_REVIEW_STAGE, SELF_HANDLING_MODE
from supervision.facts.models import CaseFact
from supervision.facts.services import case_fact_upsert
from supervision.models import OPEN_STATUSES, Petition, Stage, Status
from supervision.services.deadlines import acceptance_period, stage_deadline
from tenants.models import Unit


def _transfer_count(petition_id) -> int:
    """Links sent from this petition plus those along the chain it came down
    (or up): a case moved city → county → township has been transferred twice
    by the time the township holds it."""
    # 复查/复核 links go up by law, they are no transfers.
    links = CaseLink.objects.exclude(kind__in=REVIEW_LINK_KINDS)
    count = 0
    current = petition_id
    # A chain is at most as long as the tree is deep; the bound guards a cycle.
    for _ in range(8):
        count += links.filter(source_petition_id=current).count()
        incoming = (
            links.filter(target_petition_id=current)
            .values_list("source_petition_id", flat=True)
            .first()
        )
        if incoming is None:
            break
        current = incoming
    return count


def _crosslevel_values(petition: Petition) -> dict:
    """The fact values that the cross-level tables decide, derived from them
    each time, so a later change to the petition (or a rebuild of the facts
    from the unit schemas) cannot lose them.
    """
    outgoing = (
        CaseLink.objects.filter(source_petition_id=petition.pk)
        .exclude(state=LinkState.WITHDRAWN)
        .exclude(kind__in=REVIEW_LINK_KINDS)
        .order_by("-created_at")
        .values_list("kind", flat=True)
        .first()
    )
    routed = SELF_HANDLING_MODE if petition.department_id else ""
    handling_mode = outgoing or routed
    incoming = (
        CaseLink.objects.filter(target_petition_id=petition.pk)
        .values("source_unit_id", "return_count")
        .first()
    )
    matches = list(
        RepeatMatch.objects.filter(petition_id=petition.pk)
        .exclude(state=MatchState.DISMISSED)
        .values_list("kind", "state")
    )
    match_kinds = {kind for kind, _ in matches}
    return {
        "handling_mode": handling_mode,
        "source_unit_id": incoming["source_unit_id"] if incoming else None,
        "return_count": incoming["return_count"] if incoming else 0,
        "transfer_count": _transfer_count(petition.pk),
        "is_supervised": SupervisionOrder.objects.filter(
            petition_id=petition.pk
        ).exists(),
        "is_skip_level": MatchKind.SKIP_LEVEL in match_kinds,
        "is_multi_send": MatchKind.MULTI_SEND in match_kinds,
        "is_repeat": petition.possible_duplicate_of_id is not None
        or MatchKind.REPEAT in match_kinds,
        **(
            _MERGED_VALUES
            if any(state == MatchState.MERGED for _, state in matches)
            else {}
        ),
    }


# A petition merged into an earlier one of its unit (并案) was received, and is
# a repeat, but it is handled as the earlier case: neither open nor accepted,
# declined or closed on its own, so it counts once.
MERGED_STATUS = "merged"
_MERGED_VALUES = {
    "status": MERGED_STATUS,
    "is_open": False,
    "is_accepted": None,
    "closed_in_time": None,
}


def _current_unit() -> Unit:
    # A request activates its Unit; a periodic job or the demo seeder activates
    # the schema only, so the unit is then looked up by schema name.
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Unit):
        return tenant
    return Unit.objects.get(schema_name=connection.schema_name)


def _accepted_in_time(petition: Petition) -> bool | None:
    if petition.decided_on is None:
        return None
    return petition.decided_on <= acceptance_period(petition).end


def _closed_in_time(petition: Petition) -> bool | None:
    if petition.closed_on is None:
        return None
    deadline = stage_deadline(petition)
    return None if deadline is None else petition.closed_on <= deadline[1].end


def petition_fact_values(petition: Petition, unit: Unit) -> dict:
    """The non-personal facts of a petition, as CaseFact field values."""
    # all() rather than first(): a bulk caller can prefetch the accused.
    accused = sorted(petition.accused.all(), key=lambda person: person.position)
    first = accused[0] if accused else None
    if petition.status in (Status.DECLINED, Status.REFERRED):
        is_accepted = False
    elif petition.accepted_on is not None:
        is_accepted = True
    else:
        is_accepted = None
    return {
        "unit": unit,
        "unit_path": unit.path,
        "unit_level": unit.level,
        "tracking_number": petition.tracking_number,
        "channel": petition.channel,
        "legal_type": petition.legal_type,
        "topic": petition.topic,
        "status": petition.status,
        "origin": petition.origin,
        "accused_level": first.managing_level if first else "",
        "accused_unit_name": first.unit_name if first else "",
        "is_accepted": is_accepted,
        "is_open": petition.status in OPEN_STATUSES,
        "received_on": petition.received_on,
        "accepted_on": petition.accepted_on,
        "closed_on": petition.closed_on,
        "due_on": petition.due_on,
        "due_clock": petition.due_clock,
        "closed_in_time": _closed_in_time(petition),
        "accepted_in_time": _accepted_in_time(petition),
        "is_collective": petition.is_collective,
        "headcount": petition.headcount,
        "is_anonymous": petition.is_anonymous,
        "review_stage": NO_REVIEW_STAGE
        if petition.stage == Stage.ORIGINAL
        else petition.stage,
        "satisfaction": petition.satisfaction,
        **_crosslevel_values(petition),
    }


def petition_fact_sync(petition: Petition) -> CaseFact:
    """Upsert the petition's fact row; call inside the writing transaction.

    Through `case_fact_upsert`, so the monthly and open-case rollups the
    cross-level views read change in the same transaction.
    """
    return case_fact_upsert(
        actor=None,
        petition_id=petition.pk,
        **petition_fact_values(petition, _current_unit()),
    )
