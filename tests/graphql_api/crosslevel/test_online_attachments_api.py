"""Files sent with an online petition (网上信访附件): one multipart GraphQL
request, behind the same abuse check and limits, type judged by content,
stored encrypted as staff uploads are, and read by the unit's registrar."""

from __future__ import annotations

import json
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from supervision.crosslevel.services import online
from supervision.models import Attachment, Petition
from supervision.services import attachments as attachment_service
from tests.factories.supervision import in_unit
from tests.graphql_api.crosslevel.test_online_api import (
    COUNTY_A,
    SUBMIT,
    submission,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"picture-bytes" * 10
PDF = b"%PDF-1.4\n%petition letter\n" + b"letter-bytes" * 10
JPEG = b"\xff\xd8\xff\xe0" + b"photo-bytes" * 10

CASE = """
query($id: ID!) { petition(id: $id) {
  attachments { originalName downloadUrl uploadedBy { username } }
} }"""


def _docx() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def post_multipart(files: list[tuple[str, bytes]], *, variables=None, mapping=None):
    """The portal's request: operations, map, then the files (multipart spec)."""
    variables = variables or submission()
    variables["input"]["attachments"] = [None] * len(files)
    if mapping is None:
        mapping = {
            str(i): [f"variables.input.attachments.{i}"] for i in range(len(files))
        }
    data = {
        "operations": json.dumps({"query": SUBMIT, "variables": variables}),
        "map": json.dumps(mapping),
    }
    for index, (name, content) in enumerate(files):
        data[str(index)] = SimpleUploadedFile(name, content)
    response = Client().post("/graphql/", data, headers=COUNTY_A)
    return response.status_code, response.json()


def submitted(files, **kwargs) -> dict:
    status, body = post_multipart(files, **kwargs)
    assert status == 200, body
    assert "errors" not in body, body
    return body["data"]["onlinePetitionSubmit"]


def stored(tree) -> tuple[int, int]:
    with in_unit(tree.units["county_a"]):
        return Petition.objects.count(), Attachment.objects.count()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def files_on_disk(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()]


def test_files_sent_with_the_petition_are_stored_encrypted_for_the_registrar(
    tree, gql, media
):
    # given a petitioner sending a photo and a letter (named as they like)
    receipt = submitted([("现场照片.png", PNG), ("举报信.PDF", PDF)])
    assert receipt["errors"] == []

    # then both are kept with the petition, typed by content, by nobody on staff
    with in_unit(tree.units["county_a"]):
        petition = Petition.objects.get(public_number=receipt["trackingNumber"])
        kept = list(petition.attachments.order_by("original_name"))
        plain = [attachment_service.attachment_content(a) for a in kept]
        paths = [attachment_service.attachment_path(a) for a in kept]
    assert [(a.original_name, a.content_type, a.size) for a in kept] == [
        ("举报信.PDF", "application/pdf", len(PDF)),
        ("现场照片.png", "image/png", len(PNG)),
    ]
    assert [a.uploaded_by_id for a in kept] == [None, None]
    assert plain == [PDF, PNG]
    # and encrypted at rest, under the unit's own directory, by random names
    for path, content in zip(paths, plain, strict=True):
        raw = path.read_bytes()
        assert raw.startswith(attachment_service.ENCRYPTED_MARKER)
        assert content[:12] not in raw
        assert path.parent.name == tree.units["county_a"].schema_name
        assert "举报" not in path.name and "照片" not in path.name

    # and the unit's registrar sees them on the case, marked as the petitioner's
    registrar = tree.user("county_a", "registrar")
    page = gql(registrar).ok(CASE, {"id": str(petition.pk)})["petition"]
    assert sorted(
        (a["originalName"], a["uploadedBy"]) for a in page["attachments"]
    ) == [("举报信.PDF", None), ("现场照片.png", None)]
    web = Client()
    web.force_login(registrar)
    pdf = next(a for a in page["attachments"] if a["originalName"] == "举报信.PDF")
    assert web.get(pdf["downloadUrl"]).content == PDF


def test_a_jpeg_photo_passes(tree, media):
    receipt = submitted(
        [("photo.jpg", JPEG)],
        mapping={"0": ["variables.input.attachments.0"]},
    )
    assert receipt["errors"] == []
    assert stored(tree) == (1, 1)


@pytest.mark.parametrize(
    ("files", "code", "message"),
    [
        # an executable named as a picture: the content decides
        (
            [("照片.jpg", b"MZ\x90\x00" + b"\x00" * 60)],
            "FILE_TYPE_NOT_ALLOWED",
            "照片.jpg",
        ),
        # Word is for staff; the public sends pictures and PDF only
        ([("材料.docx", _docx())], "FILE_TYPE_NOT_ALLOWED", "材料.docx"),
        ([("空.pdf", b"")], "EMPTY_FILE", "空文件"),
        (
            [("大.pdf", b"%PDF-" + b"x" * attachment_service.ONLINE_MAX_FILE_BYTES)],
            "FILE_TOO_LARGE",
            "超过5MB",
        ),
        (
            [(f"{i}.png", PNG) for i in range(attachment_service.ONLINE_MAX_FILES + 1)],
            "TOO_MANY_FILES",
            "附件不能超过5个",
        ),
        # one bad file among good ones refuses the whole submission
        ([("好.png", PNG), ("坏.pdf", b"<html>")], "FILE_TYPE_NOT_ALLOWED", "坏.pdf"),
    ],
)
def test_a_refused_file_refuses_the_submission_and_keeps_nothing(
    tree, media, files, code, message
):
    receipt = submitted(files)

    [error] = receipt["errors"]
    assert (error["code"], error["field"]) == (code, "attachments")
    assert message in error["message"]
    assert receipt["trackingNumber"] is None and receipt["queryCode"] is None
    assert stored(tree) == (0, 0)
    assert files_on_disk(media) == []


def test_files_without_a_solved_challenge_are_not_stored(tree, media):
    receipt = submitted([("照片.png", PNG)], variables=submission(challenge="bogus"))

    assert [(e["code"], e["field"]) for e in receipt["errors"]] == [
        ("CHALLENGE_FAILED", "challenge")
    ]
    assert stored(tree) == (0, 0)
    assert files_on_disk(media) == []


def test_uploads_count_towards_the_submission_limit(tree, media):
    for _ in range(online.SUBMIT_LIMIT):
        assert submitted([("照片.png", PNG)])["errors"] == []

    refused = submitted([("照片.png", PNG)])

    assert [e["code"] for e in refused["errors"]] == ["TOO_MANY_REQUESTS"]
    assert stored(tree) == (online.SUBMIT_LIMIT, online.SUBMIT_LIMIT)
    assert len(files_on_disk(media)) == online.SUBMIT_LIMIT


def test_a_file_cannot_be_given_as_text(tree, gql, media):
    variables = submission()
    variables["input"]["attachments"] = ["JVBERi0xLjQK"]
    status, body = gql().execute(SUBMIT, variables, headers=COUNTY_A)

    assert body.get("data") is None
    assert "multipart" in body["errors"][0]["message"]
    assert stored(tree) == (0, 0)


@pytest.mark.parametrize(
    "mapping",
    [
        {"0": ["variables.input.title"]},  # only where the client left null
        {"0": ["query"]},
        {"0": ["variables.input.attachments.5"]},
        {"9": ["variables.input.attachments.0"]},  # no such file
    ],
)
def test_a_map_that_does_not_match_the_files_is_refused(tree, media, mapping):
    status, body = post_multipart([("照片.png", PNG)], mapping=mapping)

    assert status == 400
    assert body["errors"][0]["extensions"]["code"] == "INVALID_MULTIPART"
    assert stored(tree) == (0, 0)
