"""Result reports (报结) of assigned cases, and the assigner's decision."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError, not_found
from supervision.crosslevel import petitions
from supervision.crosslevel.errors import ResultReportErrorCode
from supervision.crosslevel.models import (
    CrossLevelAction,
    LinkKind,
    LinkState,
    ReportState,
    ResultReport,
)
from supervision.crosslevel.services.links import (
    flag_if_problem_case,
    link_change,
    link_for_update,
)
from supervision.facts.models import CaseFact
from supervision.inbox.models import NotificationKind
from supervision.inbox.services import RECEIVED_LINK_WORK, notify_units
from supervision.models import EventAction
from supervision.services.common import acting_unit
from tenants.models import User


@transaction.atomic
def result_report_submit(
    *,
    actor: User,
    link_id: int,
    finding: str = "",
    handling: str = "",
    petitioner_opinion: str = "",
    attachment_ids: list[uuid.UUID] | None = None,
) -> ResultReport:
    """The assignee reports the result of its closed case up (报结), with
    files already uploaded to its own case."""
    link = link_for_update(link_id=link_id, unit=acting_unit(actor), side="target")
    pending = link.reports.filter(state=ReportState.SUBMITTED).first()
    if pending is not None:
        return pending
    if link.kind != LinkKind.ASSIGN:
        raise DomainError(ResultReportErrorCode.NOT_ASSIGNMENT, "只有交办件需要报结")
    if not link.can_report():
        raise DomainError(ResultReportErrorCode.LINK_CLOSED, "该交办件不在办理中")
    # The report restates the unit's own conclusion unless the reporter
    # words it otherwise.
    draft = petitions.result_draft(link.target_petition_id)
    if not draft.is_closed:
        raise DomainError(
            ResultReportErrorCode.CASE_STILL_OPEN, "本单位的信访件办结后才能报结"
        )
    finding = finding or draft.finding
    handling = (handling or "").strip() or draft.handling
    petitioner_opinion = petitioner_opinion or draft.petitioner_opinion
    if not finding or not handling:
        raise DomainError(
            ResultReportErrorCode.REASON_REQUIRED,
            "请填写核查结论和处理情况",
            field="handling",
        )
    attachments = _report_attachments(link.target_petition_id, attachment_ids or [])
    tracking_number = CaseFact.objects.get(
        petition_id=link.target_petition_id
    ).tracking_number
    report = ResultReport.objects.create(
        link=link,
        finding=finding,
        handling=handling,
        petitioner_opinion=petitioner_opinion,
        attachments=attachments,
        submitted_by=actor,
    )
    link_change(
        link,
        LinkState.REPORTED,
        action=CrossLevelAction.REPORT_SUBMITTED,
        actor=actor,
        code=ResultReportErrorCode.LINK_CLOSED,
    )
    result = f"{report.get_finding_display()}；{handling}"
    petitions.link_step_record(
        link,
        actor=actor,
        source=petitions.StepSide(
            EventAction.RESULT_REPORTED, f"收到{link.target_unit.name}报结：{result}"
        ),
        target=petitions.StepSide(
            EventAction.RESULT_REPORTED, f"向{link.source_unit.name}报结：{result}"
        ),
    )
    notify_units(
        units=[link.source_unit],
        kind=NotificationKind.RESULT_REPORT,
        title=f"{link.target_unit.short_name}报结交办件 {tracking_number}",
        subject_type="result_report",
        subject_id=str(report.pk),
        dedupe_key=f"report:{report.pk}",
    )
    return report


def _report_attachments(petition_id: uuid.UUID, ids: list[uuid.UUID]) -> list[dict]:
    """Name and size of each chosen file of the assignee's case, read in its
    own schema (the request acts for it); any other id is refused."""
    refs = petitions.own_attachment_refs(petition_id, ids)
    if refs is None:
        raise DomainError(
            ResultReportErrorCode.INVALID_ATTACHMENT,
            "只能附上本件已上传的附件",
            field="attachmentIds",
        )
    return refs


@transaction.atomic
def result_report_decide(
    *, actor: User, report_id: int, accept: bool, note: str = ""
) -> ResultReport:
    """The assigner accepts the result (the assignment ends) or sends it back:
    the assignee's case reopens, in the same transaction."""
    report = (
        ResultReport.objects.select_for_update()
        .filter(pk=report_id, link__source_unit=acting_unit(actor))
        .first()
    )
    if report is None:
        raise not_found("报结", field="reportId")
    if report.state != ReportState.SUBMITTED:
        raise DomainError(ResultReportErrorCode.NOT_PENDING, "该报结已审核")
    if not accept and not note.strip():
        raise DomainError(
            ResultReportErrorCode.REASON_REQUIRED, "退回重办须说明理由", field="note"
        )
    link = link_for_update(
        link_id=report.link_id, unit=acting_unit(actor), side="source"
    )
    report.state = ReportState.ACCEPTED if accept else ReportState.RETURNED
    report.decided_by = actor
    report.decided_at = timezone.now()
    report.decision_note = note
    report.save()
    if accept:
        link_change(
            link,
            LinkState.ACCEPTED,
            action=CrossLevelAction.REPORT_ACCEPTED,
            actor=actor,
            code=ResultReportErrorCode.NOT_PENDING,
            closed_on=timezone.localdate(),
        )
        reason = f"：{note}" if note.strip() else ""
        # The assigner's own case is closed with it.
        petitions.link_step_record(
            link,
            actor=actor,
            source=petitions.StepSide(
                EventAction.RESULT_ACCEPTED,
                f"认可{link.target_unit.name}报结，本件办结{reason}",
                effect=petitions.StepEffect.CLOSE,
            ),
            target=petitions.StepSide(
                EventAction.RESULT_ACCEPTED,
                f"{link.source_unit.name}认可本件报结{reason}",
            ),
        )
        return report
    # Counted before the reopen, whose fact sync reads the link's return count.
    link_change(
        link,
        LinkState.ACTIVE,
        action=CrossLevelAction.REPORT_RETURNED,
        actor=actor,
        code=ResultReportErrorCode.NOT_PENDING,
        note=note,
        return_count=link.return_count + 1,
    )
    petitions.link_step_record(
        link,
        actor=actor,
        source=petitions.StepSide(
            EventAction.REOPENED, f"退回{link.target_unit.name}报结，要求重办：{note}"
        ),
        target=petitions.StepSide(
            EventAction.REOPENED,
            f"报结被{link.source_unit.short_name}退回：{note}",
            effect=petitions.StepEffect.REOPEN,
        ),
    )
    target_fact = CaseFact.objects.get(
        petition_id=link.target_petition_id, unit=link.target_unit
    )
    flag_if_problem_case(link, target_fact, actor=actor)
    notify_units(
        units=[link.target_unit],
        permission=RECEIVED_LINK_WORK,
        kind=NotificationKind.REPORT_RETURNED,
        title=f"交办件 {target_fact.tracking_number} 报结被退回，请重新办理",
        body=note,
        subject_type="case_link",
        subject_id=str(link.pk),
        dedupe_key=f"report:{report.pk}:returned",
    )
    return report
