"""Field encryption of personal data at rest (AES-256-GCM).

Tokens look like ``v2.<key id>.<base64url(nonce | ciphertext | tag)>``: the
key id (a fingerprint of the key, see ``key_id``) says which key sealed the
token, so several keys can be read at once. Keys rotate by passing a list:
encryption uses the first key, decryption picks the key with the token's id,
so a new key goes first and old keys stay until every token is re-encrypted
(``token_key_id`` tells which tokens still need it). Tokens written before key
ids, ``v1.<base64url(…)>``, are still read by trying each key in turn.
"""

import base64
import binascii
import hashlib
import os
import re
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
_NONCE_BYTES = 12
_TAG_BYTES = 16
_V1_PREFIX = "v1."
_V2_PREFIX = "v2."
_AAD_PREFIX = b"supervision.rules.crypto/v1\0"
_V2_AAD_PREFIX = b"supervision.rules.crypto/v2\0"
_HKDF_INFO_PREFIX = b"supervision.rules.crypto/key\0"
_KEY_ID_PREFIX = b"supervision.rules.crypto/key-id\0"
_KEY_ID_PATTERN = re.compile(r"[0-9a-f]{8}")

Keys = bytes | Sequence[bytes]


class DecryptionError(ValueError):
    """A token that is malformed, tampered with, or under none of the keys."""


def derive_key(secret: str, purpose: str) -> bytes:
    """A 32-byte key for ``purpose`` from a high-entropy ``secret`` (HKDF-SHA256).

    Distinct purposes give independent keys, so one secret can feed field
    encryption and petitioner keys without one compromising the other.
    """
    if not secret or not purpose:
        raise ValueError("secret and purpose must be non-empty")
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=None,
        info=_HKDF_INFO_PREFIX + purpose.encode(),
    )
    return hkdf.derive(secret.encode())


def key_id(key: bytes) -> str:
    """A short public fingerprint of a key: 8 hex digits of a prefixed SHA-256.

    It names the key in tokens and tells nothing about it (the key is 256
    random-looking bits; the digest is one-way).
    """
    [checked] = _keys(key)
    return hashlib.sha256(_KEY_ID_PREFIX + checked).hexdigest()[:8]


def encrypt_text(plain: str, *, key: Keys, context: str = "") -> str:
    """Encrypt under the first key; ``context`` (e.g. a column) binds the token."""
    first = _keys(key)[0]
    kid = key_id(first)
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(first).encrypt(nonce, plain.encode(), _v2_aad(kid, context))
    encoded = base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode()
    return f"{_V2_PREFIX}{kid}.{encoded}"


def decrypt_text(token: str, *, key: Keys, context: str = "") -> str:
    """Decrypt with the token's key (any key, for v1); the same ``context`` must be given."""
    keys = _keys(key)
    kid = token_key_id(token)
    if kid is None:
        nonce, sealed = _split(token, _V1_PREFIX)
        candidates = [(candidate, _aad(context)) for candidate in keys]
    else:
        nonce, sealed = _split(token, f"{_V2_PREFIX}{kid}.")
        candidates = [
            (candidate, _v2_aad(kid, context))
            for candidate in keys
            if key_id(candidate) == kid
        ]
        if not candidates:
            raise DecryptionError(
                f"none of the {len(keys)} keys has the token's key id {kid}"
            )
    for candidate, aad in candidates:
        try:
            plain = AESGCM(candidate).decrypt(nonce, sealed, aad)
        except InvalidTag:
            continue
        return plain.decode()
    raise DecryptionError(
        f"none of the {len(keys)} keys decrypts this token for context {context!r}"
    )


def encrypt_bytes(plain: bytes, *, key: Keys, context: str = "") -> bytes:
    """Binary form of `encrypt_text` for files: nonce | ciphertext | tag."""
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(_keys(key)[0]).encrypt(nonce, plain, _aad(context))


def decrypt_bytes(sealed: bytes, *, key: Keys, context: str = "") -> bytes:
    """Inverse of `encrypt_bytes`, trying each key like `decrypt_text`."""
    keys = _keys(key)
    if len(sealed) < _NONCE_BYTES + _TAG_BYTES:
        raise DecryptionError("sealed data is too short")
    nonce, body = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
    for candidate in keys:
        try:
            return AESGCM(candidate).decrypt(nonce, body, _aad(context))
        except InvalidTag:
            continue
    raise DecryptionError(
        f"none of the {len(keys)} keys decrypts this data for context {context!r}"
    )


def token_key_id(token: str) -> str | None:
    """The key id a v2 token names; None for a v1 token (sealed before key ids)."""
    if isinstance(token, str) and token.startswith(_V1_PREFIX):
        return None
    if isinstance(token, str) and token.startswith(_V2_PREFIX):
        kid, dot, _rest = token[len(_V2_PREFIX) :].partition(".")
        if dot and _KEY_ID_PATTERN.fullmatch(kid):
            return kid
    raise DecryptionError("not a v1 or v2 token")


def _split(token: str, prefix: str) -> tuple[bytes, bytes]:
    encoded = token[len(prefix) :]
    try:
        raw = base64.b64decode(
            encoded + "=" * (-len(encoded) % 4), altchars=b"-_", validate=True
        )
    except (binascii.Error, ValueError):
        raise DecryptionError("token is not valid base64url") from None
    if len(raw) < _NONCE_BYTES + _TAG_BYTES:
        raise DecryptionError("token is too short")
    return raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]


def _keys(key: Keys) -> list[bytes]:
    keys = [key] if isinstance(key, bytes) else list(key)
    if not keys:
        raise ValueError("at least one key is required")
    for candidate in keys:
        if not isinstance(candidate, bytes) or len(candidate) != KEY_BYTES:
            raise ValueError(f"each key must be {KEY_BYTES} bytes, as from derive_key")
    return keys


def _aad(context: str) -> bytes:
    return _AAD_PREFIX + context.encode()


def _v2_aad(kid: str, context: str) -> bytes:
    # The key id is bound too: a token relabelled with another id fails.
    return _V2_AAD_PREFIX + kid.encode() + b"\0" + context.encode()
