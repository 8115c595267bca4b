"""`manage.py rotate_field_key`: re-encrypt every unit under a new key, then drop the old."""

import base64
import os
from io import StringIO

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.management import call_command
from django.core.management.base import CommandError

from supervision.models import Petitioner
from supervision.rules.crypto import derive_key, key_id
from supervision.rules.keys import PetitionerKeyKind
from supervision.services.identity import (
    identity_decrypt,
    petitioner_identities_reencrypt_batch,
)
from tests.factories.supervision import CITIZEN_ID, PHONE, in_unit, make_petition

SECRET_A = "a-field-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
SECRET_B = "b-field-secret-9876543210-zyxwvutsrqponmlkjihgfedcba"
KID_A = key_id(derive_key(SECRET_A, "petitioner-identity"))
KID_B = key_id(derive_key(SECRET_B, "petitioner-identity"))


def _rotate(**options) -> list[str]:
    out = StringIO()
    call_command("rotate_field_key", stdout=out, **options)
    return out.getvalue().splitlines()


def _tokens(unit) -> list[tuple[str, str]]:
    with in_unit(unit):
        return list(
            Petitioner.objects.order_by("pk").values_list(
                "citizen_id_encrypted", "phone_encrypted"
            )
        )


def _identities(unit) -> list[tuple[str, str]]:
    with in_unit(unit):
        return [
            (
                identity_decrypt(PetitionerKeyKind.CITIZEN_ID, citizen_id),
                identity_decrypt(PetitionerKeyKind.PHONE, phone),
            )
            for citizen_id, phone in _tokens(unit)
        ]


@pytest.fixture
def under_key_a(tree, settings):
    """Two petitions in county A and one in the township, sealed under key A."""
    settings.FIELD_ENCRYPTION_SECRET = SECRET_A
    settings.FIELD_ENCRYPTION_OLD_SECRETS = ()
    make_petition(tree, unit_key="county_a")
    make_petition(tree, unit_key="county_a")
    make_petition(tree, unit_key="township")
    return tree


def test_rotation_reencrypts_every_unit_and_then_the_old_key_can_go(
    under_key_a, settings
):
    tree = under_key_a
    settings.FIELD_ENCRYPTION_SECRET = SECRET_B
    settings.FIELD_ENCRYPTION_OLD_SECRETS = (SECRET_A,)
    # Before the rotation runs, old tokens read with A kept as an old key.
    assert _identities(tree.units["county_a"]) == [(CITIZEN_ID, PHONE)] * 2

    lines = _rotate(batch_size=1)

    assert lines == [
        "320102：重新加密 2 名信访人",
        "320102002：重新加密 1 名信访人",
        f"所有单位的证件号码和电话均已使用当前密钥（{KID_B}）加密，"
        "可以从 FIELD_ENCRYPTION_OLD_SECRETS 中移除旧密钥",
    ]
    settings.FIELD_ENCRYPTION_OLD_SECRETS = ()
    for key in ("county_a", "township"):
        tokens = _tokens(tree.units[key])
        assert {token.split(".")[1] for pair in tokens for token in pair} == {KID_B}
    assert _identities(tree.units["county_a"]) == [(CITIZEN_ID, PHONE)] * 2
    assert _identities(tree.units["township"]) == [(CITIZEN_ID, PHONE)]


def test_an_interrupted_rotation_resumes_where_it_stopped(under_key_a, settings):
    tree = under_key_a
    settings.FIELD_ENCRYPTION_SECRET = SECRET_B
    settings.FIELD_ENCRYPTION_OLD_SECRETS = (SECRET_A,)
    with in_unit(tree.units["county_a"]):
        # One batch ran before the interruption.
        assert petitioner_identities_reencrypt_batch(actor="test", batch_size=1) == 1

    lines = _rotate(batch_size=100)

    assert lines[:2] == [
        "320102：重新加密 1 名信访人",
        "320102002：重新加密 1 名信访人",
    ]


def test_check_counts_what_is_left_without_changing_anything(under_key_a, settings):
    tree = under_key_a
    settings.FIELD_ENCRYPTION_SECRET = SECRET_B
    settings.FIELD_ENCRYPTION_OLD_SECRETS = (SECRET_A,)
    before = _tokens(tree.units["county_a"])
    out = StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("rotate_field_key", check=True, stdout=out)

    assert out.getvalue().splitlines() == [
        "320102：尚有 2 名信访人未使用当前密钥",
        "320102002：尚有 1 名信访人未使用当前密钥",
    ]
    assert str(raised.value) == (
        f"尚有 3 名信访人未使用当前密钥（{KID_B}）；请保留旧密钥并重新执行"
    )
    assert _tokens(tree.units["county_a"]) == before


def test_a_new_key_without_the_old_one_stops_and_changes_nothing(under_key_a, settings):
    tree = under_key_a
    settings.FIELD_ENCRYPTION_SECRET = SECRET_B
    settings.FIELD_ENCRYPTION_OLD_SECRETS = ()
    before = _tokens(tree.units["county_a"])

    with pytest.raises(CommandError) as raised:
        _rotate()

    assert str(raised.value) == (
        "中共南京市玄武区委组织部（320102）有信访人证件号码、电话或住址无法用当前或旧密钥解密："
        "请把原来的密钥加入 FIELD_ENCRYPTION_OLD_SECRETS 后重新执行"
    )
    assert _tokens(tree.units["county_a"]) == before
    assert {pair[0].split(".")[1] for pair in before} == {KID_A}


def test_tokens_sealed_before_key_ids_are_rotated_too(tree, settings):
    settings.FIELD_ENCRYPTION_SECRET = SECRET_B
    settings.FIELD_ENCRYPTION_OLD_SECRETS = (SECRET_A,)
    make_petition(tree, unit_key="county_b")
    # A row as the system wrote it before tokens named their key (format v1).
    nonce = os.urandom(12)
    sealed = AESGCM(derive_key(SECRET_A, "petitioner-identity")).encrypt(
        nonce,
        CITIZEN_ID.encode(),
        b"supervision.rules.crypto/v1\0petitioner.citizen_id",
    )
    legacy = "v1." + base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    with in_unit(tree.units["county_b"]):
        Petitioner.objects.update(citizen_id_encrypted=legacy)

    lines = _rotate()

    assert lines[0] == "320104：重新加密 1 名信访人"
    settings.FIELD_ENCRYPTION_OLD_SECRETS = ()
    [(citizen_id, _phone)] = _tokens(tree.units["county_b"])
    assert citizen_id.startswith(f"v2.{KID_B}.")
    assert _identities(tree.units["county_b"]) == [(CITIZEN_ID, PHONE)]
