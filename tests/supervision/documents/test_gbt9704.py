"""The builder's writing of dates and periods, and its page on its own."""

import datetime

import pytest

from supervision.documents.gbt9704 import (
    Masthead,
    OfficialDocument,
    document_date,
    period_text,
)
from tests import document_checks as checks

D = datetime.date


def test_document_date_has_no_leading_zeros():
    assert document_date(D(2026, 12, 2)) == "2026年12月2日"
    assert document_date(D(2026, 1, 9)) == "2026年1月9日"


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (D(2025, 1, 1), D(2025, 12, 31), "2025年1月至12月"),
        (D(2026, 10, 1), D(2026, 10, 31), "2026年10月"),
        (D(2025, 7, 1), D(2026, 6, 30), "2025年7月至2026年6月"),
        (D(2025, 3, 5), D(2025, 4, 20), "2025年3月5日至4月20日"),
        (D(2025, 12, 5), D(2026, 1, 20), "2025年12月5日至2026年1月20日"),
        (D(2024, 2, 1), D(2024, 2, 29), "2024年2月"),
    ],
)
def test_period_text(start, end, text):
    assert period_text(start, end) == text


def test_a_downward_document_centres_its_number_without_signatory():
    document = OfficialDocument()
    document.masthead(
        Masthead(issuer="中共南京市委组织部", document_number="宁组考〔2025〕1号")
    )
    document.title("关于2025年度考核情况的通报")
    document.paragraph("正文。")
    document.signature(issuer="中共南京市委组织部", day=D(2026, 1, 5))

    content = document.bytes()

    checks.assert_gbt9704_layout(content, issuer="中共南京市委组织部")
    opened = checks.open_docx(content)
    number = opened.paragraphs[1]
    assert number.text == "宁组考〔2025〕1号"
    assert number.alignment == 1  # centre
    assert [p.text for p in opened.paragraphs if p.text][-2:] == [
        "中共南京市委组织部",
        "2026年1月5日",
    ]
