"""The secrets of a deployment, read from the environment and checked.

Four secrets guard different things and must never be the same value:
`SECRET_KEY` signs sessions and tokens (Django), `FIELD_ENCRYPTION_SECRET`
encrypts identity numbers and phones at rest, `PETITIONER_KEY_SECRET` keys the
hashes that match petitioners across units, and `ONLINE_QUERY_CODE_SECRET`
keys the digests of online query codes. A database dump plus one of them
must not give away the others, and rotating `SECRET_KEY` must never make
identities unreadable, so none of them falls back to another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

# The key in the source: good enough to try the system out, never for real data.
# Every secret defaults to it in development (so a demo database seeded before
# keeps decrypting), and production refuses it.
DEVELOPMENT_SECRET = "dev-only-insecure-key-change-me-in-production-0123456789"
SECRET_NAMES = (
    "SECRET_KEY",
    "FIELD_ENCRYPTION_SECRET",
    "PETITIONER_KEY_SECRET",
    "ONLINE_QUERY_CODE_SECRET",
)
OLD_FIELD_SECRETS_NAME = "FIELD_ENCRYPTION_OLD_SECRETS"
# Django's own deploy check asks as much of SECRET_KEY; the others get the same.
MIN_SECRET_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5


@dataclass(frozen=True)
class Secrets:
    secret_key: str
    field_encryption: str
    # Former encryption secrets, still read until `rotate_field_key` is done.
    field_encryption_old: tuple[str, ...]
    petitioner_key: str
    online_query_code: str


def secrets_from_environment(
    environ: Mapping[str, str], *, production: bool
) -> Secrets:
    """The secrets named by `environ`; in production, refuse unsafe ones."""
    values = {name: environ.get(name, "").strip() for name in SECRET_NAMES}
    old = tuple(
        item.strip()
        for item in environ.get(OLD_FIELD_SECRETS_NAME, "").split(",")
        if item.strip()
    )
    if production:
        problems = secret_problems(values, old)
        if problems:
            raise ImproperlyConfigured(
                "生产环境拒绝启动（演示请设 ZUGONG_DEMO=true）：" + "；".join(problems)
            )
    else:
        values = {name: value or DEVELOPMENT_SECRET for name, value in values.items()}
    return Secrets(
        secret_key=values["SECRET_KEY"],
        field_encryption=values["FIELD_ENCRYPTION_SECRET"],
        field_encryption_old=old,
        petitioner_key=values["PETITIONER_KEY_SECRET"],
        online_query_code=values["ONLINE_QUERY_CODE_SECRET"],
    )


def secret_problems(values: Mapping[str, str], old: tuple[str, ...]) -> list[str]:
    """What is wrong with the secrets, by name only (never a value)."""
    problems = []
    for name, value in values.items():
        if not value:
            problems.append(f"未设置 {name}")
        elif value == DEVELOPMENT_SECRET:
            problems.append(f"{name} 是源代码中的开发密钥")
        elif len(value) < MIN_SECRET_LENGTH or len(set(value)) < MIN_UNIQUE_CHARACTERS:
            problems.append(
                f"{name} 太弱（至少 {MIN_SECRET_LENGTH} 个字符、"
                f"{MIN_UNIQUE_CHARACTERS} 种不同字符）"
            )
    names = list(values)
    for index, name in enumerate(names):
        for other in names[index + 1 :]:
            if values[name] and values[name] == values[other]:
                problems.append(f"{name} 与 {other} 相同，每个密钥必须各不相同")
    # Old encryption secrets are only read, to re-encrypt what they sealed: a
    # deployment that ran on one SECRET_KEY (or on the key in the source) lists
    # that value here while rotate_field_key moves its data to the new key.
    for position, value in enumerate(old, start=1):
        if value == values["FIELD_ENCRYPTION_SECRET"]:
            problems.append(
                f"{OLD_FIELD_SECRETS_NAME} 第 {position} 项与 FIELD_ENCRYPTION_SECRET 相同"
            )
    return problems
