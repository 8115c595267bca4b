"""Important-situation reports (重要情况报告): straight to every ancestor."""

from __future__ import annotations

import uuid

from django.db import transaction

from core.errors import DomainError, not_found
from supervision.crosslevel.errors import ImportantReportErrorCode
from supervision.crosslevel.models import ImportantReport, NotificationKind
from supervision.crosslevel.services.notifications import notify_units
from supervision.facts.models import CaseFact
from tenants.models import User
from tenants.roles import Permission
from tenants.scoping import unit_ancestors


@transaction.atomic
def important_report_submit(
    *,
    actor: User,
    title: str,
    summary: str,
    petition_id: uuid.UUID | None = None,
) -> ImportantReport:
    """Report an important or urgent matter at once to every ancestor (Art 25)."""
    unit = actor.unit
    ancestors = list(unit_ancestors(unit))
    if not ancestors:
        raise DomainError(ImportantReportErrorCode.NO_ANCESTOR, "本单位没有上级单位")
    if not title.strip():
        raise DomainError(
            ImportantReportErrorCode.TITLE_REQUIRED, "请填写标题", field="title"
        )
    if (
        petition_id is not None
        and not CaseFact.objects.filter(petition_id=petition_id, unit=unit).exists()
    ):
        raise not_found("信访件", field="petitionId")
    report = ImportantReport.objects.create(
        unit=unit,
        petition_id=petition_id,
        title=title,
        summary=summary,
        reported_by=actor,
    )
    notify_units(
        units=ancestors,
        permission=Permission.SUBTREE_VIEW,
        kind=NotificationKind.IMPORTANT_REPORT,
        title=f"{unit.short_name}重要情况报告：{title}",
        body=summary,
        subject_type="important_report",
        subject_id=str(report.pk),
        dedupe_key=f"important:{report.pk}",
    )
    return report
