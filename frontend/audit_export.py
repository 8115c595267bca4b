"""The audit log's export (导出): the entries of the 审计记录 page's filter as
an XLSX workbook, for auditors only, itself recorded as DATA_EXPORTED.

The filters are the page's, in the address: `actions` (AuditAction names,
comma-separated, as the API's enum), `actor` (账号), `unit` (单位代码), `below=1`
(含下级单位), `since`/`until` (ISO 8601 with an offset). Each entry is named as
the page names it (信访件编号, the refused operation, the report, order reply
or user), by the same page-wide reads of the API.
"""

from __future__ import annotations

import datetime
import json
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font

from core.errors import CommonErrorCode, DomainError
from graphql_api.tenants.operation_labels import operation_label
from graphql_api.tenants.types import (
    TARGET_LABEL_ATTRIBUTE,
    TRACKING_NUMBER_ATTRIBUTE,
    audit_page_target_labels_attach,
    audit_page_tracking_numbers_attach,
)
from tenants import selectors
from tenants.errors import AuditExportErrorCode
from tenants.models import AuditAction, AuditEntry
from tenants.services.audit import audit_record

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Entries named per read of the page-wide lookups: the same reads the page
# makes, a bounded number of queries per chunk.
CHUNK = 500
HEADER = ("时间（北京时间）", "操作", "操作人", "操作人账号", "单位", "单位代码")
HEADER += ("对象", "来源地址", "详情", "变更前", "变更后")
WIDTHS = (20, 18, 16, 24, 30, 12, 34, 16, 50, 30, 30)


def _error(code, message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"code": str(code), "message": message},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _moment(text: str, name: str) -> datetime.datetime | None:
    if not text:
        return None
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise DomainError(
            AuditExportErrorCode.INVALID_FILTER,
            "时间格式不正确，请重新选择时间范围",
            field=name,
        )
    return moment


def _filters(query) -> dict:
    """The page's filters from the address, as audit_entry_list takes them."""
    actions = []
    for name in filter(None, query.get("actions", "").split(",")):
        if name not in AuditAction.names:
            raise DomainError(
                AuditExportErrorCode.INVALID_FILTER,
                "操作类型不正确，请重新选择",
                field="actions",
            )
        actions.append(AuditAction[name].value)
    unit_code = query.get("unit", "").strip()
    return {
        "actions": actions,
        "actor_username": query.get("actor", "").strip(),
        "unit_code": unit_code,
        "include_subunits": bool(unit_code) and query.get("below") == "1",
        "since": _moment(query.get("since", ""), "since"),
        "until": _moment(query.get("until", ""), "until"),
    }


def _target_text(entry: AuditEntry) -> str:
    """The 对象 as the page shows it (features/audit/labels.ts targetText)."""
    named = getattr(entry, TRACKING_NUMBER_ATTRIBUTE, None) or getattr(
        entry, TARGET_LABEL_ATTRIBUTE, None
    )
    if named:
        return named
    if entry.action == AuditAction.PERMISSION_DENIED:
        details = entry.details if isinstance(entry.details, dict) else {}
        label = operation_label(details.get("operation") or entry.target)
        if label:
            return label
    if isinstance(entry.details, dict) and entry.details.get("petition") == (
        entry.target
    ):
        return f"信访件内部标识：{entry.target}"
    return entry.target


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False) if value else ""


def audit_log_xlsx(entries: list[AuditEntry], *, title: str) -> bytes:
    """The entries as one sheet, newest first, the filter's title above the
    header so a printed page says what it is."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "审计记录"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(list(HEADER))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for start in range(0, len(entries), CHUNK):
        chunk = entries[start : start + CHUNK]
        for entry in chunk:
            sheet.append(
                [
                    timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                    entry.get_action_display(),
                    str(entry.actor) if entry.actor_id else "（未登录）",
                    entry.actor.username if entry.actor_id else "",
                    entry.unit.name if entry.unit_id else "（无所属单位）",
                    entry.unit.code if entry.unit_id else "",
                    _target_text(entry),
                    entry.client_address or "",
                    _json(entry.details),
                    _json(entry.before),
                    _json(entry.after),
                ]
            )
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A3"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _name(entries: list[AuditEntry], *, actor) -> None:
    for start in range(0, len(entries), CHUNK):
        chunk = entries[start : start + CHUNK]
        audit_page_tracking_numbers_attach(chunk, actor=actor)
        audit_page_target_labels_attach(chunk, actor=actor)


def _filters_recorded(filters: dict) -> dict:
    """The export's filters as its entry keeps them: actions by the API's
    enum names (the page labels them), times in ISO 8601, unset ones left out."""
    recorded = {**filters, "actions": [AuditAction(a).name for a in filters["actions"]]}
    return {
        key: value.isoformat() if isinstance(value, datetime.datetime) else value
        for key, value in recorded.items()
        if value
    }


@require_GET
def audit_log_export(request):
    """The audit log's entries of the page's filter as XLSX, for auditors
    (审计员); anyone else 403, more than the export limit 400, each with a
    stable code and a Chinese message."""
    if not request.user.is_authenticated:
        return _error(CommonErrorCode.UNAUTHENTICATED, "请先登录", 401)
    try:
        filters = _filters(request.GET)
        entries = selectors.audit_entry_export_list(actor=request.user, **filters)
    except DomainError as error:
        status = 403 if error.code == CommonErrorCode.PERMISSION_DENIED else 400
        return _error(error.code, error.message, status)
    _name(entries, actor=request.user)
    now = timezone.localtime()
    audit_record(
        action=AuditAction.DATA_EXPORTED,
        actor=request.user,
        target="audit-log",
        details={
            "file": "audit.xlsx",
            "rows": len(entries),
            "filters": _filters_recorded(filters),
        },
    )
    title = f"{request.user.unit.name} 审计记录（导出于 {now:%Y-%m-%d %H:%M}，共 {len(entries)} 条）"
    response = HttpResponse(
        audit_log_xlsx(entries, title=title), content_type=CONTENT_TYPE
    )
    name = f"审计记录-{now:%Y%m%d-%H%M%S}"
    response["Content-Disposition"] = (
        f"attachment; filename=audit-{now:%Y%m%d-%H%M%S}.xlsx; "
        f"filename*=UTF-8''{quote(name)}.xlsx"
    )
    return response
