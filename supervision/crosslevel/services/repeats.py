"""Repeats across the tree (重复信访 / 越级 / 一信多投).

Petitioners are matched by keyed hashes (HMAC) of their ID numbers and phones;
content by MinHash signatures of character shingles, found through LSH band
keys. No plaintext leaves the unit: the unit hands its plaintext to this
service, which keeps only the hashes.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.errors import DomainError, not_found
from supervision.crosslevel.errors import RepeatMatchErrorCode as MergeCode
from supervision.crosslevel.models import (
    OPEN_LINK_STATES,
    CaseLink,
    ContentBand,
    ContentSignature,
    MatchBasis,
    MatchKind,
    MatchState,
    PetitionerKey,
    RepeatMatch,
)
from supervision.crosslevel.services.links import material_guard
from supervision.facts.models import CaseFact
from supervision.facts.petition_fact import petition_fact_sync
from supervision.inbox.models import NotificationKind
from supervision.inbox.services import notify_units
from supervision.models import EventAction, Petition, Status
from supervision.rules import similarity
from supervision.rules.keys import PetitionerKeyKind
from supervision.services.common import acting_unit, acting_unit_id, petition_change
from tenants.models import Unit, User
from tenants.roles import Permission

# A letter found again within this many days at another unit was sent to
# several units at once (一信多投) rather than repeated later.
MULTI_SEND_WINDOW_DAYS = 60


@dataclass(frozen=True)
class _Candidate:
    petition_id: uuid.UUID
    by_person: bool
    similarity: float | None


def _petition_inputs(petition_id: uuid.UUID) -> tuple[set[tuple[str, str]], str]:
    """The petition's keyed hashes and content, read in its own unit's schema."""
    petition = Petition.objects.filter(pk=petition_id).first()
    if petition is None:
        raise not_found("信访件", field="petitionId")
    keys = set()
    for citizen_id_key, phone_key in petition.petitioners.values_list(
        "citizen_id_key", "phone_key"
    ):
        if citizen_id_key:
            keys.add((PetitionerKeyKind.CITIZEN_ID.value, citizen_id_key))
        if phone_key:
            keys.add((PetitionerKeyKind.PHONE.value, phone_key))
    return keys, petition.content


@transaction.atomic
def petition_repeat_scan(
    *, actor: User | None, petition_id: uuid.UUID, unit: Unit | None = None
) -> list[RepeatMatch]:
    """Record a petition's keys and content signature, find earlier petitions
    of the same person or letter anywhere in the tree, classify and link them,
    and flag the petition's fact. Running it twice adds nothing.

    `unit` is the petition's unit when no staff member acts (an online
    petition the public submitted: `actor` is None)."""
    if unit is not None:
        unit_id = unit.pk
    elif actor is not None:
        unit_id = acting_unit_id(actor)
    else:
        raise TypeError("petition_repeat_scan needs an actor or the petition's unit")
    fact = (
        CaseFact.objects.select_for_update()
        .filter(petition_id=petition_id, unit_id=unit_id)
        .first()
    )
    if fact is None:
        raise not_found("信访件", field="petitionId")
    keys, content = _petition_inputs(petition_id)
    PetitionerKey.objects.bulk_create(
        [
            PetitionerKey(
                unit_id=fact.unit_id,
                unit_path=fact.unit_path,
                petition_id=petition_id,
                kind=kind,
                key=key,
                received_on=fact.received_on,
            )
            for kind, key in keys
        ],
        ignore_conflicts=True,
    )
    candidates = _person_candidates(petition_id, keys)
    for candidate in _content_candidates(fact, content):
        previous = candidates.get(candidate.petition_id)
        candidates[candidate.petition_id] = _Candidate(
            candidate.petition_id,
            by_person=previous is not None,
            similarity=candidate.similarity,
        )
    for linked in _same_matter(petition_id):
        candidates.pop(linked, None)
    known = set(
        RepeatMatch.objects.filter(petition_id=petition_id).values_list(
            "matched_petition_id", flat=True
        )
    )
    # A pair found before keeps the unit's decision on it (merged, dismissed).
    matches = [
        match
        for match in _classify(fact, candidates)
        if match.matched_petition_id not in known
    ]
    if matches:
        RepeatMatch.objects.bulk_create(matches, ignore_conflicts=True)
        # The fact's repeat, skip-level and multi-send flags are derived from
        # the stored matches, as every later change of the petition does.
        petition_fact_sync(Petition.objects.get(pk=petition_id))
        kinds = {match.kind for match in matches}
        notify_units(
            units=[fact.unit],
            permission=Permission.PETITION_REGISTER,
            kind=NotificationKind.REPEAT_FOUND,
            title=f"{fact.tracking_number}："
            + "、".join(MatchKind(kind).label for kind in sorted(kinds)),
            subject_type="petition",
            subject_id=str(petition_id),
            dedupe_key=f"repeat:{petition_id}",
        )
    return list(
        RepeatMatch.objects.filter(petition_id=petition_id)
        .select_related("unit", "matched_unit")
        .order_by("created_at", "id")
    )


def _same_matter(petition_id: uuid.UUID, limit: int = 20) -> set[uuid.UUID]:
    """Petitions linked to this one by transfers, assignments or escalations:
    the same matter in other units, never a repeat of itself."""
    seen = {petition_id}
    frontier = {petition_id}
    while frontier and len(seen) < limit:
        pairs = CaseLink.objects.filter(
            Q(source_petition_id__in=frontier) | Q(target_petition_id__in=frontier)
        ).values_list("source_petition_id", "target_petition_id")
        frontier = {pid for pair in pairs for pid in pair} - seen
        seen |= frontier
    return seen - {petition_id}


def _person_candidates(
    petition_id: uuid.UUID, keys: set[tuple[str, str]]
) -> dict[uuid.UUID, _Candidate]:
    if not keys:
        return {}
    rows = (
        PetitionerKey.objects.filter(key__in=[key for _, key in keys])
        .exclude(petition_id=petition_id)
        .values_list("petition_id", flat=True)
        .distinct()
    )
    return {pid: _Candidate(pid, by_person=True, similarity=None) for pid in rows}


def _content_candidates(fact: CaseFact, content: str) -> list[_Candidate]:
    shingle_set = similarity.shingles(content)
    if not shingle_set:
        return []
    signature = similarity.minhash_signature(shingle_set)
    bands = similarity.lsh_bands(signature)
    stored, created = ContentSignature.objects.get_or_create(
        petition_id=fact.petition_id,
        defaults={
            "unit_id": fact.unit_id,
            "unit_path": fact.unit_path,
            "signature": list(signature),
            "received_on": fact.received_on,
        },
    )
    if created:
        ContentBand.objects.bulk_create(
            [ContentBand(signature=stored, band=band) for band in bands]
        )
    others = (
        ContentSignature.objects.filter(bands__band__in=bands)
        .exclude(petition_id=fact.petition_id)
        .distinct()
    )
    found = []
    for other in others:
        score = similarity.estimate_similarity(signature, other.signature)
        if score >= similarity.POSSIBLE_REPEAT_THRESHOLD:
            found.append(_Candidate(other.petition_id, False, score))
    return found


def _classify(fact: CaseFact, candidates: dict) -> list[RepeatMatch]:
    earlier = CaseFact.objects.filter(petition_id__in=list(candidates)).select_related(
        "unit"
    )
    matches = []
    for other in earlier:
        candidate = candidates[other.petition_id]
        kind = _match_kind(fact, other, candidate)
        basis = (
            MatchBasis.BOTH
            if candidate.by_person and candidate.similarity is not None
            else MatchBasis.PETITIONER
            if candidate.by_person
            else MatchBasis.CONTENT
        )
        matches.append(
            RepeatMatch(
                unit_id=fact.unit_id,
                petition_id=fact.petition_id,
                matched_unit_id=other.unit_id,
                matched_petition_id=other.petition_id,
                kind=kind,
                basis=basis,
                similarity=candidate.similarity,
                is_merge_offered=other.unit_id == fact.unit_id and other.is_open,
            )
        )
    return matches


def _match_kind(fact: CaseFact, other: CaseFact, candidate: _Candidate) -> str:
    if other.unit_id == fact.unit_id:
        return MatchKind.REPEAT
    below = other.unit_path.startswith(fact.unit_path + ".")
    if below and other.is_open:
        # Already accepted or in progress at a lower unit (Art 19).
        return MatchKind.SKIP_LEVEL
    same_letter = (
        candidate.similarity is not None
        and candidate.similarity >= similarity.SAME_LETTER_THRESHOLD
    )
    close_in_time = abs(fact.received_on - other.received_on) <= datetime.timedelta(
        days=MULTI_SEND_WINDOW_DAYS
    )
    if same_letter and close_in_time:
        return MatchKind.MULTI_SEND
    return MatchKind.REPEAT


def _match_for_update(actor: User, match_id: int) -> RepeatMatch:
    """Lock one of the actor's unit's matches; another unit's looks not found."""
    match = (
        RepeatMatch.objects.select_for_update()
        .select_related("unit", "matched_unit")
        .filter(pk=match_id, unit_id=acting_unit_id(actor))
        .first()
    )
    if match is None:
        raise not_found("重复信访关联", field="matchId")
    return match


def _decide(match: RepeatMatch, *, actor: User, state: str, note: str) -> None:
    match.state = state
    match.decided_by = actor
    match.decided_at = timezone.now()
    match.decision_note = note
    match.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])


def repeat_match_merge(*, actor: User, match_id: int, note: str = "") -> RepeatMatch:
    """Merge a later petition into the earlier one of the same unit (并案).

    The later case closes; its timeline and the earlier case's both record the
    merge, and the merged match is what points the later case at the earlier
    one (its petitioners and attachments are shown with the earlier case).
    Matches across units stay linked and are never merged. Merging twice
    changes nothing the second time.

    The later matter is then handled wherever the earlier one is: where the
    earlier case is assigned (交办) to a unit below, the later case's material
    must be allowed to go there (recusal, confidentiality, a leader's decision
    where its accused's unit is unknown). Checked and logged before the
    merge's transaction, so that a refusal stays recorded.
    """
    _merge_guard(actor, match_id)
    return _repeat_match_merge_atomic(actor=actor, match_id=match_id, note=note)


def _merge_guard(actor: User, match_id: int) -> None:
    match = (
        RepeatMatch.objects.filter(pk=match_id, unit_id=acting_unit_id(actor))
        .exclude(state=MatchState.MERGED)
        .first()
    )
    if match is None or match.matched_unit_id != match.unit_id:
        return  # the merge itself answers these
    handlers = CaseLink.objects.filter(
        source_unit_id=match.unit_id,
        source_petition_id=match.matched_petition_id,
        state__in=OPEN_LINK_STATES,
    ).select_related("target_unit")
    for link in handlers:
        material_guard(
            actor=actor,
            source=acting_unit(actor),
            target=link.target_unit,
            petition_id=match.petition_id,
            codes=MergeCode,
        )


@transaction.atomic
def _repeat_match_merge_atomic(*, actor: User, match_id: int, note: str) -> RepeatMatch:
    match = _match_for_update(actor, match_id)
    if match.state == MatchState.MERGED:
        return match
    if match.matched_unit_id != match.unit_id:
        raise DomainError(
            MergeCode.CROSS_UNIT_MERGE,
            f"在先信访件在{match.matched_unit.name}，跨单位的重复件不能合并，"
            "保持关联，由共同的上级单位掌握",
            field="matchId",
        )
    if match.state != MatchState.OPEN:
        raise DomainError(
            MergeCode.ALREADY_DECIDED, "该关联已排除为非重复，不能合并", field="matchId"
        )
    # Lock both cases in a stable order so two merges cannot deadlock.
    locked = {
        petition.pk: petition
        for petition in Petition.objects.select_for_update()
        .filter(pk__in=[match.petition_id, match.matched_petition_id])
        .order_by("pk")
    }
    later = locked.get(match.petition_id)
    earlier = locked.get(match.matched_petition_id)
    if later is None or earlier is None:
        raise not_found("信访件", field="matchId")
    if not later.is_open():
        raise DomainError(
            MergeCode.CASE_CLOSED,
            "该信访件已办结或已作处理，不能再合并",
            field="matchId",
        )
    if not earlier.is_open():
        raise DomainError(
            MergeCode.EARLIER_CASE_CLOSED,
            f"在先信访件{earlier.tracking_number}已办结，不能并入；请按重复信访处理",
            field="matchId",
        )
    if _in_open_flow(later.pk):
        raise DomainError(
            MergeCode.CASE_IN_FLOW,
            "该信访件正在交办、转办或上报流程中，不能合并；待流程结束后再处理",
            field="matchId",
        )
    # The match decides the later case's facts (merged, not open): record it
    # before the petition change syncs them.
    _decide(match, actor=actor, state=MatchState.MERGED, note=note)
    today = timezone.localdate()
    petition_change(
        later,
        actor=actor,
        action=EventAction.CLOSURE_APPROVED,
        changes={"status": Status.CLOSED, "closed_on": today, "closed_by": actor},
        note=f"作为重复件并入{earlier.tracking_number}办理"
        + (f"：{note}" if note else ""),
        extra={"kind": "merged", "merged_into": earlier.tracking_number},
    )
    petition_change(
        earlier,
        actor=actor,
        action=EventAction.HANDLING_RECORDED,
        note=f"重复件{later.tracking_number}并入本件办理",
        extra={"kind": "merge_received", "merged_from": later.tracking_number},
    )
    return match


def _in_open_flow(petition_id: uuid.UUID) -> bool:
    """Sent to or received from another unit, with the link still open: the
    other unit waits on this very case (a result report, an objection)."""
    return (
        CaseLink.objects.filter(
            Q(source_petition_id=petition_id) | Q(target_petition_id=petition_id)
        )
        .filter(state__in=OPEN_LINK_STATES)
        .exists()
    )


@transaction.atomic
def repeat_match_dismiss(*, actor: User, match_id: int, note: str = "") -> RepeatMatch:
    """Mark a match false (非重复): the petition's flags drop it. A merged
    match cannot be dismissed; dismissing twice changes nothing."""
    match = _match_for_update(actor, match_id)
    if match.state == MatchState.DISMISSED:
        return match
    if match.state != MatchState.OPEN:
        raise DomainError(
            MergeCode.ALREADY_DECIDED, "该关联已并案，不能排除", field="matchId"
        )
    petition = Petition.objects.select_for_update().filter(pk=match.petition_id).first()
    if petition is None:
        raise not_found("信访件", field="matchId")
    _decide(match, actor=actor, state=MatchState.DISMISSED, note=note)
    petition_change(
        petition,
        actor=actor,
        action=EventAction.HANDLING_RECORDED,
        note=f"经核实与{match.matched_unit.name}的在先信访件不是重复件"
        + (f"：{note}" if note else ""),
        extra={"kind": "repeat_dismissed", "matched_unit": match.matched_unit.code},
    )
    return match
