"""Possible duplicates inside one unit: the same petitioner or the same letter."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from supervision.models import Petition
from supervision.rules.similarity import POSSIBLE_REPEAT_THRESHOLD, jaccard, shingles

# Content is compared with the unit's recent petitions only: a repeat years
# later is matched by the petitioner keys, which are indexed.
RECENT_PETITIONS = 500


class RepeatKind(models.TextChoices):
    """What an earlier case is to a new letter, shown before it is saved."""

    # The same matter (or the same person) while the earlier case is still
    # open, or the same text from anyone: one matter, several letters.
    DUPLICATE = "duplicate", "重复件"
    # The same petitioner with the same matter after the earlier case was
    # concluded (办结 / 归档): a repeat petition, handled as such.
    REPEAT = "repeat", "重复信访"
    # The same matter made final by 复核 (复核终结事项): not accepted again.
    FINAL_MATTER = "final_matter", "终结事项"


@dataclass(frozen=True)
class DuplicateCandidate:
    petition: Petition
    reason: str
    similarity: float
    kind: RepeatKind = RepeatKind.DUPLICATE


def duplicate_candidates(
    *,
    content: str,
    citizen_id_keys: list[str],
    phone_keys: list[str],
    exclude_id=None,
    limit: int = 5,
    same_person_among: Q | None = None,
) -> list[DuplicateCandidate]:
    """Petitions of this unit from the same person, or with near-identical text.

    `same_person_among` narrows the petitions matched by person (a caller's
    identity scope); content matches are never narrowed, as the caller sees
    the text anyway."""
    found: dict = {}
    text = shingles(content) if content.strip() else set()
    if citizen_id_keys or phone_keys:
        same_person = (
            Petition.objects.filter(petitioners__citizen_id_key__in=citizen_id_keys)
            | Petition.objects.filter(petitioners__phone_key__in=phone_keys)
        ).distinct()
        if same_person_among is not None:
            same_person = same_person.filter(same_person_among)
        for petition in same_person.exclude(pk=exclude_id)[:limit]:
            # Only among the caller's identity scope: the kind says nothing
            # about a person the caller may not see.
            same_matter = bool(text) and (
                jaccard(text, shingles(petition.content)) >= POSSIBLE_REPEAT_THRESHOLD
            )
            if same_matter and petition.is_concluded():
                found[petition.pk] = DuplicateCandidate(
                    petition,
                    "同一信访人就同一事项在办结后再次提出",
                    1.0,
                    RepeatKind.REPEAT,
                )
            else:
                found[petition.pk] = DuplicateCandidate(petition, "同一信访人", 1.0)
    if text:
        recent = Petition.objects.exclude(pk=exclude_id)[:RECENT_PETITIONS]
        for petition in recent:
            score = jaccard(text, shingles(petition.content))
            if score >= POSSIBLE_REPEAT_THRESHOLD and petition.pk not in found:
                found[petition.pk] = DuplicateCandidate(
                    petition, "反映内容高度相似", round(score, 2)
                )
    ranked = sorted(found.values(), key=lambda c: -c.similarity)
    return ranked[:limit]
