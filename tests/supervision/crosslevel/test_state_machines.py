"""The cross-level state machines: every allowed move, and the others refused."""

from __future__ import annotations

import datetime

import pytest

from core.errors import DomainError
from supervision.crosslevel.errors import ResultReportErrorCode
from supervision.crosslevel.models import (
    LINK_TRANSITIONS,
    ORDER_TRANSITIONS,
    CaseLink,
    CrossLevelAction,
    LinkKind,
    LinkState,
    OrderAction,
    OrderState,
    SupervisionOrder,
)
from supervision.crosslevel.services.links import link_change
from supervision.crosslevel.services.orders import order_change

LINK_MOVES = {
    (LinkState.ACTIVE, LinkState.OBJECTED),
    (LinkState.ACTIVE, LinkState.REPORTED),
    (LinkState.ACTIVE, LinkState.DECIDED),
    (LinkState.OBJECTED, LinkState.ACTIVE),
    (LinkState.OBJECTED, LinkState.WITHDRAWN),
    (LinkState.REPORTED, LinkState.ACTIVE),
    (LinkState.REPORTED, LinkState.ACCEPTED),
}
ALL_LINK_PAIRS = [(a, b) for a in LinkState for b in LinkState]
TODAY = datetime.date(2026, 3, 2)


def test_link_table_names_every_state():
    assert set(LINK_TRANSITIONS) == set(LinkState)


@pytest.mark.parametrize(("start", "end"), ALL_LINK_PAIRS)
def test_link_moves_only_along_the_table(start, end):
    link = CaseLink(state=start, kind=LinkKind.ASSIGN)

    assert link.can_become(end) is ((start, end) in LINK_MOVES)


@pytest.mark.parametrize("state", list(LinkState))
def test_link_predicates_follow_the_state(state):
    assign = CaseLink(state=state, kind=LinkKind.ASSIGN, objection_due_on=TODAY)
    review = CaseLink(state=state, kind=LinkKind.REVIEW, objection_due_on=TODAY)
    active = state == LinkState.ACTIVE

    assert assign.can_object() is active
    assert assign.is_objection_window_open(TODAY) is active
    assert assign.can_report() is active
    assert assign.can_decide_objection() is (state == LinkState.OBJECTED)
    assert assign.can_decide_report() is (state == LinkState.REPORTED)
    assert review.can_decide_review() is active
    assert assign.can_decide_review() is False


@pytest.mark.parametrize(
    ("kind", "may_object", "may_report"),
    [
        (LinkKind.TRANSFER, True, False),
        (LinkKind.ASSIGN, True, True),
        (LinkKind.ESCALATE, False, False),
        (LinkKind.REVIEW, False, False),
        (LinkKind.RE_REVIEW, False, False),
    ],
)
def test_link_kind_decides_objection_and_report(kind, may_object, may_report):
    link = CaseLink(state=LinkState.ACTIVE, kind=kind, objection_due_on=TODAY)

    assert link.can_object() is may_object
    assert link.can_report() is may_report


def test_objection_window_closes_after_its_last_day():
    link = CaseLink(
        state=LinkState.ACTIVE, kind=LinkKind.TRANSFER, objection_due_on=TODAY
    )

    assert link.is_objection_window_open(TODAY) is True
    assert link.is_objection_window_open(TODAY + datetime.timedelta(days=1)) is False


def test_order_table_names_every_state():
    assert set(ORDER_TRANSITIONS) == set(OrderState)


@pytest.mark.parametrize(
    ("start", "end", "allowed"),
    [
        (OrderState.OPEN, OrderState.ANSWERED, True),
        (OrderState.OPEN, OrderState.OPEN, False),
        (OrderState.ANSWERED, OrderState.OPEN, False),
        (OrderState.ANSWERED, OrderState.ANSWERED, False),
    ],
)
def test_order_moves_only_along_the_table(start, end, allowed):
    assert SupervisionOrder(state=start).can_become(end) is allowed


@pytest.mark.parametrize(
    ("state", "due_on", "overdue", "may_reply"),
    [
        (OrderState.OPEN, TODAY, False, True),
        (OrderState.OPEN, TODAY - datetime.timedelta(days=1), True, True),
        (OrderState.ANSWERED, TODAY - datetime.timedelta(days=1), False, False),
    ],
)
def test_order_predicates(state, due_on, overdue, may_reply):
    order = SupervisionOrder(state=state, due_on=due_on)

    assert order.is_overdue(TODAY) is overdue
    assert order.can_reply() is may_reply


@pytest.mark.parametrize(("start", "end"), sorted(set(ALL_LINK_PAIRS) - LINK_MOVES))
def test_link_change_refuses_a_move_off_the_table(start, end):
    link = CaseLink(state=start, kind=LinkKind.ASSIGN)

    with pytest.raises(DomainError) as refused:
        link_change(
            link,
            end,
            action=CrossLevelAction.REPORT_SUBMITTED,
            actor=None,
            code=ResultReportErrorCode.LINK_CLOSED,
        )

    assert refused.value.code == "LINK_CLOSED"
    assert refused.value.message == (
        f"该流转当前为“{LinkState(start).label}”，不能报结"
    )
    assert link.state == start


def test_order_change_refuses_an_answered_order():
    order = SupervisionOrder(state=OrderState.ANSWERED)

    with pytest.raises(DomainError) as refused:
        order_change(
            order, OrderState.ANSWERED, action=OrderAction.ANSWERED, actor=None
        )

    assert refused.value.code == "ORDER_ANSWERED"
    assert refused.value.message == "督办单当前为“已回复办结”，不能回复办结"
