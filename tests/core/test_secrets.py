"""Production refuses missing, default, weak or shared secrets; none derives from another."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.secrets import DEVELOPMENT_SECRET, secrets_from_environment

STRONG = {
    "SECRET_KEY": "s" * 40 + "abcdefghij-secret-key",
    "FIELD_ENCRYPTION_SECRET": "f" * 40 + "abcdefghij-field-encryption",
    "PETITIONER_KEY_SECRET": "p" * 40 + "abcdefghij-petitioner-key",
    "ONLINE_QUERY_CODE_SECRET": "q" * 40 + "abcdefghij-online-query-code",
}


def test_production_without_secrets_refuses_to_start_naming_each_one():
    with pytest.raises(ImproperlyConfigured) as raised:
        secrets_from_environment({}, production=True)

    assert str(raised.value) == (
        "生产环境拒绝启动（演示请设 ZUGONG_DEMO=true）：未设置 SECRET_KEY；"
        "未设置 FIELD_ENCRYPTION_SECRET；未设置 PETITIONER_KEY_SECRET；"
        "未设置 ONLINE_QUERY_CODE_SECRET"
    )


def test_production_refuses_the_development_key_a_weak_key_and_shared_keys():
    environ = {
        **STRONG,
        "SECRET_KEY": DEVELOPMENT_SECRET,
        "FIELD_ENCRYPTION_SECRET": "short-but-set",
        "ONLINE_QUERY_CODE_SECRET": STRONG["PETITIONER_KEY_SECRET"],
    }

    with pytest.raises(ImproperlyConfigured) as raised:
        secrets_from_environment(environ, production=True)

    assert str(raised.value) == (
        "生产环境拒绝启动（演示请设 ZUGONG_DEMO=true）：SECRET_KEY 是源代码中的开发密钥；"
        "FIELD_ENCRYPTION_SECRET 太弱（至少 50 个字符、5 种不同字符）；"
        "PETITIONER_KEY_SECRET 与 ONLINE_QUERY_CODE_SECRET 相同，每个密钥必须各不相同"
    )
    # The message names secrets, never their values.
    assert "short-but-set" not in str(raised.value)


def test_production_refuses_an_old_encryption_secret_equal_to_the_new_one():
    environ = {
        **STRONG,
        "FIELD_ENCRYPTION_OLD_SECRETS": STRONG["FIELD_ENCRYPTION_SECRET"],
    }

    with pytest.raises(ImproperlyConfigured) as raised:
        secrets_from_environment(environ, production=True)

    assert str(raised.value) == (
        "生产环境拒绝启动（演示请设 ZUGONG_DEMO=true）："
        "FIELD_ENCRYPTION_OLD_SECRETS 第 1 项与 FIELD_ENCRYPTION_SECRET 相同"
    )


def test_a_deployment_that_ran_on_the_source_key_can_move_off_it():
    # Its identities were sealed under the development key: that key is read
    # (only) while rotate_field_key re-encrypts them under the new one.
    environ = {**STRONG, "FIELD_ENCRYPTION_OLD_SECRETS": DEVELOPMENT_SECRET}

    secrets = secrets_from_environment(environ, production=True)

    assert secrets.field_encryption_old == (DEVELOPMENT_SECRET,)
    assert secrets.field_encryption == STRONG["FIELD_ENCRYPTION_SECRET"]


def test_production_with_four_distinct_strong_secrets_uses_each_for_its_purpose():
    old = "o" * 40 + "abcdefghij-old-field-key"

    secrets = secrets_from_environment(
        {**STRONG, "FIELD_ENCRYPTION_OLD_SECRETS": f" {old} ,"}, production=True
    )

    assert secrets.secret_key == STRONG["SECRET_KEY"]
    assert secrets.field_encryption == STRONG["FIELD_ENCRYPTION_SECRET"]
    assert secrets.field_encryption_old == (old,)
    assert secrets.petitioner_key == STRONG["PETITIONER_KEY_SECRET"]
    assert secrets.online_query_code == STRONG["ONLINE_QUERY_CODE_SECRET"]


@pytest.mark.parametrize("production", [True, False])
def test_rotating_secret_key_alone_changes_no_other_secret(production):
    before = secrets_from_environment(STRONG, production=production)
    rotated = {**STRONG, "SECRET_KEY": "r" * 40 + "abcdefghij-rotated-secret"}

    after = secrets_from_environment(rotated, production=production)

    assert after.secret_key != before.secret_key
    assert after.field_encryption == before.field_encryption
    assert after.petitioner_key == before.petitioner_key
    assert after.online_query_code == before.online_query_code


def test_development_setting_only_secret_key_keeps_the_other_keys_of_the_demo():
    secrets = secrets_from_environment(
        {"SECRET_KEY": STRONG["SECRET_KEY"]}, production=False
    )

    assert secrets.secret_key == STRONG["SECRET_KEY"]
    assert secrets.field_encryption == DEVELOPMENT_SECRET
    assert secrets.petitioner_key == DEVELOPMENT_SECRET
    assert secrets.online_query_code == DEVELOPMENT_SECRET
    assert secrets.field_encryption_old == ()
