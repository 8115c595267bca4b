"""Layout checks of generated documents: open the DOCX / XLSX bytes the system
wrote and assert the facts GB/T 9704-2012 and a printed page need.

Each check raises AssertionError naming what is wrong, so a test reads as a
list of `assert_…(document)` calls.
"""

from __future__ import annotations

import io
import re
import zipfile

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length, Mm
from lxml import etree
from openpyxl import load_workbook

# Keys of the enums the system stores; none may reach a document a person reads.
RAW_KEY = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\b(?:letter|visit|call|online|appeal)\b")
CJK = re.compile(r"[\u4e00-\u9fff]")


def open_docx(content: bytes):
    return Document(io.BytesIO(content))


def _close(actual, expected_mm: float, *, what: str) -> None:
    # Word stores lengths in twips; 0.2 mm covers the rounding.
    assert abs(actual - Mm(expected_mm)) <= Mm(0.2), (
        f"{what}: {actual.mm:.1f} mm, expected {expected_mm} mm"
    )


def assert_a4_with_gbt9704_margins(document) -> None:
    """A4 portrait; top 37 mm, left 28 mm; a type area of 156 × 225 mm."""
    for section in document.sections:
        _close(section.page_width, 210, what="page width")
        _close(section.page_height, 297, what="page height")
        _close(section.top_margin, 37, what="top margin")
        _close(section.left_margin, 28, what="left margin")
        width = Length(section.page_width - section.left_margin - section.right_margin)
        height = Length(
            section.page_height - section.top_margin - section.bottom_margin
        )
        _close(width, 156, what="type area width")
        _close(height, 225, what="type area height")


def assert_line_grid(document, *, lines: int = 22, characters: int = 28) -> None:
    """22 lines of 28 characters: the line grid and body line pitch give 22
    lines to the type area's height; the body size and its condensing give
    28 characters (and not 29) to its width."""
    section = document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid is not None, "no document grid (w:docGrid)"
    assert grid.get(qn("w:type")) in ("lines", "linesAndChars"), grid.get(qn("w:type"))
    pitch_pt = int(grid.get(qn("w:linePitch"))) / 20
    height_pt = Length(
        section.page_height - section.top_margin - section.bottom_margin
    ).pt
    assert round(height_pt / pitch_pt) == lines, f"{height_pt / pitch_pt:.1f} lines"
    normal = document.styles["Normal"]
    assert abs(normal.paragraph_format.line_spacing.pt - pitch_pt) < 0.1
    spacing = normal.element.rPr.find(qn("w:spacing"))
    condensed = int(spacing.get(qn("w:val"))) / 20 if spacing is not None else 0
    char_pt = normal.font.size.pt + condensed
    width_pt = Length(
        section.page_width - section.left_margin - section.right_margin
    ).pt
    assert int(width_pt // char_pt) == characters, f"{width_pt / char_pt:.2f} chars"


def _run_fonts(run) -> dict[str, str]:
    fonts = run._element.rPr.find(qn("w:rFonts"))
    assert fonts is not None, f"run {run.text!r} names no font"
    return {slot: fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia")}


def assert_fonts_named_for_every_script(document) -> None:
    """Every run of text names its font for Latin and East Asian text alike,
    so no suite falls back to a font of another language for the Chinese."""
    for paragraph in _all_paragraphs(document):
        for run in paragraph.runs:
            if run.text.strip():
                fonts = _run_fonts(run)
                assert fonts["eastAsia"], f"run {run.text!r} has no eastAsia font"
                assert len(set(fonts.values())) == 1, (run.text, fonts)


def assert_font_fallbacks_declared(content: bytes, names: list[str]) -> None:
    """The font table lists each GB font with alternatives (w:altName)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        table = etree.fromstring(archive.read("word/fontTable.xml"))
    declared = {
        font.get(qn("w:name")): font.find(qn("w:altName"))
        for font in table.iter(qn("w:font"))
    }
    for name in names:
        alternatives = declared.get(name)
        assert alternatives is not None, f"font {name} has no declared fallback"
        assert alternatives.get(qn("w:val")), f"font {name}: empty w:altName"


def assert_language_zh_cn(document) -> None:
    """Language zh-CN in the defaults, the Normal style and every run."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    language = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert language is not None and language.get(qn("w:eastAsia")) == "zh-CN"
    assert language.get(qn("w:val")) == "zh-CN"
    assert document.core_properties.language == "zh-CN"
    for paragraph in _all_paragraphs(document):
        for run in paragraph.runs:
            if run.text.strip():
                lang = run._element.rPr.find(qn("w:lang"))
                assert lang is not None, f"run {run.text!r} has no language"
                assert lang.get(qn("w:eastAsia")) == "zh-CN", run.text


def body_paragraph_fonts(document) -> set[tuple[str, float]]:
    """(font, size in pt) of the body text: paragraphs indented two characters."""
    found = set()
    for paragraph in document.paragraphs:
        indent = paragraph.paragraph_format.first_line_indent
        if indent is not None and indent.pt > 0:
            for run in paragraph.runs:
                found.add((_run_fonts(run)["eastAsia"], run.font.size.pt))
    return found


def assert_red_masthead(document, issuer: str) -> None:
    """The first paragraph is the 发文机关标志 in red, and a red rule (the
    separator line) follows under the 发文字号."""
    first = document.paragraphs[0]
    assert first.text == issuer, first.text
    assert all(str(run.font.color.rgb) == "FF0000" for run in first.runs)
    rules = [
        paragraph
        for paragraph in document.paragraphs[1:4]
        if paragraph._p.pPr is not None
        and paragraph._p.pPr.find(qn("w:pBdr")) is not None
    ]
    assert rules, "no separator line under the masthead"
    bottom = rules[0]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"


def assert_page_numbers(document) -> None:
    """Footers “— PAGE —” on odd and even pages."""
    section = document.sections[0]
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml, "footer without a page number field"
        text = "".join(t.text or "" for t in footer._element.iter(qn("w:t")))
        assert text == "—  —", text


def _all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def docx_texts(document) -> list[str]:
    return [p.text for p in _all_paragraphs(document) if p.text.strip()]


def assert_no_raw_enum_keys(texts: list[str]) -> None:
    """No stored key (cadre_selection, civil_service, visit …) in the text."""
    for text in texts:
        assert not RAW_KEY.search(text), f"raw key in {text!r}"


def assert_gbt9704_layout(content: bytes, *, issuer: str) -> None:
    """All the page, font, language, masthead and footer facts of a 公文."""
    document = open_docx(content)
    assert_a4_with_gbt9704_margins(document)
    assert_line_grid(document)
    assert_fonts_named_for_every_script(document)
    assert_font_fallbacks_declared(content, ["仿宋_GB2312", "方正小标宋简体"])
    assert_language_zh_cn(document)
    assert_red_masthead(document, issuer)
    assert_page_numbers(document)
    assert_no_raw_enum_keys(docx_texts(document))


# --- XLSX -----------------------------------------------------------------------


def open_xlsx(content: bytes):
    return load_workbook(io.BytesIO(content))


def display_width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if CJK.match(char) or char in "（）：、，。—" else 1 for char in text)


def assert_sheet_prints_on_a4(sheet, *, header_row: int) -> None:
    """Widths that fit each label from the header down (a wrapped column may
    be narrower), a print area holding every row and column, fitted to one
    page wide, the header repeated."""
    for column in sheet.iter_cols(min_row=header_row):
        letter = column[0].column_letter
        width = sheet.column_dimensions[letter].width
        if any(cell.alignment.wrap_text for cell in column[1:]):
            # a wrapped cell's row is tall enough for its lines (office
            # suites do not grow rows they did not write themselves)
            for cell in column[1:]:
                if cell.alignment.wrap_text and display_width(cell.value) > width:
                    lines = -(-display_width(cell.value) // int(width))
                    height = sheet.row_dimensions[cell.row].height or 0
                    assert height >= 12 * lines, f"{sheet.title}!{cell.coordinate}"
            continue
        widest = max(min(display_width(cell.value), 60) for cell in column)
        assert width >= widest, f"{sheet.title}!{letter}: {width} < {widest}"
    area = sheet.print_area
    assert area is not None, f"{sheet.title}: no print area"
    last = sheet.cell(row=sheet.max_row, column=sheet.max_column).coordinate
    assert area.replace("$", "").endswith(f"A1:{last}"), area
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(sheet.page_setup.fitToWidth) == 1
    assert str(sheet.print_title_rows).replace("$", "") == f"{header_row}:{header_row}"


def xlsx_texts(workbook) -> list[str]:
    return [
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str)
    ]
