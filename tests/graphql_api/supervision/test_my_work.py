"""工作台: the viewer's work queues with their counts, and the list's filters."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from supervision.rules.clocks import ClockState
from supervision.services import closure
from tests.factories.supervision import (
    in_unit,
    make_petition,
    received_on_in_acceptance_state,
)

MY_WORK = "{ myWork { queue count } }"
LIST = """
query($channel: Channel, $from: Date, $to: Date, $order: PetitionOrder, $queue: Queue) {
  petitions(channel: $channel, receivedFrom: $from, receivedTo: $to,
            orderBy: $order, queue: $queue) {
    totalCount
    items { trackingNumber }
  }
}"""


def _returned(tree):
    petition = make_petition(tree, "awaiting_closure")
    with in_unit(tree.units["county_a"]):
        closure.closure_return(
            actor=tree.user("county_a", "leader"),
            petition_id=petition.pk,
            reason="事实不清，请补充调查",
        )
    return petition


def _counts(client) -> dict[str, int]:
    return {row["queue"]: row["count"] for row in client.ok(MY_WORK)["myWork"]}


def test_each_role_sees_the_counts_of_the_queues_it_works(tree, gql):
    today = timezone.localdate()
    for state in (ClockState.OVERDUE, ClockState.WARNING):
        make_petition(tree, received_on=received_on_in_acceptance_state(state, today))
    make_petition(tree, "accepted")
    make_petition(tree, "handling")
    make_petition(tree, "awaiting_closure")
    _returned(tree)

    assert gql(tree.user("county_a", "registrar")).ok(MY_WORK)["myWork"] == [
        {"queue": "TO_ACCEPT", "count": 2},
        {"queue": "TO_ROUTE", "count": 1},
        {"queue": "DUE_SOON", "count": 1},
        {"queue": "OVERDUE", "count": 1},
    ]
    assert _counts(gql(tree.user("county_a", "handler"))) == {
        "TO_HANDLE": 2,
        "RETURNED": 1,
        "DUE_SOON": 1,
        "OVERDUE": 1,
    }
    assert _counts(gql(tree.user("county_a", "leader"))) == {
        "TO_ROUTE": 1,
        "AWAITING_REVIEW": 1,
        "DUE_SOON": 1,
        "OVERDUE": 1,
    }
    assert _counts(gql(tree.user("county_a", "head"))) == {
        "TO_ROUTE": 1,
        "TO_HANDLE": 2,
        "RETURNED": 0,
        "DUE_SOON": 1,
        "OVERDUE": 1,
    }


@pytest.mark.parametrize(
    ("unit_key", "role_key", "expected"),
    [
        ("county_a", "admin", {}),
        (
            "county_b",
            "registrar",
            {"TO_ACCEPT": 0, "TO_ROUTE": 0, "DUE_SOON": 0, "OVERDUE": 0},
        ),
    ],
)
def test_other_staff_see_nothing_of_the_unit(tree, gql, unit_key, role_key, expected):
    make_petition(tree)

    assert _counts(gql(tree.user(unit_key, role_key))) == expected


def test_anonymous_callers_have_no_work(tree, gql):
    make_petition(tree)

    assert gql().told_to_sign_in(MY_WORK)


def test_the_counts_take_one_query(tree, gql, django_assert_num_queries):
    make_petition(tree)
    client = gql(tree.user("county_a", "registrar"))
    client.ok(MY_WORK)

    # Five for any request (schema, domain, session, user, unit), the switch to
    # the unit's schema, then the one count over every queue.
    with django_assert_num_queries(7):
        client.ok(MY_WORK)


def test_the_returned_queue_lists_the_handlers_sent_back_results(tree, gql):
    returned = _returned(tree)
    make_petition(tree, "handling")

    data = gql(tree.user("county_a", "handler")).ok(LIST, {"queue": "RETURNED"})

    assert data["petitions"] == {
        "totalCount": 1,
        "items": [{"trackingNumber": returned.tracking_number}],
    }


def test_the_list_filters_by_channel_and_receipt_dates(tree, gql):
    today = timezone.localdate()
    old_letter = make_petition(tree, received_on=today - datetime.timedelta(days=40))
    letter = make_petition(tree, received_on=today - datetime.timedelta(days=10))
    visit = make_petition(
        tree, channel="visit", received_on=today - datetime.timedelta(days=10)
    )
    client = gql(tree.user("county_a", "registrar"))

    def numbers(**variables):
        items = client.ok(LIST, variables)["petitions"]["items"]
        return [item["trackingNumber"] for item in items]

    assert numbers(channel="LETTER") == [
        letter.tracking_number,
        old_letter.tracking_number,
    ]
    assert numbers(channel="VISIT") == [visit.tracking_number]
    since = (today - datetime.timedelta(days=20)).isoformat()
    assert numbers(**{"from": since}) == [
        visit.tracking_number,
        letter.tracking_number,
    ]
    until = (today - datetime.timedelta(days=30)).isoformat()
    assert numbers(to=until) == [old_letter.tracking_number]


def test_the_list_sorts_by_due_date_with_closed_cases_last(tree, gql):
    today = timezone.localdate()
    closed = make_petition(tree, "closed")
    later = make_petition(tree, received_on=today - datetime.timedelta(days=2))
    sooner = make_petition(tree, received_on=today - datetime.timedelta(days=9))

    items = gql(tree.user("county_a", "registrar")).ok(LIST, {"order": "DUE_ON"})

    assert [item["trackingNumber"] for item in items["petitions"]["items"]] == [
        sooner.tracking_number,
        later.tracking_number,
        closed.tracking_number,
    ]
