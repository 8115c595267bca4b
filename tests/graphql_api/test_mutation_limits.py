"""A request runs a bounded number of mutations, and the cost limit counts
them, so aliases cannot keep a worker busy (issue 11, item 7)."""

import time

from tenants.models import AuditAction, AuditEntry


def _logouts(count: int) -> str:
    return (
        "mutation { "
        + " ".join(f"l{index}: logout {{ ok }}" for index in range(count))
        + " }"
    )


def test_three_hundred_aliased_logins_are_refused_at_once(tree, gql):
    aliases = " ".join(
        f'a{index}: login(username: "county_a_leader", password: "guess{index}") '
        "{ errors { code } }"
        for index in range(300)
    )
    before = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).count()
    started = time.monotonic()

    status, body = gql().execute(f"mutation {{ {aliases} }}")

    assert time.monotonic() - started < 5
    assert status == 400
    assert [error["extensions"] for error in body["errors"]] == [
        # 300 × (login 1 + errors list 10 × code 1 + 1 000 for the hashing)
        {"code": "QUERY_TOO_COMPLEX", "cost": 303600},
        {"code": "TOO_MANY_EXPENSIVE_MUTATIONS"},
    ]
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).count() == before


def test_more_than_ten_mutations_in_one_request_are_refused(tree, gql):
    status, body = gql(tree.user("county_a", "registrar")).execute(_logouts(11))

    assert status == 400
    assert body.get("data") is None
    assert [(e["message"], e["extensions"]) for e in body["errors"]] == [
        (
            "每次请求最多执行10个修改操作（本次11个），请分批提交",
            {"code": "TOO_MANY_MUTATIONS"},
        )
    ]


def test_ten_mutations_in_one_request_run(tree, gql):
    data = gql(tree.user("county_a", "registrar")).ok(_logouts(10))

    assert data == {f"l{index}": {"ok": True} for index in range(10)}


def test_mutations_spread_from_fragments_are_counted(tree, gql):
    query = """
    mutation { ...twice ...twice2 }
    fragment twice on Mutation {
      a: tokenCreate(username: "city_leader", password: "x") { token }
    }
    fragment twice2 on Mutation {
      b: tokenCreate(username: "city_leader", password: "y") { token }
    }
    """
    status, body = gql().execute(query)

    assert status == 400
    assert [e["extensions"]["code"] for e in body["errors"]] == [
        "TOO_MANY_EXPENSIVE_MUTATIONS"
    ]
