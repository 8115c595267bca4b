"""Login for the web (session + CSRF) and bearer tokens for API clients."""

import json

import pytest
from django.test import Client

from tenants.models import ApiToken, AuditAction, AuditEntry
from tests.factories.tenants import TEST_PASSWORD

LOGIN = """
mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) { user { username unit { code } } errors { code message field } }
}"""
TOKEN = """
mutation($u: String!, $p: String!) {
  tokenCreate(username: $u, password: $p, name: "对接系统") {
    token apiToken { prefix expiresAt } errors { code message }
  }
}"""
ME = "{ me { username roles unit { code } } currentUnit { code } }"


def test_login_with_right_password_starts_a_session(tree, gql):
    client = gql()
    data = client.ok(LOGIN, {"u": "county_a_registrar", "p": TEST_PASSWORD})
    assert data["login"] == {
        "user": {"username": "county_a_registrar", "unit": {"code": "320102"}},
        "errors": [],
    }
    assert client.ok(ME)["me"] == {
        "username": "county_a_registrar",
        "roles": ["REGISTRAR"],
        "unit": {"code": "320102"},
    }


@pytest.mark.parametrize(
    ("username", "password"),
    [("county_a_registrar", "wrong-password"), ("nobody", TEST_PASSWORD)],
)
def test_wrong_password_or_unknown_user_gives_the_same_error(
    tree, gql, username, password
):
    client = gql()
    data = client.ok(LOGIN, {"u": username, "p": password})
    assert data["login"] == {
        "user": None,
        "errors": [
            {
                "code": "INVALID_CREDENTIALS",
                "message": "用户名或密码错误",
                "field": None,
            }
        ],
    }
    assert client.ok(ME)["me"] is None
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.LOGIN_FAILED, target=username
        ).count()
        == 1
    )


def test_disabled_user_cannot_log_in(tree, gql):
    user = tree.user("county_a", "handler")
    user.is_active = False
    user.save()
    data = gql().ok(LOGIN, {"u": user.username, "p": TEST_PASSWORD})
    assert data["login"]["errors"] == [
        {
            "code": "ACCOUNT_DISABLED",
            "message": "该账号已停用，请联系本单位管理员",
            "field": None,
        }
    ]


def test_five_failures_lock_the_account_even_for_the_right_password(tree, gql):
    client = gql()
    for _ in range(5):
        client.ok(LOGIN, {"u": "county_b_leader", "p": "wrong-password"})
    data = client.ok(LOGIN, {"u": "county_b_leader", "p": TEST_PASSWORD})
    assert [e["code"] for e in data["login"]["errors"]] == ["TOO_MANY_ATTEMPTS"]
    assert client.ok(ME)["me"] is None


def test_bearer_token_authenticates_api_clients(tree, gql):
    data = gql().ok(TOKEN, {"u": "city_supervisor", "p": TEST_PASSWORD})
    token = data["tokenCreate"]["token"]
    assert token.startswith("zg_") and data["tokenCreate"]["errors"] == []
    stored = ApiToken.objects.get(user__username="city_supervisor")
    assert stored.key_digest != token and token.startswith(stored.prefix)
    me = gql().ok(ME, headers={"Authorization": f"Bearer {token}"})
    assert me["me"]["username"] == "city_supervisor"
    assert me["currentUnit"] == {"code": "320100"}


def test_revoked_or_unknown_token_is_told_to_sign_in(tree, gql):
    token = gql().ok(TOKEN, {"u": "city_supervisor", "p": TEST_PASSWORD})[
        "tokenCreate"
    ]["token"]
    client = gql()
    headers = {"Authorization": f"Bearer {token}"}
    token_id = ApiToken.objects.get(user__username="city_supervisor").pk
    revoke = client.ok(
        "mutation($id: ID!) { tokenRevoke(id: $id) { apiToken { revokedAt } errors { code } } }",
        {"id": token_id},
        headers=headers,
    )
    assert (
        revoke["tokenRevoke"]["errors"] == []
        and revoke["tokenRevoke"]["apiToken"]["revokedAt"]
    )
    refused = (
        401,
        {
            "errors": [
                {"message": "请先登录", "extensions": {"code": "UNAUTHENTICATED"}}
            ]
        },
    )
    assert client.execute(ME, headers=headers) == refused
    assert client.execute(ME, headers={"Authorization": "Bearer zg_made-up"}) == refused


def test_session_post_needs_csrf_token_but_bearer_does_not(tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tree.user("county_a", "registrar"))
    body = json.dumps({"query": ME})
    refused = client.post("/graphql/", data=body, content_type="application/json")
    assert refused.status_code == 403
    token = client.get("/csrf/").json()["csrfToken"]
    accepted = client.post(
        "/graphql/",
        data=body,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert accepted.json()["data"]["me"]["username"] == "county_a_registrar"


def test_naming_another_unit_answers_not_found(tree, gql):
    status, body = gql(tree.user("county_a", "registrar")).execute(
        ME, headers={"X-Unit": "320104"}
    )
    assert status == 404
    assert body["errors"][0]["extensions"] == {"code": "UNIT_NOT_FOUND"}
    status, unknown = gql().execute(ME, headers={"X-Unit": "999999"})
    assert (status, unknown) == (404, body)


def test_anonymous_may_address_a_unit_for_online_petitions(tree, gql):
    assert gql().ok(ME, headers={"X-Unit": "320102"}) == {
        "me": None,
        "currentUnit": {"code": "320102"},
    }


def test_cookieless_json_client_gets_a_token_without_csrf(tree):
    client = Client(enforce_csrf_checks=True)
    body = json.dumps(
        {"query": TOKEN, "variables": {"u": "city_leader", "p": TEST_PASSWORD}}
    )
    response = client.post("/graphql/", data=body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["data"]["tokenCreate"]["token"].startswith("zg_")


def test_cookieless_form_post_still_needs_csrf(tree):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/graphql/", data={"query": ME})
    assert response.status_code == 403
