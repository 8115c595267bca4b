"""Manual urges (催办) of a supervision order not yet answered.

Besides the automatic reminder of an overdue order (orders.
supervision_order_escalate), the issuing unit, or a unit above it, may urge
the supervised unit once a day, from three working days before the reply is
due. Each urge is a step of the order's history seen by both units and a
message in the supervised unit's inbox.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError, not_found
from supervision.crosslevel.due_dates import working_days_left
from supervision.crosslevel.errors import SupervisionOrderUrgeErrorCode
from supervision.crosslevel.models import (
    OrderAction,
    SupervisionOrder,
    SupervisionOrderEvent,
)
from supervision.inbox.models import NotificationKind
from supervision.inbox.services import notify_units
from supervision.rules.workcalendar import chinese_date
from supervision.services.common import acting_unit
from tenants.models import User
from tenants.roles import Permission

# Urging opens this many working days before the reply is due (and stays
# open once it is overdue).
URGE_WINDOW_WORKING_DAYS = 3


def order_urge_allowed_unit(*, actor: User, order: SupervisionOrder) -> bool:
    """Whether the actor may urge the order at all: staff who issue
    supervision orders (督查督办) in the issuing unit or a unit above it."""
    unit = actor.unit if actor.is_authenticated and actor.is_active else None
    if unit is None or not actor.has_unit_permission(Permission.SUPERVISION_ISSUE):
        return False
    issuer = order.issuer_unit
    return issuer.pk == unit.pk or issuer.is_below(unit)


def order_urged_on(order: SupervisionOrder, day: datetime.date) -> bool:
    """Whether someone urged the order on `day` (local date)."""
    # Read through the prefetched history when a list loaded it.
    events = getattr(order, "_prefetched_objects_cache", {}).get("events")
    if events is not None:
        return any(
            event.action == OrderAction.URGED
            and timezone.localdate(event.created_at) == day
            for event in events
        )
    return SupervisionOrderEvent.objects.filter(
        order=order, action=OrderAction.URGED, created_at__date=day
    ).exists()


def order_urge_refusal(
    order: SupervisionOrder, *, today: datetime.date
) -> tuple[SupervisionOrderUrgeErrorCode, str] | None:
    """What forbids urging the order today, as (code, Chinese reason), or
    None; reads only, so the page's button says the same as the service."""
    if not order.can_reply():
        return (
            SupervisionOrderUrgeErrorCode.ORDER_ANSWERED,
            "该督办单已回复办结，无需催办",
        )
    if order_urged_on(order, today):
        return (SupervisionOrderUrgeErrorCode.URGED_TODAY, "今日已催办")
    if working_days_left(order.due_on, today) > URGE_WINDOW_WORKING_DAYS:
        return (
            SupervisionOrderUrgeErrorCode.NOT_DUE_SOON,
            f"回复期限为{chinese_date(order.due_on)}，距期限"
            f"{URGE_WINDOW_WORKING_DAYS}个工作日内或逾期后方可催办",
        )
    return None


@transaction.atomic
def supervision_order_urge(
    *, actor: User, order_id: int, note: str = ""
) -> SupervisionOrder:
    """Urge (催办) the supervised unit to reply: logged on the order's history
    and sent to that unit's inbox. At most once a day per order; the lock on
    the order makes a double submit find the first urge."""
    order = (
        SupervisionOrder.objects.select_for_update()
        .select_related("issuer_unit", "target_unit")
        .filter(pk=order_id)
        .first()
    )
    # A unit outside the issuer's chain sees no such order.
    if order is None or not order_urge_allowed_unit(actor=actor, order=order):
        raise not_found("督办单", field="orderId")
    today = timezone.localdate()
    refusal = order_urge_refusal(order, today=today)
    if refusal is not None:
        raise DomainError(*refusal, field="orderId")
    note = (note or "").strip()
    urger = acting_unit(actor)
    overdue = (
        f"已逾期{(today - order.due_on).days}天"
        if order.is_overdue(today)
        else f"回复期限{chinese_date(order.due_on)}"
    )
    SupervisionOrderEvent.objects.create(
        order=order,
        action=OrderAction.URGED,
        actor=actor,
        note=f"{urger.short_name}催办（{overdue}）" + (f"：{note}" if note else ""),
    )
    notify_units(
        units=[order.target_unit],
        kind=NotificationKind.SUPERVISION_URGED,
        title=f"{urger.short_name}催办督办单 {order.number}（{overdue}），请尽快回复",
        body=note or order.topic,
        subject_type="supervision_order",
        subject_id=str(order.pk),
        dedupe_key=f"order:{order.pk}:urged:{today.isoformat()}",
    )
    return order
