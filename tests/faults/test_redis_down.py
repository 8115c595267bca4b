"""Redis stopped during work: registrations still succeed, and the reminders
the deadline scan would have sent are caught up, once, when it returns."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.utils import timezone

from supervision.crosslevel.tasks import crosslevel_deadlines_scan
from supervision.models import Petition
from tests.factories.supervision import in_unit
from tests.factories.tenants import TEST_PASSWORD
from tests.graphql_api.supervision import gql as docs
from tests.graphql_api.supervision.test_lifecycle import register_input

TODAY = timezone.localdate()
INBOX = """
query { notifications { totalCount items { kind title subjectType subjectId } } }
"""


def test_registration_succeeds_while_redis_is_stopped(tree, gql, private_redis):
    cache.set("probe", 1)
    assert cache.get("probe") == 1
    private_redis.stop()
    registrar = gql(tree.user("county_a", "registrar"))

    data = registrar.ok(docs.REGISTER, {"input": register_input("APPEAL")})

    payload = data["petitionRegister"]
    assert payload["errors"] == []
    assert payload["petition"]["status"] == "REGISTERED"
    with in_unit(tree.units["county_a"]):
        stored = Petition.objects.get(
            tracking_number=payload["petition"]["trackingNumber"]
        )
    assert stored.title == "反映干部选拔任用问题"


def test_overdue_reminder_is_caught_up_once_when_redis_returns(
    tree, gql, private_redis
):
    private_redis.stop()
    registrar = gql(tree.user("county_a", "registrar"))
    received = (TODAY - datetime.timedelta(days=40)).isoformat()
    payload = registrar.ok(
        docs.REGISTER, {"input": register_input("APPEAL", receivedOn=received)}
    )["petitionRegister"]
    assert payload["errors"] == []
    petition = payload["petition"]
    assert registrar.ok(INBOX)["notifications"]["totalCount"] == 0

    private_redis.start()
    first = crosslevel_deadlines_scan.apply(kwargs={"today": TODAY.isoformat()})
    second = crosslevel_deadlines_scan.apply(kwargs={"today": TODAY.isoformat()})

    # One reminder each for the two of the unit who register: registrar, liaison.
    assert first.get()["overdue_cases"] == 2
    assert second.get()["overdue_cases"] == 0
    inbox = registrar.ok(INBOX)["notifications"]
    assert inbox == {
        "totalCount": 1,
        "items": [
            {
                "kind": "OVERDUE_REMINDER",
                "title": f"信访件 {petition['trackingNumber']} 已于{petition['dueOn']}逾期",
                "subjectType": "petition",
                "subjectId": petition["id"],
            }
        ],
    }


ME = "query { me { username } }"
LOGIN = """mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) { user { username } errors { code message } } }"""


def test_login_fails_closed_while_redis_is_stopped(tree, gql, private_redis):
    # The lock-out counts attempts in Redis; without it no attempt can be
    # counted, so none is allowed: a guesser must not get unlimited tries
    # while Redis is down. Staff already signed in keep working (sessions
    # are in the database), as the registration test above shows.
    private_redis.stop()
    client = gql()
    user = tree.user("county_a", "registrar")

    _, body = client.execute(LOGIN, {"u": user.username, "p": TEST_PASSWORD})

    assert body["data"]["login"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INTERNAL_ERROR"
    assert client.ok(ME) == {"me": None}
