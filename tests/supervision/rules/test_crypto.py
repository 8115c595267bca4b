import base64
import hashlib
import hmac

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from supervision.rules.crypto import (
    DecryptionError,
    decrypt_text,
    derive_key,
    encrypt_text,
    key_id,
    token_key_id,
)

OLD_KEY = derive_key("old-secret-0123456789abcdef", "petitioner-fields")
NEW_KEY = derive_key("new-secret-0123456789abcdef", "petitioner-fields")


def _hkdf_sha256(secret: bytes, info: bytes) -> bytes:
    # RFC 5869 by hand, with no salt (a string of zeros) and one output block.
    prk = hmac.new(b"\0" * 32, secret, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def test_derive_key_is_hkdf_sha256_with_a_prefixed_purpose():
    expected = _hkdf_sha256(
        b"project-secret", b"supervision.rules.crypto/key\0petitioner-fields"
    )

    assert derive_key("project-secret", "petitioner-fields") == expected
    assert len(expected) == 32


def test_derive_key_separates_purposes_and_secrets():
    keys = {
        derive_key("project-secret", "petitioner-fields"),
        derive_key("project-secret", "petitioner-keys"),
        derive_key("other-secret", "petitioner-fields"),
    }

    assert len(keys) == 3


@pytest.mark.parametrize(("secret", "purpose"), [("", "fields"), ("secret", "")])
def test_derive_key_needs_a_secret_and_a_purpose(secret, purpose):
    with pytest.raises(ValueError, match="non-empty"):
        derive_key(secret, purpose)


@pytest.mark.parametrize("plain", ["11010519491231002X", "张三丰，浙江省杭州市", ""])
def test_encrypt_then_decrypt_returns_the_text(plain):
    token = encrypt_text(plain, key=NEW_KEY)

    assert decrypt_text(token, key=NEW_KEY) == plain


def test_token_is_versioned_names_its_key_and_does_not_contain_the_text():
    token = encrypt_text("13812345678", key=NEW_KEY)

    assert token.startswith(f"v2.{key_id(NEW_KEY)}.")
    assert token_key_id(token) == key_id(NEW_KEY)
    assert "13812345678" not in token
    # "v2." + 8 hex + "." + (12-byte nonce + 11 bytes + 16-byte tag = 52 chars)
    assert len(token) == 3 + 8 + 1 + 52


def test_key_id_is_eight_hex_digits_of_a_prefixed_sha256():
    expected = hashlib.sha256(b"supervision.rules.crypto/key-id\0" + NEW_KEY)

    assert key_id(NEW_KEY) == expected.hexdigest()[:8]
    assert key_id(OLD_KEY) != key_id(NEW_KEY)


def test_the_same_text_encrypts_differently_each_time():
    assert encrypt_text("张三", key=NEW_KEY) != encrypt_text("张三", key=NEW_KEY)


def test_a_known_v2_token_decrypts():
    # Built independently from the documented format, so the format is pinned.
    nonce = bytes(range(12))
    kid = key_id(NEW_KEY)
    aad = b"supervision.rules.crypto/v2\0" + kid.encode() + b"\0petitioner.name"
    sealed = AESGCM(NEW_KEY).encrypt(nonce, "王五".encode(), aad)
    body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")

    token = f"v2.{kid}.{body}"

    assert decrypt_text(token, key=NEW_KEY, context="petitioner.name") == "王五"


def test_a_v1_token_from_before_key_ids_still_decrypts_under_any_listed_key():
    nonce = bytes(range(12))
    sealed = AESGCM(OLD_KEY).encrypt(
        nonce, "王五".encode(), b"supervision.rules.crypto/v1\0petitioner.name"
    )
    token = "v1." + base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")

    plain = decrypt_text(token, key=[NEW_KEY, OLD_KEY], context="petitioner.name")

    assert plain == "王五"
    assert token_key_id(token) is None


def test_a_token_relabelled_with_another_key_id_fails():
    token = encrypt_text("李四", key=OLD_KEY)
    relabelled = token.replace(key_id(OLD_KEY), key_id(NEW_KEY), 1)

    with pytest.raises(DecryptionError, match="none of the 2 keys decrypts"):
        decrypt_text(relabelled, key=[NEW_KEY, OLD_KEY])


def test_rotation_decrypts_old_tokens_and_encrypts_with_the_first_key():
    old_token = encrypt_text("李四", key=OLD_KEY)

    # when the new key is put first
    keys = [NEW_KEY, OLD_KEY]
    new_token = encrypt_text(decrypt_text(old_token, key=keys), key=keys)

    # then the re-encrypted token needs only the new key
    assert decrypt_text(new_token, key=NEW_KEY) == "李四"
    with pytest.raises(
        DecryptionError, match="none of the 1 keys has the token's key id"
    ):
        decrypt_text(new_token, key=OLD_KEY)


def test_a_wrong_key_fails():
    token = encrypt_text("李四", key=OLD_KEY)

    with pytest.raises(DecryptionError, match="none of the 1 keys has the token's"):
        decrypt_text(token, key=NEW_KEY)


def test_a_token_moved_to_another_context_fails():
    token = encrypt_text("11010519491231002X", key=NEW_KEY, context="a.citizen_id")

    with pytest.raises(DecryptionError, match="context 'b.citizen_id'"):
        decrypt_text(token, key=NEW_KEY, context="b.citizen_id")


def test_a_tampered_token_fails():
    token = encrypt_text("李四", key=NEW_KEY)
    # Change a character in the middle: the last one may only carry padding bits.
    middle = len(token) // 2
    flipped = "A" if token[middle] != "A" else "B"
    tampered = token[:middle] + flipped + token[middle + 1 :]

    with pytest.raises(DecryptionError, match="none of the"):
        decrypt_text(tampered, key=NEW_KEY)


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("plain text", "not a v1 or v2 token"),
        ("v2.AAAA", "not a v1 or v2 token"),
        ("v2.ABCDEFGH.AAAA", "not a v1 or v2 token"),
        ("v3.AAAA", "not a v1 or v2 token"),
        ("v1.!!!!", "not valid base64url"),
        ("v1." + "A" * 36, "too short"),
        (f"v2.{key_id(NEW_KEY)}.!!!!", "not valid base64url"),
        (f"v2.{key_id(NEW_KEY)}." + "A" * 36, "too short"),
    ],
)
def test_malformed_tokens_fail(token, message):
    with pytest.raises(DecryptionError, match=message):
        decrypt_text(token, key=NEW_KEY)


@pytest.mark.parametrize("key", [b"short", [], [NEW_KEY, b"x" * 16], "text" * 8])
def test_keys_must_be_32_bytes(key):
    with pytest.raises(ValueError, match="32 bytes|at least one key"):
        encrypt_text("张三", key=key)
