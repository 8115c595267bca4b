"""Recomputing every open clock that a new holiday schedule moves.

Petition clocks (the cached `due_on` and its fact), the result and objection
dates of open cross-level links, the reply dates of open supervision orders and
the due dates of report requirements not yet past. Each date is recomputed from
what it was set from (the clock's start or the date someone set), so a second
run changes nothing; each moved date is an event with the old and new date.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone

from supervision.crosslevel import petitions
from supervision.crosslevel.due_dates import due_date, requested_due_date
from supervision.crosslevel.models import (
    REVIEW_LINK_KINDS,
    CaseLink,
    CaseLinkEvent,
    CrossLevelAction,
    LinkKind,
    LinkState,
    OrderAction,
    OrderState,
    SupervisionOrder,
    SupervisionOrderEvent,
)
from supervision.facts.models import CaseFact
from supervision.holidays import cache
from supervision.reporting.models import ReportRequirement
from supervision.rules.clocks import ClockCode
from supervision.rules.workcalendar import chinese_date
from supervision.services.maintenance import petition_dues_recompute_across_units
from tenants.crossing import run_across_units
from tenants.models import Unit

_REASON = "节假日安排调整，期限重新计算"
# Links whose sender may still receive an objection (Art 23).
_OBJECTION_KINDS = (LinkKind.TRANSFER, LinkKind.ASSIGN, LinkKind.ESCALATE)


@dataclass(frozen=True)
class RecomputeResult:
    """How many dates moved, by kind of record."""

    petitions: int
    links: int
    orders: int
    requirements: int


def _moved_note(label: str, old: datetime.date, new: datetime.date) -> str:
    return f"{_REASON}：{label}由{chinese_date(old)}调整为{chinese_date(new)}"


def _case_event(
    unit: Unit,
    petition_id: uuid.UUID | None,
    *,
    field: str,
    label: str,
    old: datetime.date,
    new: datetime.date,
) -> None:
    if petition_id is None:
        return
    run_across_units(
        partial(
            petitions.linked_due_recomputed,
            petition_id=petition_id,
            field=field,
            old=old,
            new=new,
            note=_moved_note(label, old, new),
        ),
        units=[unit],
    )


def _link_dues(link: CaseLink) -> dict[str, datetime.date]:
    dues = {}
    if link.kind in _OBJECTION_KINDS and link.state == LinkState.ACTIVE:
        dues["objection_due_on"] = due_date(ClockCode.REMIT_OBJECTION, link.sent_on)
    if link.kind == LinkKind.ASSIGN and link.due_on is not None:
        dues["due_on"] = (
            requested_due_date(link.requested_due_on)
            if link.requested_due_on
            else due_date(ClockCode.ASSIGNMENT_RESULT, link.sent_on)
        )
    if link.kind in REVIEW_LINK_KINDS and link.due_on is not None:
        # The 复查/复核 unit's own decision deadline, recomputed with its
        # petition (first in this job); the link shows it to the sender.
        fact_due_on = (
            CaseFact.objects.filter(petition_id=link.target_petition_id)
            .values_list("due_on", flat=True)
            .first()
        )
        if fact_due_on is not None:
            dues["due_on"] = fact_due_on
    return dues


def _link_label(link: CaseLink, field: str) -> str:
    if field == "objection_due_on":
        return "异议期限"
    return (
        "报结期限"
        if link.kind == LinkKind.ASSIGN
        else f"{link.get_kind_display()}办理期限"
    )


def _links_recompute() -> int:
    moved = 0
    links = (
        CaseLink.objects.select_for_update()
        .filter(state__in=(LinkState.ACTIVE, LinkState.OBJECTED, LinkState.REPORTED))
        .select_related("target_unit")
        .order_by("pk")
    )
    for link in links:
        for field, new in _link_dues(link).items():
            old = getattr(link, field)
            if new == old:
                continue
            setattr(link, field, new)
            link.save(update_fields=[field])
            label = _link_label(link, field)
            CaseLinkEvent.objects.create(
                link=link,
                action=CrossLevelAction.DUE_RECOMPUTED,
                actor=None,
                unit=link.target_unit,
                note=_moved_note(label, old, new),
            )
            _case_event(
                link.target_unit,
                link.target_petition_id,
                field=f"link_{field}",
                label=label,
                old=old,
                new=new,
            )
            moved += 1
    return moved


def _orders_recompute() -> int:
    moved = 0
    orders = (
        SupervisionOrder.objects.select_for_update()
        .filter(state=OrderState.OPEN)
        .select_related("target_unit")
        .order_by("pk")
    )
    for order in orders:
        new = (
            requested_due_date(order.requested_due_on)
            if order.requested_due_on
            else due_date(ClockCode.SUPERVISION_REPLY, order.issued_on)
        )
        old = order.due_on
        if new == old:
            continue
        order.due_on = new
        order.save(update_fields=["due_on"])
        SupervisionOrderEvent.objects.create(
            order=order,
            action=OrderAction.DUE_RECOMPUTED,
            note=_moved_note("回复期限", old, new),
        )
        _case_event(
            order.target_unit,
            order.petition_id,
            field="order_due_on",
            label=f"督办单{order.number}回复期限",
            old=old,
            new=new,
        )
        moved += 1
    return moved


def _requirements_recompute(today: datetime.date) -> int:
    moved = 0
    # A requirement already past its date stays as it fell due: reports
    # counted late then are not made on time afterwards.
    requirements = ReportRequirement.objects.select_for_update().filter(
        due_on__gte=today
    )
    for requirement in requirements.order_by("pk"):
        requested = requirement.requested_due_on or requirement.due_on
        new = requested_due_date(requested)
        if new == requirement.due_on:
            continue
        requirement.requested_due_on = requested
        requirement.due_on = new
        requirement.save(update_fields=["requested_due_on", "due_on"])
        moved += 1
    return moved


def open_clocks_recompute() -> RecomputeResult:
    """Recompute every open clock and due date with the calendar as entered now.

    Idempotent: a date that already equals its recomputation is left alone, so
    a second run (or the daily run) changes nothing.
    """
    cache.refresh()
    today = timezone.localdate()
    with transaction.atomic():
        moved_petitions = petition_dues_recompute_across_units()
        moved_links = _links_recompute()
        moved_orders = _orders_recompute()
        moved_requirements = _requirements_recompute(today)
    return RecomputeResult(
        petitions=moved_petitions,
        links=moved_links,
        orders=moved_orders,
        requirements=moved_requirements,
    )
