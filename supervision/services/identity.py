"""Petitioner identity at rest: encrypted plaintext plus keyed hashes for matching.

Keys are derived from settings here only, so every unit and every later
cross-unit match (issue 5) computes the same values.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db import transaction

from supervision.models import Petitioner
from supervision.rules.crypto import decrypt_text, derive_key, encrypt_text
from supervision.rules.keys import PetitionerKeyKind, petitioner_key

_CONTEXTS = {
    PetitionerKeyKind.CITIZEN_ID: "petitioner.citizen_id",
    PetitionerKeyKind.PHONE: "petitioner.phone",
}


@cache
def _field_key(secret: str) -> bytes:
    return derive_key(secret, "petitioner-identity")


def _encryption_key() -> bytes:
    return _field_key(settings.FIELD_ENCRYPTION_SECRET)


def identity_encrypt(kind: PetitionerKeyKind, value: str) -> str:
    return encrypt_text(value, key=_encryption_key(), context=_CONTEXTS[kind])


def identity_decrypt(kind: PetitionerKeyKind, token: str) -> str:
    if not token:
        return ""
    return decrypt_text(token, key=_encryption_key(), context=_CONTEXTS[kind])


def identity_key(kind: PetitionerKeyKind, value: str) -> str:
    """The keyed hash (HMAC) that matches a petitioner without the plaintext."""
    return petitioner_key(kind, value, secret=settings.PETITIONER_KEY_SECRET.encode())


# Addresses are never matched, so they have a ciphertext and no key.
_ADDRESS_CONTEXT = "petitioner.address"


def address_encrypt(value: str) -> str:
    if not value:
        return ""
    return encrypt_text(value, key=_encryption_key(), context=_ADDRESS_CONTEXT)


def address_decrypt(token: str) -> str:
    if not token:
        return ""
    return decrypt_text(token, key=_encryption_key(), context=_ADDRESS_CONTEXT)


def petitioner_address(person) -> str:
    """A petitioner's address, encrypted or stored before encryption."""
    if person.address_encrypted:
        return address_decrypt(person.address_encrypted)
    return person.address


@transaction.atomic
def petitioner_addresses_encrypt() -> int:
    """Encrypt the addresses of the current unit stored in plain text; the
    plain column is emptied in the same transaction. Returns how many."""
    people = Petitioner.objects.select_for_update().exclude(address="")
    count = 0
    for person in people:
        person.address_encrypted = address_encrypt(person.address)
        person.address = ""
        person.save(update_fields=["address_encrypted", "address"])
        count += 1
    return count


def petitioner_identity_fields(
    *, citizen_id: str, phone: str, address: str = ""
) -> dict[str, str]:
    """Petitioner columns for validated values: ciphertext and matching keys."""
    fields = {"address_encrypted": address_encrypt(address)}
    for kind, value, column in (
        (PetitionerKeyKind.CITIZEN_ID, citizen_id, "citizen_id"),
        (PetitionerKeyKind.PHONE, phone, "phone"),
    ):
        fields[f"{column}_encrypted"] = identity_encrypt(kind, value) if value else ""
        fields[f"{column}_key"] = identity_key(kind, value) if value else ""
    return fields
