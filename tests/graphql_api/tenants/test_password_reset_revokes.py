"""An administrator's password reset ends the account's sessions and revokes
its tokens at once (issue 11, item 8)."""

from django.contrib.sessions.models import Session
from django.test import Client

from tenants.models import ApiToken, AuditAction, AuditEntry
from tests.conftest import GraphQLClient
from tests.factories.tenants import TEST_PASSWORD

LOGIN = """mutation($p: String!) {
  login(username: "township_liaison", password: $p) { errors { code } } }"""
TOKEN = """mutation($p: String!) {
  tokenCreate(username: "township_liaison", password: $p) { token } }"""
RESET = """mutation($id: ID!) {
  userSetPassword(id: $id, password: "Another-Horse-88") { user { username } errors { code } }
}"""
ME = "{ me { username } }"


def _signed_in_elsewhere():
    """A browser session and an API token of the township liaison."""
    browser = GraphQLClient(Client())
    assert browser.ok(LOGIN, {"p": TEST_PASSWORD})["login"]["errors"] == []
    token = GraphQLClient(Client()).ok(TOKEN, {"p": TEST_PASSWORD})["tokenCreate"][
        "token"
    ]
    return browser, {"Authorization": f"Bearer {token}"}


def _sessions_of(user) -> int:
    return sum(
        1
        for session in Session.objects.all()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    )


def test_reset_ends_sessions_and_revokes_tokens(tree, gql):
    target = tree.user("township", "liaison")
    browser, bearer = _signed_in_elsewhere()
    assert browser.ok(ME)["me"] == {"username": "township_liaison"}

    data = gql(tree.user("county_a", "admin")).ok(RESET, {"id": target.pk})

    assert data["userSetPassword"] == {
        "user": {"username": "township_liaison"},
        "errors": [],
    }
    # The ended session and the revoked token are told to sign in again.
    assert browser.told_to_sign_in(ME)
    assert gql().told_to_sign_in(ME, headers=bearer)
    assert _sessions_of(target) == 0
    tokens = ApiToken.objects.filter(user=target)
    assert (tokens.count(), tokens.filter(revoked_at__isnull=False).count()) == (1, 1)
    entry = AuditEntry.objects.get(
        action=AuditAction.USER_PASSWORD_SET, target="township_liaison"
    )
    assert entry.details == {"tokens_revoked": 1, "sessions_ended": 1}
    assert entry.actor == tree.user("county_a", "admin")


def test_refused_reset_leaves_sessions_and_tokens_alive(tree, gql):
    target = tree.user("township", "liaison")
    browser, bearer = _signed_in_elsewhere()

    data = gql(tree.user("county_b", "admin")).ok(RESET, {"id": target.pk})

    assert data["userSetPassword"] == {"user": None, "errors": [{"code": "NOT_FOUND"}]}
    assert browser.ok(ME)["me"] == {"username": "township_liaison"}
    assert gql().ok(ME, headers=bearer)["me"] == {"username": "township_liaison"}
    assert _sessions_of(target) == 1
    assert not AuditEntry.objects.filter(action=AuditAction.USER_PASSWORD_SET).exists()
