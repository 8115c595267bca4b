"""Transfer (转办) down the tree through GraphQL: each unit holds its own
linked petition, both units commit together, and the receiver's remit
objection (管辖异议) withdraws the item within its window."""

import datetime

from django.utils import timezone

from supervision.crosslevel.models import CaseLink
from supervision.crosslevel.services import links as link_services
from supervision.facts.models import CaseFact
from supervision.inbox.models import Notification
from supervision.models import Petition
from tests.factories.crosslevel import petition_fact, snapshot
from tests.factories.supervision import in_unit
from tests.graphql_api.crosslevel.flows import (
    LINKS,
    TRANSFER,
    assert_internal_error,
    send,
)


def test_transfer_down_two_levels_shows_live_status_to_each_sender(tree, gql):
    # given a petition at the city
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))
    county = gql(tree.user("county_a", "registrar"))
    # when the city transfers it to county_a, and county_a transfers on to its township
    first = send(city, TRANSFER, "petitionTransfer", fact.petition_id, "320102")
    county_petition = first["link"]["targetPetitionId"]
    second = send(county, TRANSFER, "petitionTransfer", county_petition, "320102002")
    # then each unit holds its own linked petition, and the senders see them
    assert first["errors"] == [] and second["errors"] == []
    assert first["link"]["kind"] == "TRANSFER"
    assert first["link"]["targetStatus"] == "registered"
    township_fact = CaseFact.objects.get(petition_id=second["link"]["targetPetitionId"])
    assert (
        township_fact.unit.code,
        township_fact.origin,
        township_fact.source_unit.code,
    ) == (
        "320102002",
        "upper_unit",
        "320102",
    )
    assert township_fact.transfer_count == 2
    source = CaseFact.objects.get(petition_id=fact.petition_id)
    # a transfer hands the matter over: the sender's case ends as transferred
    assert (source.transfer_count, source.status, source.is_open) == (
        1,
        "transferred",
        False,
    )
    # each unit's own timeline records its side
    with in_unit(tree.units["city"]):
        assert list(
            Petition.objects.get(pk=fact.petition_id)
            .events.order_by("created_at", "id")
            .values_list("action", "note")
        )[-1] == ("sent_across", "转办至中共南京市玄武区委组织部")
    with in_unit(tree.units["township"]):
        received = Petition.objects.get(pk=township_fact.petition_id)
        assert (received.origin, received.origin_body, received.status) == (
            "upper_unit",
            "中共南京市玄武区委组织部",
            "registered",
        )
    sent = county.ok(LINKS, {"direction": "SENT"})["caseLinks"]
    received = county.ok(LINKS, {"direction": "RECEIVED"})["caseLinks"]
    assert [(link["targetUnit"]["code"], link["targetStatus"]) for link in sent] == [
        ("320102002", "registered")
    ]
    assert [link["id"] for link in received] == [first["link"]["id"]]
    # The township's liaison accepts and handles what arrives (and reports an
    # assignment's result), so it is told, though it sends nothing on.
    assert list(
        Notification.objects.filter(
            recipient=tree.user("township", "liaison")
        ).values_list("kind", flat=True)
    ) == ["case_received"]
    assert (
        Notification.objects.filter(
            recipient=tree.user("county_a", "registrar"), kind="case_received"
        ).count()
        == 1
    )


def test_transfer_failing_half_way_leaves_neither_side_changed(
    tree, gql, link_event_failing
):
    # given a petition at county_a, and an error injected after the target's
    # petition is written but before the source's link event
    fact = petition_fact(tree, "county_a")
    before = snapshot()
    link_event_failing(link_services)
    # when the transfer runs
    status, body = gql(tree.user("county_a", "registrar")).execute(
        TRANSFER,
        {"input": {"petitionId": str(fact.petition_id), "targetCode": "320102002"}},
    )
    # then it failed, and neither unit has anything new
    assert body["data"]["petitionTransfer"] is None
    assert_internal_error(body)
    assert snapshot() == before
    assert not CaseFact.objects.filter(unit=tree.units["township"]).exists()


def test_double_submit_of_a_transfer_has_no_double_effect(tree, gql):
    fact = petition_fact(tree, "county_a")
    client = gql(tree.user("county_a", "registrar"))
    first = send(client, TRANSFER, "petitionTransfer", fact.petition_id, "320102002")
    second = send(client, TRANSFER, "petitionTransfer", fact.petition_id, "320102002")
    assert first["link"]["id"] == second["link"]["id"]
    assert CaseLink.objects.count() == 1
    assert CaseFact.objects.filter(unit=tree.units["township"]).count() == 1
    assert CaseFact.objects.get(petition_id=fact.petition_id).transfer_count == 1


def test_remit_objection_upheld_withdraws_the_item(tree, gql):
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))
    link = send(city, TRANSFER, "petitionTransfer", fact.petition_id, "320102")["link"]
    raised = gql(tree.user("county_a", "registrar")).ok(
        """mutation($id: ID!) { remitObjectionRaise(linkId: $id, reason: "属市管干部") {
          objection { id state } errors { code } } }""",
        {"id": link["id"]},
    )["remitObjectionRaise"]
    decided = city.ok(
        """mutation($id: ID!) { remitObjectionDecide(objectionId: $id, uphold: true,
          note: "收回市本级办理") { objection { state } errors { code } } }""",
        {"id": raised["objection"]["id"]},
    )["remitObjectionDecide"]
    assert raised["objection"]["state"] == "PENDING"
    assert decided == {"objection": {"state": "UPHELD"}, "errors": []}
    target = CaseFact.objects.get(petition_id=link["targetPetitionId"])
    assert (target.status, target.is_open) == ("closed", False)
    assert CaseLink.objects.get(pk=link["id"]).state == "withdrawn"
    # the city's own case, closed by the transfer, is back where it was
    source = CaseFact.objects.get(petition_id=fact.petition_id)
    assert (source.status, source.is_open) == ("accepted", True)


def test_remit_objection_after_five_working_days_is_refused(tree, gql):
    fact = petition_fact(tree, "city")
    link = send(
        gql(tree.user("city", "registrar")),
        TRANSFER,
        "petitionTransfer",
        fact.petition_id,
        "320102",
    )["link"]
    CaseLink.objects.filter(pk=link["id"]).update(
        objection_due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    data = gql(tree.user("county_a", "registrar")).ok(
        """mutation($id: ID!) { remitObjectionRaise(linkId: $id, reason: "不属管辖") {
          objection { state } errors { code } } }""",
        {"id": link["id"]},
    )["remitObjectionRaise"]
    assert data["objection"] is None
    assert [e["code"] for e in data["errors"]] == ["WINDOW_CLOSED"]
    assert CaseLink.objects.get(pk=link["id"]).state == "active"
