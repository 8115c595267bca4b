"""Write sample documents from the database (after `make seed`): the latest
report version as DOCX and XLSX, and one notice of each kind as DOCX and PDF,
for `make docs-preview` to render to PNG. Reads only: notices not yet issued
are written as their preview (without a 文号)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from supervision.documents.notices import notice_docx, notice_pdf
from supervision.models import Petition
from supervision.reporting.exports import report_docx, statistics_xlsx
from supervision.reporting.models import ReportVersion
from supervision.services.notices import NoticeKind, notice_available, notice_build
from tenants.crossing import activate_request_unit
from tenants.models import Unit


class Command(BaseCommand):
    help = "导出公文样张（报告 DOCX/XLSX、各类告知书 DOCX/PDF）供预览"

    def add_arguments(self, parser):
        parser.add_argument("--out", default="var/docs-preview")
        parser.add_argument("--unit", default="320102", help="取告知书样张的单位代码")

    def handle(self, *args, **options):
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        # The recent version with the most cases, so the tables have rows.
        recent = ReportVersion.objects.select_related(
            "report__unit", "report__requirement"
        ).order_by("-submitted_at")[:50]
        version = max(
            recent,
            key=lambda v: v.statistics["total"]["counts"].get("received", 0),
            default=None,
        )
        if version is None:
            raise CommandError("没有已报送的报告：请先 make seed")
        report = version.report
        (out / "report.docx").write_bytes(report_docx(report, version))
        (out / "statistics.xlsx").write_bytes(statistics_xlsx(report, version))
        written = ["report.docx", "statistics.xlsx"]
        unit = Unit.objects.get(code=options["unit"])
        activate_request_unit(unit)
        try:
            petitions = list(Petition.objects.order_by("received_on")[:400])
            for kind in NoticeKind:
                petition = next(
                    (p for p in petitions if notice_available(p, kind)), None
                )
                if petition is None:
                    continue
                notice = notice_build(petition, kind)
                (out / f"notice-{kind}.docx").write_bytes(notice_docx(notice, unit))
                (out / f"notice-{kind}.pdf").write_bytes(notice_pdf(notice, unit))
                written += [f"notice-{kind}.docx", f"notice-{kind}.pdf"]
        finally:
            activate_request_unit(None)
        for name in written:
            self.stdout.write(str(out / name))
