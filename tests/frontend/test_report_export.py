"""Report downloads: the DOCX and XLSX open with their libraries and hold the
submitted figures; scoped like the GraphQL."""

import io

import pytest
from django.test import Client
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from supervision.reporting.services import report_submit
from supervision.rules.workcalendar import chinese_date
from tests.factories.reporting import make_closed_fact, make_fact, make_requirement


def _submitted_report(tree):
    county_a = tree.units["county_a"]
    make_closed_fact(county_a, satisfaction="satisfied", channel="visit")
    make_closed_fact(county_a, closed_in_time=False, satisfaction="dissatisfied")
    make_fact(county_a, is_accepted=True, accepted_in_time=True, is_repeat=True)
    make_closed_fact(tree.units["township"], channel="online")
    requirement = make_requirement(tree.units["city"], tree.user("city", "leader"))
    return report_submit(
        actor=tree.user("county_a", "registrar"),
        requirement_id=requirement.pk,
        sections={
            "basic_situation": "全年共收到信访件4件。\n其中来访1件。",
            "problems": "个别乡镇报送不及时。",
        },
    )


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_docx_holds_the_title_number_sections_and_figures(tree):
    report = _submitted_report(tree)

    response = _client(tree.user("city", "leader")).get(
        f"/reports/{report.pk}/report.docx"
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == "中共南京市玄武区委组织部"
    assert texts[1] == f"{report.document_number}\t签发人：李建平"
    assert report.document_number.startswith("玄组信报〔")
    assert texts[2] == "中共南京市玄武区委组织部关于2025年度信访工作情况的报告"
    assert texts[3] == "中共南京市委组织部："
    assert "一、基本情况" in texts
    assert "二、存在问题" in texts
    assert "其中来访1件。" in texts
    assert texts[4] == "现将本单位2025年1月至12月组织系统信访工作情况报告如下。"
    assert texts[-2:] == [
        "中共南京市玄武区委组织部",
        chinese_date(timezone.localtime(report.submitted_at)),
    ]
    overview = {
        row.cells[0].text: (row.cells[1].text, row.cells[2].text)
        for row in document.tables[0].rows[1:]
    }
    assert overview["收件总数"] == ("3", "4")
    assert overview["办结"] == ("2", "3")
    assert overview["重信重访"] == ("1", "1")
    rates = {
        row.cells[0].text: row.cells[2].text for row in document.tables[1].rows[1:]
    }
    assert rates["办结率"] == "75.00%"
    assert rates["满意率"] == "50.00%"
    children = [[c.text for c in row.cells] for row in document.tables[3].rows]
    assert children[1] == ["梅园新村街道", "1", "1", "1", "100.00%", "100.00%", "—"]


def test_xlsx_holds_own_total_and_child_columns(tree):
    report = _submitted_report(tree)

    response = _client(tree.user("county_a", "registrar")).get(
        f"/reports/{report.pk}/statistics.xlsx"
    )

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["总体情况", "主要指标", "分类情况"]
    sheet = workbook["总体情况"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["项目"] == ("本级", "合计（含下级）", "梅园新村街道")
    assert rows["收件总数"] == (3, 4, 1)
    assert rows["受理"] == (3, 4, 1)
    assert rows["办结"] == (2, 3, 1)
    rates = {
        row[0]: row[1:4]
        for row in workbook["主要指标"].iter_rows(min_row=4, values_only=True)
    }
    assert rates["办结率"] == (pytest.approx(2 / 3, abs=1e-4), 0.75, 1.0)
    assert rates["满意率"] == (0.5, 0.5, "—")
    channels = {
        row[1]: row[2:]
        for row in workbook["分类情况"].iter_rows(min_row=4, values_only=True)
        if row[0] == "来源渠道"
    }
    assert channels == {"来信": (2, 2, 0), "来访": (1, 1, 0), "网上信访": (0, 1, 1)}


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        (None, 401),
        (("county_b", "leader"), 404),
        (("other_city", "supervisor"), 404),
        (("township", "liaison"), 404),
        (("province", "supervisor"), 200),
    ],
)
def test_downloads_are_scoped_like_the_api(tree, actor, status):
    report = _submitted_report(tree)
    user = tree.user(*actor) if actor else None

    response = _client(user).get(f"/reports/{report.pk}/report.docx")

    assert response.status_code == status


def test_an_unknown_export_or_version_is_not_found(tree):
    report = _submitted_report(tree)
    client = _client(tree.user("city", "leader"))

    assert client.get(f"/reports/{report.pk}/report.pdf").status_code == 404
    assert client.get(f"/reports/{report.pk}/report.docx?version=9").status_code == 404
    assert client.get(f"/reports/{report.pk}/report.docx?version=x").status_code == 404
