"""The registry of final matters (复核终结事项, 《信访工作条例》Art 36).

After 复核 a matter is final in the whole tree, not only in the units of its
review chain: the same person bringing the same matter to any unit is shown
the final decision at registration and is not accepted again. The registry
lives in the public schema and holds only what matching needs: the
petitioner keys (keyed hashes) and the MinHash signature of the content.
A matter matches when it shares a petitioner key AND its content is at least
as similar as a possible repeat (`POSSIBLE_REPEAT_THRESHOLD`): the same person
with another matter, or another person with a similar letter, is not blocked.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from supervision.crosslevel.models import (
    CaseLink,
    FinalMatter,
    FinalMatterKey,
    LinkKind,
    LinkState,
)
from supervision.facts.models import CaseFact
from supervision.models import Petition
from supervision.rules import similarity
from supervision.rules.keys import PetitionerKeyKind
from supervision.rules.workcalendar import chinese_date
from tenants.crossing import UnitRef, run_across_units
from tenants.models import Unit


@dataclass(frozen=True)
class MatterInputs:
    """What the registry keeps of a petition: keys and content signature."""

    keys: frozenset[tuple[str, str]]
    signature: tuple[int, ...] | None


@dataclass(frozen=True)
class FinalMatterMatch:
    """A final matter matching a petition, as the registering unit may see it.

    The final unit and the date are always shown (an upper unit decided, in
    a document served on the petitioner); the tracking number of the 复核 case
    only to units that already see that case: the final unit and the units
    above it (through the facts of their subtree) and the units whose cases
    went up to it for 复查 and 复核 (through the case's review chain).
    """

    final_unit: Unit
    decided_on: datetime.date
    tracking_number: str | None
    similarity: float

    @property
    def description(self) -> str:
        number = f"（{self.tracking_number}）" if self.tracking_number else ""
        return (
            f"同一信访人反映的同一事项已于{chinese_date(self.decided_on)}"
            f"经{self.final_unit.name}复核终结{number}"
        )


def matter_inputs(
    *, citizen_id_keys: list[str], phone_keys: list[str], content: str
) -> MatterInputs:
    """Keys and signature from a petition's (or a form's) hashed identities
    and content."""
    keys = {(PetitionerKeyKind.CITIZEN_ID.value, key) for key in citizen_id_keys if key}
    keys |= {(PetitionerKeyKind.PHONE.value, key) for key in phone_keys if key}
    shingle_set = similarity.shingles(content)
    signature = similarity.minhash_signature(shingle_set) if shingle_set else None
    return MatterInputs(keys=frozenset(keys), signature=signature)


def petition_matter_inputs(petition: Petition) -> MatterInputs:
    """Keys and signature of a petition of the active unit's schema."""
    rows = list(petition.petitioners.values_list("citizen_id_key", "phone_key"))
    return matter_inputs(
        citizen_id_keys=[citizen_id_key for citizen_id_key, _ in rows],
        phone_keys=[phone_key for _, phone_key in rows],
        content=petition.content,
    )


def final_matter_matches(*, unit: Unit, inputs: MatterInputs) -> list[FinalMatterMatch]:
    """Final matters of the same petitioner with similar content, most similar
    first, as `unit` may see them. Read-only; callable from any schema."""
    if not inputs.keys or inputs.signature is None:
        return []
    # A petitioner key is selective: few matters share one, so their
    # signatures are compared directly, without the LSH band index.
    matters = (
        FinalMatter.objects.filter(keys__key__in=[key for _, key in inputs.keys])
        .select_related("final_unit")
        .distinct()
    )
    scored = []
    for matter in matters:
        score = similarity.estimate_similarity(inputs.signature, matter.signature)
        if score >= similarity.POSSIBLE_REPEAT_THRESHOLD:
            scored.append((matter, score))
    if not scored:
        return []
    visible = [
        matter.review_petition_id
        for matter, _ in scored
        if matter.final_unit.is_in_subtree_of(unit)
        or unit.pk in _chain_unit_ids(matter.review_petition_id)
    ]
    numbers = dict(
        CaseFact.objects.filter(petition_id__in=visible).values_list(
            "petition_id", "tracking_number"
        )
    )
    matches = [
        FinalMatterMatch(
            final_unit=matter.final_unit,
            decided_on=matter.decided_on,
            tracking_number=numbers.get(matter.review_petition_id),
            similarity=round(score, 2),
        )
        for matter, score in scored
    ]
    return sorted(matches, key=lambda match: (-match.similarity, match.decided_on))


def _chain_unit_ids(review_petition_id: uuid.UUID) -> set[int]:
    """Units below the 复核 case in its review chain: the 复查 unit that
    asked for it and the unit whose answer the 复查 reviewed."""
    asked = CaseLink.objects.filter(
        kind=LinkKind.RE_REVIEW, target_petition_id=review_petition_id
    ).values_list("source_unit_id", "source_petition_id")
    units = {unit_id for unit_id, _ in asked}
    units |= set(
        CaseLink.objects.filter(
            kind=LinkKind.REVIEW,
            target_petition_id__in=[petition_id for _, petition_id in asked],
        ).values_list("source_unit_id", flat=True)
    )
    return units


def _store(
    *,
    unit_id: int,
    petition_id: uuid.UUID,
    decided_on: datetime.date,
    inputs: MatterInputs,
) -> FinalMatter | None:
    if inputs.signature is None:
        # Nothing to match the content against (an empty text cannot be
        # registered): no entry rather than one that matches every letter.
        return None
    matter, created = FinalMatter.objects.get_or_create(
        review_petition_id=petition_id,
        defaults={
            "final_unit_id": unit_id,
            "decided_on": decided_on,
            "signature": list(inputs.signature),
        },
    )
    if created:
        FinalMatterKey.objects.bulk_create(
            [
                FinalMatterKey(matter=matter, kind=kind, key=key)
                for kind, key in inputs.keys
            ]
        )
    return matter


@transaction.atomic
def final_matter_record(
    *, unit: Unit, petition: Petition, decided_on: datetime.date
) -> FinalMatter | None:
    """Enter the matter of `unit`'s 复核 case `petition` (in the active schema)
    in the registry, in the transaction of the 复核 decision. Recording twice
    keeps the first entry."""
    return _store(
        unit_id=unit.pk,
        petition_id=petition.pk,
        decided_on=decided_on,
        inputs=petition_matter_inputs(petition),
    )


@dataclass(frozen=True)
class _Decided:
    petition_id: uuid.UUID
    inputs: MatterInputs


def _decided_without_entry():
    known = FinalMatter.objects.values("review_petition_id")
    return CaseLink.objects.filter(
        kind=LinkKind.RE_REVIEW, state=LinkState.DECIDED
    ).exclude(target_petition_id__in=known)


def final_matters_missing() -> int:
    """How many matters decided by 复核 the registry lacks (normally none)."""
    return _decided_without_entry().count()


def final_matter_backfill() -> int:
    """Enter every matter already decided by 复核 that the registry lacks
    (matters made final before the registry existed, or restored data); one
    unit schema at a time. Returns how many were entered; a second run
    enters none."""
    pending = _decided_without_entry().values_list(
        "target_unit_id", "target_petition_id", "closed_on"
    )
    by_unit: dict[int, dict[uuid.UUID, datetime.date]] = defaultdict(dict)
    for unit_id, petition_id, closed_on in pending:
        by_unit[unit_id][petition_id] = closed_on
    if not by_unit:
        return 0

    def read(ref: UnitRef) -> list[_Decided]:
        petitions = Petition.objects.filter(pk__in=list(by_unit[ref.id]))
        return [
            _Decided(petition.pk, petition_matter_inputs(petition))
            for petition in petitions
        ]

    read_in_units = run_across_units(read, units=Unit.objects.filter(pk__in=by_unit))
    units = {unit.code: unit.pk for unit in Unit.objects.filter(pk__in=by_unit)}
    entered = 0
    with transaction.atomic():
        for code, decided in read_in_units.items():
            unit_id = units[code]
            for item in decided:
                stored = _store(
                    unit_id=unit_id,
                    petition_id=item.petition_id,
                    decided_on=by_unit[unit_id][item.petition_id],
                    inputs=item.inputs,
                )
                entered += stored is not None
    return entered
