"""The demo's audit entries: a demo auditor finds a failed sign-in, the
sign-in after it and a 显示 on its 审计记录 page, made through the services;
a second seed adds nothing."""

from __future__ import annotations

import json

from django.contrib.auth.hashers import make_password

from demo import audit
from demo.units import DEMO_PASSWORD
from supervision.models import Petition
from tenants.models import AuditEntry
from tenants.roles import Role
from tests.factories.supervision import in_unit, make_petition
from tests.factories.tenants import UserFactory

ENTRIES = """{ auditEntries(limit: 50) {
  totalCount items { action actorUsername unitCode target clientAddress details } } }"""


def _demo_staff(tree):
    password = make_password(DEMO_PASSWORD)
    registrar = UserFactory(
        username=audit.REGISTRAR,
        unit=tree.units["county_a"],
        roles=[Role.REGISTRAR],
        password=password,
    )
    UserFactory(
        username=audit.LIAISON,
        unit=tree.units["township"],
        roles=[Role.LIAISON],
        password=password,
    )
    auditor = UserFactory(
        username="u320102-auditor", unit=tree.units["county_a"], roles=[Role.AUDITOR]
    )
    return registrar, auditor


def test_the_demo_auditor_finds_a_days_work_and_a_second_seed_adds_none(tree, gql):
    registrar, auditor_user = _demo_staff(tree)
    petition = make_petition(tree)
    # one of the demo registrar's own cases (首问负责), as the demo seed makes
    with in_unit(tree.units["county_a"]):
        Petition.objects.filter(pk=petition.pk).update(registrar=registrar)
    auditor = gql(auditor_user)
    before = auditor.ok(ENTRIES)["auditEntries"]["totalCount"]

    message = audit.seed_audit_demo()
    again = audit.seed_audit_demo()

    page = auditor.ok(ENTRIES)["auditEntries"]
    made = [
        (i["action"], i["target"], i["clientAddress"], i["unitCode"])
        for i in page["items"][: page["totalCount"] - before]
    ]
    assert made == [
        ("LOGIN_FAILED", audit.LIAISON, audit.TOWNSHIP_ADDRESS, "320102002"),
        ("IDENTITY_REVEALED", str(petition.pk), audit.ADDRESS, "320102"),
        ("LOGIN_SUCCEEDED", audit.REGISTRAR, audit.ADDRESS, "320102"),
        ("LOGIN_FAILED", audit.REGISTRAR, audit.ADDRESS, "320102"),
    ]
    revealed = json.loads(page["items"][1]["details"])
    assert revealed["via"] == "reveal"
    assert "显示当事人身份" in message
    assert again == ""
    assert AuditEntry.objects.filter(client_address=audit.ADDRESS).count() == 3
