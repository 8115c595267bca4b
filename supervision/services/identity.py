"""Petitioner identity at rest: encrypted plaintext plus keyed hashes for matching.

Keys are derived from settings here only, so every unit and every cross-unit
match (repeats across the tree) computes the same values.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from core.errors import DomainError
from supervision.errors import KeyRotationErrorCode
from supervision.models import Petitioner
from supervision.rules.crypto import (
    DecryptionError,
    decrypt_text,
    derive_key,
    encrypt_text,
    key_id,
    token_key_id,
)
from supervision.rules.keys import PetitionerKeyKind, petitioner_key
from tenants.crossing import UnitRef, run_across_units
from tenants.models import Unit

_CONTEXTS = {
    PetitionerKeyKind.CITIZEN_ID: "petitioner.citizen_id",
    PetitionerKeyKind.PHONE: "petitioner.phone",
}


@cache
def _field_key(secret: str) -> bytes:
    return derive_key(secret, "petitioner-identity")


def _encryption_keys() -> list[bytes]:
    """The current key first (it seals), then former keys (read only)."""
    secrets = [settings.FIELD_ENCRYPTION_SECRET, *settings.FIELD_ENCRYPTION_OLD_SECRETS]
    return [_field_key(secret) for secret in secrets]


def identity_encrypt(kind: PetitionerKeyKind, value: str) -> str:
    return encrypt_text(value, key=_encryption_keys(), context=_CONTEXTS[kind])


def identity_decrypt(kind: PetitionerKeyKind, token: str) -> str:
    if not token:
        return ""
    return decrypt_text(token, key=_encryption_keys(), context=_CONTEXTS[kind])


def current_key_id() -> str:
    """The id of the key new tokens are sealed under (shown by rotate_field_key)."""
    return key_id(_encryption_keys()[0])


def identity_key(kind: PetitionerKeyKind, value: str) -> str:
    """The keyed hash (HMAC) that matches a petitioner without the plaintext."""
    return petitioner_key(kind, value, secret=settings.PETITIONER_KEY_SECRET.encode())


# Addresses are never matched, so they have a ciphertext and no key.
_ADDRESS_CONTEXT = "petitioner.address"


def address_encrypt(value: str) -> str:
    if not value:
        return ""
    return encrypt_text(value, key=_encryption_keys(), context=_ADDRESS_CONTEXT)


def address_decrypt(token: str) -> str:
    if not token:
        return ""
    return decrypt_text(token, key=_encryption_keys(), context=_ADDRESS_CONTEXT)


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


# Key rotation (manage.py rotate_field_key): inside one unit's schema, rows whose
# tokens are not under the current key are re-encrypted a batch at a time, each
# batch in its own transaction, so an interrupted run resumes where it stopped.
# (encryption context, column) of every encrypted petitioner column.
_COLUMNS = (
    (_CONTEXTS[PetitionerKeyKind.CITIZEN_ID], "citizen_id_encrypted"),
    (_CONTEXTS[PetitionerKeyKind.PHONE], "phone_encrypted"),
    (_ADDRESS_CONTEXT, "address_encrypted"),
)


def _not_under_current_key() -> Q:
    prefix = f"v2.{current_key_id()}."
    stale = Q()
    for _context, column in _COLUMNS:
        stale |= ~Q(**{column: ""}) & ~Q(**{f"{column}__startswith": prefix})
    return stale


def petitioner_identities_pending() -> int:
    """Petitioners of this unit with a token not under the current key."""
    return Petitioner.objects.filter(_not_under_current_key()).count()


@transaction.atomic
def petitioner_identities_reencrypt_batch(*, actor: str, batch_size: int) -> int:
    """Re-encrypt up to `batch_size` petitioners of this unit under the current key.

    `actor` names who runs the rotation (an operator, not a staff account);
    returns how many rows changed, 0 once the unit is done. Rows are locked
    and skipped when locked, so a second run at the same time does no harm.
    """
    current = current_key_id()
    rows = list(
        Petitioner.objects.filter(_not_under_current_key())
        .select_for_update(skip_locked=True)
        .order_by("pk")[:batch_size]
    )
    keys = _encryption_keys()
    for row in rows:
        for context, column in _COLUMNS:
            token = getattr(row, column)
            if token and token_key_id(token) != current:
                plain = decrypt_text(token, key=keys, context=context)
                setattr(row, column, encrypt_text(plain, key=keys, context=context))
    Petitioner.objects.bulk_update(rows, [column for _context, column in _COLUMNS])
    return len(rows)


def petitioner_identities_rotate_across_units(
    *, actor: str, batch_size: int
) -> dict[str, int]:
    """Re-encrypt every unit's petitioners under the current key, batch by batch.

    Deactivated units keep their petitions, so they are rotated too. Returns
    the rows changed per unit code. A token that none of the keys reads stops
    the run naming its unit; what was done so far stays done.
    """

    def rotate(ref: UnitRef) -> int:
        total = 0
        try:
            while changed := petitioner_identities_reencrypt_batch(
                actor=actor, batch_size=batch_size
            ):
                total += changed
        except DecryptionError as error:
            raise DomainError(
                KeyRotationErrorCode.UNREADABLE_TOKEN,
                f"{ref.name}（{ref.code}）有信访人证件号码、电话或住址无法用当前或旧密钥解密："
                "请把原来的密钥加入 FIELD_ENCRYPTION_OLD_SECRETS 后重新执行",
            ) from error
        return total

    return run_across_units(rotate, units=Unit.objects.order_by("path"))


def petitioner_identities_pending_across_units() -> dict[str, int]:
    """Petitioners per unit code whose tokens are not yet under the current key."""
    return run_across_units(
        lambda ref: petitioner_identities_pending(), units=Unit.objects.order_by("path")
    )
