"""Handling (办理): investigation records, the conclusion, and the one extension."""

from __future__ import annotations

import datetime

from django.db import transaction

from core.errors import DomainError
from supervision.errors import ExtensionErrorCode
from supervision.errors import PetitionHandleErrorCode as Code
from supervision.models import (
    AppealDecision,
    EventAction,
    ExtensionStatus,
    Finding,
    HandlingRecord,
    HandlingRecordKind,
    HandlingResult,
    LegalType,
    Petition,
    Stage,
)
from supervision.rules.clocks import CLOCK_RULES, ClockCode
from supervision.services.common import (
    ensure_handler,
    ensure_not_future,
    ensure_status,
    petition_change,
    petition_lock_for,
    require_text,
)
from tenants.models import User

MAX_EXTENSION_DAYS = CLOCK_RULES[ClockCode.EXTENSION].amount


def _handling(petition_id, actor: User, codes, action: str) -> Petition:
    petition = petition_lock_for(petition_id, actor, codes.RECUSED)
    ensure_status(petition, petition.is_being_handled(), codes.INVALID_STATE, action)
    ensure_handler(petition, actor, codes.NOT_HANDLER)
    return petition


@transaction.atomic
def handling_record_add(
    *,
    actor: User,
    petition_id,
    kind: str,
    occurred_on: datetime.date,
    content: str,
) -> HandlingRecord:
    """Record one investigation step (调查核实、约谈、查阅档案…)."""
    petition = _handling(petition_id, actor, Code, "记录办理情况")
    if kind not in HandlingRecordKind.values:
        raise DomainError(Code.REQUIRED, "请选择办理记录类别", field="kind")
    ensure_not_future(occurred_on, Code.DATE_IN_FUTURE, "occurredOn", "办理日期")
    content = require_text(content, Code.REQUIRED, "content", "办理情况")
    record = HandlingRecord.objects.create(
        petition=petition,
        stage=petition.stage,
        kind=kind,
        occurred_on=occurred_on,
        content=content,
        created_by=actor,
    )
    petition_change(
        petition,
        actor=actor,
        action=EventAction.HANDLING_RECORDED,
        extra={"kind": kind, "occurred_on": occurred_on},
    )
    return record


def _opinion_fields(legal_type: str, values: dict) -> dict:
    """A 申诉求决 answer is a 处理意见书: request, facts, reasons, basis, decision."""
    if legal_type != LegalType.APPEAL:
        return {}
    labels = {
        "request": "信访请求",
        "facts": "查明事实",
        "reasons": "理由",
        "legal_basis": "依据",
    }
    cleaned = {}
    for name, label in labels.items():
        text = (values.get(name) or "").strip()
        if not text:
            raise DomainError(
                Code.OPINION_INCOMPLETE,
                f"处理意见书须写明{label}",
                field=name if name != "legal_basis" else "legalBasis",
            )
        cleaned[name] = text
    decision = values.get("decision") or ""
    if decision not in AppealDecision.values:
        raise DomainError(
            Code.OPINION_INCOMPLETE,
            "处理意见书须作出支持、解释说明或不予支持的意见",
            field="decision",
        )
    cleaned["decision"] = decision
    return cleaned


@transaction.atomic
def petition_conclude(
    *,
    actor: User,
    petition_id,
    summary: str,
    finding: str = "",
    request: str = "",
    facts: str = "",
    reasons: str = "",
    legal_basis: str = "",
    decision: str = "",
) -> HandlingResult:
    """Record the conclusion of the current stage, ready for closure review."""
    petition = _handling(petition_id, actor, Code, "作出办理结论")
    summary = require_text(summary, Code.REQUIRED, "summary", "办理情况")
    if finding and finding not in Finding.values:
        raise DomainError(Code.FINDING_REQUIRED, "核查结论取值无效", field="finding")
    if petition.legal_type == LegalType.ACCUSATION and not finding:
        raise DomainError(
            Code.FINDING_REQUIRED,
            "检举控告类信访须作出属实、部分属实、不属实或查无实据的结论",
            field="finding",
        )
    opinion = _opinion_fields(
        petition.legal_type,
        {
            "request": request,
            "facts": facts,
            "reasons": reasons,
            "legal_basis": legal_basis,
            "decision": decision,
        },
    )
    result = HandlingResult.objects.create(
        petition=petition,
        stage=petition.stage,
        finding=finding,
        summary=summary,
        created_by=actor,
        **opinion,
    )
    petition_change(
        petition,
        actor=actor,
        action=EventAction.CONCLUDED,
        extra={"finding": finding, "decision": opinion.get("decision", "")},
    )
    return result


@transaction.atomic
def extension_request(*, actor: User, petition_id, days: int, reason: str) -> Petition:
    """Ask for the one extension of at most 30 days (Art 34)."""
    petition = petition_lock_for(petition_id, actor, ExtensionErrorCode.RECUSED)
    ensure_status(
        petition,
        petition.is_being_handled(),
        ExtensionErrorCode.INVALID_STATE,
        "申请延期",
    )
    ensure_handler(petition, actor, ExtensionErrorCode.NOT_HANDLER)
    if petition.stage != Stage.ORIGINAL or petition.extension_status in (
        ExtensionStatus.REQUESTED,
        ExtensionStatus.APPROVED,
    ):
        raise DomainError(
            ExtensionErrorCode.ALREADY_EXTENDED,
            "办理期限只能延长一次",
            field="petitionId",
        )
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise DomainError(
            ExtensionErrorCode.TOO_LONG,
            f"延长期限为1至{MAX_EXTENSION_DAYS}日",
            field="days",
        )
    reason = require_text(reason, ExtensionErrorCode.REQUIRED, "reason", "延期理由")
    petition_change(
        petition,
        actor=actor,
        action=EventAction.EXTENSION_REQUESTED,
        changes={
            "extension_status": ExtensionStatus.REQUESTED,
            "extension_days": days,
            "extension_reason": reason,
            "extension_requested_by": actor,
        },
        note=reason,
    )
    return petition


def _pending_extension(petition_id, actor: User, action: str) -> Petition:
    petition = petition_lock_for(petition_id, actor, ExtensionErrorCode.RECUSED)
    if petition.extension_status != ExtensionStatus.REQUESTED:
        raise DomainError(
            ExtensionErrorCode.INVALID_STATE,
            f"本件没有待审批的延期申请，不能{action}",
            field="petitionId",
        )
    return petition


@transaction.atomic
def extension_approve(
    *, actor: User, petition_id, petitioner_told_on: datetime.date
) -> Petition:
    """A leader approves the extension; the petitioner has been told why."""
    petition = _pending_extension(petition_id, actor, "批准")
    ensure_not_future(
        petitioner_told_on,
        ExtensionErrorCode.DATE_IN_FUTURE,
        "petitionerToldOn",
        "告知信访人日期",
    )
    petition_change(
        petition,
        actor=actor,
        action=EventAction.EXTENSION_APPROVED,
        changes={
            "extension_status": ExtensionStatus.APPROVED,
            "extension_approved_by": actor,
            "extension_petitioner_told_on": petitioner_told_on,
        },
    )
    return petition


@transaction.atomic
def extension_reject(*, actor: User, petition_id, reason: str) -> Petition:
    """A leader refuses the extension; the original deadline stands."""
    petition = _pending_extension(petition_id, actor, "不批准")
    reason = require_text(reason, ExtensionErrorCode.REQUIRED, "reason", "不批准理由")
    petition_change(
        petition,
        actor=actor,
        action=EventAction.EXTENSION_REJECTED,
        changes={
            "extension_status": ExtensionStatus.REJECTED,
            "extension_approved_by": actor,
        },
        note=reason,
    )
    return petition
