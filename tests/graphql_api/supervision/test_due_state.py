"""The list's deadline mark (dueState, dueDaysRemaining) says what the case
view's unit clock says, without computing the clocks."""

from __future__ import annotations

import pytest
from django.utils import timezone

from supervision.rules.clocks import ClockState
from tests.factories.supervision import make_petition, received_on_in_acceptance_state

LIST = """
query {
  petitions {
    items {
      trackingNumber dueOn dueState dueStateLabel dueDaysRemaining
      clocks { state daysRemaining isUnitDeadline end }
    }
  }
}"""


@pytest.mark.parametrize(
    ("state", "label"),
    [
        (ClockState.RUNNING, "正常"),
        (ClockState.WARNING, "临期预警"),
        (ClockState.OVERDUE, "已超期"),
    ],
)
def test_the_list_marks_a_deadline_as_the_case_clock_does(tree, gql, state, label):
    today = timezone.localdate()
    petition = make_petition(
        tree, received_on=received_on_in_acceptance_state(state, today)
    )
    client = gql(tree.user("county_a", "registrar"))

    [item] = [
        row
        for row in client.ok(LIST)["petitions"]["items"]
        if row["trackingNumber"] == petition.tracking_number
    ]

    [clock] = [c for c in item["clocks"] if c["isUnitDeadline"]]
    assert (item["dueState"], item["dueStateLabel"]) == (state.name, label)
    assert item["dueState"] == clock["state"]
    assert item["dueDaysRemaining"] == clock["daysRemaining"]
    assert item["dueOn"] == clock["end"]


def test_a_case_without_a_running_deadline_has_no_mark(tree, gql):
    petition = make_petition(tree, "closed")
    client = gql(tree.user("county_a", "registrar"))

    [item] = [
        row
        for row in client.ok(LIST)["petitions"]["items"]
        if row["trackingNumber"] == petition.tracking_number
    ]

    assert (item["dueState"], item["dueStateLabel"], item["dueDaysRemaining"]) == (
        None,
        None,
        None,
    )
