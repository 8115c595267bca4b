"""Supervision orders (督办单): issue, reply, escalate when overdue."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePath

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError, not_found
from supervision.crosslevel import petitions
from supervision.crosslevel.due_dates import due_date, requested_due_date
from supervision.crosslevel.errors import SupervisionOrderErrorCode
from supervision.crosslevel.models import (
    OrderAction,
    OrderState,
    ReplyKind,
    SupervisionOrder,
    SupervisionOrderEvent,
    SupervisionOrderReply,
    SupervisionOrderReplyFile,
)
from supervision.crosslevel.services.links import material_guard
from supervision.facts.models import CaseFact
from supervision.inbox.models import NotificationKind
from supervision.inbox.services import notify_units
from supervision.rules.clocks import ClockCode
from supervision.services import attachments as attachment_service
from supervision.services.common import acting_unit
from tenants import crossing
from tenants.models import Unit, User
from tenants.roles import Permission

# Files a topic order's reply may carry, each within the staff upload's
# limit, together within one multipart request (graphql_api.core.upload).
MAX_REPLY_FILES = 5
MAX_REPLY_FILES_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class ReplyFile:
    """A file sent with a topic order's reply, unread: its name and chunks."""

    name: str
    chunks: Iterable[bytes]


# An order still unanswered this many days after its reminder goes to the
# issuing unit's leaders as a bulletin (通报).
BULLETIN_AFTER_DAYS = 5


def _order_event(order, action, *, actor=None, note="") -> None:
    SupervisionOrderEvent.objects.create(
        order=order, action=action, actor=actor, note=note
    )


def order_change(
    order: SupervisionOrder,
    state: OrderState,
    *,
    action: OrderAction,
    actor: User,
    note: str = "",
    **fields,
) -> None:
    """Move an order to `state` along ORDER_TRANSITIONS, save it with
    `fields` and log the step: every change of an order's state ends here."""
    if not order.can_become(state):
        raise DomainError(
            SupervisionOrderErrorCode.ORDER_ANSWERED,
            f"督办单当前为“{order.get_state_display()}”，不能{action.label}",
        )
    order.state = state
    for name, value in fields.items():
        setattr(order, name, value)
    order.save(update_fields=["state", *fields])
    _order_event(order, action, actor=actor, note=note)


def supervision_order_issue(
    *,
    actor: User,
    target_code: str,
    topic: str,
    method: str,
    requirement: str,
    petition_id: uuid.UUID | None = None,
    due_on: datetime.date | None = None,
) -> SupervisionOrder:
    """An ancestor supervises a descendant's case or a topic (督查督办).

    An order that attaches a case presses the supervised unit to handle it:
    never the unit whose main leader the case reports, nor the accused's own
    unit. Checked and logged outside the order's transaction, so that the
    refusal stays recorded although nothing else is."""
    issuer = acting_unit(actor)
    topic, requirement = topic.strip(), requirement.strip()
    if not topic:
        raise DomainError(
            SupervisionOrderErrorCode.TOPIC_REQUIRED, "请填写督办事项", field="topic"
        )
    if not requirement:
        raise DomainError(
            SupervisionOrderErrorCode.REQUIREMENT_REQUIRED,
            "请填写督办要求",
            field="requirement",
        )
    target = Unit.objects.filter(code=target_code, is_active=True).first()
    if target is None:
        raise not_found("单位", field="targetCode")
    if not target.is_below(issuer):
        raise DomainError(
            SupervisionOrderErrorCode.INVALID_TARGET,
            "只能对本单位的下级单位督办",
            field="targetCode",
        )
    if petition_id is not None:
        if not CaseFact.objects.filter(petition_id=petition_id, unit=target).exists():
            raise not_found("被督办信访件", field="petitionId")
        material_guard(
            actor=actor,
            source=issuer,
            target=target,
            petition_id=petition_id,
            codes=SupervisionOrderErrorCode,
            subjects_unit=target,
            check_unknown=False,
        )
    return _supervision_order_issue_atomic(
        actor=actor,
        issuer=issuer,
        target=target,
        topic=topic,
        method=method,
        requirement=requirement,
        petition_id=petition_id,
        due_on=due_on,
    )


@transaction.atomic
def _supervision_order_issue_atomic(
    *,
    actor: User,
    issuer: Unit,
    target: Unit,
    topic: str,
    method: str,
    requirement: str,
    petition_id: uuid.UUID | None,
    due_on: datetime.date | None,
) -> SupervisionOrder:
    today = timezone.localdate()
    requested_due_on = due_on
    due_on = (
        requested_due_date(due_on)
        if due_on
        else due_date(ClockCode.SUPERVISION_REPLY, today)
    )
    if (requested_due_on or due_on) <= today:
        raise DomainError(
            SupervisionOrderErrorCode.INVALID_DUE_DATE,
            "回复期限须晚于今天",
            field="dueOn",
        )
    number = f"DB{issuer.code}-{today:%Y%m%d}-{uuid.uuid4().hex[:6].upper()}"
    order = SupervisionOrder.objects.create(
        number=number,
        issuer_unit=issuer,
        target_unit=target,
        petition_id=petition_id,
        topic=topic,
        method=method,
        requirement=requirement,
        issued_on=today,
        due_on=due_on,
        requested_due_on=requested_due_on,
        issued_by=actor,
    )
    _order_event(order, OrderAction.ISSUED, actor=actor)
    if petition_id is not None:
        crossing.in_descendant_across_units(
            partial(
                petitions.supervised_mark,
                petition_id=petition_id,
                actor=actor,
                note=f"督办单{order.number}：{topic}",
            ),
            actor=actor,
            source=issuer,
            target=target,
        )
    notify_units(
        units=[target],
        kind=NotificationKind.SUPERVISION_ORDER,
        title=f"{issuer.short_name}督办单 {order.number}：{topic}",
        body=requirement,
        subject_type="supervision_order",
        subject_id=str(order.pk),
        dedupe_key=f"order:{order.pk}:issued",
    )
    return order


@transaction.atomic
def supervision_order_reply(
    *,
    actor: User,
    order_id: int,
    kind: str,
    content: str,
    attachment_ids: list[uuid.UUID] | None = None,
    files: list[ReplyFile] | None = None,
) -> SupervisionOrderReply:
    """The supervised unit replies in writing: progress, or the result that
    answers the order; with files already uploaded to the supervised case
    (`attachment_ids`) or, for a topic order, files sent with the reply
    itself (`files`). The issuer downloads them."""
    order = (
        SupervisionOrder.objects.select_for_update()
        .select_related("issuer_unit", "target_unit")
        .filter(pk=order_id, target_unit=acting_unit(actor))
        .first()
    )
    if order is None:
        raise not_found("督办单", field="orderId")
    if not order.can_reply():
        raise DomainError(SupervisionOrderErrorCode.ORDER_ANSWERED, "该督办单已办结")
    if not content.strip():
        raise DomainError(
            SupervisionOrderErrorCode.CONTENT_REQUIRED,
            "请填写回复内容",
            field="content",
        )
    attachments = _reply_attachments(order, attachment_ids or [])
    checked = _reply_files_checked(order, files or [])
    reply = SupervisionOrderReply.objects.create(
        order=order,
        kind=kind,
        content=content,
        attachments=attachments,
        replied_by=actor,
    )
    if checked:
        reply.attachments = _reply_files_store(reply, checked)
        reply.save(update_fields=["attachments"])
    _order_event(order, OrderAction.REPLIED, actor=actor, note=content[:200])
    if kind == ReplyKind.RESULT:
        order_change(
            order,
            OrderState.ANSWERED,
            action=OrderAction.ANSWERED,
            actor=actor,
            answered_on=timezone.localdate(),
        )
    notify_units(
        units=[order.issuer_unit],
        permission=Permission.SUPERVISION_ISSUE,
        kind=NotificationKind.SUPERVISION_REPLY,
        title=f"督办单 {order.number} 收到{ReplyKind(kind).label}回复",
        subject_type="supervision_order",
        subject_id=str(order.pk),
        dedupe_key=f"order-reply:{reply.pk}",
    )
    return reply


def _reply_attachments(order: SupervisionOrder, ids: list[uuid.UUID]) -> list[dict]:
    """The chosen files of the supervised case, read in the supervised unit's
    schema (the request acts for it); a topic order has no case to hold them."""
    if not ids:
        return []
    if order.petition_id is None:
        raise DomainError(
            SupervisionOrderErrorCode.INVALID_ATTACHMENT,
            "专题督办单没有督办件，附件请随信访件上传",
            field="attachmentIds",
        )
    refs = petitions.own_attachment_refs(order.petition_id, ids)
    if refs is None:
        raise DomainError(
            SupervisionOrderErrorCode.INVALID_ATTACHMENT,
            "只能附上督办件已上传的附件",
            field="attachmentIds",
        )
    return refs


def _reply_files_checked(order: SupervisionOrder, files: list[ReplyFile]) -> list:
    """Every file read and checked (count, and the staff upload's size and
    type by content) before anything is written; only a topic order's reply
    carries its own files, a case order's go to the case."""
    if not files:
        return []
    if order.petition_id is not None:
        raise DomainError(
            SupervisionOrderErrorCode.INVALID_ATTACHMENT,
            "督办件的附件请上传到信访件后选择",
            field="files",
        )
    if len(files) > MAX_REPLY_FILES:
        raise DomainError(
            SupervisionOrderErrorCode.TOO_MANY_FILES,
            f"附件不能超过{MAX_REPLY_FILES}个",
            field="files",
        )
    checked = []
    for file in files:
        label = PurePath(file.name or "").name[:200] or "附件"
        data, suffix, content_type = attachment_service.staff_file_checked(
            chunks=file.chunks,
            code=SupervisionOrderErrorCode,
            field="files",
            label=label,
        )
        checked.append((label, data, suffix, content_type))
    if sum(len(item[1]) for item in checked) > MAX_REPLY_FILES_BYTES:
        raise DomainError(
            SupervisionOrderErrorCode.FILE_TOO_LARGE,
            f"附件合计不能超过{MAX_REPLY_FILES_BYTES // (1024 * 1024)}MB",
            field="files",
        )
    return checked


def reply_file_directory(order: SupervisionOrder) -> Path:
    """A topic order's reply files live with the supervised unit's files."""
    return attachment_service.unit_file_directory(order.target_unit.schema_name)


def _reply_files_store(reply: SupervisionOrderReply, checked: list) -> list[dict]:
    """Store the checked files encrypted by the one storage path; if anything
    fails, the files already written are removed and the reply rolls back."""
    directory = reply_file_directory(reply.order)
    written: list[str] = []
    refs = []
    try:
        for name, data, suffix, content_type in checked:
            stored_name = attachment_service.sealed_file_write(
                directory=directory, data=data, suffix=suffix
            )
            written.append(stored_name)
            item = SupervisionOrderReplyFile.objects.create(
                reply=reply,
                original_name=name,
                stored_name=stored_name,
                content_type=content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
            refs.append({"id": str(item.pk), "name": name, "size": len(data)})
    except BaseException:
        for stored_name in written:
            (directory / stored_name).unlink(missing_ok=True)
        raise
    return refs


def reply_file_read(
    reply: SupervisionOrderReply, attachment_id: uuid.UUID
) -> petitions.AttachmentFile | None:
    """A file a topic order's reply carries, for the selector that scoped the
    reply to the order's two units; None when it is not that reply's."""
    item = SupervisionOrderReplyFile.objects.filter(
        reply=reply, pk=attachment_id
    ).first()
    if item is None:
        return None
    content = attachment_service.sealed_file_read(
        directory=reply_file_directory(reply.order), stored_name=item.stored_name
    )
    return petitions.AttachmentFile(item.original_name, item.content_type, content)


@transaction.atomic
def supervision_order_escalate(*, order_id: int, today: datetime.date) -> int:
    """Escalate one overdue order a step: a reminder to the supervised unit,
    then a bulletin to the issuer's leaders. Safe to run twice: the stage is
    read and advanced under a lock. Returns the stage reached."""
    order = (
        SupervisionOrder.objects.select_for_update()
        .select_related("issuer_unit", "target_unit")
        .get(pk=order_id)
    )
    if not order.is_overdue(today):
        return order.escalation_stage
    if order.escalation_stage == 0:
        notify_units(
            units=[order.target_unit],
            kind=NotificationKind.OVERDUE_REMINDER,
            title=f"督办单 {order.number} 已逾期，请立即回复",
            subject_type="supervision_order",
            subject_id=str(order.pk),
            dedupe_key=f"order:{order.pk}:reminder",
        )
        order.escalation_stage = 1
        order.save(update_fields=["escalation_stage"])
        _order_event(order, OrderAction.REMINDED, note=f"{today:%Y-%m-%d}逾期催办")
    if order.escalation_stage == 1 and (today - order.due_on).days > (
        BULLETIN_AFTER_DAYS
    ):
        # The issuing unit's leaders: the only role that approves.
        notify_units(
            units=[order.issuer_unit],
            permission=Permission.PETITION_APPROVE,
            kind=NotificationKind.OVERDUE_BULLETIN,
            title=(
                f"通报：{order.target_unit.short_name}逾期未回复督办单 {order.number}"
            ),
            subject_type="supervision_order",
            subject_id=str(order.pk),
            dedupe_key=f"order:{order.pk}:bulletin",
        )
        order.escalation_stage = 2
        order.save(update_fields=["escalation_stage"])
        _order_event(order, OrderAction.BULLETINED, note=f"{today:%Y-%m-%d}逾期通报")
    return order.escalation_stage
