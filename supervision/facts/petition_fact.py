"""The public case fact of a petition, written with every change to it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q

from supervision.crosslevel.models import (
    REVIEW_LINK_KINDS,
    CaseLink,
    LinkState,
    MatchKind,
    MatchState,
    RepeatMatch,
    SupervisionOrder,
)
from supervision.deadlines import acceptance_period, stage_deadline
from supervision.facts.measures import NO_REVIEW_STAGE, SELF_HANDLING_MODE
from supervision.facts.models import CaseFact
from supervision.facts.services import case_fact_upsert
from supervision.models import Petition, Stage, Status
from tenants.crossing import current_unit_schema
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


@dataclass
class CrossLevelIndex:
    """The cross-level rows of many petitions, read in a few queries, so a
    rebuild derives their facts without queries per petition. Holds the links
    up each petition's chain too (for the transfer count)."""

    # source petition id -> (kind, state, created_at, id) of its links
    by_source: dict = field(default_factory=dict)
    # target petition id -> (kind, source petition id, source unit id, returns)
    by_target: dict = field(default_factory=dict)
    # petition id -> [(kind, state)] of its matches that are not dismissed
    matches: dict = field(default_factory=dict)
    supervised: set = field(default_factory=set)


def crosslevel_index(petition_ids: list) -> CrossLevelIndex:
    index = CrossLevelIndex()
    wanted = set(petition_ids)
    seen: set = set()
    # A chain is at most as long as the tree is deep (as in _transfer_count).
    for _ in range(9):
        frontier = wanted - seen
        if not frontier:
            break
        seen |= frontier
        rows = CaseLink.objects.filter(
            Q(source_petition_id__in=frontier) | Q(target_petition_id__in=frontier)
        ).values_list(
            "id",
            "kind",
            "state",
            "created_at",
            "source_petition_id",
            "target_petition_id",
            "source_unit_id",
            "return_count",
        )
        wanted = set()
        for pk, kind, state, created, source, target, unit_id, returns in rows:
            links = index.by_source.setdefault(source, {})
            links[pk] = (kind, state, created, pk)
            index.by_target[target] = (kind, source, unit_id, returns)
            wanted.add(source)
    index.by_source = {k: list(v.values()) for k, v in index.by_source.items()}
    for petition_id, kind, state in (
        RepeatMatch.objects.filter(petition_id__in=petition_ids)
        .exclude(state=MatchState.DISMISSED)
        .order_by("id")
        .values_list("petition_id", "kind", "state")
    ):
        index.matches.setdefault(petition_id, []).append((kind, state))
    index.supervised = set(
        SupervisionOrder.objects.filter(petition_id__in=petition_ids).values_list(
            "petition_id", flat=True
        )
    )
    return index


def _indexed_transfer_count(petition_id, index: CrossLevelIndex) -> int:
    count = 0
    current = petition_id
    for _ in range(8):
        count += sum(
            1
            for kind, *_ in index.by_source.get(current, [])
            if kind not in REVIEW_LINK_KINDS
        )
        incoming = index.by_target.get(current)
        if incoming is None or incoming[0] in REVIEW_LINK_KINDS:
            break
        current = incoming[1]
    return count


def _indexed_crosslevel_values(petition: Petition, index: CrossLevelIndex) -> dict:
    """`_crosslevel_values` from an index instead of queries; the same values
    (tests/supervision/facts compare the two)."""
    outgoing = max(
        (
            (created, pk, kind)
            for kind, state, created, pk in index.by_source.get(petition.pk, [])
            if state != LinkState.WITHDRAWN and kind not in REVIEW_LINK_KINDS
        ),
        default=None,
    )
    routed = SELF_HANDLING_MODE if petition.department_id else ""
    incoming = index.by_target.get(petition.pk)
    return {
        "handling_mode": (outgoing[2] if outgoing else "") or routed,
        "source_unit_id": incoming[2] if incoming else None,
        "return_count": incoming[3] if incoming else 0,
        "transfer_count": _indexed_transfer_count(petition.pk, index),
        "is_supervised": petition.pk in index.supervised,
        **_match_values(petition, index.matches.get(petition.pk, [])),
    }


def _match_values(petition: Petition, matches: list[tuple[str, str]]) -> dict:
    """The fact values that the petition's live repeat matches (kind, state)
    decide: the three match flags, and a merged case's values."""
    match_kinds = {kind for kind, _ in matches}
    return {
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
    return {
        "handling_mode": handling_mode,
        "source_unit_id": incoming["source_unit_id"] if incoming else None,
        "return_count": incoming["return_count"] if incoming else 0,
        "transfer_count": _transfer_count(petition.pk),
        "is_supervised": SupervisionOrder.objects.filter(
            petition_id=petition.pk
        ).exists(),
        **_match_values(petition, matches),
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
    return Unit.objects.get(schema_name=current_unit_schema())


def _accepted_in_time(petition: Petition) -> bool | None:
    if petition.decided_on is None:
        return None
    return petition.decided_on <= acceptance_period(petition).end


def _closed_in_time(petition: Petition) -> bool | None:
    if petition.closed_on is None:
        return None
    deadline = stage_deadline(petition)
    return None if deadline is None else petition.closed_on <= deadline[1].end


def petition_fact_values(
    petition: Petition, unit: Unit, index: CrossLevelIndex | None = None
) -> dict:
    """The non-personal facts of a petition, as CaseFact field values; with
    `index` (crosslevel_index of many petitions) without cross-level queries."""
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
        "is_open": petition.is_open(),
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
        **(
            _crosslevel_values(petition)
            if index is None
            else _indexed_crosslevel_values(petition, index)
        ),
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
