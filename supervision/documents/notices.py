"""The text of a notice, once, and its DOCX (GB/T 9704 layout) and PDF
renderings; the print page (frontend/notice.html) shows the same paragraphs."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from reportlab.lib.colors import Color, red
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer

from core.errors import DomainError
from supervision.choices import AppealDecision, ReferTarget, ReviewDecision, Stage
from supervision.documents.gbt9704 import (
    HEITI,
    SIZE_3,
    Masthead,
    OfficialDocument,
    document_date,
)
from supervision.errors import NoticeErrorCode
from supervision.services.notices import Notice, NoticeKind
from tenants.models import Unit

OPINION_PARTS = (
    ("一、信访请求", "request"),
    ("二、查明事实", "facts"),
    ("三、理由", "reasons"),
    ("四、依据", "legal_basis"),
)
NEXT_STEP = {
    NoticeKind.OPINION: "如对本处理意见不服，可以自收到本意见书之日起30日内"
    "请求原办理机关的上一级机关复查。",
    NoticeKind.REVIEW_OPINION: "如对复查意见不服，可以自收到本意见书之日起30日内"
    "向复查机关的上一级机关请求复核。",
    NoticeKind.RE_REVIEW_OPINION: "本意见为复核意见。信访人对复核意见不服，"
    "仍以同一事实和理由提出信访请求的，不再受理。",
}


@dataclass(frozen=True)
class Line:
    text: str
    is_heading: bool = False


def notice_lines(notice: Notice) -> list[Line]:
    """The notice's body after the salutation, paragraph by paragraph."""
    petition = notice.petition
    came = (
        f"你（你们）于{document_date(petition.received_on)}以"
        f"{petition.get_channel_display()}形式反映的“{petition.title}”信访事项"
    )
    if notice.kind == NoticeKind.ACCEPTANCE:
        return [
            Line(
                f"{came}，本机关已于{document_date(notice.decided_on)}依法受理。"
                "根据《信访工作条例》第三十四条规定，本机关将自受理之日起60日内办结，"
                "并书面答复你（你们）。"
            )
        ]
    if notice.kind == NoticeKind.DECLINE:
        lines = [
            Line(
                f"{came}，经审查，该事项{petition.get_decline_ground_display()}。"
                "根据《信访工作条例》有关规定，本机关不予受理。"
            )
        ]
        return lines + (
            [Line(petition.decision_note)] if petition.decision_note else []
        )
    if notice.kind == NoticeKind.REFERRAL:
        target = (
            ReferTarget(petition.refer_target).label if petition.refer_target else ""
        )
        lines = [
            Line(
                f"{came}，经审查，属于{target}。"
                f"请你（你们）依照有关规定向{petition.refer_to}提出。"
            )
        ]
        return lines + (
            [Line(petition.decision_note)] if petition.decision_note else []
        )
    opinion = notice.opinion
    if opinion is None:
        # notice_build gives every opinion notice its opinion; one without is
        # refused as the case having no such notice, never printed half empty.
        raise DomainError(
            NoticeErrorCode.NOTICE_NOT_AVAILABLE, "该信访件当前没有此类文书"
        )
    stage = Stage(opinion.stage)
    lines = [
        Line(
            f"你（你们）反映的“{petition.title}”信访事项，本机关已依法"
            f"{'办理' if stage == Stage.ORIGINAL else stage.label}，"
            "现将意见告知如下："
        )
    ]
    for heading, field in OPINION_PARTS:
        lines += [Line(heading, is_heading=True), Line(getattr(opinion, field))]
    if stage == Stage.ORIGINAL:
        decision = AppealDecision(opinion.decision).label
        lines += [Line("五、处理意见", is_heading=True)]
    else:
        decision = ReviewDecision(opinion.review_decision).label
        lines += [Line(f"五、{stage.label}意见", is_heading=True)]
    lines += [Line(f"{decision}。{opinion.summary}"), Line(NEXT_STEP[notice.kind])]
    return lines


def salutation(notice: Notice) -> str:
    return f"{notice.principal.name if notice.principal else '信访人'}："


def number_text(notice: Notice) -> str:
    """The 文号, or a mark that the preview has none yet."""
    return notice.number or "（出具后生成文号）"


def notice_docx(notice: Notice, unit: Unit) -> bytes:
    """The notice as a 公文 (GB/T 9704): masthead, 文号, title, salutation,
    body, room for the seal, 落款 and the date of the decision."""
    document = OfficialDocument(title_for_properties=notice.title)
    document.masthead(Masthead(issuer=unit.name, document_number=number_text(notice)))
    document.title(notice.title)
    document.addressee(salutation(notice).removesuffix("："))
    for line in notice_lines(notice):
        if line.is_heading:
            document.heading(line.text, level=1)
        else:
            document.paragraph(line.text)
    document.paragraph(f"信访件编号：{notice.petition.tracking_number}", font=HEITI)
    document.signature(issuer=unit.name, day=notice.decided_on)
    return document.bytes()


# --- PDF ----------------------------------------------------------------------

# A CJK font from the machine (TrueType outlines, which reportlab embeds);
# without one, the PDF names Adobe's STSong-Light, which viewers supply.
PDF_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
PDF_FONT = "NoticeCJK"


def _pdf_font() -> str:
    if PDF_FONT in pdfmetrics.getRegisteredFontNames():
        return PDF_FONT
    candidates = [getattr(settings, "DOCUMENT_PDF_FONT", ""), *PDF_FONT_CANDIDATES]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            pdfmetrics.registerFont(TTFont(PDF_FONT, candidate, subfontIndex=0))
            return PDF_FONT
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def notice_pdf(notice: Notice, unit: Unit) -> bytes:
    """The notice as an A4 PDF with the same margins and text as the DOCX."""
    font = _pdf_font()
    body = ParagraphStyle(
        "body",
        fontName=font,
        fontSize=SIZE_3,
        leading=28.9,
        firstLineIndent=2 * SIZE_3,
        alignment=TA_JUSTIFY,
        wordWrap="CJK",
    )
    flat = ParagraphStyle("flat", parent=body, firstLineIndent=0)
    centre = ParagraphStyle("centre", parent=flat, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=flat, alignment=TA_RIGHT, rightIndent=64)
    masthead = ParagraphStyle(
        "masthead", parent=centre, fontSize=26, leading=36, textColor=red
    )
    title = ParagraphStyle("title", parent=centre, fontSize=22, leading=36)
    story = [
        Paragraph(unit.name, masthead),
        Spacer(1, 6 * mm),
        Paragraph(number_text(notice), centre),
        HRFlowable(width="100%", thickness=1.2, color=red, spaceBefore=2 * mm),
        Spacer(1, 8 * mm),
        Paragraph(notice.title, title),
        Spacer(1, 6 * mm),
        Paragraph(salutation(notice), flat),
    ]
    story += [
        Paragraph(line.text, body if not line.is_heading else flat)
        for line in notice_lines(notice)
    ]
    story += [
        Paragraph(f"信访件编号：{notice.petition.tracking_number}", body),
        # Room for the seal (印章), which covers the issuer and the date.
        Spacer(1, 30 * mm),
        Paragraph(unit.name, right),
        Paragraph(document_date(notice.decided_on), right),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=37 * mm,
        bottomMargin=35 * mm,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        title=notice.title,
        lang="zh-CN",
    )

    def page_number(canvas, doc):
        canvas.setFont(font, 14)
        canvas.setFillColor(Color(0, 0, 0))
        text = f"— {doc.page} —"
        if doc.page % 2:
            canvas.drawRightString(A4[0] - 26 * mm - 14, 28 * mm, text)
        else:
            canvas.drawString(28 * mm + 14, 28 * mm, text)

    document.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()
