"""Field encryption of personal data at rest (AES-256-GCM).

Tokens look like ``v1.<base64url(nonce | ciphertext | tag)>``. Keys rotate by
passing a list: encryption uses the first key, decryption tries each in turn,
so a new key goes first and old keys stay until every token is re-encrypted.
"""

import base64
import binascii
import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
_NONCE_BYTES = 12
_TAG_BYTES = 16
_TOKEN_PREFIX = "v1."
_AAD_PREFIX = b"supervision.rules.crypto/v1\0"
_HKDF_INFO_PREFIX = b"supervision.rules.crypto/key\0"

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


def encrypt_text(plain: str, *, key: Keys, context: str = "") -> str:
    """Encrypt under the first key; ``context`` (e.g. a column) binds the token."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(_keys(key)[0]).encrypt(nonce, plain.encode(), _aad(context))
    encoded = base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode()
    return _TOKEN_PREFIX + encoded


def decrypt_text(token: str, *, key: Keys, context: str = "") -> str:
    """Decrypt with whichever key fits; the same ``context`` must be given."""
    keys = _keys(key)
    nonce, sealed = _split(token)
    for candidate in keys:
        try:
            plain = AESGCM(candidate).decrypt(nonce, sealed, _aad(context))
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


def _split(token: str) -> tuple[bytes, bytes]:
    if not isinstance(token, str) or not token.startswith(_TOKEN_PREFIX):
        raise DecryptionError("not a v1 token")
    encoded = token[len(_TOKEN_PREFIX) :]
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
