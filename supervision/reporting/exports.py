"""Exports: a report as DOCX in the customary official layout, statistics as XLSX.

Both read the statistics stored with the report's version, so a download shows
exactly what was submitted, not what the facts say today.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from supervision.facts.measures import RATES
from supervision.reporting.models import Report, ReportSection, ReportVersion
from supervision.reporting.statistics import BREAKDOWNS, COUNT_LABELS, SUM_LABELS
from supervision.rules.workcalendar import chinese_date
from tenants.models import Unit

CHINESE_ORDINALS = "一二三四五六七八九十"
# Figures shown in the report's first table, in this order.
MAIN_FIGURES = (
    "received",
    "accepted",
    "not_accepted",
    "closed",
    "closed_in_time",
    "open",
    "self_handled",
    "transferred",
    "assigned",
    "supervised",
    "repeat",
    "skip_level",
    "collective",
    "collective_headcount",
    "received_from_above",
)
# Labels of the values the petition lifecycle writes; others are shown as stored.
VALUE_LABELS = {
    "letter": "来信",
    "visit": "来访",
    "call": "来电",
    "online": "网上信访",
    "suggestion": "建议意见",
    "accusation": "检举控告",
    "appeal": "申诉求决",
    "province": "省管干部",
    "city": "市管干部",
    "county": "县管干部",
    "township": "乡镇管理干部",
    "unknown": "未分类",
}


# Endings of requirement titles dropped when titling the report itself.
TITLE_ENDINGS = ("统计月报", "书面报告", "统计报表", "月报", "报告", "情况")


def report_title(report: Report) -> str:
    """“<unit>关于<matter>情况的报告”, the customary title of a report upward."""
    matter = report.requirement.title
    for ending in TITLE_ENDINGS:
        if matter.endswith(ending):
            matter = matter[: -len(ending)]
            break
    return f"{report.unit.name}关于{matter}情况的报告"


def figure_label(key: str) -> str:
    return COUNT_LABELS.get(key) or SUM_LABELS[key]


def figure_value(figures: dict, key: str) -> int | str:
    if key in figures.get("sums", {}):
        return figures["sums"][key]
    # A version submitted before a figure was defined does not have it.
    return figures["counts"].get(key, "—")


def percent(value: str | None) -> str:
    if value is None:
        return "—"
    return f"{(Decimal(value) * 100).quantize(Decimal('0.01'))}%"


def _unit_names(statistics: dict) -> dict[str, str]:
    codes = list(statistics.get("children", {}))
    return dict(Unit.objects.filter(code__in=codes).values_list("code", "short_name"))


def _set_font(run, size: float, *, bold: bool = False, name: str = "仿宋") -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = name
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)


def _paragraph(document, text: str, *, size=16, bold=False, align=None, name="仿宋"):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    _set_font(paragraph.add_run(text), size, bold=bold, name=name)
    return paragraph


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)


def report_docx(report: Report, version: ReportVersion) -> bytes:
    """The report as a Word document: title, 文号, addressee, numbered sections
    with the statistics tables, signature and date."""
    requirement = report.requirement
    statistics = version.statistics
    total = statistics["total"]
    own = statistics["own"]
    names = _unit_names(statistics)
    document = Document()
    _paragraph(
        document, report.document_number, size=16, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    _paragraph(
        document,
        report_title(report),
        size=22,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        name="方正小标宋简体",
    )
    _paragraph(document, f"{report.reviewer_unit.name}：")
    _paragraph(
        document,
        f"现将本单位{chinese_date(requirement.period_start)}至"
        f"{chinese_date(requirement.period_end)}组织系统信访工作情况报告如下。",
    )
    sections = [(key, label) for key, label in ReportSection.choices]
    present = [(key, label) for key, label in sections if version.sections.get(key)]
    if not present:
        present = [(ReportSection.BASIC_SITUATION.value, "基本情况")]
    for index, (key, label) in enumerate(present):
        _paragraph(
            document, f"{CHINESE_ORDINALS[index]}、{label}", bold=True, name="黑体"
        )
        for line in (version.sections.get(key) or "").splitlines():
            if line.strip():
                _paragraph(document, line.strip())
        if index == 0:
            _statistics_tables(document, own, total, statistics, names)
    _paragraph(document, "")
    _paragraph(document, report.unit.name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(
        document,
        chinese_date(timezone.localtime(version.submitted_at)),
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _statistics_tables(document, own, total, statistics, names) -> None:
    _paragraph(document, "表1 信访总体情况", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _table(
        document,
        ["项目", "本级", "合计（含下级）"],
        [
            [figure_label(key), figure_value(own, key), figure_value(total, key)]
            for key in MAIN_FIGURES
        ],
    )
    _paragraph(document, "表2 主要指标", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _table(
        document,
        ["指标", "计算方法", "本级", "合计（含下级）"],
        [
            [
                rate.label,
                rate.definition,
                percent(own["rates"][rate.key]),
                percent(total["rates"][rate.key]),
            ]
            for rate in RATES
        ],
    )
    _paragraph(document, "表3 分类情况", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    rows = []
    for name, label in BREAKDOWNS.items():
        for value, count in total["breakdowns"][name].items():
            rows.append([label, VALUE_LABELS.get(value, value), count])
    _table(document, ["分类", "项目", "件数（含下级）"], rows)
    children = statistics.get("children", {})
    if children:
        _paragraph(
            document, "表4 下级单位情况", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
        )
        _table(
            document,
            ["单位", "收件", "受理", "办结", "办结率", "按期办结率", "满意率"],
            [
                [
                    names.get(code, code),
                    figures["counts"]["received"],
                    figures["counts"]["accepted"],
                    figures["counts"]["closed"],
                    percent(figures["rates"]["closure"]),
                    percent(figures["rates"]["closed_in_time"]),
                    percent(figures["rates"]["satisfaction"]),
                ]
                for code, figures in children.items()
            ],
        )


def statistics_xlsx(report: Report, version: ReportVersion) -> bytes:
    """The statistics of a report's version as a workbook: figures, rates,
    breakdowns; one column for the unit itself, its subtree and each child."""
    statistics = version.statistics
    names = _unit_names(statistics)
    columns = [("本级", statistics["own"]), ("合计（含下级）", statistics["total"])]
    columns += [
        (names.get(code, code), figures)
        for code, figures in statistics.get("children", {}).items()
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "总体情况"
    sheet.append([f"{report.unit.name} {report.requirement.title}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [
            f"统计期：{report.requirement.period_start}至{report.requirement.period_end}",
            f"文号：{report.document_number}",
            f"版本：{version.number}",
        ]
    )
    sheet.append(["项目", *[label for label, _ in columns]])
    for key in (*COUNT_LABELS, *SUM_LABELS):
        sheet.append(
            [figure_label(key), *[figure_value(figures, key) for _, figures in columns]]
        )
    sheet.column_dimensions["A"].width = 22

    rates = workbook.create_sheet("主要指标")
    rates.append(["指标", "计算方法", *[label for label, _ in columns]])
    for rate in RATES:
        row = [rate.label, rate.definition]
        for _, figures in columns:
            value = figures["rates"][rate.key]
            row.append(None if value is None else float(Decimal(value)))
        rates.append(row)
        for cell in rates[rates.max_row][2:]:
            cell.number_format = "0.00%"
    rates.column_dimensions["A"].width = 16
    rates.column_dimensions["B"].width = 48

    breakdowns = workbook.create_sheet("分类情况")
    breakdowns.append(["分类", "项目", *[label for label, _ in columns]])
    for name, label in BREAKDOWNS.items():
        values = sorted(
            {value for _, figures in columns for value in figures["breakdowns"][name]}
        )
        for value in values:
            breakdowns.append(
                [
                    label,
                    VALUE_LABELS.get(value, value),
                    *[
                        figures["breakdowns"][name].get(value, 0)
                        for _, figures in columns
                    ],
                ]
            )
    for worksheet in workbook.worksheets:
        for cell in worksheet[1 if worksheet.title != "总体情况" else 3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
