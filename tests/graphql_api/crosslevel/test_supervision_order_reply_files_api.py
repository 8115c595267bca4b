"""Files with a supervision order's reply (回复附件): uploaded to the
supervised case by its own upload path, chosen by id in the reply, and
downloaded by the issuing unit, audited and scoped to the order's two units."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from supervision.crosslevel.services import orders
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


def test_a_topic_order_takes_no_files(tree, gql, settings, tmp_path):
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
