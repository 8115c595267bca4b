"""Demo entries of the audit log (审计记录), so the demo auditors
(`u320100-auditor`, `u320102-auditor` …) find a day's work on their page.

Made through the services the workbench calls, from a demo intranet address:
a mistyped password of 玄武区's registrar, the sign-in that follows and a
显示 of a case's parties by that registrar; plus a 乡镇 liaison's mistyped
password. The units' creation is already there (单位导入). Idempotent: a seed
that finds the registrar's demo failure adds nothing.
"""

from __future__ import annotations

import contextlib

from core.errors import DomainError
from demo.units import DEMO_PASSWORD
from supervision.models import Petition
from supervision.services.reveal import petition_identity_reveal
from tenants.crossing import activate_request_unit
from tenants.models import AuditAction, AuditEntry, Unit, User
from tenants.services.audit import client_address_set
from tenants.services.auth import credentials_verify

DEMO_UNIT = "320102"
REGISTRAR = f"u{DEMO_UNIT}-registrar"
LIAISON = "u320102002-liaison"
# Documentation addresses (RFC 5737) stand for the office's intranet.
ADDRESS = "192.0.2.41"
TOWNSHIP_ADDRESS = "192.0.2.77"


def _mistyped(username: str) -> None:
    with contextlib.suppress(DomainError):
        credentials_verify(username=username, password="demo-wrong-password")


def _reveal_one(registrar: User, unit: Unit) -> bool:
    """显示 on the first of the unit's cases whose parties the registrar may
    see (the server's rule decides, as in the workbench)."""
    activate_request_unit(unit)
    try:
        # the registrar's own cases (首问负责), whose parties it may see
        cases = Petition.objects.filter(
            registrar=registrar, petitioners__isnull=False
        ).distinct()
        for petition in cases.order_by("-received_on")[:20]:
            try:
                if petition_identity_reveal(actor=registrar, petition_id=petition.pk):
                    return True
            except DomainError:
                continue
        return False
    finally:
        activate_request_unit(None)


def seed_audit_demo() -> str:
    """A few real audit entries for the demo auditors; none if already there."""
    unit = Unit.objects.filter(code=DEMO_UNIT, is_active=True).first()
    registrar = User.objects.filter(username=REGISTRAR, is_active=True).first()
    if unit is None or registrar is None:
        return ""
    if AuditEntry.objects.filter(
        action=AuditAction.LOGIN_FAILED, target=REGISTRAR, client_address=ADDRESS
    ).exists():
        return ""
    try:
        client_address_set(ADDRESS)
        _mistyped(REGISTRAR)
        credentials_verify(username=REGISTRAR, password=DEMO_PASSWORD)
        revealed = _reveal_one(registrar, unit)
        client_address_set(TOWNSHIP_ADDRESS)
        _mistyped(LIAISON)
    finally:
        client_address_set(None)
    shown = "、显示当事人身份" if revealed else ""
    return (
        f"审计记录演示：登录失败、登录成功{shown}（审计员 u{DEMO_UNIT}-auditor 可查看）"
    )
