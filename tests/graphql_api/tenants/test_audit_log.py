"""The audit log (审计记录): unmasked reads, downloads, exports, logins,
refusals and role changes are appended; an auditor reads and filters it;
nothing edits or deletes it (issue 11, item 10)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from graphql_api.schema import schema
from tenants.models import AuditAction, AuditEntry
from tenants.roles import Role
from tests.conftest import GraphQLClient
from tests.factories.supervision import CITIZEN_ID, PHONE, make_petition
from tests.factories.tenants import TEST_PASSWORD, UserFactory
from tests.frontend.test_report_export import _submitted_report

LOGIN = """mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) { errors { code } } }"""
ENTRIES = """query($actions: [AuditAction!], $actor: String, $unit: String) {
  auditEntries(actions: $actions, actorUsername: $actor, unitCode: $unit, limit: 50) {
    totalCount
    items { action actorUsername unitCode target clientAddress details }
  }
}"""
PETITIONERS = """query($id: ID!) {
  petition(id: $id) { petitioners { name citizenId phone isIdentityMasked } } }"""


def _auditor(tree, unit_key="county_a"):
    return UserFactory(
        username=f"{unit_key}_auditor", unit=tree.units[unit_key], roles=[Role.AUDITOR]
    )


def _items(client, **variables):
    page = client.ok(ENTRIES, variables)["auditEntries"]
    items = page["items"]
    for item in items:
        item["details"] = json.loads(item["details"])
    return page["totalCount"], items


def test_auditor_reads_its_subtree_logins_with_address(tree, gql):
    anonymous = GraphQLClient(Client(REMOTE_ADDR="198.51.100.4"))
    anonymous.ok(LOGIN, {"u": "county_a_registrar", "p": "wrong-password"})
    anonymous.ok(LOGIN, {"u": "county_b_registrar", "p": "wrong-password"})
    anonymous.ok(LOGIN, {"u": "township_liaison", "p": TEST_PASSWORD})
    auditor = gql(_auditor(tree))

    failed = _items(auditor, actions=["LOGIN_FAILED"])
    succeeded = _items(auditor, actions=["LOGIN_SUCCEEDED"])

    assert failed == (
        1,
        [
            {
                "action": "LOGIN_FAILED",
                "actorUsername": None,
                "unitCode": "320102",
                "target": "county_a_registrar",
                "clientAddress": "198.51.100.4",
                "details": {
                    "reason": "invalid_credentials",
                    "user": tree.user("county_a", "registrar").pk,
                },
            }
        ],
    )
    assert succeeded == (
        1,
        [
            {
                "action": "LOGIN_SUCCEEDED",
                "actorUsername": "township_liaison",
                "unitCode": "320102002",
                "target": "township_liaison",
                "clientAddress": "198.51.100.4",
                "details": {},
            }
        ],
    )


@pytest.mark.parametrize("role_key", ["admin", "leader", "supervisor", "registrar"])
def test_only_auditors_read_the_log(tree, gql, role_key):
    gql().ok(LOGIN, {"u": "county_a_registrar", "p": "wrong-password"})
    client = gql(tree.user("county_a", role_key))
    audit_before = AuditEntry.objects.count()

    status, body = client.execute(ENTRIES, {})

    # refused in words, not answered as an empty log that reads as "nothing
    # happened"; a refused read is not itself logged (mutations are)
    assert (status, body) == (
        200,
        {
            "data": None,
            "errors": [
                {
                    "message": "无权查看审计记录",
                    "locations": [{"line": 2, "column": 3}],
                    "path": ["auditEntries"],
                    "extensions": {"code": "PERMISSION_DENIED"},
                }
            ],
        },
    )
    assert AuditEntry.objects.count() == audit_before


PAGE = """query($actions: [AuditAction!], $actor: String, $unit: String,
  $below: Boolean, $since: DateTime, $until: DateTime, $offset: Int, $limit: Int) {
  auditEntries(actions: $actions, actorUsername: $actor, unitCode: $unit,
    includeSubunits: $below, since: $since, until: $until, offset: $offset,
    limit: $limit) {
    totalCount offset limit
    items { action actorUsername actorName unitCode unitName target }
  }
}"""


def test_the_log_names_the_unit_and_matches_the_actor_as_the_login_does(tree, gql):
    # given a refusal by the township's liaison
    gql(tree.user("township", "liaison")).ok(
        'mutation { unitRename(code: "320102002", name: "x") { errors { code } } }'
    )
    auditor = gql(_auditor(tree))

    # when the auditor types the account in capitals and full-width letters
    page = auditor.ok(PAGE, {"actor": "ＴＯＷＮＳＨＩＰ_Liaison"})["auditEntries"]

    # then the account is found as the login would find it, with its unit named
    assert page["totalCount"] == 1
    assert page["items"][0] == {
        "action": "PERMISSION_DENIED",
        "actorUsername": "township_liaison",
        "actorName": str(tree.user("township", "liaison")),
        "unitCode": "320102002",
        "unitName": tree.units["township"].name,
        "target": "UnitRename",
    }


def test_the_unit_filter_stays_inside_the_auditors_subtree(tree, gql):
    for username in ("county_a_registrar", "county_b_registrar", "township_admin"):
        gql().ok(LOGIN, {"u": username, "p": "wrong-password"})
    auditor = gql(_auditor(tree))

    def units(code, below=False, client=auditor):
        variables = {"actions": ["LOGIN_FAILED"], "unit": code, "below": below}
        page = client.ok(PAGE, variables)["auditEntries"]
        return page["totalCount"], sorted({i["unitCode"] for i in page["items"]})

    assert units(None) == (2, ["320102", "320102002"])
    assert units("320102") == (1, ["320102"])
    assert units("320102", below=True) == (2, ["320102", "320102002"])
    assert units("320102002") == (1, ["320102002"])
    assert units("320102002", below=True) == (1, ["320102002"])
    # a sibling county is out of scope, and looks like a unit with no entries,
    # its subtree too; an unknown code likewise
    assert units("320104") == (0, [])
    assert units("320104", below=True) == (0, [])
    assert units("999999", below=True) == (0, [])
    # the city's auditor takes the sibling county with its subtree
    city = gql(_auditor(tree, "city"))
    assert units("320104", below=True, client=city) == (1, ["320104"])
    assert units("320100", below=True, client=city) == (
        3,
        ["320102", "320102002", "320104"],
    )


def test_the_log_pages_and_filters_by_time(tree, gql):
    for index in range(5):
        gql().ok(LOGIN, {"u": f"nobody{index}", "p": "wrong-password"})
    auditor = gql(_auditor(tree, "province"))

    def page(**variables):
        variables = {"actions": ["LOGIN_FAILED"], **variables}
        return auditor.ok(PAGE, variables)["auditEntries"]

    first = page(offset=0, limit=2)
    third = page(offset=4, limit=2)
    future = page(since="2999-01-01T00:00:00+08:00")
    past = page(until="2000-01-01T00:00:00+08:00")

    assert (first["totalCount"], first["offset"], first["limit"]) == (5, 0, 2)
    assert [i["target"] for i in first["items"]] == ["nobody4", "nobody3"]
    assert [i["target"] for i in third["items"]] == ["nobody0"]
    assert (future["totalCount"], past["totalCount"]) == (0, 0)


def test_anonymous_callers_are_told_to_sign_in_for_the_log(tree, gql):
    gql().ok(LOGIN, {"u": "county_a_registrar", "p": "wrong-password"})

    assert gql().told_to_sign_in(ENTRIES, {})


def test_a_flood_of_failed_logins_does_not_hide_a_role_change(tree, gql):
    gql(tree.user("city", "admin")).ok(
        "mutation($id: ID!) { userUpdate(id: $id, input: {roles: [HANDLER]}) "
        "{ errors { code } } }",
        {"id": tree.user("county_b", "supervisor").pk},
    )
    before = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).count()
    for index in range(60):
        client = GraphQLClient(Client(REMOTE_ADDR=f"192.0.2.{index + 1}"))
        client.ok(LOGIN, {"u": f"nobody{index}", "p": "wrong-password"})
    auditor = gql(_auditor(tree, "province"))

    changes = _items(auditor, actions=["ROLES_CHANGED"], actor="city_admin")
    failures = auditor.ok(ENTRIES, {"actions": ["LOGIN_FAILED"]})["auditEntries"]

    assert changes[0] == 1
    assert (changes[1][0]["target"], changes[1][0]["details"]) == (
        "county_b_supervisor",
        {"user": tree.user("county_b", "supervisor").pk},
    )
    assert failures["totalCount"] == before + 60


def test_permission_refusals_are_logged(tree, gql):
    liaison = tree.user("township", "liaison")
    gql(liaison).ok(
        'mutation { unitRename(code: "320102002", name: "x") { errors { code } } }'
    )

    count, items = _items(gql(_auditor(tree)), actions=["PERMISSION_DENIED"])

    assert count == 1
    assert items[0]["actorUsername"] == "township_liaison"
    assert items[0]["details"] == {
        "operation": "UnitRename",
        "missing": ["unit.manage"],
    }


def test_refused_page_requests_are_logged(tree):
    petition = make_petition(tree, "accepted")
    client = Client()
    client.force_login(tree.user("county_a", "supervisor"))

    notice = client.get(f"/petitions/{petition.pk}/notices/acceptance/")
    upload = client.post(
        f"/petitions/{petition.pk}/attachments/",
        {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")},
    )

    assert (notice.status_code, upload.status_code) == (403, 403)
    refusals = AuditEntry.objects.filter(action=AuditAction.PERMISSION_DENIED)
    assert list(refusals.order_by("id").values_list("actor__username", "details")) == [
        (
            "county_a_supervisor",
            {"operation": "notice_print", "missing": ["petition.view_identity"]},
        ),
        (
            "county_a_supervisor",
            {
                "operation": "attachment_upload",
                "missing": ["petition.handle", "petition.register"],
            },
        ),
    ]
    assert not AuditEntry.objects.filter(action=AuditAction.IDENTITY_REVEALED).exists()


def test_unmasked_identity_reads_are_logged_without_the_values(tree, gql):
    petition = make_petition(tree)

    data = gql(tree.user("county_a", "registrar")).ok(
        PETITIONERS, {"id": str(petition.pk)}
    )

    assert data["petition"]["petitioners"][0]["citizenId"] == CITIZEN_ID
    entry = AuditEntry.objects.get(action=AuditAction.IDENTITY_REVEALED)
    assert (entry.actor, entry.unit, entry.target) == (
        tree.user("county_a", "registrar"),
        tree.units["county_a"],
        str(petition.pk),
    )
    assert entry.details["fields"] == ["citizenId", "name", "phone"]
    assert entry.details["petition"] == str(petition.pk)
    stored = json.dumps([entry.details, entry.before, entry.after, entry.target])
    for secret in (CITIZEN_ID, PHONE, "王建国"):
        assert secret not in stored


def test_masked_reads_are_not_logged(tree, gql):
    petition = make_petition(tree)

    data = gql(tree.user("county_a", "supervisor")).ok(
        PETITIONERS, {"id": str(petition.pk)}
    )

    assert data["petition"]["petitioners"][0]["isIdentityMasked"] is True
    assert not AuditEntry.objects.filter(action=AuditAction.IDENTITY_REVEALED).exists()


def test_printing_a_notice_is_logged_as_an_identity_read(tree):
    petition = make_petition(tree, "accepted")
    client = Client()
    client.force_login(tree.user("county_a", "registrar"))

    assert (
        client.get(f"/petitions/{petition.pk}/notices/acceptance/").status_code == 200
    )

    entry = AuditEntry.objects.get(action=AuditAction.IDENTITY_REVEALED)
    assert entry.details == {
        "petition": str(petition.pk),
        "petitioner": None,
        "field": "notice",
        "via": "notice:acceptance",
    }


def test_attachment_downloads_and_report_exports_are_logged(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    petition = make_petition(tree)
    client = Client()
    client.force_login(tree.user("county_a", "registrar"))
    uploaded = client.post(
        f"/petitions/{petition.pk}/attachments/",
        {"file": SimpleUploadedFile("材料.pdf", b"%PDF-1.4\n%%EOF\n")},
    ).json()
    report = _submitted_report(tree)

    download = client.get(f"/petitions/{petition.pk}/attachments/{uploaded['id']}/")
    export = client.get(f"/reports/{report.pk}/statistics.xlsx")

    assert (download.status_code, export.status_code) == (200, 200)
    downloaded = AuditEntry.objects.get(action=AuditAction.ATTACHMENT_DOWNLOADED)
    assert downloaded.details == {
        "petition": str(petition.pk),
        "attachment": uploaded["id"],
    }
    assert downloaded.client_address == "127.0.0.1"
    exported = AuditEntry.objects.get(action=AuditAction.DATA_EXPORTED)
    assert (exported.target, exported.details) == (
        f"report-{report.pk}",
        {"report": report.pk, "version": 1, "file": "statistics.xlsx"},
    )


def test_the_database_refuses_to_change_or_delete_audit_rows(tree, gql):
    gql().ok(LOGIN, {"u": "county_a_registrar", "p": "wrong-password"})
    entry = AuditEntry.objects.get(
        action=AuditAction.LOGIN_FAILED, target="county_a_registrar"
    )

    for attempt in (
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(target="forged"),
        lambda: AuditEntry.objects.filter(pk=entry.pk).delete(),
        lambda: connection.cursor().execute("DELETE FROM tenants_auditentry"),
        # (checking the test transaction's deferred keys first, as a commit would)
        lambda: connection.cursor().execute(
            "SET CONSTRAINTS ALL IMMEDIATE; TRUNCATE tenants_auditentry CASCADE"
        ),
    ):
        with (
            pytest.raises(DatabaseError, match="审计记录只能追加，不能修改或删除"),
            transaction.atomic(),
        ):
            attempt()

    assert AuditEntry.objects.get(pk=entry.pk).target == "county_a_registrar"


def test_no_mutation_edits_or_deletes_audit_entries():
    mutations = schema.graphql_schema.mutation_type.fields
    assert [name for name in mutations if "audit" in name.lower()] == []


def test_the_page_of_entries_does_not_grow_in_queries_with_its_rows(tree, gql):
    auditor = gql(_auditor(tree, "province"))
    variables = {"actions": ["PERMISSION_DENIED"], "limit": 50}

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page = auditor.ok(PAGE, variables)["auditEntries"]
        return len(page["items"]), len(captured)

    def refused(key):
        gql(tree.user(key, "liaison" if key == "township" else "registrar")).ok(
            'mutation { unitRename(code: "320102002", name: "x") { errors { code } } }'
        )

    refused("township")
    one = queries()
    for key in ("county_a", "county_b", "city", "province", "township"):
        refused(key)
    six = queries()

    assert (one[0], six[0]) == (1, 6)
    assert six[1] == one[1]
