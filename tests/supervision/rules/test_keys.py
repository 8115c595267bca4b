import hashlib
import hmac

import pytest

from supervision.rules.keys import normalize_key_value, petitioner_key

SECRET = b"test-secret-for-petitioner-keys!"


def test_key_is_hmac_sha256_over_domain_kind_and_value():
    # The MAC input is stored-data format: pin it.
    expected = hmac.new(
        SECRET,
        b"petitioner-key/v1\x00citizen_id\x0011010519491231002X",
        hashlib.sha256,
    ).hexdigest()

    assert petitioner_key("citizen_id", "11010519491231002X", secret=SECRET) == (
        expected
    )


@pytest.mark.parametrize(
    "raw",
    [
        "11010519491231002x",
        " 110105 19491231 002X ",
        "１１０１０５１９４９１２３１００２ｘ",
    ],
)
def test_citizen_id_spellings_give_the_same_key(raw):
    assert petitioner_key("citizen_id", raw, secret=SECRET) == petitioner_key(
        "citizen_id", "11010519491231002X", secret=SECRET
    )


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("13812345678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("0571-87654321", "057187654321"),
        ("0571 8765 4321", "057187654321"),
        ("86123", "86123"),  # too short to be a mobile with a country code
    ],
)
def test_phone_is_keyed_on_its_digits(raw, normalized):
    assert normalize_key_value("phone", raw) == normalized


def test_phone_spellings_give_the_same_key():
    keys = {
        petitioner_key("phone", raw, secret=SECRET)
        for raw in ("13812345678", "+86 138-1234-5678", "008613812345678")
    }

    assert len(keys) == 1


def test_equal_strings_of_different_kinds_never_collide():
    as_id = petitioner_key("citizen_id", "13812345678", secret=SECRET)
    as_phone = petitioner_key("phone", "13812345678", secret=SECRET)

    assert as_id != as_phone


def test_another_secret_gives_another_key():
    other = petitioner_key(
        "phone", "13812345678", secret=b"another-secret-of-32-bytes-long!"
    )

    assert other != petitioner_key("phone", "13812345678", secret=SECRET)


def test_key_is_64_hex_characters():
    key = petitioner_key("phone", "13812345678", secret=SECRET)

    assert len(key) == 64
    assert int(key, 16) >= 0


def test_unknown_kind_is_rejected():
    with pytest.raises(ValueError, match="kind must be one of citizen_id, phone"):
        petitioner_key("name", "张三", secret=SECRET)


@pytest.mark.parametrize("secret", [b"", b"short", "a-text-secret-not-bytes!!"])
def test_weak_or_text_secret_is_rejected(secret):
    with pytest.raises(ValueError, match="at least 16 bytes"):
        petitioner_key("phone", "13812345678", secret=secret)


@pytest.mark.parametrize(("kind", "value"), [("phone", "无"), ("citizen_id", "  ")])
def test_a_value_with_nothing_to_key_is_rejected(kind, value):
    with pytest.raises(ValueError, match=f"no {kind} to key"):
        petitioner_key(kind, value, secret=SECRET)
