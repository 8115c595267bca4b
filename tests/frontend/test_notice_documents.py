"""Notices issued once (出具文书) with their 文号, dated by the decision, as the
print page, DOCX and PDF; previews and reprints write nothing."""

from __future__ import annotations

from django.test import Client

from supervision.models import Petition, PetitionEvent, Stage
from tenants.models import Unit
from tests import document_checks as checks
from tests.factories.supervision import in_unit, make_petition


def _client(tree, role="registrar") -> Client:
    client = Client()
    client.force_login(tree.user("county_a", role))
    return client


def _issued(tree, petition):
    with in_unit(tree.units["county_a"]):
        return list(
            PetitionEvent.objects.filter(
                petition=petition, action="notice_printed"
            ).values_list("after", flat=True)
        )


def _reload(tree, petition) -> Petition:
    with in_unit(tree.units["county_a"]):
        return Petition.objects.get(pk=petition.pk)


def test_issuing_a_notice_numbers_it_once_and_keeps_the_decision_date(tree):
    petition = _reload(tree, make_petition(tree, "accepted"))
    client = _client(tree)
    base = f"/petitions/{petition.pk}/notices/acceptance"
    year = petition.accepted_on.year

    first = client.post(f"{base}/issue/")
    again = client.post(f"{base}/issue/")
    page = client.get(f"{base}/").content.decode()

    assert first.status_code == again.status_code == 302
    issued = _issued(tree, petition)
    assert len(issued) == 1
    number = f"玄组信受〔{year}〕1号"
    assert issued[0]["number"] == number
    assert number in page
    accepted = petition.accepted_on
    assert f"{accepted.year}年{accepted.month}月{accepted.day}日" in page
    # the downloads are the issued notice and write nothing more
    docx = client.get(f"{base}.docx")
    pdf = client.get(f"{base}.pdf")
    assert docx.status_code == pdf.status_code == 200
    assert len(_issued(tree, petition)) == 1
    checks.assert_gbt9704_layout(docx.content, issuer="中共南京市玄武区委组织部")
    texts = checks.docx_texts(checks.open_docx(docx.content))
    assert texts[1] == number
    assert texts[2] == "信访事项受理告知书"
    assert texts[-1] == f"{accepted.year}年{accepted.month}月{accepted.day}日"
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in pdf.content  # A4


def test_a_second_notice_of_the_kind_takes_the_next_number(tree):
    first = make_petition(tree, "accepted")
    second = make_petition(tree, "accepted")
    client = _client(tree)

    client.post(f"/petitions/{first.pk}/notices/acceptance/issue/")
    client.post(f"/petitions/{second.pk}/notices/acceptance/issue/")

    assert _issued(tree, second)[0]["number"].endswith("〕2号")


def test_a_preview_or_download_of_an_unissued_notice_writes_nothing(tree):
    petition = make_petition(tree, "accepted")
    client = _client(tree)
    base = f"/petitions/{petition.pk}/notices/acceptance"

    assert client.get(f"{base}/").status_code == 200
    assert client.get(f"{base}.docx").status_code == 404
    assert client.get(f"{base}.xls").status_code == 404

    assert _issued(tree, petition) == []


def test_without_agency_code_the_notice_is_not_issued(tree):
    Unit.objects.filter(code="320102").update(agency_code="")
    petition = make_petition(tree, "accepted")
    client = _client(tree)
    base = f"/petitions/{petition.pk}/notices/acceptance"

    response = client.post(f"{base}/issue/", follow=True)

    assert "尚未设置机关代字" in response.content.decode()
    assert _issued(tree, petition) == []


def test_an_opinion_stays_printable_after_the_case_moves_to_review(tree):
    petition = make_petition(tree, "closed")
    with in_unit(tree.units["county_a"]):
        Petition.objects.filter(pk=petition.pk).update(stage=Stage.REVIEW)
    client = _client(tree)

    client.post(f"/petitions/{petition.pk}/notices/opinion/issue/")
    docx = client.get(f"/petitions/{petition.pk}/notices/opinion.docx")

    assert docx.status_code == 200
    texts = checks.docx_texts(checks.open_docx(docx.content))
    assert "信访事项处理意见书" in texts
    assert "五、处理意见" in texts
    assert any(text.startswith("不予支持。") for text in texts)
    assert (
        "如对本处理意见不服，可以自收到本意见书之日起30日内"
        "请求原办理机关的上一级机关复查。" in texts
    )
    checks.assert_no_raw_enum_keys(texts)
