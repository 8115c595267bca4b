"""What an auditor reads in an entry's 对象: the tracking number (信访件编号) of
the petition it concerns, and the refused operation in Chinese."""

import ast
import json
import uuid
from pathlib import Path

import graphql
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from graphql_api.schema import schema
from graphql_api.tenants.operation_labels import (
    MUTATION_LABELS,
    OPERATION_LABELS,
    PAGE_OPERATION_LABELS,
)
from supervision.facts.selectors import petition_tracking_numbers
from tenants.models import AuditAction
from tenants.roles import Role
from tenants.services.audit import audit_record
from tests.factories.supervision import make_petition
from tests.factories.tenants import UserFactory

ENTRIES = """query($actions: [AuditAction!], $limit: Int) {
  auditEntries(actions: $actions, limit: $limit) {
    items { action target trackingNumber operationLabel details }
  }
}"""
REVEAL = """mutation($p: ID!) { petitionIdentityReveal(input: {petitionId: $p}) {
  errors { code } } }"""
RENAME = 'mutation { unitRename(input: {unitCode: "320102002", name: "x"}) { errors { code } } }'


def _auditor(tree, unit_key="county_a"):
    return UserFactory(
        username=f"{unit_key}_auditor", unit=tree.units[unit_key], roles=[Role.AUDITOR]
    )


def _entries(client, *actions, limit=50):
    items = client.ok(ENTRIES, {"actions": list(actions), "limit": limit})[
        "auditEntries"
    ]["items"]
    for item in items:
        item["details"] = json.loads(item["details"])
    return items


def test_a_reveal_and_a_download_name_the_petition_by_its_tracking_number(
    tree, gql, settings, tmp_path
):
    # given a registrar who shows a case's petitioner and downloads its file
    settings.MEDIA_ROOT = tmp_path
    petition = make_petition(tree)
    registrar = tree.user("county_a", "registrar")
    assert gql(registrar).ok(REVEAL, {"p": str(petition.pk)}) == {
        "petitionIdentityReveal": {"errors": []}
    }
    client = Client()
    client.force_login(registrar)
    uploaded = client.post(
        f"/petitions/{petition.pk}/attachments/",
        {"file": SimpleUploadedFile("材料.pdf", b"%PDF-1.4\n%%EOF\n")},
    ).json()
    download = client.get(f"/petitions/{petition.pk}/attachments/{uploaded['id']}/")
    assert download.status_code == 200

    # when the county's auditor reads the log
    items = _entries(gql(_auditor(tree)), "IDENTITY_REVEALED", "ATTACHMENT_DOWNLOADED")

    # then both entries carry the case's tracking number, no operation label
    assert petition.tracking_number.startswith("320102-")
    assert [
        (item["action"], item["trackingNumber"], item["operationLabel"])
        for item in items
    ] == [
        ("ATTACHMENT_DOWNLOADED", petition.tracking_number, None),
        ("IDENTITY_REVEALED", petition.tracking_number, None),
    ]
    assert items[1]["details"]["petition"] == str(petition.pk)


def test_a_petition_unknown_in_the_entrys_unit_keeps_only_its_internal_id(tree, gql):
    # given a read recorded at county B of a petition held by county A, and
    # one of a petition no unit holds
    petition = make_petition(tree)
    stranger = uuid.uuid4()
    for petition_id in (petition.pk, stranger):
        audit_record(
            action=AuditAction.IDENTITY_REVEALED,
            actor=tree.user("county_b", "registrar"),
            target=str(petition_id),
            details={"petition": str(petition_id), "fields": ["name"]},
        )

    items = _entries(gql(_auditor(tree, "city")), "IDENTITY_REVEALED")

    assert [(item["target"], item["trackingNumber"]) for item in items] == [
        (str(stranger), None),
        (str(petition.pk), None),
    ]


def test_only_an_auditor_above_the_petition_learns_its_tracking_number(tree):
    # county B's auditor sees none of county A's entries; the selector also
    # keeps to the auditor's subtree on its own, and to auditors.
    petition = make_petition(tree)
    key = (str(petition.pk), tree.units["county_a"].pk)

    assert (
        petition_tracking_numbers(actor=_auditor(tree, "county_b"), petitions=[key])
        == {}
    )
    assert (
        petition_tracking_numbers(
            actor=tree.user("county_a", "leader"), petitions=[key]
        )
        == {}
    )
    assert petition_tracking_numbers(actor=_auditor(tree), petitions=[key]) == {
        key: petition.tracking_number
    }


def test_a_refused_mutation_is_named_in_chinese(tree, gql):
    gql(tree.user("township", "liaison")).ok(RENAME)

    items = _entries(gql(_auditor(tree)), "PERMISSION_DENIED")

    assert [
        (item["target"], item["operationLabel"], item["trackingNumber"])
        for item in items
    ] == [("UnitRename", "修改单位名称", None)]


def test_a_refused_page_request_is_named_in_chinese(tree, gql):
    petition = make_petition(tree, "accepted")
    client = Client()
    client.force_login(tree.user("county_a", "supervisor"))
    assert (
        client.get(f"/petitions/{petition.pk}/notices/acceptance/").status_code == 403
    )

    items = _entries(gql(_auditor(tree)), "PERMISSION_DENIED")

    assert [(item["target"], item["operationLabel"]) for item in items] == [
        ("notice_print", "打印告知书")
    ]


def test_every_mutation_of_the_schema_has_a_chinese_label():
    # The base mutation records a refusal by the mutation's type name.
    names = {
        graphql.get_named_type(field.type).name
        for field in schema.graphql_schema.mutation_type.fields.values()
    }

    assert sorted(names - MUTATION_LABELS.keys()) == []
    assert sorted(MUTATION_LABELS.keys() - names) == []


def test_every_refusal_of_the_servers_pages_has_a_chinese_label():
    recorded = set()
    for path in Path("frontend").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_refused"
            ):
                assert isinstance(node.args[1], ast.Constant), path
                recorded.add(node.args[1].value)

    assert recorded == PAGE_OPERATION_LABELS.keys()
    for label in OPERATION_LABELS.values():
        assert any("\u4e00" <= char <= "\u9fff" for char in label), label


def test_a_page_of_reads_costs_one_query_more_whatever_its_rows_and_units(tree, gql):
    auditor = gql(_auditor(tree, "city"))

    def revealed(unit_key):
        petition = make_petition(tree, unit_key=unit_key)
        gql(tree.user(unit_key, "registrar")).ok(REVEAL, {"p": str(petition.pk)})
        return petition.tracking_number

    def queries():
        with CaptureQueriesContext(connection) as captured:
            items = _entries(auditor, "IDENTITY_REVEALED")
        return sorted(item["trackingNumber"] for item in items), len(captured)

    numbers = [revealed("county_a")]
    one = queries()
    numbers += [revealed(key) for key in ("county_a", "county_b", "county_b")]
    four = queries()

    assert one[0] == numbers[:1]
    assert four[0] == sorted(numbers)
    assert four[1] == one[1]
