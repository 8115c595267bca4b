"""Pages: the CSRF cookie endpoint for browser clients and report downloads."""

from urllib.parse import quote

from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.http import require_GET

from core.errors import DomainError
from supervision.reporting import selectors as reporting_selectors
from supervision.reporting.exports import bulletin_docx, report_docx, statistics_xlsx
from tenants.models import AuditAction
from tenants.replica import replica_reads
from tenants.services.audit import audit_record


@require_GET
def csrf(request):
    """Sets the CSRF cookie and returns the token for the X-CSRFToken header."""
    return JsonResponse({"csrfToken": get_token(request)})


EXPORTS = {
    "report.docx": (
        report_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "statistics.xlsx": (
        statistics_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


@require_GET
def report_export(request, report_id: int, filename: str):
    """A report (DOCX) or its statistics (XLSX), read from the replica when
    there is one (tenants.replica): see _report_export."""
    with replica_reads(request):
        return _report_export(request, report_id, filename)


def _report_export(request, report_id: int, filename: str):
    """A report (DOCX) or its statistics (XLSX), for staff who may see the report:
    its own unit and the units above it. Out of scope answers 404, like missing."""
    if not request.user.is_authenticated:
        return HttpResponse("请先登录", status=401, content_type="text/plain")
    if filename not in EXPORTS:
        raise Http404
    version_number = request.GET.get("version")
    try:
        report, version = reporting_selectors.report_version_get(
            actor=request.user,
            report_id=report_id,
            number=int(version_number) if version_number else None,
        )
    except (DomainError, ValueError):
        raise Http404 from None
    render_export, content_type = EXPORTS[filename]
    audit_record(
        action=AuditAction.DATA_EXPORTED,
        actor=request.user,
        unit=report.unit,
        target=f"report-{report.pk}",
        details={"report": report.pk, "version": version.number, "file": filename},
    )
    response = HttpResponse(render_export(report, version), content_type=content_type)
    extension = filename.rsplit(".", 1)[1]
    name = f"{report.unit.short_name}-{report.requirement.title}-v{version.number}"
    response["Content-Disposition"] = (
        f"attachment; filename=report-{report.pk}.{extension}; "
        f"filename*=UTF-8''{quote(name)}.{extension}"
    )
    return response


@require_GET
def bulletin_export(request, bulletin_id: int):
    """An assessment bulletin (DOCX), read from the replica when there is one."""
    with replica_reads(request):
        return _bulletin_export(request, bulletin_id)


def _bulletin_export(request, bulletin_id: int):
    """An assessment bulletin (考核通报) as DOCX, for those who may see it: the
    issuer and the units below it. Out of scope answers 404, like missing."""
    if not request.user.is_authenticated:
        return HttpResponse("请先登录", status=401, content_type="text/plain")
    try:
        bulletin = reporting_selectors.assessment_bulletin_get(
            actor=request.user, bulletin_id=bulletin_id
        )
    except DomainError:
        raise Http404 from None
    audit_record(
        action=AuditAction.DATA_EXPORTED,
        actor=request.user,
        unit=bulletin.issuer_unit,
        target=f"bulletin-{bulletin.pk}",
        details={"bulletin": bulletin.pk, "file": "bulletin.docx"},
    )
    response = HttpResponse(
        bulletin_docx(bulletin), content_type=EXPORTS["report.docx"][1]
    )
    response["Content-Disposition"] = (
        f"attachment; filename=bulletin-{bulletin.pk}.docx; "
        f"filename*=UTF-8''{quote(bulletin.title)}.docx"
    )
    return response
