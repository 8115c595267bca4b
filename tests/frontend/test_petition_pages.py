"""Printable notices and the attachment upload endpoint."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from supervision.models import Attachment, PetitionEvent
from supervision.services import attachments
from tests.factories.supervision import in_unit, make_petition

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _events(tree, petition, action):
    with in_unit(tree.units["county_a"]):
        return PetitionEvent.objects.filter(petition=petition, action=action).count()


def test_acceptance_notice_preview_writes_nothing(tree):
    petition = make_petition(tree, "accepted")
    client = _client(tree.user("county_a", "registrar"))

    response = client.get(f"/petitions/{petition.pk}/notices/acceptance/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "信访事项受理告知书" in html
    assert "王建国：" in html
    assert petition.tracking_number in html
    assert "中共南京市玄武区委组织部" in html
    assert "（出具后生成文号）" in html
    assert "@page { size: A4;" in html
    assert _events(tree, petition, "notice_printed") == 0


def test_opinion_for_an_appeal_states_request_facts_reasons_basis_decision(tree):
    petition = make_petition(tree, "closed")
    client = _client(tree.user("county_a", "registrar"))

    html = client.get(f"/petitions/{petition.pk}/notices/opinion/").content.decode()

    for part in (
        "信访事项处理意见书",
        "请求撤销对某干部的提拔决定",
        "《党政领导干部选拔任用工作条例》第十八条",
        "不予支持",
        "30日内请求原办理机关的上一级机关复查",
    ):
        assert part in html


@pytest.mark.parametrize(
    ("user_key", "kind", "status"),
    [
        (None, "acceptance", 302),
        (("county_a", "supervisor"), "acceptance", 403),
        (("county_b", "registrar"), "acceptance", 404),
        (("county_a", "registrar"), "decline", 404),
        (("county_a", "registrar"), "nonsense", 404),
    ],
)
def test_notice_access_is_scoped(tree, user_key, kind, status):
    petition = make_petition(tree, "accepted")
    client = _client(tree.user(*user_key) if user_key else None)
    response = client.get(f"/petitions/{petition.pk}/notices/{kind}/")
    assert response.status_code == status
    assert _events(tree, petition, "notice_printed") == 0


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client, petition, name, data):
    return client.post(
        f"/petitions/{petition.pk}/attachments/",
        {"file": SimpleUploadedFile(name, data)},
    )


def test_upload_stores_the_file_under_the_unit_schema_with_a_random_name(tree, media):
    petition = make_petition(tree)
    client = _client(tree.user("county_a", "registrar"))

    response = _upload(client, petition, "../../举报材料.pdf", PDF)

    assert response.status_code == 201
    body = response.json()
    assert (body["originalName"], body["size"]) == ("举报材料.pdf", len(PDF))
    with in_unit(tree.units["county_a"]):
        attachment = Attachment.objects.get(pk=body["id"])
    stored = media / tree.units["county_a"].schema_name / attachment.stored_name
    assert stored.read_bytes().startswith(attachments.ENCRYPTED_MARKER)
    assert b"%PDF" not in stored.read_bytes()
    assert attachment.stored_name.endswith(".pdf")
    assert "举报" not in attachment.stored_name
    assert _events(tree, petition, "attachment_added") == 1


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("big.pdf", PDF + b"0" * 2048, "FILE_TOO_LARGE"),
        ("virus.pdf", b"MZ\x90\x00" + b"0" * 100, "FILE_TYPE_NOT_ALLOWED"),
        ("script.sh", b"#!/bin/sh\n", "FILE_TYPE_NOT_ALLOWED"),
        ("empty.pdf", b"", "EMPTY_FILE"),
    ],
)
def test_refused_uploads_store_nothing(tree, media, monkeypatch, name, data, code):
    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 1024)
    petition = make_petition(tree)
    client = _client(tree.user("county_a", "registrar"))

    response = _upload(client, petition, name, data)

    assert response.status_code == 400
    assert [e["code"] for e in response.json()["errors"]] == [code]
    with in_unit(tree.units["county_a"]):
        assert Attachment.objects.count() == 0
    assert list(media.rglob("*.*")) == []
    assert _events(tree, petition, "attachment_added") == 0


@pytest.mark.parametrize(
    ("user_key", "status"),
    [
        (None, 302),
        (("township", "liaison"), 404),
        (("county_b", "registrar"), 404),
        (("province", "supervisor"), 403),
        (("county_a", "handler"), 201),
    ],
)
def test_upload_authorization(tree, media, user_key, status):
    petition = make_petition(tree)
    client = _client(tree.user(*user_key) if user_key else None)
    response = _upload(client, petition, "a.pdf", PDF)
    assert response.status_code == status
    with in_unit(tree.units["county_a"]):
        assert Attachment.objects.count() == (1 if status == 201 else 0)


@pytest.mark.parametrize(
    ("user_key", "status"),
    [
        (("county_a", "supervisor"), 200),
        (("county_b", "registrar"), 404),
        (("township", "liaison"), 404),
        (None, 302),
    ],
)
def test_download_is_scoped_to_the_unit(tree, media, user_key, status):
    petition = make_petition(tree)
    uploaded = _upload(
        _client(tree.user("county_a", "registrar")), petition, "材料.pdf", PDF
    ).json()
    client = _client(tree.user(*user_key) if user_key else None)

    response = client.get(f"/petitions/{petition.pk}/attachments/{uploaded['id']}/")

    assert response.status_code == status
    if status == 200:
        assert response.content == PDF
        assert response["Content-Disposition"] == (
            f"attachment; filename=attachment-{uploaded['id']}; "
            "filename*=UTF-8''%E6%9D%90%E6%96%99.pdf"
        )


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32


def _accusation_with_letter(tree):
    petition = make_petition(tree, "handling", legal_type="accusation")
    uploaded = _upload(
        _client(tree.user("county_a", "registrar")), petition, "举报信.pdf", PDF
    ).json()
    return petition, uploaded["id"]


@pytest.mark.parametrize(
    ("user_key", "status"),
    [
        (("county_a", "registrar"), 200),
        (("county_a", "handler"), 200),
        (("county_a", "leader"), 200),
        (("county_a", "supervisor"), 403),
        (("county_a", "liaison"), 403),
    ],
)
def test_an_accusation_letter_goes_only_to_those_who_see_its_identity(
    tree, media, user_key, status
):
    # given an accusation with the letter attached
    petition, attachment_id = _accusation_with_letter(tree)
    # when a member of the unit downloads it
    response = _client(tree.user(*user_key)).get(
        f"/petitions/{petition.pk}/attachments/{attachment_id}/"
    )
    # then only the people of the case get the letter
    assert response.status_code == status
    if status == 200:
        assert response.content == PDF
    else:
        assert response.content.decode() == (
            "检举控告类信访件的附件仅限可查看信访人身份的人员下载"
        )


def test_a_file_stored_before_encryption_still_downloads(tree, media):
    petition = make_petition(tree)
    uploaded = _upload(
        _client(tree.user("county_a", "registrar")), petition, "旧材料.pdf", PDF
    ).json()
    with in_unit(tree.units["county_a"]):
        attachment = Attachment.objects.get(pk=uploaded["id"])
    stored = media / tree.units["county_a"].schema_name / attachment.stored_name
    stored.write_bytes(PDF)  # as the files written before this change are

    response = _client(tree.user("county_a", "registrar")).get(
        f"/petitions/{petition.pk}/attachments/{uploaded['id']}/"
    )

    assert (response.status_code, response.content) == (200, PDF)


def test_the_type_is_taken_from_the_content_not_the_name(tree, media):
    petition = make_petition(tree)
    client = _client(tree.user("county_a", "registrar"))

    response = _upload(client, petition, "照片.pdf", PNG)

    assert response.status_code == 201
    with in_unit(tree.units["county_a"]):
        attachment = Attachment.objects.get(pk=response.json()["id"])
    assert (attachment.content_type, attachment.stored_name[-4:]) == (
        "image/png",
        ".png",
    )
    download = client.get(f"/petitions/{petition.pk}/attachments/{attachment.pk}/")
    assert (download["Content-Type"], download.content) == ("image/png", PNG)


def test_a_zip_that_is_not_a_word_document_is_refused(tree, media):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    petition = make_petition(tree)

    response = _upload(
        _client(tree.user("county_a", "registrar")),
        petition,
        "材料.docx",
        buffer.getvalue(),
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "code": "FILE_TYPE_NOT_ALLOWED",
            "message": "只能上传PDF、JPG、PNG、DOC、DOCX文件，文件类型按内容识别",
        }
    ]
    with in_unit(tree.units["county_a"]):
        assert Attachment.objects.count() == 0
    assert list(media.rglob("*.*")) == []
