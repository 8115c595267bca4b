"""Files with a supervision order's reply (回复附件): of a case order,
uploaded to the supervised case by its own upload path and chosen by id in
the reply; of a topic order, sent with the reply itself (multipart) and kept
with it. Downloaded by the issuing unit, audited and scoped to the order's
two units."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from supervision.crosslevel.models import SupervisionOrderReplyFile
from supervision.crosslevel.services import orders
from supervision.services import attachments as attachment_service
from tenants.models import AuditAction, AuditEntry
from tests.factories.crosslevel import petition_fact, snapshot
from tests.factories.supervision import in_unit

PDF = b"%PDF-1.4\n%order reply\n"
REPLY = """mutation($input: SupervisionOrderReplyInput!) {
  supervisionOrderReply(input: $input) {
    reply { kind content attachments { id name size downloadUrl } }
    order { state }
    errors { code field message } } }"""
ORDER = """query($id: ID!) { supervisionOrder(id: $id) {
  replies { content attachments { name size downloadUrl } } } }"""


def _order_on_a_case(tree, legal_type="appeal", *, topic_only=False):
    """The city supervises a case of county_a (or a topic); the case's fact."""
    fact = petition_fact(tree, "county_a", legal_type=legal_type)
    order = orders.supervision_order_issue(
        actor=tree.user("city", "supervisor"),
        target_code="320102",
        topic="督促办理信访件",
        method="letter",
        requirement="请书面回复并附相关材料",
        petition_id=None if topic_only else fact.petition_id,
    )
    return fact, order


def _web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client, petition_id, name: str) -> dict:
    response = client.post(
        f"/petitions/{petition_id}/attachments/",
        {"file": SimpleUploadedFile(name, PDF)},
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_the_issuer_downloads_the_files_of_a_reply(tree, gql, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fact, order = _order_on_a_case(tree)
    registrar = tree.user("county_a", "registrar")
    county_web = _web(registrar)
    uploaded = _upload(county_web, fact.petition_id, "约谈记录.pdf")
    county = gql(registrar)

    # a file of another case of the county is refused, and nothing is written
    other = petition_fact(tree, "county_a", legal_type="appeal")
    stray = _upload(county_web, other.petition_id, "别的件.pdf")
    value = {"orderId": str(order.pk), "kind": "PROGRESS", "content": "已约谈承办人"}
    before = snapshot()
    refused = county.ok(REPLY, {"input": {**value, "attachmentIds": [stray["id"]]}})
    assert refused["supervisionOrderReply"] == {
        "reply": None,
        "order": None,
        "errors": [
            {
                "code": "INVALID_ATTACHMENT",
                "field": "attachmentIds",
                "message": "只能附上督办件已上传的附件",
            }
        ],
    }
    assert snapshot() == before

    # when the county replies with its file
    data = county.ok(REPLY, {"input": {**value, "attachmentIds": [uploaded["id"]]}})[
        "supervisionOrderReply"
    ]
    # then the reply carries it, and the city sees it on the order
    reply = data["reply"]
    url = reply["attachments"][0]["downloadUrl"]
    assert url.startswith("/supervision-order-replies/")
    assert reply["attachments"] == [
        {
            "id": uploaded["id"],
            "name": "约谈记录.pdf",
            "size": len(PDF),
            "downloadUrl": url,
        }
    ]
    city_user = tree.user("city", "supervisor")
    seen = gql(city_user).ok(ORDER, {"id": str(order.pk)})["supervisionOrder"]
    assert seen["replies"] == [
        {
            "content": "已约谈承办人",
            "attachments": [
                {"name": "约谈记录.pdf", "size": len(PDF), "downloadUrl": url}
            ],
        }
    ]
    # and downloads it, audited
    city_web = _web(city_user)
    downloaded = city_web.get(url)
    assert downloaded.status_code == 200
    assert downloaded.content == PDF
    assert "attachment;" in downloaded["Content-Disposition"]
    audit = AuditEntry.objects.filter(
        action=AuditAction.ATTACHMENT_DOWNLOADED, actor=city_user
    ).latest("pk")
    assert audit.target.startswith("supervision_order_reply:")
    assert audit.details["attachment"] == uploaded["id"]
    # the county reads its own file there too
    assert county_web.get(url).content == PDF


def test_only_the_two_units_reach_a_reply_file(tree, gql, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fact, order = _order_on_a_case(tree)
    county_web = _web(tree.user("county_a", "registrar"))
    uploaded = _upload(county_web, fact.petition_id, "办理报告.pdf")
    stray = _upload(county_web, fact.petition_id, "未随回复.pdf")
    with in_unit(tree.units["county_a"]):
        reply = orders.supervision_order_reply(
            actor=tree.user("county_a", "registrar"),
            order_id=order.pk,
            kind="result",
            content="已办结",
            attachment_ids=[uploaded["id"]],
        )
    url = f"/supervision-order-replies/{reply.pk}/attachments/{uploaded['id']}/"
    # a sibling county, the province above the issuer and the township below
    # the supervised unit find nothing
    for outsider in (
        ("county_b", "registrar"),
        ("province", "supervisor"),
        ("township", "liaison"),
    ):
        assert _web(tree.user(*outsider)).get(url).status_code == 404, outsider
    # a file of the case not sent with the reply is not reachable through it
    stray_url = f"/supervision-order-replies/{reply.pk}/attachments/{stray['id']}/"
    assert _web(tree.user("city", "supervisor")).get(stray_url).status_code == 404
    # signed out: to the sign-in page, not the file
    assert Client().get(url).status_code == 302


def test_an_accusation_file_only_for_who_may_see_identities(
    tree, gql, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    fact, order = _order_on_a_case(tree, legal_type="accusation")
    county_web = _web(tree.user("county_a", "registrar"))
    uploaded = _upload(county_web, fact.petition_id, "检举信.pdf")
    with in_unit(tree.units["county_a"]):
        reply = orders.supervision_order_reply(
            actor=tree.user("county_a", "registrar"),
            order_id=order.pk,
            kind="progress",
            content="正在核查",
            attachment_ids=[uploaded["id"]],
        )
    url = f"/supervision-order-replies/{reply.pk}/attachments/{uploaded['id']}/"
    # the city's supervisor may not see petitioners' identity: refused, why said
    refused = _web(tree.user("city", "supervisor")).get(url)
    assert refused.status_code == 403
    assert "检举控告类信访件的附件仅限可查看信访人身份的人员下载" in (
        refused.content.decode()
    )
    assert not AuditEntry.objects.filter(
        action=AuditAction.ATTACHMENT_DOWNLOADED,
        target=f"supervision_order_reply:{reply.pk}",
    ).exists()
    # the city's leader may
    assert _web(tree.user("city", "leader")).get(url).content == PDF


def test_a_topic_order_takes_no_case_files(tree, gql, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fact, order = _order_on_a_case(tree, topic_only=True)
    county_web = _web(tree.user("county_a", "registrar"))
    uploaded = _upload(county_web, fact.petition_id, "材料.pdf")
    before = snapshot()
    data = gql(tree.user("county_a", "registrar")).ok(
        REPLY,
        {
            "input": {
                "orderId": str(order.pk),
                "kind": "PROGRESS",
                "content": "专题进展",
                "attachmentIds": [uploaded["id"]],
            }
        },
    )["supervisionOrderReply"]
    assert data["errors"] == [
        {
            "code": "INVALID_ATTACHMENT",
            "field": "attachmentIds",
            "message": "专题督办单没有督办件，附件请随信访件上传",
        }
    ]
    assert snapshot() == before


def _reply_with_files(user, order, files, *, kind="PROGRESS", content="专题进展"):
    """The workbench's multipart reply: operations, map, then the files."""
    variables = {
        "input": {
            "orderId": str(order.pk),
            "kind": kind,
            "content": content,
            "files": [None] * len(files),
        }
    }
    data = {
        "operations": json.dumps({"query": REPLY, "variables": variables}),
        "map": json.dumps(
            {str(i): [f"variables.input.files.{i}"] for i in range(len(files))}
        ),
    }
    for index, (name, body) in enumerate(files):
        data[str(index)] = SimpleUploadedFile(name, body)
    response = _web(user).post("/graphql/", data)
    assert response.status_code == 200, response.content
    body = response.json()
    assert "errors" not in body, body
    return body["data"]["supervisionOrderReply"]


def _files_on_disk(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()]


def test_a_topic_order_reply_carries_its_own_files(tree, gql, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _, order = _order_on_a_case(tree, topic_only=True)
    registrar = tree.user("county_a", "registrar")

    # when the county replies to the topic order with a file of its own
    data = _reply_with_files(
        registrar, order, [("专题调研报告.pdf", PDF)], kind="RESULT", content="已整改"
    )

    # then the reply carries it, stored with the reply, encrypted on disk
    assert data["errors"] == []
    assert data["order"] == {"state": "ANSWERED"}
    [item] = data["reply"]["attachments"]
    stored = SupervisionOrderReplyFile.objects.get()
    assert item == {
        "id": str(stored.pk),
        "name": "专题调研报告.pdf",
        "size": len(PDF),
        "downloadUrl": f"/supervision-order-replies/{stored.reply_id}"
        f"/attachments/{stored.pk}/",
    }
    assert stored.content_type == "application/pdf"
    [on_disk] = _files_on_disk(tmp_path)
    assert on_disk.parent.name == tree.units["county_a"].schema_name
    assert PDF not in on_disk.read_bytes()
    # the issuing city sees it on the order and downloads it, audited
    city_user = tree.user("city", "supervisor")
    seen = gql(city_user).ok(ORDER, {"id": str(order.pk)})["supervisionOrder"]
    assert seen["replies"] == [
        {
            "content": "已整改",
            "attachments": [
                {
                    "name": "专题调研报告.pdf",
                    "size": len(PDF),
                    "downloadUrl": item["downloadUrl"],
                }
            ],
        }
    ]
    downloaded = _web(city_user).get(item["downloadUrl"])
    assert downloaded.status_code == 200
    assert downloaded.content == PDF
    assert downloaded["Content-Type"] == "application/pdf"
    assert "attachment;" in downloaded["Content-Disposition"]
    audit = AuditEntry.objects.filter(
        action=AuditAction.ATTACHMENT_DOWNLOADED, actor=city_user
    ).get()
    assert audit.target == f"supervision_order_reply:{stored.reply_id}"
    assert audit.details == {
        "supervision_order_reply": stored.reply_id,
        "attachment": str(stored.pk),
    }
    # the county reads its own file there too, audited as well
    assert _web(registrar).get(item["downloadUrl"]).content == PDF
    assert AuditEntry.objects.filter(
        action=AuditAction.ATTACHMENT_DOWNLOADED, actor=registrar
    ).exists()


def test_a_unit_neither_party_reaches_no_topic_order_file(
    tree, gql, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _, order = _order_on_a_case(tree, topic_only=True)
    data = _reply_with_files(
        tree.user("county_a", "registrar"), order, [("整改方案.pdf", PDF)]
    )
    url = data["reply"]["attachments"][0]["downloadUrl"]
    sibling = tree.user("county_b", "registrar")

    # a sibling county may not reply to the order, files or not
    before = snapshot()
    refused = _reply_with_files(sibling, order, [("冒名.pdf", PDF)])
    assert refused == {
        "reply": None,
        "order": None,
        "errors": [
            {"code": "NOT_FOUND", "field": "orderId", "message": "督办单不存在"}
        ],
    }
    assert snapshot() == before
    assert len(_files_on_disk(tmp_path)) == 1
    # and neither it, the province above the issuer nor the township below
    # the supervised unit downloads the file; nothing is audited as read
    for outsider in (
        ("county_b", "registrar"),
        ("province", "supervisor"),
        ("township", "liaison"),
    ):
        response = _web(tree.user(*outsider)).get(url)
        assert response.status_code == 404, outsider
        assert "您访问的页面不存在" in response.content.decode(), outsider
    assert not AuditEntry.objects.filter(
        action=AuditAction.ATTACHMENT_DOWNLOADED
    ).exists()


@pytest.mark.parametrize(
    ("files", "code", "message"),
    [
        (
            [("说明.exe", b"MZ\x90\x00program")],
            "FILE_TYPE_NOT_ALLOWED",
            "“说明.exe”：只能上传PDF、JPG、PNG、DOC、DOCX文件，文件类型按内容识别",
        ),
        ([("空.pdf", b"")], "EMPTY_FILE", "“空.pdf”：文件为空"),
        (
            [(f"材料{i}.pdf", PDF) for i in range(6)],
            "TOO_MANY_FILES",
            "附件不能超过5个",
        ),
    ],
)
def test_a_refused_file_refuses_the_whole_reply(
    tree, gql, settings, tmp_path, files, code, message
):
    settings.MEDIA_ROOT = tmp_path
    _, order = _order_on_a_case(tree, topic_only=True)
    before = snapshot()
    data = _reply_with_files(
        tree.user("county_a", "registrar"), order, [("报告.pdf", PDF), *files]
    )
    assert data["errors"] == [{"code": code, "field": "files", "message": message}]
    assert snapshot() == before
    assert _files_on_disk(tmp_path) == []


def test_a_file_too_large_is_refused(tree, gql, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(attachment_service, "MAX_ATTACHMENT_BYTES", len(PDF) - 1)
    _, order = _order_on_a_case(tree, topic_only=True)
    data = _reply_with_files(
        tree.user("county_a", "registrar"), order, [("大文件.pdf", PDF)]
    )
    assert data["errors"] == [
        {
            "code": "FILE_TOO_LARGE",
            "field": "files",
            "message": "“大文件.pdf”：文件不能超过0MB",
        }
    ]
    assert _files_on_disk(tmp_path) == []


def test_files_too_large_together_are_refused(
    tree, gql, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(orders, "MAX_REPLY_FILES_BYTES", 2 * len(PDF) - 1)
    _, order = _order_on_a_case(tree, topic_only=True)
    data = _reply_with_files(
        tree.user("county_a", "registrar"), order, [("甲.pdf", PDF), ("乙.pdf", PDF)]
    )
    assert data["errors"] == [
        {"code": "FILE_TOO_LARGE", "field": "files", "message": "附件合计不能超过0MB"}
    ]
    assert _files_on_disk(tmp_path) == []


def test_a_case_order_reply_sends_its_files_through_the_case(
    tree, gql, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _, order = _order_on_a_case(tree)
    before = snapshot()
    data = _reply_with_files(
        tree.user("county_a", "registrar"), order, [("材料.pdf", PDF)]
    )
    assert data["errors"] == [
        {
            "code": "INVALID_ATTACHMENT",
            "field": "files",
            "message": "督办件的附件请上传到信访件后选择",
        }
    ]
    assert snapshot() == before
    assert _files_on_disk(tmp_path) == []
