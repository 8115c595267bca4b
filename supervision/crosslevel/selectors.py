"""Reads of cross-level flows, scoped to what the actor's unit takes part in."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import Count, F, Max, Min, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from core.errors import not_found
from supervision.crosslevel.models import (
    REVIEW_LINK_KINDS,
    CaseLink,
    LinkKind,
    MatchState,
    Notification,
    PetitionerKey,
    RefusalLog,
    RepeatMatch,
    SupervisionOrder,
)
from supervision.crosslevel.services.links import PROBLEM_CASE_THRESHOLD
from supervision.facts.models import CaseFact
from supervision.models import LegalType
from tenants.models import LEVEL_DEPTH, PATH_SEPARATOR, Unit, User
from tenants.roles import Permission
from tenants.scoping import subtree_q

# How many petitions of one person make a long-term petitioner (信访老户).
LONG_TERM_MIN_PETITIONS = 3


def _acting_unit(actor: User) -> Unit | None:
    if not actor.is_authenticated or not actor.is_active or actor.unit_id is None:
        return None
    return actor.unit


def _attach_facts(links: list[CaseLink]) -> list[CaseLink]:
    """Give each link the live facts of both its petitions, in one query."""
    ids = [link.target_petition_id for link in links] + [
        link.source_petition_id for link in links
    ]
    facts = {
        fact.petition_id: fact for fact in CaseFact.objects.filter(petition_id__in=ids)
    }
    for link in links:
        link.target_fact = facts.get(link.target_petition_id)
        link.source_fact = facts.get(link.source_petition_id)
    return links


def case_link_list(
    *,
    actor: User,
    direction: str | None = None,
    petition_id: uuid.UUID | None = None,
) -> list[CaseLink]:
    """Links the actor's unit sent ('sent') or received ('received'), newest first."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.PETITION_VIEW):
        return []
    if direction == "sent":
        scope = Q(source_unit=unit)
    elif direction == "received":
        scope = Q(target_unit=unit)
    else:
        scope = Q(source_unit=unit) | Q(target_unit=unit)
    links = (
        CaseLink.objects.filter(scope)
        .select_related("source_unit", "target_unit")
        .prefetch_related("events__unit", "reports", "objections")
    )
    if petition_id is not None:
        links = links.filter(
            Q(source_petition_id=petition_id) | Q(target_petition_id=petition_id)
        )
    return _attach_facts(list(links[:500]))


def case_link_get(*, actor: User, link_id: int) -> CaseLink:
    """One link the actor's unit takes part in; otherwise not found."""
    unit = _acting_unit(actor)
    link = (
        CaseLink.objects.filter(Q(source_unit=unit) | Q(target_unit=unit), pk=link_id)
        .select_related("source_unit", "target_unit")
        .prefetch_related("events__unit", "reports", "objections")
        .first()
        if unit is not None and actor.has_unit_permission(Permission.PETITION_VIEW)
        else None
    )
    if link is None:
        raise not_found("转办交办记录")
    return _attach_facts([link])[0]


def supervision_order_list(
    *, actor: User, direction: str | None = None, overdue_only: bool = False
) -> QuerySet[SupervisionOrder]:
    """Orders the actor's unit issued ('issued') or received ('received')."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.PETITION_VIEW):
        return SupervisionOrder.objects.none()
    if direction == "issued":
        scope = Q(issuer_unit=unit)
    elif direction == "received":
        scope = Q(target_unit=unit)
    else:
        scope = Q(issuer_unit=unit) | Q(target_unit=unit)
    orders = SupervisionOrder.objects.filter(scope)
    if overdue_only:
        orders = orders.filter(state="open", due_on__lt=timezone.localdate())
    return orders.select_related("issuer_unit", "target_unit").prefetch_related(
        "replies", "events"
    )


def supervision_order_get(*, actor: User, order_id: int) -> SupervisionOrder:
    order = supervision_order_list(actor=actor).filter(pk=order_id).first()
    if order is None:
        raise not_found("督办单")
    return order


def repeat_match_list(*, actor: User, petition_id: uuid.UUID) -> QuerySet[RepeatMatch]:
    """Earlier petitions matched with one of the actor's unit's petitions."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.PETITION_VIEW):
        return RepeatMatch.objects.none()
    return RepeatMatch.objects.filter(
        unit=unit, petition_id=petition_id
    ).select_related("unit", "matched_unit")


def repeat_match_get(*, actor: User, match_id: int) -> RepeatMatch:
    """One of the actor's unit's repeat matches, with its earlier petition's fact."""
    unit = _acting_unit(actor)
    match = (
        RepeatMatch.objects.filter(unit=unit, pk=match_id)
        .select_related("unit", "matched_unit")
        .first()
        if unit is not None and actor.has_unit_permission(Permission.PETITION_VIEW)
        else None
    )
    if match is None:
        raise not_found("重复信访关联", field="matchId")
    match.matched_fact = matched_facts([match]).get(match.matched_petition_id)
    return match


def merged_petition_ids(*, actor: User, petition_id: uuid.UUID) -> list[uuid.UUID]:
    """The later petitions of the actor's unit merged into this one (并案)."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.PETITION_VIEW):
        return []
    return list(
        RepeatMatch.objects.filter(
            unit=unit,
            matched_unit=unit,
            matched_petition_id=petition_id,
            state=MatchState.MERGED,
        )
        .order_by("created_at", "id")
        .values_list("petition_id", flat=True)
    )


# The subtree view lists the newest matches; older ones stay on each case.
SUBTREE_MATCH_LIMIT = 200


def subtree_repeat_match_list(*, actor: User) -> list[RepeatMatch]:
    """Matches between two different units of the actor's subtree, newest
    first, with both petitions' facts: a match across units is never merged,
    so the units' common ancestors keep it in view."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.SUBTREE_VIEW):
        return []
    matches = list(
        RepeatMatch.objects.filter(
            subtree_q(unit, prefix="unit__"), subtree_q(unit, prefix="matched_unit__")
        )
        .exclude(unit=F("matched_unit"))
        .select_related("unit", "matched_unit")
        .order_by("-created_at", "-id")[:SUBTREE_MATCH_LIMIT]
    )
    ids = [m.petition_id for m in matches] + [m.matched_petition_id for m in matches]
    facts = {f.petition_id: f for f in CaseFact.objects.filter(petition_id__in=ids)}
    for match in matches:
        match.petition_fact = facts.get(match.petition_id)
        match.matched_fact = facts.get(match.matched_petition_id)
    return matches


def matched_facts(matches) -> dict[uuid.UUID, CaseFact]:
    ids = [match.matched_petition_id for match in matches]
    return {f.petition_id: f for f in CaseFact.objects.filter(petition_id__in=ids)}


@dataclass(frozen=True)
class LongTermPetitioner:
    """A person (known only by a keyed hash) with many petitions in the subtree."""

    label: str
    petition_count: int
    unit_count: int
    first_received_on: datetime.date
    last_received_on: datetime.date


def long_term_petitioner_list(
    *, actor: User, min_petitions: int = LONG_TERM_MIN_PETITIONS
) -> list[LongTermPetitioner]:
    """信访老户 of the actor's subtree, most petitions first."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.PETITION_VIEW):
        return []
    rows = (
        PetitionerKey.objects.filter(subtree_q(unit, prefix="unit_"))
        .values("key")
        .annotate(
            petitions=Count("petition_id", distinct=True),
            units=Count("unit_id", distinct=True),
            first=Min("received_on"),
            last=Max("received_on"),
        )
        .filter(petitions__gte=min_petitions)
        .order_by("-petitions", "key")[:200]
    )
    return [
        LongTermPetitioner(
            label=row["key"][:12],
            petition_count=row["petitions"],
            unit_count=row["units"],
            first_received_on=row["first"],
            last_received_on=row["last"],
        )
        for row in rows
    ]


def problem_case_list(*, actor: User) -> QuerySet[CaseFact]:
    """Open cases of the subtree transferred or returned three times or more."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.SUBTREE_VIEW):
        return CaseFact.objects.none()
    return (
        CaseFact.objects.filter(subtree_q(unit, prefix="unit_"), is_open=True)
        .annotate(moves=F("transfer_count") + F("return_count"))
        .filter(moves__gte=PROBLEM_CASE_THRESHOLD)
        .select_related("unit")
        .order_by("-moves", "received_on")
    )


def notification_list(*, actor: User, unread_only: bool = False):
    """The actor's own inbox, newest first."""
    if not actor.is_authenticated:
        return Notification.objects.none()
    notifications = Notification.objects.filter(recipient=actor)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications


def refusal_log_list(*, actor: User) -> QuerySet[RefusalLog]:
    """Refused transfers (回避、保密) tried from the actor's subtree, and the
    leaders' decisions that allow one, for the leaders and supervisors who
    watch it."""
    unit = _acting_unit(actor)
    if unit is None or not actor.has_unit_permission(Permission.SUBTREE_VIEW):
        return RefusalLog.objects.none()
    return RefusalLog.objects.filter(
        subtree_q(unit, prefix="source_unit__")
    ).select_related("actor", "source_unit", "target_unit")


def review_chain_list(*, petition_id: uuid.UUID) -> list[CaseLink]:
    """The 复查/复核 links of the matter a petition belongs to, first request
    first. The caller has read the petition in its own unit (scoping done)."""
    chain = list(
        CaseLink.objects.filter(
            Q(source_petition_id=petition_id) | Q(target_petition_id=petition_id),
            kind__in=REVIEW_LINK_KINDS,
        ).select_related("source_unit", "target_unit")
    )
    # A matter has at most a 复查 and a 复核 link; the middle case (the 复查
    # unit's) touches both, the others need the one beyond theirs.
    known = {link.pk for link in chain}
    ends = {link.source_petition_id for link in chain} | {
        link.target_petition_id for link in chain
    }
    ends.discard(petition_id)
    if ends and len(chain) < 2:
        chain += [
            link
            for link in CaseLink.objects.filter(
                Q(source_petition_id__in=ends) | Q(target_petition_id__in=ends),
                kind__in=REVIEW_LINK_KINDS,
            ).select_related("source_unit", "target_unit")
            if link.pk not in known
        ]
    chain.sort(key=lambda link: (link.kind != LinkKind.REVIEW, link.pk))
    prefetch_related_objects(chain, "events__unit", "reports", "objections")
    return _attach_facts(chain)


def _within(unit: Unit, ancestor: Unit) -> bool:
    """`unit` is `ancestor` or one of its descendants."""
    return unit.path == ancestor.path or unit.path.startswith(
        ancestor.path + PATH_SEPARATOR
    )


def repeat_holder_shown(*, actor: User, match: RepeatMatch) -> bool:
    """Whether the actor may learn which unit holds a match's earlier petition.

    A repeat scan tells a unit only that a possible repeat exists. Which unit
    holds it is shown to units above both petitions (the common supervisors,
    the scanning unit included when it supervises the holder), never sideways
    or down, so a dummy petition with someone's phone does not say where that
    person wrote in. An accusation is never named to a unit inside the
    accused's area: only units above the accused's managing level see it.
    """
    viewer = _acting_unit(actor)
    if viewer is None:
        return False
    if match.matched_unit_id == viewer.pk:
        return True
    if not (_within(match.matched_unit, viewer) and _within(match.unit, viewer)):
        return False
    fact = getattr(match, "matched_fact", None)
    if fact is None:
        fact = CaseFact.objects.filter(petition_id=match.matched_petition_id).first()
        match.matched_fact = fact
    if fact is None:
        return False
    if fact.legal_type != LegalType.ACCUSATION:
        return True
    # Without a managing level on record, nobody can be shown to be outside.
    accused_depth = LEVEL_DEPTH.get(fact.accused_level)
    return accused_depth is not None and viewer.depth < accused_depth
