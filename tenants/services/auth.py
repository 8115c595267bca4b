"""Checking passwords with a lock-out, and bearer tokens for API clients."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from core.errors import DomainError
from tenants.errors import AuthErrorCode
from tenants.models import ApiToken, AuditAction, AuditEntry, User

TOKEN_PREFIX = "zg_"
# Checked against when the username is unknown, so that a wrong username costs
# as much time as a wrong password and does not reveal which accounts exist.
_DUMMY_HASH = make_password("not-a-real-password-0f3b")


def _failures_key(username: str) -> str:
    return f"login-failures:{username.lower()}"


def credentials_verify(*, username: str, password: str) -> User:
    """The active user with these credentials, or a DomainError.

    Failures per username are counted in Redis; past LOGIN_MAX_FAILURES the
    account is locked out for LOGIN_LOCKOUT_SECONDS, even for the right password.
    """
    username = (username or "").strip()
    key = _failures_key(username)
    if cache.get(key, 0) >= settings.LOGIN_MAX_FAILURES:
        raise DomainError(
            AuthErrorCode.TOO_MANY_ATTEMPTS,
            f"登录失败次数过多，请{settings.LOGIN_LOCKOUT_SECONDS // 60}分钟后再试",
        )
    user = User.objects.select_related("unit").filter(username__iexact=username).first()
    if user is None:
        check_password(password, _DUMMY_HASH)
        valid = False
    else:
        valid = user.check_password(password)
    if not valid:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)
        AuditEntry.objects.create(
            action=AuditAction.LOGIN_FAILED,
            unit=user.unit if user else None,
            target=username[:100],
        )
        raise DomainError(AuthErrorCode.INVALID_CREDENTIALS, "用户名或密码错误")
    if not user.is_active:
        raise DomainError(
            AuthErrorCode.ACCOUNT_DISABLED, "该账号已停用，请联系本单位管理员"
        )
    if user.unit is not None and not user.unit.is_active:
        raise DomainError(AuthErrorCode.UNIT_INACTIVE, "所属单位已停用")
    cache.delete(key)
    AuditEntry.objects.create(
        action=AuditAction.LOGIN_SUCCEEDED,
        actor=user,
        unit=user.unit,
        target=user.username,
    )
    return user


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Issue a bearer token; the plaintext is returned once and never stored."""
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=(name or "API").strip()[:60],
        key_digest=_digest(plaintext),
        prefix=plaintext[:8],
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
    )
    AuditEntry.objects.create(
        action=AuditAction.TOKEN_CREATED,
        actor=actor,
        unit=actor.unit,
        target=token.prefix,
    )
    return token, plaintext


def token_authenticate(*, key: str) -> User | None:
    """The active user a live bearer token belongs to, or None."""
    if not key.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(
            key_digest=_digest(key),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.user.unit is not None and not token.user.unit.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


@transaction.atomic
def token_revoke(*, actor: User, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
    if token is None:
        from core.errors import not_found

        raise not_found("令牌", field="id")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        AuditEntry.objects.create(
            action=AuditAction.TOKEN_REVOKED,
            actor=actor,
            unit=actor.unit,
            target=token.prefix,
        )
    return token


def tokens_revoke_for_user(*, user: User) -> int:
    """Revoke every live token of a user (when the account is disabled)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
