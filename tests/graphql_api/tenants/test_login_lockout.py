"""Login lock-outs cannot be dodged by look-alike usernames, parallel guesses,
aliases or many usernames from one address (issue 11, item 6)."""

from concurrent.futures import ThreadPoolExecutor

from django.db import connection
from django.test import Client

from core.errors import DomainError
from tenants.models import ApiToken, AuditAction, AuditEntry
from tenants.services.auth import credentials_verify
from tests.conftest import GraphQLClient
from tests.factories.tenants import TEST_PASSWORD

LOGIN = """
mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) { user { username } errors { code message } }
}"""
ME = "{ me { username } }"


def _login_codes(client, username, password):
    data = client.ok(LOGIN, {"u": username, "p": password})["login"]
    return [error["code"] for error in data["errors"]]


def test_look_alike_spellings_count_against_the_same_account(tree, gql):
    client = gql()
    # ſ (long s) and full-width letters normalize (NFKC + casefold) to the
    # account's own name, so their failures lock that account.
    for spelling in ["COUNTY_A_ſUPERVISOR", "ｃｏｕｎｔｙ_a_supervisor"] * 2 + [
        "County_A_Supervisor"
    ]:
        assert _login_codes(client, spelling, "wrong-password") == [
            "INVALID_CREDENTIALS"
        ]

    assert _login_codes(client, "county_a_supervisor", TEST_PASSWORD) == [
        "TOO_MANY_ATTEMPTS"
    ]
    assert client.ok(ME)["me"] is None


def test_dotless_i_does_not_reach_the_account_it_imitates(tree, gql):
    client = gql()
    for _ in range(5):
        client.ok(LOGIN, {"u": "township_liaison", "p": "wrong-password"})

    # PostgreSQL's case-insensitive match would take ı for i: a login with the
    # right password under that spelling must not open the locked account.
    assert _login_codes(client, "township_lıaison", TEST_PASSWORD) == [
        "INVALID_CREDENTIALS"
    ]
    assert client.ok(ME)["me"] is None


def test_an_unknown_username_locks_like_an_account(tree, gql):
    client = gql()
    codes = [_login_codes(client, "no_such_person", "wrong-password") for _ in range(6)]

    assert codes == [["INVALID_CREDENTIALS"]] * 5 + [["TOO_MANY_ATTEMPTS"]]


def _attempt(password: str) -> str:
    try:
        credentials_verify(username="other_county_registrar", password=password)
        return "OK"
    except DomainError as error:
        return str(error.code)
    finally:
        connection.close()


def test_forty_parallel_wrong_passwords_lock_the_account(tree):
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(_attempt, ["wrong-password"] * 40))

    assert sorted(set(outcomes)) == ["INVALID_CREDENTIALS", "TOO_MANY_ATTEMPTS"]
    assert outcomes.count("INVALID_CREDENTIALS") == 5
    assert outcomes.count("TOO_MANY_ATTEMPTS") == 35
    assert _attempt(TEST_PASSWORD) == "TOO_MANY_ATTEMPTS"


def test_failures_from_one_address_lock_that_address_only(tree, gql):
    attacker = GraphQLClient(Client(REMOTE_ADDR="203.0.113.7"))
    for index in range(20):
        assert _login_codes(attacker, f"guess{index}", "wrong-password") == [
            "INVALID_CREDENTIALS"
        ]

    assert _login_codes(attacker, "county_b_handler", TEST_PASSWORD) == [
        "TOO_MANY_ATTEMPTS"
    ]
    assert attacker.ok(ME)["me"] is None
    elsewhere = GraphQLClient(Client(REMOTE_ADDR="198.51.100.20"))
    assert _login_codes(elsewhere, "county_b_handler", TEST_PASSWORD) == []
    assert elsewhere.ok(ME)["me"] == {"username": "county_b_handler"}


def test_aliased_token_requests_are_refused_before_any_runs(tree, gql):
    aliases = " ".join(
        f'a{index}: tokenCreate(username: "city_leader", password: "guess{index}") '
        "{ token }"
        for index in range(96)
    )
    failures_before = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).count()

    status, body = gql().execute(f"mutation {{ {aliases} }}")

    assert status == 400
    assert body.get("data") is None
    assert [error["extensions"]["code"] for error in body["errors"]] == [
        "QUERY_TOO_COMPLEX",
        "TOO_MANY_EXPENSIVE_MUTATIONS",
    ]
    assert body["errors"][1]["message"] == (
        "每次请求只能执行一个登录、签发令牌或设置密码的操作（本次96个）"
    )
    assert ApiToken.objects.filter(user__username="city_leader").count() == 0
    assert (
        AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).count()
        == failures_before
    )


def test_a_login_and_a_token_in_one_request_are_refused(tree, gql):
    query = f"""mutation {{
      login(username: "city_leader", password: "{TEST_PASSWORD}") {{ errors {{ code }} }}
      tokenCreate(username: "city_leader", password: "{TEST_PASSWORD}") {{ token }}
    }}"""
    client = gql()

    status, body = client.execute(query)

    assert status == 400
    assert [error["extensions"]["code"] for error in body["errors"]] == [
        "TOO_MANY_EXPENSIVE_MUTATIONS"
    ]
    assert client.ok(ME)["me"] is None
    assert ApiToken.objects.filter(user__username="city_leader").count() == 0
