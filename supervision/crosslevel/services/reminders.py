"""Deadline scans: warnings, overdue reminders and bulletins, missing reports.

They only notify; what is due or overdue is always computed from due dates at
query time, so nothing is wrong if a scan never ran, and a second run on the
same day adds nothing (each message has a dedupe key, each escalation step a
stage advanced under a lock).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from supervision.crosslevel.models import (
    CaseLink,
    LinkKind,
    LinkState,
    OrderState,
    SupervisionOrder,
)
from supervision.crosslevel.services.orders import (
    BULLETIN_AFTER_DAYS,
    supervision_order_escalate,
)
from supervision.facts.models import CaseFact
from supervision.inbox.models import NotificationKind
from supervision.inbox.services import RECEIVED_LINK_WORK, notify_units
from supervision.rules.clocks import ClockState, clock_state
from tenants.roles import Permission


@dataclass(frozen=True)
class ScanResult:
    """How many notifications or escalation steps a scan produced."""

    warnings: int = 0
    reminders: int = 0
    bulletins: int = 0
    missing_reports: int = 0
    orders_escalated: int = 0
    overdue_cases: int = 0


def deadlines_scan(*, today: datetime.date) -> ScanResult:
    """Run every deadline scan for `today`."""
    warnings, reminders, bulletins = _assignment_scan(today)
    return ScanResult(
        warnings=warnings,
        reminders=reminders,
        bulletins=bulletins,
        missing_reports=_missing_report_scan(),
        orders_escalated=_order_scan(today),
        overdue_cases=_overdue_case_scan(today),
    )


def _assignment_scan(today: datetime.date) -> tuple[int, int, int]:
    warnings = reminders = bulletins = 0
    links = CaseLink.objects.filter(
        kind=LinkKind.ASSIGN,
        state__in=[LinkState.ACTIVE, LinkState.OBJECTED],
        due_on__isnull=False,
    ).select_related("source_unit", "target_unit")
    for link in links:
        due_on = link.due_on
        if due_on is None:  # excluded by the query; a transfer has no due date
            continue
        state = clock_state(link.sent_on, due_on, today)
        subject = {"subject_type": "case_link", "subject_id": str(link.pk)}
        if state is ClockState.WARNING:
            warnings += notify_units(
                units=[link.target_unit],
                permission=RECEIVED_LINK_WORK,
                kind=NotificationKind.DEADLINE_WARNING,
                title=f"交办件将于{due_on:%Y-%m-%d}到期，请按时报结",
                dedupe_key=f"link:{link.pk}:warning",
                **subject,
            )
        elif state is ClockState.OVERDUE:
            reminders += notify_units(
                units=[link.target_unit],
                permission=RECEIVED_LINK_WORK,
                kind=NotificationKind.OVERDUE_REMINDER,
                title=f"交办件已于{due_on:%Y-%m-%d}逾期，请立即报结",
                dedupe_key=f"link:{link.pk}:overdue",
                **subject,
            )
            if (today - due_on).days > BULLETIN_AFTER_DAYS:
                bulletins += notify_units(
                    units=[link.source_unit],
                    permission=Permission.PETITION_APPROVE,
                    kind=NotificationKind.OVERDUE_BULLETIN,
                    title=f"通报：{link.target_unit.short_name}交办件逾期未报结",
                    dedupe_key=f"link:{link.pk}:bulletin",
                    **subject,
                )
    return warnings, reminders, bulletins


def _missing_report_scan() -> int:
    """Assignments whose case the assignee has closed but not reported."""
    links = CaseLink.objects.filter(
        kind=LinkKind.ASSIGN, state=LinkState.ACTIVE
    ).select_related("target_unit")
    closed = set(
        CaseFact.objects.filter(
            petition_id__in=[link.target_petition_id for link in links],
            is_open=False,
        ).values_list("petition_id", flat=True)
    )
    count = 0
    for link in links:
        if link.target_petition_id in closed:
            count += notify_units(
                units=[link.target_unit],
                permission=RECEIVED_LINK_WORK,
                kind=NotificationKind.REPORT_MISSING,
                title="交办件已办结，请向交办单位报结",
                subject_type="case_link",
                subject_id=str(link.pk),
                dedupe_key=f"link:{link.pk}:report-missing:{link.return_count}",
            )
    return count


def _order_scan(today: datetime.date) -> int:
    steps = 0
    overdue = SupervisionOrder.objects.filter(
        state=OrderState.OPEN, due_on__lt=today
    ).values_list("pk", "escalation_stage")
    for order_id, stage in overdue:
        steps += supervision_order_escalate(order_id=order_id, today=today) - stage
    return steps


def _overdue_case_scan(today: datetime.date) -> int:
    count = 0
    with transaction.atomic():
        facts = CaseFact.objects.filter(is_open=True, due_on__lt=today).select_related(
            "unit"
        )
        for fact in facts:
            count += notify_units(
                units=[fact.unit],
                permission=Permission.PETITION_REGISTER,
                kind=NotificationKind.OVERDUE_REMINDER,
                title=f"信访件 {fact.tracking_number} 已于{fact.due_on:%Y-%m-%d}逾期",
                subject_type="petition",
                subject_id=str(fact.petition_id),
                dedupe_key=f"case:{fact.petition_id}:{fact.due_on:%Y%m%d}",
            )
    return count
