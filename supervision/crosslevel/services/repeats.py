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

from core.errors import not_found
from supervision.crosslevel.models import (
    CaseLink,
    ContentBand,
    ContentSignature,
    MatchBasis,
    MatchKind,
    NotificationKind,
    PetitionerKey,
    RepeatMatch,
)
from supervision.crosslevel.services.links import own_fact
from supervision.crosslevel.services.notifications import notify_units
from supervision.facts.models import CaseFact
from supervision.models import Petition
from supervision.rules import similarity
from supervision.rules.keys import PetitionerKeyKind
from tenants.models import User
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
def petition_repeat_scan(*, actor: User, petition_id: uuid.UUID) -> list[RepeatMatch]:
    """Record a petition's keys and content signature, find earlier petitions
    of the same person or letter anywhere in the tree, classify and link them,
    and flag the petition's fact. Running it twice adds nothing."""
    fact = own_fact(actor, petition_id, for_update=True)
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
    matches = _classify(fact, candidates)
    if matches:
        RepeatMatch.objects.bulk_create(matches, ignore_conflicts=True)
        kinds = {match.kind for match in matches}
        # is_repeat is the unit's own fact value (its duplicate check); the
        # cross-tree kinds are kept here and in the matches.
        fact.is_skip_level = fact.is_skip_level or MatchKind.SKIP_LEVEL in kinds
        fact.is_multi_send = fact.is_multi_send or MatchKind.MULTI_SEND in kinds
        fact.save(update_fields=["is_skip_level", "is_multi_send", "updated_at"])
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
        RepeatMatch.objects.filter(petition_id=petition_id).order_by("created_at", "id")
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
