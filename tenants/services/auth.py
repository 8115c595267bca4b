"""Checking passwords with a lock-out, and bearer tokens for API clients."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from core.errors import DomainError
from tenants.errors import AuthErrorCode
from tenants.models import ApiToken, AuditAction, User
from tenants.services.audit import audit_record, client_address

TOKEN_PREFIX = "zg_"
# Checked against when the username is unknown, so that a wrong username costs
# as much time as a wrong password and does not reveal which accounts exist.
_DUMMY_HASH = make_password("not-a-real-password-0f3b")


def username_normalize(username: str) -> str:
    """The one form of a username, at creation and at login: NFKC, then
    casefolded, so look-alikes (ſ, full-width letters) meet the account they
    imitate instead of slipping past its failure counter."""
    return unicodedata.normalize("NFKC", (username or "").strip()).casefold()


def _account_key(user: User | None, username: str) -> str:
    if user is not None:
        return f"login-failures:user:{user.pk}"
    # An unknown name locks like an account, so lock-outs reveal no accounts.
    digest = hashlib.sha256(username.encode()).hexdigest()[:32]
    return f"login-failures:name:{digest}"


def _address_key(address: str | None) -> str:
    return f"login-failures:address:{address or 'unknown'}"


def _count(key: str) -> int:
    """One more on a Redis counter (INCR, atomic) that expires
    LOGIN_LOCKOUT_SECONDS after its first hit."""
    cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)
        return 1


def _locked_out() -> DomainError:
    return DomainError(
        AuthErrorCode.TOO_MANY_ATTEMPTS,
        f"登录失败次数过多，请{settings.LOGIN_LOCKOUT_SECONDS // 60}分钟后再试",
    )


def _login_user(username: str) -> User | None:
    # Accounts are created with ASCII usernames only; anything else left after
    # normalizing can match no account (and must not reach PostgreSQL's
    # case-insensitive comparison, which maps ı to I).
    if not username.isascii():
        return None
    return User.objects.select_related("unit").filter(username__iexact=username).first()


def _login_failed(user: User | None, username: str, reason: str) -> None:
    audit_record(
        action=AuditAction.LOGIN_FAILED,
        actor=None,
        unit=user.unit if user else None,
        target=username,
        details={"reason": reason, **({"user": user.pk} if user else {})},
    )


def credentials_verify(*, username: str, password: str) -> User:
    """The active user with these credentials, or a DomainError.

    Attempts are counted in Redis per account (its id, whatever spelling of
    the username was used) and failures per client address. An attempt is
    counted before the password is checked, so parallel guesses cannot all
    pass the check while the counter still reads low; past LOGIN_MAX_FAILURES
    the account is refused for LOGIN_LOCKOUT_SECONDS, even the right password,
    and without hashing anything.
    """
    username = username_normalize(username)
    address = client_address()
    if cache.get(_address_key(address), 0) >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS:
        _login_failed(None, username, "address_locked")
        raise _locked_out()
    user = _login_user(username)
    if _count(_account_key(user, username)) > settings.LOGIN_MAX_FAILURES:
        _login_failed(user, username, "account_locked")
        raise _locked_out()
    if user is None:
        check_password(password, _DUMMY_HASH)
        valid = False
    else:
        valid = user.check_password(password)
    if not valid:
        _count(_address_key(address))
        _login_failed(user, username, "invalid_credentials")
        raise DomainError(AuthErrorCode.INVALID_CREDENTIALS, "用户名或密码错误")
    if not user.is_active:
        raise DomainError(
            AuthErrorCode.ACCOUNT_DISABLED, "该账号已停用，请联系本单位管理员"
        )
    if user.unit is not None and not user.unit.is_active:
        raise DomainError(AuthErrorCode.UNIT_INACTIVE, "所属单位已停用")
    cache.delete(_account_key(user, username))
    audit_record(
        action=AuditAction.LOGIN_SUCCEEDED,
        actor=user,
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
    audit_record(action=AuditAction.TOKEN_CREATED, actor=actor, target=token.prefix)
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
        audit_record(action=AuditAction.TOKEN_REVOKED, actor=actor, target=token.prefix)
    return token


def tokens_revoke_for_user(*, user: User) -> int:
    """Revoke every live token of a user (account disabled, password reset)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def sessions_end_for_user(*, user: User) -> int:
    """End every web session of a user (password reset): the number ended.

    Sessions are stored encoded, so each live one is decoded to find its user;
    a reset is rare and the table holds only unexpired sessions that matter.
    """
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now())
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)
