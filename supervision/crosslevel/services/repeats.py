"""Repeats across the tree (重复信访 / 越级 / 一信多投).

Petitioners are matched by keyed hashes (HMAC) of their ID numbers and phones;
content by MinHash signatures of character shingles, found through LSH band
keys. No plaintext leaves the unit: the unit hands its plaintext to this
service, which keeps only the hashes.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from supervision.crosslevel.models import (
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
from supervision.rules import similarity
from supervision.rules.keys import PetitionerKeyKind, petitioner_key
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


def _secret() -> bytes:
    return settings.PETITIONER_KEY_SECRET.encode()


def petitioner_keys_of(
    citizen_ids: Iterable[str], phones: Iterable[str]
) -> set[tuple[str, str]]:
    """(kind, HMAC) pairs of the given identity numbers and phones."""
    pairs = set()
    for kind, values in (
        (PetitionerKeyKind.CITIZEN_ID, citizen_ids),
        (PetitionerKeyKind.PHONE, phones),
    ):
        for value in values:
            if value and value.strip():
                pairs.add((kind.value, petitioner_key(kind, value, secret=_secret())))
    return pairs


@transaction.atomic
def petition_repeat_scan(
    *,
    actor: User,
    petition_id: uuid.UUID,
    citizen_ids: Iterable[str] = (),
    phones: Iterable[str] = (),
    content: str = "",
) -> list[RepeatMatch]:
    """Record a newly registered petition's keys and signature, find earlier
    petitions of the same person or letter anywhere in the tree, classify and
    link them, and flag the petition's fact. Running it twice adds nothing."""
    fact = own_fact(actor, petition_id, for_update=True)
    keys = petitioner_keys_of(citizen_ids, phones)
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
    matches = _classify(fact, candidates)
    if matches:
        RepeatMatch.objects.bulk_create(matches, ignore_conflicts=True)
        kinds = {match.kind for match in matches}
        fact.is_repeat = fact.is_repeat or MatchKind.REPEAT in kinds
        fact.is_skip_level = fact.is_skip_level or MatchKind.SKIP_LEVEL in kinds
        fact.is_multi_send = fact.is_multi_send or MatchKind.MULTI_SEND in kinds
        fact.save(update_fields=["is_repeat", "is_skip_level", "is_multi_send"])
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
