"""The petition's state machine: every allowed status change, the others refused."""

from __future__ import annotations

import pytest

from core.errors import DomainError
from supervision.models import (
    OPEN_STATUSES,
    PETITION_TRANSITIONS,
    EventAction,
    Petition,
    Status,
)
from supervision.services.common import petition_change

S = Status
OPEN = set(OPEN_STATUSES)
MOVES = {
    S.REGISTERED: {S.ACCEPTED, S.DECLINED, S.REFERRED, S.TRANSFERRED, S.ESCALATED}
    | {S.CLOSED},
    S.ACCEPTED: {S.HANDLING, S.TRANSFERRED, S.ESCALATED, S.CLOSED},
    S.HANDLING: {S.AWAITING_CLOSURE, S.ACCEPTED, S.TRANSFERRED, S.ESCALATED}
    | {S.CLOSED},
    S.AWAITING_CLOSURE: {S.HANDLING, S.TRANSFERRED, S.ESCALATED, S.CLOSED},
    S.CLOSED: OPEN | {S.ARCHIVED},
    S.ARCHIVED: OPEN | {S.CLOSED},
    S.DECLINED: set(),
    S.REFERRED: set(),
    S.TRANSFERRED: OPEN,
    S.ESCALATED: OPEN,
}
PAIRS = [(a, b) for a in Status for b in Status if a != b]


def test_table_is_exactly_the_moves_of_the_services():
    assert {k: set(v) for k, v in PETITION_TRANSITIONS.items()} == MOVES


@pytest.mark.parametrize(("start", "end"), PAIRS)
def test_can_become_follows_the_table(start, end):
    assert Petition(status=start).can_become(end) is (end in MOVES[start])


@pytest.mark.parametrize(
    ("start", "end"), [(a, b) for a, b in PAIRS if b not in MOVES[a]]
)
def test_petition_change_refuses_a_move_off_the_table(start, end):
    petition = Petition(status=start)

    with pytest.raises(DomainError) as refused:
        petition_change(
            petition, actor=None, action=EventAction.REOPENED, changes={"status": end}
        )

    assert refused.value.code == "INVALID_STATE"
    assert refused.value.field == "petitionId"
    assert refused.value.message == (
        f"信访件当前为“{Status(start).label}”，不能改为“{Status(end).label}”"
    )
    assert petition.status == start


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (S.REGISTERED, {"is_open", "awaits_acceptance"}),
        (S.ACCEPTED, {"is_open", "can_route", "can_decide_review"}),
        (
            S.HANDLING,
            {"is_open", "can_route", "is_being_handled", "can_decide_review"},
        ),
        (S.AWAITING_CLOSURE, {"is_open", "can_decide_review", "awaits_closure_review"}),
        (S.CLOSED, {"is_closed", "is_concluded"}),
        (S.ARCHIVED, {"is_concluded"}),
        (S.DECLINED, set()),
        (S.REFERRED, set()),
        (S.TRANSFERRED, set()),
        (S.ESCALATED, set()),
    ],
)
def test_predicates_by_status(status, expected):
    predicates = (
        "is_open",
        "awaits_acceptance",
        "can_route",
        "is_being_handled",
        "can_decide_review",
        "awaits_closure_review",
        "is_closed",
        "is_concluded",
    )
    petition = Petition(status=status)

    assert {name for name in predicates if getattr(petition, name)()} == expected
