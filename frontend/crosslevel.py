"""Cross-level downloads: the files a result report (报结) or a supervision
order's reply (督办回复) sent up.

Session-authenticated, like the petition pages; the selectors scope the file
to the two units of the link or order, so anything else is simply not found.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.views.decorators.http import require_GET

from core.errors import CommonErrorCode, DomainError
from supervision.crosslevel import selectors
from tenants.models import AuditAction
from tenants.services import audit


@require_GET
@login_required
def result_report_attachment_download(request, report_id, attachment_id):
    """A file of a result report as a download, never rendered inline."""
    return _download(
        lambda: selectors.result_report_attachment_file(
            actor=request.user, report_id=report_id, attachment_id=attachment_id
        ),
        request=request,
        target=f"result_report:{report_id}",
        details={"result_report": report_id, "attachment": str(attachment_id)},
        attachment_id=attachment_id,
    )


@require_GET
@login_required
def supervision_order_reply_attachment_download(request, reply_id, attachment_id):
    """A file of a supervision order's reply as a download, never inline."""
    return _download(
        lambda: selectors.supervision_order_reply_attachment_file(
            actor=request.user, reply_id=reply_id, attachment_id=attachment_id
        ),
        request=request,
        target=f"supervision_order_reply:{reply_id}",
        details={"supervision_order_reply": reply_id, "attachment": str(attachment_id)},
        attachment_id=attachment_id,
    )


def _download(read, *, request, target: str, details: dict, attachment_id):
    """Read the file (403 with the reason, or 404), audit the download, and
    send it as an attachment."""
    try:
        found = read()
    except DomainError as error:
        if error.code == CommonErrorCode.PERMISSION_DENIED:
            return HttpResponseForbidden(error.message)
        raise Http404 from None
    audit.audit_record(
        action=AuditAction.ATTACHMENT_DOWNLOADED,
        actor=request.user,
        target=target,
        details=details,
    )
    response = HttpResponse(found.content, content_type=found.content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=attachment-{attachment_id}; "
        f"filename*=UTF-8''{quote(found.name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
