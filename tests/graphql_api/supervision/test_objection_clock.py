"""The 5-working-day objection clock (Art 23) on the receiving case, from the
day the item was received, on paper or electronically."""

from __future__ import annotations

from django.utils import timezone

from supervision.crosslevel.models import CaseLink
from tests.factories.crosslevel import petition_fact
from tests.graphql_api.supervision.gql import REGISTER
from tests.graphql_api.supervision.test_lifecycle import register_input

CLOCKS = """
query($id: ID!, $asOf: Date) {
  petition(id: $id) {
    origin dueClock dueOn
    clocks(asOf: $asOf) { code start end explanation state isUnitDeadline }
  }
}"""

TRANSFER = """mutation($input: CaseSendInput!) { petitionTransfer(input: $input) {
  link { id targetPetitionId objectionDueOn } errors { code } } }"""


def test_a_paper_item_from_the_city_counts_from_the_day_it_arrived(tree, gql):
    # given county_a registers a 转办函 of the city that arrived on 28 September
    client = gql(tree.user("county_a", "registrar"))
    registered = client.ok(
        REGISTER,
        {
            "input": register_input(
                "APPEAL",
                receivedOn="2026-09-28",
                origin="UPPER_UNIT",
                originBody="中共南京市委组织部",
                originReference="宁组信转〔2026〕12号",
            )
        },
    )["petitionRegister"]
    assert registered["errors"] == []

    # when the case is viewed on 9 October
    case = client.ok(CLOCKS, {"id": registered["petition"]["id"], "asOf": "2026-10-09"})

    # then the objection window runs from the day of receipt, beside the
    # acceptance clock, and is not the unit's deadline
    assert case["petition"]["clocks"] == [
        {
            "code": "REMIT_OBJECTION",
            "start": "2026-09-28",
            "end": "2026-10-10",
            "explanation": "转送交办异议期限：自2026年9月28日起算5个工作日，"
            "期满日为2026年10月10日（不计法定节假日7天；计入调休上班日2026年10月10日）。"
            "依据：《信访工作条例》第二十三条",
            "state": "WARNING",
            "isUnitDeadline": False,
        },
        {
            "code": "ACCEPTANCE",
            "start": "2026-09-28",
            "end": "2026-10-13",
            "explanation": "登记受理告知期限：自2026年9月28日起算15个自然日，"
            "期满日为2026年10月13日。依据：《信访工作条例》第二十二条、第二十三条",
            "state": "RUNNING",
            "isUnitDeadline": True,
        },
    ]
    assert (case["petition"]["dueClock"], case["petition"]["dueOn"]) == (
        "ACCEPTANCE",
        "2026-10-13",
    )


def test_an_item_registered_directly_has_no_objection_clock(tree, gql):
    client = gql(tree.user("county_a", "registrar"))
    registered = client.ok(
        REGISTER, {"input": register_input("APPEAL", receivedOn="2026-09-28")}
    )["petitionRegister"]

    case = client.ok(CLOCKS, {"id": registered["petition"]["id"], "asOf": "2026-10-09"})

    assert [clock["code"] for clock in case["petition"]["clocks"]] == ["ACCEPTANCE"]


def test_an_electronic_transfer_shows_the_links_objection_date_on_the_receiving_case(
    tree, gql
):
    # given the city transfers a case to county_a today
    fact = petition_fact(tree, "city")
    link = gql(tree.user("city", "registrar")).ok(
        TRANSFER,
        {"input": {"petitionId": str(fact.petition_id), "targetCode": "320102"}},
    )["petitionTransfer"]["link"]

    # when county_a views the case it received
    case = gql(tree.user("county_a", "registrar")).ok(
        CLOCKS, {"id": link["targetPetitionId"]}
    )["petition"]

    # then its objection window is the link's, from the day it arrived
    [objection] = [c for c in case["clocks"] if c["code"] == "REMIT_OBJECTION"]
    today = timezone.localdate().isoformat()
    assert (objection["start"], objection["end"], objection["isUnitDeadline"]) == (
        today,
        link["objectionDueOn"],
        False,
    )
    assert (
        CaseLink.objects.get(pk=link["id"]).objection_due_on.isoformat()
        == (objection["end"])
    )
