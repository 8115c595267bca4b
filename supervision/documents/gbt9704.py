"""Word documents laid out as 党政机关公文 per GB/T 9704-2012 《党政机关公文格式》.

Every DOCX the system writes goes through `OfficialDocument`, so all of them
share the page (A4, margins 37/26/35/28 mm, a type area of 156 × 225 mm holding
22 lines of 28 characters), the fonts (3号仿宋 body, 2号小标宋 title, 黑体 /
楷体 headings), the red masthead (发文机关标志) with its red separator line,
the 发文字号 and 签发人, the footer page number "— 1 —" and the document
language zh-CN. Office suites without the GB fonts fall back to the names
declared in the font table (仿宋_GB2312 → 仿宋 → FangSong …), never to a
Japanese sans font as they do for a document marked en-US.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Mm, Pt, RGBColor, Twips
from lxml import etree

# Sizes of the Chinese type scale (字号) in points.
SIZE_2 = 22  # 二号
SIZE_3 = 16  # 三号
SIZE_4 = 14  # 四号
SIZE_SMALL_4 = 12  # 小四
SIZE_5 = 10.5  # 五号

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
# What an office suite may substitute when the named font is not installed.
FONT_FALLBACKS = {
    FANGSONG: ("仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC"),
    XIAOBIAOSONG: ("华文中宋", "宋体", "SimSun", "Noto Serif CJK SC"),
    HEITI: ("SimHei", "STHeiti", "Noto Sans CJK SC", "WenQuanYi Micro Hei"),
    KAITI: ("楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC"),
    SONGTI: ("SimSun", "STSong", "Noto Serif CJK SC"),
}
# The red of the masthead and separator line (GB/T 9704: 红色).
RED = RGBColor(0xFF, 0x00, 0x00)
RED_HEX = "FF0000"
LANGUAGE = "zh-CN"

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
TOP_MARGIN_MM = 37
LEFT_MARGIN_MM = 28
TYPE_AREA_WIDTH_MM = 156
TYPE_AREA_HEIGHT_MM = 225
LINES_PER_PAGE = 22
CHARACTERS_PER_LINE = 28
# 225 mm / 22 lines and 156 mm / 28 characters, in twentieths of a point.
LINE_PITCH_TWIPS = round(TYPE_AREA_HEIGHT_MM / LINES_PER_PAGE / 25.4 * 72 * 20)
CHARACTER_PITCH_PT = TYPE_AREA_WIDTH_MM / CHARACTERS_PER_LINE / 25.4 * 72
# Condensing of each 3号 character, in twentieths of a point, so that 28 fit
# the 156 mm line with a little room (15.75 pt a character, 441 of 442.2 pt).
CHARACTER_SPACING_TWIPS = -5


@dataclass(frozen=True)
class Masthead:
    """The 版头: who issues the document, its 文号 and (upward) its 签发人."""

    issuer: str  # 发文机关标志, e.g. 中共南京市玄武区委组织部
    document_number: str  # 发文字号, e.g. 玄组信报〔2026〕1号
    signatory: str = ""  # 签发人, shown on documents sent upward (上行文)


def document_date(day: datetime.date) -> str:
    """成文日期 as the 2012 standard writes it: 2026年12月2日 (Arabic numerals,
    no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def period_text(start: datetime.date, end: datetime.date) -> str:
    """A statistics period as documents write it: 2025年1月至12月,
    2025年7月至2026年6月, or with days when it does not run month to month."""
    whole_months = start.day == 1 and (end + datetime.timedelta(days=1)).day == 1
    if whole_months:
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.year}年{start.month}月"
        if start.year == end.year:
            return f"{start.year}年{start.month}月至{end.month}月"
        return f"{start.year}年{start.month}月至{end.year}年{end.month}月"
    if start.year == end.year:
        return f"{document_date(start)}至{end.month}月{end.day}日"
    return f"{document_date(start)}至{document_date(end)}"


def _fonts(element, name: str) -> None:
    """Name the font for every script slot of a run (rFonts), eastAsia too."""
    fonts = element.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        element.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)
    fonts.set(qn("w:hint"), "eastAsia")


def _language(element) -> None:
    language = element.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        element.append(language)
    language.set(qn("w:val"), LANGUAGE)
    language.set(qn("w:eastAsia"), LANGUAGE)
    language.set(qn("w:bidi"), "ar-SA")


def _declare_fallbacks(document) -> None:
    """List each font in the font table with its alternatives (w:altName) and
    the GB2312 character set, which is what suites match substitutes on."""
    font_table = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    )
    root = parse_xml(font_table.blob)
    for name, alternatives in FONT_FALLBACKS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        alt = OxmlElement("w:altName")
        alt.set(qn("w:val"), ",".join(alternatives))
        font.append(alt)
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), "86")  # GB2312
        font.append(charset)
        family = OxmlElement("w:family")
        family.set(qn("w:val"), "modern" if name == HEITI else "roman")
        font.append(family)
        root.append(font)
    font_table._blob = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )


class OfficialDocument:
    """Builds one 公文: call the parts in reading order, then `bytes()`."""

    def __init__(self, *, title_for_properties: str = "") -> None:
        self.document = Document()
        self._page()
        self._defaults()
        _declare_fallbacks(self.document)
        self._footer_page_numbers()
        properties = self.document.core_properties
        properties.language = LANGUAGE
        properties.title = title_for_properties
        properties.author = ""

    # --- page, styles, footer -------------------------------------------------

    def _page(self) -> None:
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(PAGE_WIDTH_MM)
        section.page_height = Mm(PAGE_HEIGHT_MM)
        section.top_margin = Mm(TOP_MARGIN_MM)
        section.left_margin = Mm(LEFT_MARGIN_MM)
        section.right_margin = Mm(PAGE_WIDTH_MM - LEFT_MARGIN_MM - TYPE_AREA_WIDTH_MM)
        section.bottom_margin = Mm(PAGE_HEIGHT_MM - TOP_MARGIN_MM - TYPE_AREA_HEIGHT_MM)
        # The footer (页码) sits 7 mm below the type area.
        section.footer_distance = Mm(PAGE_HEIGHT_MM - TOP_MARGIN_MM - 225 - 7)
        section.header_distance = Mm(15)
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        # A line grid of 22 lines; the 28 characters come from condensing each
        # character (CHARACTER_SPACING), which Word and LibreOffice both honour.
        # A character grid with a negative charSpace does not survive
        # LibreOffice: a 3号 character wider than the cell takes two cells.
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))

    def _defaults(self) -> None:
        styles = self.document.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _fonts(run_defaults, FANGSONG)
        _language(run_defaults)
        # The grid's character pitch is relative to the default size: it must be
        # 3号, or suites lay each character over two grid cells.
        for tag in ("w:sz", "w:szCs"):
            size = run_defaults.find(qn(tag))
            if size is None:
                size = OxmlElement(tag)
                run_defaults.append(size)
            size.set(qn("w:val"), str(SIZE_3 * 2))
        normal = styles["Normal"]
        normal.font.name = FANGSONG
        normal.font.size = Pt(SIZE_3)
        _fonts(normal.element.get_or_add_rPr(), FANGSONG)
        _language(normal.element.get_or_add_rPr())
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(CHARACTER_SPACING_TWIPS))
        normal.element.get_or_add_rPr().append(spacing)
        paragraph = normal.paragraph_format
        paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.line_spacing = Twips(LINE_PITCH_TWIPS)
        paragraph.space_before = Pt(0)
        paragraph.space_after = Pt(0)

    def _footer_page_numbers(self) -> None:
        """“— 1 —” in 4号宋体: odd pages right, even pages left, one character
        in from the edge of the type area."""
        self.document.settings.odd_and_even_pages_header_footer = True
        section = self.document.sections[0]
        for footer, align in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.alignment = align
            indent = Pt(SIZE_4)
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                paragraph.paragraph_format.right_indent = indent
            else:
                paragraph.paragraph_format.left_indent = indent
            self._run(paragraph, "— ", size=SIZE_4, font=SONGTI)
            self._page_field(paragraph)
            self._run(paragraph, " —", size=SIZE_4, font=SONGTI)

    def _page_field(self, paragraph) -> None:
        run = self._run(paragraph, "", size=SIZE_4, font=SONGTI)
        for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
            if kind:
                field = OxmlElement("w:fldChar")
                field.set(qn("w:fldCharType"), kind)
                run._r.append(field)
            else:
                instruction = OxmlElement("w:instrText")
                instruction.set(qn("xml:space"), "preserve")
                instruction.text = text
                run._r.append(instruction)

    # --- runs and paragraphs -------------------------------------------------

    @staticmethod
    def _run(paragraph, text: str, *, size=SIZE_3, font=FANGSONG, bold=False):
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = font
        properties = run._element.get_or_add_rPr()
        _fonts(properties, font)
        _language(properties)
        return run

    def paragraph(
        self,
        text: str = "",
        *,
        size=SIZE_3,
        font=FANGSONG,
        bold=False,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_indent: bool = True,
    ):
        """A body paragraph: 3号仿宋, the first line indented two characters."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = align
        if first_line_indent and align == WD_ALIGN_PARAGRAPH.JUSTIFY:
            paragraph.paragraph_format.first_line_indent = Pt(2 * size)
        if text:
            self._run(paragraph, text, size=size, font=font, bold=bold)
        return paragraph

    def masthead(self, masthead: Masthead) -> None:
        """发文机关标志 in red 小标宋, the 发文字号 (with 签发人 on upward
        documents) and the red separator line under them."""
        issuer = self.document.add_paragraph()
        issuer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        issuer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        # Upward documents leave room above the masthead for the receiver's
        # 批办 (GB/T 9704 §7.2.4: 80 mm from the type area; 35 mm otherwise).
        issuer.paragraph_format.space_before = Mm(80 - 37 if masthead.signatory else 0)
        issuer.paragraph_format.space_after = Mm(10)
        run = self._run(issuer, masthead.issuer, size=SIZE_2 + 4, font=XIAOBIAOSONG)
        run.font.color.rgb = RED
        number = self.document.add_paragraph()
        number.paragraph_format.first_line_indent = Pt(0)
        if masthead.signatory:
            # 发文字号 left (one character in), 签发人 right (one character in).
            number.alignment = WD_ALIGN_PARAGRAPH.LEFT
            number.paragraph_format.left_indent = Pt(SIZE_3)
            tabs = number.paragraph_format.tab_stops
            tabs.add_tab_stop(
                Mm(TYPE_AREA_WIDTH_MM) - Pt(SIZE_3), WD_TAB_ALIGNMENT.RIGHT
            )
            self._run(number, masthead.document_number)
            self._run(number, "\t签发人：")
            self._run(number, masthead.signatory, font=KAITI)
        else:
            number.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._run(number, masthead.document_number)
        # The separator: a red rule under the 文号 line, as wide as the type area.
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        bottom.set(qn("w:val"), "single")
        bottom.set(qn("w:sz"), "12")
        bottom.set(qn("w:space"), "11")
        bottom.set(qn("w:color"), RED_HEX)
        borders.append(bottom)
        number._p.get_or_add_pPr().append(borders)
        self.document.add_paragraph()

    def title(self, text: str) -> None:
        """标题: 2号小标宋, centred, followed by an empty line."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.paragraph_format.line_spacing = Pt(SIZE_2 * 1.5)
        self._run(paragraph, text, size=SIZE_2, font=XIAOBIAOSONG)
        self.document.add_paragraph()

    def addressee(self, text: str) -> None:
        """主送机关: flush left, ending with a full-width colon."""
        self.paragraph(f"{text}：", align=WD_ALIGN_PARAGRAPH.LEFT)

    def heading(self, text: str, level: int = 1) -> None:
        """结构层次序数: 一、 in 黑体, （一） in 楷体, 1. in 仿宋 bold."""
        font, bold = {1: (HEITI, False), 2: (KAITI, False)}.get(level, (FANGSONG, True))
        self.paragraph(text, font=font, bold=bold)

    def table(self, header: list[str], rows: list[list[object]], *, caption: str = ""):
        """A table across the type area, its header row bold and repeated on
        every page, rows never split; 4号仿宋, 五号 when it has many columns."""
        size = SIZE_4 if len(header) <= 4 else SIZE_5
        if caption:
            self.paragraph(
                caption, font=HEITI, size=SIZE_4, align=WD_ALIGN_PARAGRAPH.CENTER
            ).paragraph_format.keep_with_next = True
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        # The header row repeats on each page the table runs over.
        header_properties = table.rows[0]._tr.get_or_add_trPr()
        header_properties.append(OxmlElement("w:tblHeader"))
        for cells, values, bold in [(table.rows[0].cells, header, True)] + [
            (table.add_row().cells, row, False) for row in rows
        ]:
            cells[0]._tc.getparent().get_or_add_trPr().append(
                OxmlElement("w:cantSplit")
            )
            for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
                # The label column takes two shares of the width, figures one.
                shares = len(header) + 1
                cell.width = Mm(TYPE_AREA_WIDTH_MM * (2 if index == 0 else 1) / shares)
                paragraph = cell.paragraphs[0]
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                paragraph.paragraph_format.first_line_indent = Pt(0)
                self._run(paragraph, str(value), size=size, bold=bold)
        return table

    def signature(self, *, issuer: str, day: datetime.date, closing: str = "") -> None:
        """落款 and 成文日期: the date right-aligned four characters in, the
        issuer centred above it; three empty lines above leave room for the
        seal (印章), which covers both. The closing line (特此报告。) stays on
        the page of the signature, so no page holds the signature alone."""
        if closing:
            self.paragraph(closing).paragraph_format.keep_with_next = True
        for _ in range(3):
            self.document.add_paragraph().paragraph_format.keep_with_next = True
        date_text = document_date(day)
        indent = Pt(4 * SIZE_3)
        name = self.document.add_paragraph()
        name.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # Centre the issuer on the date: shift by half the difference in length.
        shift = (len(date_text) - len(issuer)) / 2 * SIZE_3
        name.paragraph_format.right_indent = max(Pt(0), indent + Pt(shift))
        name.paragraph_format.keep_with_next = True
        self._run(name, issuer)
        date = self.document.add_paragraph()
        date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        date.paragraph_format.right_indent = indent
        self._run(date, date_text)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
