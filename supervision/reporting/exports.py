"""Exports: a report as DOCX in the customary official layout, statistics as XLSX.

Both read the statistics stored with the report's version, so a download shows
exactly what was submitted, not what the facts say today.
"""

from __future__ import annotations

import io
import math
import unicodedata
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from supervision.choices import Channel, LegalType, Topic
from supervision.documents.gbt9704 import (
    SIZE_4,
    Masthead,
    OfficialDocument,
    document_date,
    period_text,
)
from supervision.facts.measures import RATES
from supervision.reporting.assessment import METRIC_LABELS
from supervision.reporting.models import (
    AssessmentBulletin,
    Report,
    ReportSection,
    ReportVersion,
)
from supervision.reporting.statistics import BREAKDOWNS, COUNT_LABELS, SUM_LABELS
from tenants.models import Unit, UnitLevel

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
# Chinese labels of the values each breakdown holds: the models' own choices,
# so a new topic or channel is labelled without touching the exports.
ACCUSED_LEVEL_LABELS = {
    UnitLevel.PROVINCE.value: "省管干部",
    UnitLevel.CITY.value: "市管干部",
    UnitLevel.COUNTY.value: "县管干部",
    UnitLevel.TOWNSHIP.value: "乡镇管理干部",
}
BREAKDOWN_VALUE_LABELS = {
    "channel": dict(Channel.choices),
    "legal_type": dict(LegalType.choices),
    "topic": dict(Topic.choices),
    "accused_level": ACCUSED_LEVEL_LABELS,
}
UNCLASSIFIED = "未分类"


def breakdown_label(breakdown: str, value: str) -> str:
    """The Chinese label of one breakdown value; never the stored key."""
    if value in ("", "unknown", None):
        return UNCLASSIFIED
    return BREAKDOWN_VALUE_LABELS.get(breakdown, {}).get(value, UNCLASSIFIED)


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


def report_docx(report: Report, version: ReportVersion) -> bytes:
    """The report as a 公文 sent upward (上行文, GB/T 9704-2012): red masthead,
    发文字号 and 签发人, title, 主送, numbered sections with the statistics
    tables, 落款 and 成文日期 (the day the version was submitted)."""
    requirement = report.requirement
    statistics = version.statistics
    names = _unit_names(statistics)
    title = report_title(report)
    document = OfficialDocument(title_for_properties=title)
    document.masthead(
        Masthead(
            issuer=report.unit.name,
            document_number=report.document_number,
            signatory=report.unit.signatory,
        )
    )
    document.title(title)
    document.addressee(report.reviewer_unit.name)
    document.paragraph(
        f"现将本单位{period_text(requirement.period_start, requirement.period_end)}"
        "组织系统信访工作情况报告如下。"
    )
    sections = [(key, label) for key, label in ReportSection.choices]
    present = [(key, label) for key, label in sections if version.sections.get(key)]
    if not present:
        present = [(ReportSection.BASIC_SITUATION.value, "基本情况")]
    for index, (key, label) in enumerate(present):
        document.heading(f"{CHINESE_ORDINALS[index]}、{label}", level=1)
        for line in (version.sections.get(key) or "").splitlines():
            if line.strip():
                document.paragraph(line.strip())
        if index == 0:
            _statistics_tables(document, statistics, names)
    document.signature(
        issuer=report.unit.name,
        day=timezone.localtime(version.submitted_at).date(),
        closing="特此报告。",
    )
    return document.bytes()


def _statistics_tables(document: OfficialDocument, statistics, names) -> None:
    own, total = statistics["own"], statistics["total"]
    document.table(
        ["项目", "本级", "合计（含下级）"],
        [
            [figure_label(key), figure_value(own, key), figure_value(total, key)]
            for key in MAIN_FIGURES
        ],
        caption="表1 信访总体情况",
    )
    document.table(
        ["指标", "本级", "合计（含下级）"],
        [
            [
                rate.label,
                percent(own["rates"][rate.key]),
                percent(total["rates"][rate.key]),
            ]
            for rate in RATES
        ],
        caption="表2 主要指标",
    )
    document.paragraph(
        "注："
        + "；".join(f"{rate.label}＝{rate.definition}" for rate in RATES)
        + "；无分母的比率记为“—”。",
        size=SIZE_4,
    )
    rows = []
    for name, label in BREAKDOWNS.items():
        for value, count in total["breakdowns"][name].items():
            rows.append([label, breakdown_label(name, value), count])
    if rows:
        document.table(["分类", "项目", "件数（含下级）"], rows, caption="表3 分类情况")
    else:
        document.paragraph("本期未收到信访件，无分类情况。")
    children = statistics.get("children", {})
    if children:
        document.table(
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
            caption="表4 下级单位情况",
        )


DEFINITION_WIDTH = 44
# One line of the 10.5-point body text, in points.
ROW_HEIGHT_POINTS = 15


def _display_width(value) -> int:
    """Columns a value takes in a spreadsheet cell: two for a CJK character."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _fit_sheet(sheet, *, header_row: int, max_width: int = 60) -> None:
    """Column widths that fit the Chinese labels, the header repeated on each
    printed page, and a print area fitted to the width of one A4 page."""
    for column in sheet.iter_cols(min_row=header_row):
        widest = max(_display_width(cell.value) for cell in column)
        letter = get_column_letter(column[0].column)
        sheet.column_dimensions[letter].width = min(max_width, max(8, widest + 2))
    last = get_column_letter(sheet.max_column)
    sheet.print_area = f"A1:{last}{sheet.max_row}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if sheet.max_column > 5 else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")


def statistics_xlsx(report: Report, version: ReportVersion) -> bytes:
    """The statistics of a report's version as a workbook: figures, rates,
    breakdowns; one column for the unit itself, its subtree and each child.
    Every sheet carries its title and period above the header, so a printed
    page says what it is."""
    requirement = report.requirement
    statistics = version.statistics
    names = _unit_names(statistics)
    columns = [("本级", statistics["own"]), ("合计（含下级）", statistics["total"])]
    columns += [
        (names.get(code, code), figures)
        for code, figures in statistics.get("children", {}).items()
    ]
    labels = [label for label, _ in columns]
    heading = [
        f"{report.unit.name} {requirement.title}",
        f"统计期：{period_text(requirement.period_start, requirement.period_end)}　"
        f"文号：{report.document_number}　第{version.number}版　报送日期："
        f"{document_date(timezone.localtime(version.submitted_at).date())}",
    ]
    workbook = Workbook()

    def new_sheet(title: str, header: list[str]):
        sheet = workbook.create_sheet(title)
        sheet.append([heading[0]])
        sheet.append([heading[1]])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append(header)
        return sheet

    workbook.remove(workbook.active)
    overall = new_sheet("总体情况", ["项目", *labels])
    for key in (*COUNT_LABELS, *SUM_LABELS):
        overall.append(
            [figure_label(key), *[figure_value(figures, key) for _, figures in columns]]
        )

    rates = new_sheet("主要指标", ["指标", *labels, "计算方法"])
    for rate in RATES:
        row: list[str | float] = [rate.label]
        for _, figures in columns:
            value = figures["rates"][rate.key]
            # A rate with no denominator is “—”, not an empty or zero cell.
            row.append("—" if value is None else float(Decimal(value)))
        rates.append([*row, rate.definition])
        for cell in rates[rates.max_row][1 : 1 + len(columns)]:
            if cell.value != "—":
                cell.number_format = "0.00%"
            cell.alignment = Alignment(horizontal="right")
    rates.cell(row=rates.max_row + 2, column=1, value="注：无分母的比率记为“—”。")

    breakdowns = new_sheet("分类情况", ["分类", "项目", *labels])
    for name, label in BREAKDOWNS.items():
        values = sorted(
            {value for _, figures in columns for value in figures["breakdowns"][name]}
        )
        for value in values:
            breakdowns.append(
                [
                    label,
                    breakdown_label(name, value),
                    *[
                        figures["breakdowns"][name].get(value, 0)
                        for _, figures in columns
                    ],
                ]
            )
    for sheet in workbook.worksheets:
        # The title rows span the table; they do not set the first column's width.
        _fit_sheet(sheet, header_row=3)
    # The definitions wrap in a column of readable width instead of shrinking
    # the printed page to fit one line each.
    definitions = get_column_letter(rates.max_column)
    rates.column_dimensions[definitions].width = DEFINITION_WIDTH
    for (cell,) in rates.iter_rows(
        min_row=4, min_col=rates.max_column, max_col=rates.max_column
    ):
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        # Office suites do not grow a row for wrapped text they did not
        # write themselves: give each row the lines its definition needs
        # (a Chinese character is two units of column width).
        width = sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(cell.value or ""))
        lines = max(1, math.ceil(width / DEFINITION_WIDTH))
        rates.row_dimensions[cell.row].height = ROW_HEIGHT_POINTS * lines
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _points(component: dict) -> str:
    # A metric without denominator scored nothing: “—”, not 0.00.
    return "—" if component.get("rate") is None else component["points"]


def bulletin_docx(bulletin: AssessmentBulletin) -> bytes:
    """The assessment bulletin (考核通报) as a 公文 sent down: masthead and
    文号, title, 主送 the units assessed, the method, the ranking table with
    each metric's points, 落款 and the date it was issued."""
    issuer = bulletin.issuer_unit
    scores = list(bulletin.scores.all())
    document = OfficialDocument(title_for_properties=bulletin.title)
    document.masthead(
        Masthead(issuer=issuer.name, document_number=bulletin.document_number)
    )
    document.title(bulletin.title)
    document.addressee("、".join(score.unit.name for score in scores))
    period = period_text(bulletin.period_start, bulletin.period_end)
    weights = {key: Decimal(value) for key, value in bulletin.weights.items()}
    document.paragraph(
        f"根据组织系统信访工作考核办法，现将{period}各单位信访工作考核情况通报如下。"
    )
    document.heading("一、考核方法", level=1)
    document.paragraph(
        "按下列指标加权计分，满分100分："
        + "；".join(
            f"{METRIC_LABELS[key]}（权重{weight.normalize()}）"
            for key, weight in weights.items()
        )
        + "。比率无分母的指标不计分，其权重按比例分配给其他指标。"
    )
    document.heading("二、考核结果", level=1)
    metrics = list(weights)
    document.table(
        ["名次", "单位", "得分", *[METRIC_LABELS[key] for key in metrics]],
        [
            [
                score.rank,
                score.unit.short_name,
                score.score,
                *[_points(score.components.get(key, {})) for key in metrics],
            ]
            for score in scores
        ],
        caption="表 考核得分及名次",
    )
    document.paragraph("希望各单位对照通报查找不足，切实提高信访工作质量。")
    document.signature(
        issuer=issuer.name, day=timezone.localtime(bulletin.issued_at).date()
    )
    return document.bytes()
