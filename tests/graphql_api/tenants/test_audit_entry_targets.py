"""What an auditor reads in the 对象 of an entry whose target is an internal id:
a result report's files by the case's 信访件编号, an order reply's files by the
order's number (督办单号), a staff user by account and name."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from supervision.crosslevel.services import orders
from supervision.facts.models import CaseFact
from supervision.facts.selectors import (
    order_reply_numbers,
    result_report_tracking_numbers,
)
from tenants.models import AuditAction
from tenants.roles import Role
from tenants.selectors import audit_user_names
from tenants.services.audit import audit_record
from tests.factories.crosslevel import close_petition, petition_fact
from tests.factories.supervision import in_unit
from tests.factories.tenants import UserFactory

PDF = b"%PDF-1.4\n%audit target\n"
ENTRIES = """query($actions: [AuditAction!]) {
  auditEntries(actions: $actions, limit: 50) {
    items { action target targetLabel actorUsername }
  }
}"""
ASSIGN = """mutation($input: PetitionAssignInput!) { petitionAssign(input: $input) {
  link { id targetPetitionId } errors { code } } }"""
SUBMIT = """mutation($input: ResultReportSubmitInput!) {
  resultReportSubmit(input: $input) { report { id } errors { code } } }"""
LOGIN = """mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) { errors { code } } }"""


def _auditor(tree, unit_key):
    return UserFactory(
        username=f"{unit_key}_auditor", unit=tree.units[unit_key], roles=[Role.AUDITOR]
    )


def _web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _labels(client, *actions):
    items = client.ok(ENTRIES, {"actions": list(actions)})["auditEntries"]["items"]
    return [(item["actorUsername"], item["targetLabel"]) for item in items]


def _result_report_file(tree, gql):
    """County A assigns its case to the township, which reports with a file."""
    fact = petition_fact(tree, "county_a", legal_type="appeal")
    link = gql(tree.user("county_a", "registrar")).ok(
        ASSIGN,
        {
            "input": {
                "petitionId": str(fact.petition_id),
                "targetCode": tree.units["township"].code,
                "requirement": "请核实后报结",
            }
        },
    )["petitionAssign"]["link"]
    liaison = tree.user("township", "liaison")
    uploaded = (
        _web(liaison)
        .post(
            f"/petitions/{link['targetPetitionId']}/attachments/",
            {"file": SimpleUploadedFile("谈话记录.pdf", PDF)},
        )
        .json()
    )
    close_petition(tree, "township", link["targetPetitionId"])
    report = gql(liaison).ok(
        SUBMIT,
        {
            "input": {
                "linkId": link["id"],
                "finding": "PARTLY_TRUE",
                "handling": "已约谈提醒",
                "attachmentIds": [uploaded["id"]],
            }
        },
    )["resultReportSubmit"]["report"]
    url = f"/result-reports/{report['id']}/attachments/{uploaded['id']}/"
    return fact, link, url


def _order_reply_file(tree):
    """The city supervises a case of county A, which replies with a file."""
    fact = petition_fact(tree, "county_a", legal_type="appeal")
    order = orders.supervision_order_issue(
        actor=tree.user("city", "supervisor"),
        target_code="320102",
        topic="督促办理信访件",
        method="letter",
        requirement="请书面回复",
        petition_id=fact.petition_id,
    )
    registrar = tree.user("county_a", "registrar")
    uploaded = (
        _web(registrar)
        .post(
            f"/petitions/{fact.petition_id}/attachments/",
            {"file": SimpleUploadedFile("约谈记录.pdf", PDF)},
        )
        .json()
    )
    with in_unit(tree.units["county_a"]):
        reply = orders.supervision_order_reply(
            actor=registrar,
            order_id=order.pk,
            kind="progress",
            content="已约谈",
            attachment_ids=[uploaded["id"]],
        )
    return order, f"/supervision-order-replies/{reply.pk}/attachments/{uploaded['id']}/"


def test_a_result_report_download_is_named_by_the_case_each_unit_knows(
    tree, gql, settings, tmp_path
):
    # given the assigner and the assignee both download the report's file
    settings.MEDIA_ROOT = tmp_path
    fact, link, url = _result_report_file(tree, gql)
    assert _web(tree.user("county_a", "registrar")).get(url).status_code == 200
    assert _web(tree.user("township", "liaison")).get(url).status_code == 200
    township_number = CaseFact.objects.get(
        petition_id=link["targetPetitionId"]
    ).tracking_number

    # when the city's auditor reads the downloads
    labels = _labels(gql(_auditor(tree, "city")), "ATTACHMENT_DOWNLOADED")

    # then each names the case by the number of its own unit's petition
    assert labels == [
        ("township_liaison", f"{township_number} 报结材料"),
        ("county_a_registrar", f"{fact.tracking_number} 报结材料"),
    ]
    assert fact.tracking_number != township_number


def test_an_order_reply_download_is_named_by_the_orders_number(
    tree, gql, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    order, url = _order_reply_file(tree)
    assert _web(tree.user("city", "supervisor")).get(url).status_code == 200

    labels = _labels(gql(_auditor(tree, "city")), "ATTACHMENT_DOWNLOADED")

    assert order.number.startswith("DB")
    assert labels == [("city_supervisor", f"{order.number} 回复附件")]
    # an auditor of a sibling county sees none of it
    assert _labels(gql(_auditor(tree, "county_b")), "ATTACHMENT_DOWNLOADED") == []


def test_the_names_keep_to_auditors_and_to_their_subtree(tree, gql, settings, tmp_path):
    # the selectors answer nothing outside the auditor's subtree, nor to
    # someone who is not an auditor, whatever ids they are asked
    settings.MEDIA_ROOT = tmp_path
    order, reply_url = _order_reply_file(tree)
    reply_id = int(reply_url.split("/")[2])
    fact, _link, report_url = _result_report_file(tree, gql)
    report_id = int(report_url.split("/")[2])
    county_a = tree.units["county_a"].pk
    registrar = tree.user("county_a", "registrar")
    sibling, leader = _auditor(tree, "county_b"), tree.user("county_a", "leader")

    for outsider in (sibling, leader):
        assert order_reply_numbers(actor=outsider, replies=[reply_id]) == {}
        assert (
            result_report_tracking_numbers(
                actor=outsider, reports=[(report_id, county_a)]
            )
            == {}
        )
        assert audit_user_names(actor=outsider, users=[registrar.pk]) == {}
    auditor = _auditor(tree, "county_a")
    assert order_reply_numbers(actor=auditor, replies=[reply_id]) == {
        reply_id: order.number
    }
    assert result_report_tracking_numbers(
        actor=auditor, reports=[(report_id, county_a)]
    ) == {(report_id, county_a): fact.tracking_number}
    assert audit_user_names(actor=auditor, users=[registrar.pk]) == {
        registrar.pk: (registrar.username, registrar.full_name)
    }


def test_a_user_named_by_id_is_shown_by_account_and_name(tree, gql):
    # given a failed sign-in of a known account and a role change
    gql().ok(LOGIN, {"u": "county_a_registrar", "p": "wrong-password"})
    registrar = tree.user("county_a", "registrar")
    registrar.full_name = "王登记"
    registrar.save(update_fields=["full_name"])
    handler = tree.user("county_a", "handler")
    data = gql(tree.user("city", "admin")).ok(
        "mutation($id: ID!) { userUpdate(id: $id, input: {roles: [REGISTRAR]}) "
        "{ errors { code } } }",
        {"id": str(handler.pk)},
    )
    assert data == {"userUpdate": {"errors": []}}

    auditor = gql(_auditor(tree, "city"))

    assert _labels(auditor, "LOGIN_FAILED") == [(None, "county_a_registrar（王登记）")]
    expected = (
        f"{handler.username}（{handler.full_name}）"
        if handler.full_name
        else handler.username
    )
    assert _labels(auditor, "ROLES_CHANGED") == [("city_admin", expected)]


def test_a_page_of_named_targets_costs_the_same_whatever_its_rows(
    tree, gql, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _, _, report_url = _result_report_file(tree, gql)
    _, reply_url = _order_reply_file(tree)
    auditor = gql(_auditor(tree, "city"))
    city = _web(tree.user("city", "supervisor"))
    county = _web(tree.user("county_a", "registrar"))

    def downloads():
        assert county.get(report_url).status_code == 200
        assert city.get(reply_url).status_code == 200
        user = UserFactory(unit=tree.units["county_a"], full_name="李审")
        audit_record(
            action=AuditAction.ROLES_CHANGED,
            actor=tree.user("city", "admin"),
            unit=user.unit,
            target=user.username,
            details={"user": user.pk},
        )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            items = auditor.ok(ENTRIES, {"actions": None})["auditEntries"]["items"]
        return sum(1 for item in items if item["targetLabel"]), len(captured)

    downloads()
    one = queries()
    downloads()
    downloads()
    downloads()
    four = queries()

    assert (one[0], four[0]) == (3, 12)
    assert four[1] == one[1]
