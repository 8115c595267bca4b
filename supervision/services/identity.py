"""Petitioner identity at rest: encrypted plaintext plus keyed hashes for matching.

Keys are derived from settings here only, so every unit and every later
cross-unit match (issue 5) computes the same values.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings

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


def petitioner_identity_fields(*, citizen_id: str, phone: str) -> dict[str, str]:
    """Petitioner columns for validated values: ciphertext and matching keys."""
    fields = {}
    for kind, value, column in (
        (PetitionerKeyKind.CITIZEN_ID, citizen_id, "citizen_id"),
        (PetitionerKeyKind.PHONE, phone, "phone"),
    ):
        fields[f"{column}_encrypted"] = identity_encrypt(kind, value) if value else ""
        fields[f"{column}_key"] = identity_key(kind, value) if value else ""
    return fields
