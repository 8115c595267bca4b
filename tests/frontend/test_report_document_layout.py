"""The report DOCX and statistics XLSX as an office suite opens them: the
GB/T 9704-2012 layout facts, Chinese labels only, the period and dates written
the way documents write them."""

import datetime

from django.test import Client

from supervision.reporting.services import assessment_bulletin_issue, report_submit
from tests import document_checks as checks
from tests.factories.reporting import make_closed_fact, make_fact, make_requirement


def _report(tree, *, satisfied: bool = True):
    county_a = tree.units["county_a"]
    make_closed_fact(county_a, topic="civil_service", channel="visit")
    make_fact(county_a, topic="cadre_selection", accused_level="city")
    make_closed_fact(tree.units["township"], topic="grassroots", channel="online")
    requirement = make_requirement(tree.units["city"], tree.user("city", "leader"))
    return report_submit(
        actor=tree.user("county_a", "registrar"),
        requirement_id=requirement.pk,
        sections={"basic_situation": "全年共收到信访件3件。"},
    )


def _download(tree, report, filename: str) -> bytes:
    client = Client()
    client.force_login(tree.user("city", "leader"))
    response = client.get(f"/reports/{report.pk}/{filename}")
    assert response.status_code == 200
    return response.content


def test_report_docx_is_laid_out_as_an_official_document(tree):
    content = _download(tree, _report(tree), "report.docx")

    checks.assert_gbt9704_layout(content, issuer="中共南京市玄武区委组织部")
    document = checks.open_docx(content)
    # body 3号仿宋, title 2号小标宋, first-level headings 黑体
    assert checks.body_paragraph_fonts(document) >= {("仿宋_GB2312", 16.0)}
    title = document.paragraphs[3]
    assert title.text == "中共南京市玄武区委组织部关于2025年度信访工作情况的报告"
    assert {(r.font.name, r.font.size.pt) for r in title.runs} == {
        ("方正小标宋简体", 22.0)
    }
    heading = next(p for p in document.paragraphs if p.text == "一、基本情况")
    assert {r.font.name for r in heading.runs} == {"黑体"}


def test_report_docx_speaks_chinese_in_its_tables(tree):
    content = _download(tree, _report(tree), "report.docx")

    document = checks.open_docx(content)
    texts = checks.docx_texts(document)
    checks.assert_no_raw_enum_keys(texts)
    breakdown = {
        (row.cells[0].text, row.cells[1].text): row.cells[2].text
        for row in document.tables[2].rows[1:]
    }
    assert breakdown[("问题类别", "公务员管理")] == "1"
    assert breakdown[("问题类别", "干部选拔任用")] == "1"
    assert breakdown[("问题类别", "基层组织建设")] == "1"
    assert breakdown[("来源渠道", "网上信访")] == "1"
    assert breakdown[("被反映人管理层级", "市管干部")] == "1"
    # no case has a satisfaction answer: the rate has no denominator
    rates = {row.cells[0].text: row.cells[1].text for row in document.tables[1].rows}
    assert rates["满意率"] == "—"
    # 在办 is the case still open on 2025-12-31
    figures = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert figures["在办"] == "1"
    assert "现将本单位2025年1月至12月组织系统信访工作情况报告如下。" in texts


def test_statistics_xlsx_prints_on_a4_with_chinese_labels(tree):
    content = _download(tree, _report(tree), "statistics.xlsx")

    workbook = checks.open_xlsx(content)
    for sheet in workbook.worksheets:
        checks.assert_sheet_prints_on_a4(sheet, header_row=3)
    checks.assert_no_raw_enum_keys(checks.xlsx_texts(workbook))
    sheet = workbook["总体情况"]
    assert sheet["A2"].value.startswith("统计期：2025年1月至12月　文号：玄组信报〔")
    topics = {
        row[1]
        for row in workbook["分类情况"].iter_rows(min_row=4, values_only=True)
        if row[0] == "问题类别"
    }
    assert topics == {"公务员管理", "干部选拔任用", "基层组织建设"}


def test_assessment_bulletin_docx_is_an_official_document(tree):
    make_closed_fact(tree.units["county_a"], satisfaction="satisfied")
    make_closed_fact(tree.units["county_b"])
    bulletin = assessment_bulletin_issue(
        actor=tree.user("city", "leader"),
        title="关于2025年度组织系统信访工作考核情况的通报",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        weights={"closure": 50, "satisfaction": 50},
    )
    client = Client()
    client.force_login(tree.user("county_b", "leader"))

    response = client.get(f"/bulletins/{bulletin.pk}/bulletin.docx")

    assert response.status_code == 200
    checks.assert_gbt9704_layout(response.content, issuer="中共南京市委组织部")
    document = checks.open_docx(response.content)
    texts = checks.docx_texts(document)
    assert texts[1] == "宁组考〔2025〕1号"
    assert (
        "根据组织系统信访工作考核办法，现将2025年1月至12月各单位信访工作考核情况通报如下。"
        in texts
    )
    ranking = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert ranking[0] == ["名次", "单位", "得分", "办结率", "满意率"]
    assert ranking[1] == ["1", "玄武区委组织部", "100.00", "50.00", "50.00"]
    # county_b has no satisfaction answer: no denominator, “—”, weight moved
    assert ranking[2] == ["1", "秦淮区委组织部", "100.00", "100.00", "—"]  # a tie


def test_a_bulletin_of_another_branch_is_not_found(tree):
    bulletin = assessment_bulletin_issue(
        actor=tree.user("city", "leader"),
        title="考核通报",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        weights={"closure": 100},
    )
    client = Client()
    client.force_login(tree.user("other_city", "leader"))

    assert client.get(f"/bulletins/{bulletin.pk}/bulletin.docx").status_code == 404
    assert Client().get(f"/bulletins/{bulletin.pk}/bulletin.docx").status_code == 401
