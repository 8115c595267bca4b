"""Keyed hashes that match a petitioner across units without revealing them.

The public schema stores only ``petitioner_key`` values; the plaintext stays
encrypted in the unit's schema. Without the secret, a key cannot be reversed
by trying the (small) space of ID or phone numbers, which a plain hash would
allow. The MAC input format is part of the stored data: changing it, or the
secret, invalidates every stored key.
"""

import hashlib
import hmac
import re
import unicodedata
from enum import StrEnum

MIN_SECRET_BYTES = 16
# Versioned so that a future format can coexist with stored v1 keys.
_DOMAIN = "petitioner-key/v1"
# A mobile number written with the country code: 86 or 0086, then 1[3-9]...
_MOBILE_WITH_COUNTRY_CODE = re.compile(r"(?:00)?86(1[3-9][0-9]{9})")


class PetitionerKeyKind(StrEnum):
    CITIZEN_ID = "citizen_id"
    PHONE = "phone"


def normalize_key_value(kind: str, value: str) -> str:
    """The form that is MACed: ID upper-case without spaces; phone digits only."""
    kind = _kind(kind)
    folded = unicodedata.normalize("NFKC", value)
    if kind is PetitionerKeyKind.CITIZEN_ID:
        return re.sub(r"\s+", "", folded).upper()
    digits = re.sub(r"[^0-9]", "", folded)
    # +86 138... and 138... are the same phone and must give the same key.
    match = _MOBILE_WITH_COUNTRY_CODE.fullmatch(digits)
    return match[1] if match else digits


def petitioner_key(kind: str, value: str, *, secret: bytes) -> str:
    """HMAC-SHA256 hex of the kind and the normalized value."""
    if not isinstance(secret, bytes) or len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"secret must be at least {MIN_SECRET_BYTES} bytes")
    kind = _kind(kind)
    normalized = normalize_key_value(kind, value)
    if not normalized:
        raise ValueError(f"no {kind.value} to key in {value!r}")
    # The kind (from a fixed set, without NUL) is separated from the value,
    # which comes last: equal values of different kinds never share a MAC input.
    message = f"{_DOMAIN}\0{kind.value}\0{normalized}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _kind(kind: str) -> PetitionerKeyKind:
    try:
        return PetitionerKeyKind(kind)
    except ValueError:
        allowed = ", ".join(member.value for member in PetitionerKeyKind)
        raise ValueError(f"kind must be one of {allowed}, got {kind!r}") from None
