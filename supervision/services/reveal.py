"""Showing a case's parties unmasked on request (显示), audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from core.errors import permission_denied
from supervision import selectors
from supervision.access import identity_revealable
from supervision.rules.keys import PetitionerKeyKind
from supervision.services.identity import identity_decrypt, petitioner_address
from tenants.models import AuditAction, User
from tenants.roles import Permission
from tenants.services.audit import audit_record


@dataclass(frozen=True)
class RevealedIdentity:
    petitioner_id: str
    name: str
    citizen_id: str | None
    phone: str | None
    address: str | None


@transaction.atomic
def petition_identity_reveal(*, actor: User, petition_id) -> list[RevealedIdentity]:
    """The petition's parties unmasked, for a member of staff whose role may
    see identities; one audit entry per party shown, naming the fields and
    never their values, so every "显示" is traceable to a person and a time."""
    if not actor.has_unit_permission(Permission.PETITION_VIEW_IDENTITY):
        # Checked here too, not only by the mutation: the audit must never
        # record a reveal that was not allowed.
        raise permission_denied("您无权查看信访人身份信息")
    petition = selectors.petition_get(actor=actor, petition_id=petition_id)
    if not identity_revealable(actor, petition):
        # Identity is decided per case (supervision.access): the people of
        # this case, its department head and the unit's leaders.
        raise permission_denied("您无权查看本件信访人身份信息")
    shown = []
    for person in petition.petitioners.order_by("position"):
        identity = RevealedIdentity(
            petitioner_id=str(person.pk),
            name=person.name,
            citizen_id=identity_decrypt(
                PetitionerKeyKind.CITIZEN_ID, person.citizen_id_encrypted
            )
            if person.citizen_id_encrypted
            else None,
            phone=identity_decrypt(PetitionerKeyKind.PHONE, person.phone_encrypted)
            if person.phone_encrypted
            else None,
            address=petitioner_address(person) or None,
        )
        fields = ["name"] + [
            field
            for field, value in (
                ("citizenId", identity.citizen_id),
                ("phone", identity.phone),
                ("address", identity.address),
            )
            if value
        ]
        audit_record(
            action=AuditAction.IDENTITY_REVEALED,
            actor=actor,
            target=str(petition.pk),
            details={
                "petition": str(petition.pk),
                "petitioner": str(person.pk),
                "fields": fields,
                "via": "reveal",
            },
        )
        shown.append(identity)
    return shown
