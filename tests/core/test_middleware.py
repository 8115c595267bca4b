"""Request ids, the content security policy and the session timeouts."""

import re
import time

from django.test import Client

from core.middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY
from tests.factories.tenants import TEST_PASSWORD

ME = "{ me { username } }"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _me_body(client: Client) -> dict:
    response = client.post(
        "/graphql/", data={"query": ME}, content_type="application/json"
    )
    return response.json()


def _me(client: Client):
    return _me_body(client)["data"]["me"]


def _told_to_sign_in(client: Client) -> bool:
    """A session that has ended answers 请先登录 (see the authentication rule)."""
    body = _me_body(client)
    return body.get("data") is None and [
        (error["message"], error["extensions"]["code"]) for error in body["errors"]
    ] == [("请先登录", "UNAUTHENTICATED")]


def _age_session(client: Client, *, started_ago: int, seen_ago: int) -> None:
    session = client.session
    now = int(time.time())
    session[SESSION_STARTED_KEY] = now - started_ago
    session[SESSION_SEEN_KEY] = now - seen_ago
    session.save()


def test_every_response_carries_a_fresh_request_id(db):
    client = Client()

    first = client.get("/csrf/")["X-Request-ID"]
    second = client.get("/csrf/", headers={"X-Request-ID": "chosen-by-caller"})

    assert re.fullmatch(r"[0-9a-f]{16}", first)
    assert re.fullmatch(r"[0-9a-f]{16}", second["X-Request-ID"])
    assert second["X-Request-ID"] not in (first, "chosen-by-caller")


def test_the_content_security_policy_from_settings_is_sent(db, settings):
    settings.CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'"

    response = Client().get("/csrf/")

    assert response["Content-Security-Policy"] == (
        "default-src 'self'; script-src 'self'"
    )


def test_no_policy_header_when_the_policy_is_empty(db, settings):
    settings.CONTENT_SECURITY_POLICY = ""

    assert "Content-Security-Policy" not in Client().get("/csrf/")


def test_a_session_used_within_the_idle_timeout_stays_signed_in(tree, settings):
    settings.SESSION_IDLE_SECONDS = 1800
    client = _signed_in(tree.user("county_a", "registrar"))
    _age_session(client, started_ago=3600, seen_ago=1700)

    assert _me(client) == {"username": "county_a_registrar"}
    # "Last seen" moved forward, so the next idle period starts now.
    assert int(time.time()) - client.session[SESSION_SEEN_KEY] < 5


def test_a_session_idle_longer_than_the_timeout_is_signed_out(tree, settings):
    settings.SESSION_IDLE_SECONDS = 1800
    client = _signed_in(tree.user("county_a", "registrar"))
    _age_session(client, started_ago=2000, seen_ago=1801)

    assert _told_to_sign_in(client)
    assert _told_to_sign_in(client)


def test_a_busy_session_ends_at_its_absolute_lifetime(tree, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 8 * 3600
    client = _signed_in(tree.user("county_a", "registrar"))
    _age_session(client, started_ago=8 * 3600 + 1, seen_ago=10)

    assert _told_to_sign_in(client)


def test_signing_in_starts_both_clocks(tree, gql):
    anonymous = gql()

    data = anonymous.ok(
        'mutation($p: String!) { login(username: "county_a_registrar", password: $p)'
        " { errors { code } } }",
        {"p": TEST_PASSWORD},
    )

    assert data == {"login": {"errors": []}}
    session = anonymous.client.session
    assert session[SESSION_STARTED_KEY] == session[SESSION_SEEN_KEY]
    assert int(time.time()) - session[SESSION_STARTED_KEY] < 5


def test_a_session_from_before_the_clocks_gets_them_on_its_next_request(tree):
    client = _signed_in(tree.user("county_a", "registrar"))
    session = client.session
    del session[SESSION_STARTED_KEY], session[SESSION_SEEN_KEY]
    session.save()

    assert _me(client) == {"username": "county_a_registrar"}
    session = client.session
    assert session[SESSION_STARTED_KEY] == session[SESSION_SEEN_KEY]
