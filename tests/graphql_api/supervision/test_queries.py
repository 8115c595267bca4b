"""Work queues, search and the case view: scoping and query counts."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from supervision.rules.clocks import ClockState
from tests.factories.supervision import (
    CITIZEN_ID,
    PHONE,
    make_petition,
    received_on_in_acceptance_state,
)

LIST = """
query($queue: Queue, $search: String) {
  petitions(queue: $queue, search: $search) {
    totalCount
    items { trackingNumber status dueOn department { name } handler { username }
            events { action actorName } clocks { code state }
            registrar { username } petitioners { name } accused { name } }
  }
}"""


def _numbers(data):
    return sorted(item["trackingNumber"] for item in data["petitions"]["items"])


def test_work_queues(tree, gql):
    registered = make_petition(tree, received_on=datetime.date(2026, 9, 20))
    handling = make_petition(tree, "handling")
    awaiting = make_petition(tree, "awaiting_closure")
    make_petition(tree, "closed")
    registrar = gql(tree.user("county_a", "registrar"))
    handler = gql(tree.user("county_a", "handler"))
    leader = gql(tree.user("county_a", "leader"))

    assert _numbers(registrar.ok(LIST, {"queue": "TO_ACCEPT"})) == [
        registered.tracking_number
    ]
    assert _numbers(registrar.ok(LIST, {"queue": "OVERDUE"})) == [
        registered.tracking_number
    ]
    assert _numbers(handler.ok(LIST, {"queue": "TO_HANDLE"})) == [
        handling.tracking_number
    ]
    assert _numbers(leader.ok(LIST, {"queue": "AWAITING_REVIEW"})) == [
        awaiting.tracking_number
    ]
    assert _numbers(gql(tree.user("county_b", "registrar")).ok(LIST, {})) == []


def test_due_soon_follows_the_warning_day(tree, gql):
    # Past 80% of the acceptance period (15 days, its end moved past a closing
    # weekend or holiday), not yet past its end.
    today = timezone.localdate()
    soon = make_petition(
        tree, received_on=received_on_in_acceptance_state(ClockState.WARNING, today)
    )
    make_petition(tree, received_on=today - datetime.timedelta(days=1))
    data = gql(tree.user("county_a", "registrar")).ok(LIST, {"queue": "DUE_SOON"})
    assert _numbers(data) == [soon.tracking_number]


@pytest.mark.parametrize(
    "search",
    ["王建国", CITIZEN_ID, PHONE, "民主推荐程序", "-00001"],
)
def test_search_by_number_name_id_phone_and_text(tree, gql, search):
    petition = make_petition(tree)
    make_petition(
        tree,
        legal_type="suggestion",
        content="建议加强人才公寓建设。",
        petitioners=[],
        is_anonymous=True,
    )
    data = gql(tree.user("county_a", "registrar")).ok(LIST, {"search": search})
    assert _numbers(data) == [petition.tracking_number]


def test_the_list_runs_a_fixed_number_of_queries(tree, gql, django_assert_num_queries):
    client = gql(tree.user("county_a", "registrar"))
    make_petition(tree, "handling")
    # One of them records the unmasked names shown (审计), in one INSERT.
    with django_assert_num_queries(12):
        small = client.ok(LIST, {})
    for state in ("registered", "handling", "closed", "awaiting_closure"):
        make_petition(tree, state, legal_type="accusation")
    with django_assert_num_queries(12):
        large = client.ok(LIST, {})
    assert (small["petitions"]["totalCount"], large["petitions"]["totalCount"]) == (
        1,
        5,
    )


CASE = """
query($id: ID!) {
  petition(id: $id) {
    trackingNumber
    events { action actorName }
    clocks { code }
    petitioners { name } accused { name } attachments { originalName }
    handlingRecords { content } results { summary decision }
    instructions { content leader { username } } recusals { reason user { username } }
    department { name } handler { username } registrar { username }
  }
}"""


def test_the_case_view_runs_a_fixed_number_of_queries(
    tree, gql, django_assert_num_queries
):
    petition = make_petition(tree, "closed")
    client = gql(tree.user("county_a", "registrar"))
    # One of them records the unmasked names shown (审计), in one INSERT.
    with django_assert_num_queries(16):
        data = client.ok(CASE, {"id": str(petition.pk)})
    assert [e["action"] for e in data["petition"]["events"]] == [
        "REGISTERED",
        "ACCEPTED",
        "ROUTED",
        "CONCLUDED",
        "CLOSURE_SUBMITTED",
        "CLOSURE_APPROVED",
    ]
    assert data["petition"]["results"] == [
        {"summary": "经调阅档案、谈话了解，推荐程序符合规定。", "decision": "REJECT"}
    ]


def test_a_recused_member_of_staff_neither_sees_nor_handles_the_case(tree, gql):
    petition = make_petition(tree, "handling")
    pid = str(petition.pk)
    head = gql(tree.user("county_a", "head"))
    handler_user = tree.user("county_a", "handler")
    data = head.ok(
        """mutation($p: ID!, $u: ID!) { petitionRecuse(petitionId: $p, userId: $u,
           reason: "与被反映人系同学关系") { petition { status handler { username } }
           errors { code } } }""",
        {"p": pid, "u": str(handler_user.pk)},
    )["petitionRecuse"]
    assert data == {"petition": {"status": "ACCEPTED", "handler": None}, "errors": []}
    handler = gql(handler_user)
    assert handler.ok(CASE, {"id": pid})["petition"] is None
    registrar = gql(tree.user("county_a", "registrar"))
    routed = registrar.ok(
        """mutation($p: ID!, $d: ID!, $h: ID!) { petitionRoute(petitionId: $p,
           departmentId: $d, handlerId: $h) { errors { code } } }""",
        {"p": pid, "d": str(handler_user.department_id), "h": str(handler_user.pk)},
    )["petitionRoute"]
    assert routed == {"errors": [{"code": "HANDLER_RECUSED"}]}


def test_leader_instruction_and_ownership_are_on_the_timeline(tree, gql):
    petition = make_petition(tree, "handling")
    leader_user = tree.user("county_a", "leader")
    leader = gql(leader_user)
    leader.ok(
        """mutation($p: ID!) { petitionInstruct(petitionId: $p,
           content: "请干部监督科认真核查，按期办结。") { errors { code } } }""",
        {"p": str(petition.pk)},
    )
    data = leader.ok(
        """mutation($p: ID!, $l: ID!) { petitionAssignOwner(petitionId: $p,
           leaderId: $l) { petition { ownerLeader { username }
           instructions { content leader { username } }
           events { action } } errors { code } } }""",
        {"p": str(petition.pk), "l": str(leader_user.pk)},
    )["petitionAssignOwner"]
    assert data["petition"]["ownerLeader"] == {"username": "county_a_leader"}
    assert data["petition"]["instructions"] == [
        {
            "content": "请干部监督科认真核查，按期办结。",
            "leader": {"username": "county_a_leader"},
        }
    ]
    assert [e["action"] for e in data["petition"]["events"]][-2:] == [
        "INSTRUCTED",
        "OWNER_ASSIGNED",
    ]
