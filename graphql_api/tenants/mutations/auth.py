"""Signing in and out, and bearer tokens for API clients."""

from __future__ import annotations

import graphene
from django.contrib.auth import login as django_login
from django.contrib.auth import logout as django_logout

from core.ids import parse_int_id
from graphql_api.core.mutations import BaseMutation
from graphql_api.tenants.types import ApiTokenType, UserType
from tenants.errors import AuthErrorCode
from tenants.services import auth


class Login(BaseMutation):
    """Sign in with username and password for the web (session cookie + CSRF)."""

    user = graphene.Field(UserType)

    class Arguments:
        username = graphene.String(required=True)
        password = graphene.String(required=True)

    class Meta:
        permissions = ()
        error_codes = AuthErrorCode
        atomic = False
        description = "Sign in (登录) for the web: starts a session."

    @classmethod
    def perform_mutation(cls, root, info, username, password):
        user = auth.credentials_verify(username=username, password=password)
        django_login(
            info.context, user, backend="django.contrib.auth.backends.ModelBackend"
        )
        return cls(user=user)


class Logout(BaseMutation):
    """End the web session."""

    ok = graphene.Boolean(required=True)

    class Meta:
        permissions = ()
        description = "Sign out (退出登录)."

    @classmethod
    def perform_mutation(cls, root, info):
        django_logout(info.context)
        return cls(ok=True)


class TokenCreate(BaseMutation):
    """Exchange credentials for a bearer token (API clients)."""

    token = graphene.String(description="The secret; shown once, never again.")
    api_token = graphene.Field(ApiTokenType)

    class Arguments:
        username = graphene.String(required=True)
        password = graphene.String(required=True)
        name = graphene.String(description="What the token is for (用途).")

    class Meta:
        permissions = ()
        error_codes = AuthErrorCode
        atomic = False
        description = "Issue a bearer token (签发API令牌) for an API client."

    @classmethod
    def perform_mutation(cls, root, info, username, password, name="API"):
        user = auth.credentials_verify(username=username, password=password)
        api_token, plaintext = auth.token_create(actor=user, name=name)
        return cls(token=plaintext, api_token=api_token)


class TokenRevoke(BaseMutation):
    """Revoke one of the caller's own tokens."""

    api_token = graphene.Field(ApiTokenType)

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        input_names = {"id": "token_id"}
        permissions = ()
        require_login = True
        description = "Revoke a bearer token (吊销API令牌)."

    @classmethod
    def perform_mutation(cls, root, info, id):
        token = auth.token_revoke(actor=info.context.user, token_id=parse_int_id(id))
        return cls(api_token=token)
