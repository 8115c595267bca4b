"""A cross-level service called for staff without a unit refuses them as the
petition services do (`acting_unit`: PERMISSION_DENIED, a Chinese message),
before it reads or writes anything, instead of failing on the missing unit.

The API never gets this far (such staff hold no permission); the seeders,
tasks and management commands call the services directly.
"""

import datetime

import pytest

from core.errors import DomainError
from supervision.crosslevel.services import links, orders, reviews
from tenants.roles import Role
from tests.factories.crosslevel import petition_fact, snapshot
from tests.factories.supervision import in_unit
from tests.factories.tenants import UserFactory


def _issue(actor, fact):
    return orders.supervision_order_issue(
        actor=actor,
        target_code="320102002",
        topic="换届选举问题",
        method="letter",
        requirement="请书面回复",
    )


def _review_request(actor, fact):
    return reviews.review_request(
        actor=actor,
        petition_id=fact.petition_id,
        requested_on=datetime.date.today(),
    )


def _transfer(actor, fact):
    return links.petition_transfer(
        actor=actor, petition_id=fact.petition_id, target_code="320102002"
    )


def _send_down_approve(actor, fact):
    return links.petition_send_down_approve(
        actor=actor,
        petition_id=fact.petition_id,
        target_code="320102002",
        reason="经研究可以转交",
    )


def _route_suggest(actor, fact):
    return links.petition_route_suggest(actor=actor, petition_id=fact.petition_id)


@pytest.mark.parametrize(
    "call",
    [_issue, _review_request, _transfer, _send_down_approve, _route_suggest],
    ids=lambda call: call.__name__.lstrip("_"),
)
def test_a_service_refuses_staff_without_a_unit(tree, call):
    fact = petition_fact(tree, "county_a")
    unitless = UserFactory(unit=None, roles=list(Role.values))
    before = snapshot()

    with in_unit(tree.units["county_a"]), pytest.raises(DomainError) as refused:
        call(unitless, fact)

    assert (refused.value.code, refused.value.message) == (
        "PERMISSION_DENIED",
        "无权执行此操作",
    )
    assert snapshot() == before
