"""Petition pages: printable notices and the attachment upload endpoint.

Session-authenticated; the middleware has activated the user's own unit, so a
petition of another unit is simply not found.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseForbidden,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.errors import CommonErrorCode, DomainError
from supervision import selectors
from supervision.access import identity_visible
from supervision.documents.notices import (
    notice_docx,
    notice_lines,
    notice_pdf,
    number_text,
    salutation,
)
from supervision.services import attachments as attachment_service
from supervision.services.notices import notice_build, notice_issue
from tenants.models import AuditAction
from tenants.roles import Permission
from tenants.services import audit


def _notice_for(request, petition_id, kind):
    """The case's notice of `kind` for a user who may print it (it shows the
    petitioner's identity); the reading is audited, the timeline untouched."""
    try:
        case = selectors.petition_get(actor=request.user, petition_id=petition_id)
    except DomainError:
        raise Http404 from None
    if not identity_visible(request.user, case):
        _refused(request, "notice_print", [Permission.PETITION_VIEW_IDENTITY])
        return None
    try:
        notice = notice_build(case, kind)
    except DomainError as error:
        raise Http404(error.message) from None
    # A notice prints the petitioner's name and address unmasked.
    audit.identity_revealed(
        actor=request.user,
        petition_id=case.pk,
        petitioner_id=None,
        field="notice",
        how=f"notice:{kind}",
    )
    return notice


@require_GET
@login_required
def petition_notice(request, petition_id, kind):
    """The print page of a notice (告知书 / 处理意见书). Looking at it writes
    nothing on the timeline; only issuing it does (petition_notice_issue)."""
    notice = _notice_for(request, petition_id, kind)
    if notice is None:
        return HttpResponseForbidden("无权打印文书")
    return render(
        request,
        "frontend/notice.html",
        {
            "notice": notice,
            "unit": request.unit,
            "salutation": salutation(notice),
            "lines": notice_lines(notice),
            "number": number_text(notice),
            "error": request.GET.get("error", ""),
        },
    )


@require_POST
@login_required
def petition_notice_issue(request, petition_id, kind):
    """Issue the notice (出具文书): it gets its 文号, recorded once."""
    if _notice_for(request, petition_id, kind) is None:
        return HttpResponseForbidden("无权出具文书")
    page = reverse("petition-notice", args=[petition_id, kind])
    try:
        notice_issue(actor=request.user, petition_id=petition_id, kind=kind)
    except DomainError as error:
        return redirect(f"{page}?error={quote(error.message)}")
    return redirect(page)


NOTICE_FORMATS = {
    "docx": (
        notice_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": (notice_pdf, "application/pdf"),
}


@require_GET
@login_required
def petition_notice_download(request, petition_id, kind, extension):
    """An issued notice as DOCX or PDF; a notice not yet issued has no 文号
    and is not handed out as a file."""
    if extension not in NOTICE_FORMATS:
        raise Http404
    notice = _notice_for(request, petition_id, kind)
    if notice is None:
        return HttpResponseForbidden("无权下载文书")
    if not notice.is_issued:
        raise Http404("文书尚未出具")
    render_notice, content_type = NOTICE_FORMATS[extension]
    response = HttpResponse(
        render_notice(notice, request.unit), content_type=content_type
    )
    name = f"{notice.title}-{notice.petition.tracking_number}.{extension}"
    response["Content-Disposition"] = (
        f"attachment; filename=notice-{kind}.{extension}; "
        f"filename*=UTF-8''{quote(name)}"
    )
    return response


@require_POST
@login_required
def attachment_upload(request, petition_id):
    """Multipart upload of one file (`file`); answers the new attachment's id."""
    user = request.user
    if not (
        user.has_unit_permission(Permission.PETITION_REGISTER)
        or user.has_unit_permission(Permission.PETITION_HANDLE)
    ):
        _refused(
            request,
            "attachment_upload",
            [Permission.PETITION_HANDLE, Permission.PETITION_REGISTER],
        )
        return _error(CommonErrorCode.PERMISSION_DENIED, "无权上传附件", 403)
    upload = request.FILES.get("file")
    if upload is None:
        return _error(CommonErrorCode.INVALID, "请选择要上传的文件", 400)
    try:
        attachment = attachment_service.attachment_add(
            actor=user,
            petition_id=petition_id,
            name=upload.name,
            chunks=upload.chunks(),
        )
    except DomainError as error:
        status = 404 if error.code == CommonErrorCode.NOT_FOUND else 400
        return _error(error.code, error.message, status)
    return JsonResponse(
        {
            "id": str(attachment.pk),
            "originalName": attachment.original_name,
            "size": attachment.size,
        },
        status=201,
    )


@require_GET
@login_required
def attachment_download(request, petition_id, attachment_id):
    """An attachment as a download, never rendered inline."""
    try:
        attachment = selectors.attachment_get(
            actor=request.user, petition_id=petition_id, attachment_id=attachment_id
        )
    except DomainError:
        raise Http404 from None
    try:
        content = attachment_service.attachment_download(
            actor=request.user, attachment=attachment
        )
    except DomainError as error:
        _refused(request, "attachment_download", [Permission.PETITION_VIEW_IDENTITY])
        return HttpResponseForbidden(error.message)
    audit.audit_record(
        action=AuditAction.ATTACHMENT_DOWNLOADED,
        actor=request.user,
        target=str(petition_id),
        details={"petition": str(petition_id), "attachment": str(attachment.pk)},
    )
    response = HttpResponse(content, content_type=attachment.content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=attachment-{attachment.pk}; "
        f"filename*=UTF-8''{quote(attachment.original_name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _refused(request, operation: str, missing: list[str]) -> None:
    audit.audit_record(
        action=AuditAction.PERMISSION_DENIED,
        actor=request.user,
        target=operation,
        details={"operation": operation, "missing": sorted(missing)},
    )


def _error(code, message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"errors": [{"code": str(code), "message": message}]}, status=status
    )
