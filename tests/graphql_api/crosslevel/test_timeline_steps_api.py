"""Every cross-level step on BOTH units' case timelines (时间线), read through
the petition query as the case page reads it: an assignment (交办) with its
result report sent back and then accepted, and a remit objection rejected,
raised again and upheld. Each event names the unit on the other side and the
reason."""

from __future__ import annotations

import json

import pytest

from supervision.crosslevel import petitions
from tests.factories.crosslevel import close_petition, petition_fact, snapshot
from tests.graphql_api.crosslevel.flows import (
    ASSIGN,
    assert_internal_error,
    report_submit,
    send,
)

TIMELINE = """query($id: ID!) { petition(id: $id) {
  status events { action actionLabel note after
    changes { fieldLabel afterLabel } } } }"""
DECIDE = """mutation($id: ID!, $accept: Boolean!, $note: String) {
  resultReportDecide(reportId: $id, accept: $accept, note: $note) {
    report { state } errors { code message } } }"""
RAISE = """mutation($id: ID!, $reason: String!) {
  remitObjectionRaise(linkId: $id, reason: $reason) {
    objection { id } errors { code message } } }"""
DECIDE_OBJECTION = """mutation($id: ID!, $uphold: Boolean!, $note: String) {
  remitObjectionDecide(objectionId: $id, uphold: $uphold, note: $note) {
    objection { state } errors { code message } } }"""
# Steps that are not cross-level: registration and the unit's own handling.
CROSS_LEVEL = {
    "SENT_ACROSS",
    "RECEIVED_ACROSS",
    "RESULT_REPORTED",
    "RESULT_ACCEPTED",
    "REOPENED",
    "OBJECTION_RAISED",
    "OBJECTION_REJECTED",
    "WITHDRAWN",
}
COUNTY = "中共南京市玄武区委组织部"
TOWNSHIP = "梅园新村街道党工委组织办"


def _steps(client, petition_id):
    """The cross-level events of one unit's case: (action, label, note)."""
    petition = client.ok(TIMELINE, {"id": str(petition_id)})["petition"]
    return [
        (event["action"], event["actionLabel"], event["note"])
        for event in petition["events"]
        if event["action"] in CROSS_LEVEL
    ], petition


@pytest.fixture
def county_to_township(tree, gql):
    """Given county_a assigned one of its cases to its township, asking for a
    check; the two units' registrars as GraphQL clients."""
    fact = petition_fact(tree, "county_a")
    county = gql(tree.user("county_a", "registrar"))
    township = gql(tree.user("township", "registrar"))
    link = send(
        county,
        ASSIGN,
        "petitionAssign",
        fact.petition_id,
        tree.units["township"].code,
        requirement="请核实后报结",
    )["link"]
    return fact, link, county, township


def test_a_result_report_sent_back_and_accepted_is_on_both_timelines(
    tree, county_to_township
):
    fact, link, county, township = county_to_township
    lower_id = link["targetPetitionId"]
    # when the township reports, the county sends it back, it reports again
    # and the county accepts
    close_petition(tree, "township", lower_id)
    first = report_submit(township, link["id"], handling="已约谈提醒")
    returned = county.ok(
        DECIDE, {"id": first["id"], "accept": False, "note": "未反馈信访人"}
    )["resultReportDecide"]
    assert returned == {"report": {"state": "RETURNED"}, "errors": []}
    close_petition(tree, "township", lower_id)
    second = report_submit(township, link["id"], handling="已反馈信访人")
    accepted = county.ok(
        DECIDE, {"id": second["id"], "accept": True, "note": "同意办结"}
    )["resultReportDecide"]
    assert accepted == {"report": {"state": "ACCEPTED"}, "errors": []}

    # then the county's case shows every step, with the township and reasons
    county_steps, county_case = _steps(county, fact.petition_id)
    assert county_steps == [
        ("SENT_ACROSS", "转办交办上报", f"交办至{TOWNSHIP}：请核实后报结"),
        ("RESULT_REPORTED", "报结", f"收到{TOWNSHIP}报结：属实；已约谈提醒"),
        ("REOPENED", "报结退回重办", f"退回{TOWNSHIP}报结，要求重办：未反馈信访人"),
        ("RESULT_REPORTED", "报结", f"收到{TOWNSHIP}报结：属实；已反馈信访人"),
        ("RESULT_ACCEPTED", "认可报结", f"认可{TOWNSHIP}报结，本件办结：同意办结"),
    ]
    assert county_case["status"] == "CLOSED"
    # and the township's the same steps, with the county and the reasons
    township_steps, township_case = _steps(township, lower_id)
    assert township_steps == [
        ("RECEIVED_ACROSS", "接收转办交办上报", f"收到{COUNTY}交办：请核实后报结"),
        ("RESULT_REPORTED", "报结", f"向{COUNTY}报结：属实；已约谈提醒"),
        ("REOPENED", "报结退回重办", "报结被玄武区委组织部退回：未反馈信访人"),
        ("RESULT_REPORTED", "报结", f"向{COUNTY}报结：属实；已反馈信访人"),
        ("RESULT_ACCEPTED", "认可报结", f"{COUNTY}认可本件报结：同意办结"),
    ]
    assert township_case["status"] == "CLOSED"
    # each event names the unit on the other side
    other_units = {
        json.loads(event["after"])["target_unit"]
        for event in township_case["events"]
        if event["action"] in CROSS_LEVEL
    }
    assert other_units == {tree.units["county_a"].code}
    # and the page shows it by name (对方单位)
    received = township_case["events"][1]
    assert received["action"] == "RECEIVED_ACROSS"
    assert {(c["fieldLabel"], c["afterLabel"]) for c in received["changes"]} == {
        ("类别", "交办"),
        ("对方单位", COUNTY),
    }


def test_an_objection_rejected_then_upheld_is_on_both_timelines(
    tree, county_to_township
):
    fact, link, county, township = county_to_township
    lower_id = link["targetPetitionId"]
    # when the township objects, the county rejects it, the township objects
    # again and the county upholds it
    first = township.ok(RAISE, {"id": link["id"], "reason": "被反映人属区管干部"})[
        "remitObjectionRaise"
    ]["objection"]
    rejected = county.ok(
        DECIDE_OBJECTION,
        {"id": first["id"], "uphold": False, "note": "属街道职责范围"},
    )["remitObjectionDecide"]
    assert rejected == {"objection": {"state": "REJECTED"}, "errors": []}
    second = township.ok(RAISE, {"id": link["id"], "reason": "已查明为区管干部"})[
        "remitObjectionRaise"
    ]["objection"]
    upheld = county.ok(
        DECIDE_OBJECTION, {"id": second["id"], "uphold": True, "note": "确属区管"}
    )["remitObjectionDecide"]
    assert upheld == {"objection": {"state": "UPHELD"}, "errors": []}

    # then both timelines show the four steps; the upheld one is 异议成立收回,
    # not 报结退回重办
    county_steps, county_case = _steps(county, fact.petition_id)
    assert county_steps == [
        ("SENT_ACROSS", "转办交办上报", f"交办至{TOWNSHIP}：请核实后报结"),
        (
            "OBJECTION_RAISED",
            "提出管辖异议",
            f"{TOWNSHIP}提出管辖异议：被反映人属区管干部",
        ),
        (
            "OBJECTION_REJECTED",
            "管辖异议不成立",
            f"{TOWNSHIP}的管辖异议不成立：属街道职责范围",
        ),
        (
            "OBJECTION_RAISED",
            "提出管辖异议",
            f"{TOWNSHIP}提出管辖异议：已查明为区管干部",
        ),
        (
            "WITHDRAWN",
            "异议成立收回",
            f"{TOWNSHIP}管辖异议成立，收回本级办理：确属区管",
        ),
    ]
    # an assignment kept the county's case open: nothing to reopen
    assert county_case["status"] == "ACCEPTED"
    township_steps, township_case = _steps(township, lower_id)
    assert township_steps == [
        ("RECEIVED_ACROSS", "接收转办交办上报", f"收到{COUNTY}交办：请核实后报结"),
        (
            "OBJECTION_RAISED",
            "提出管辖异议",
            f"对{COUNTY}交办的事项提出管辖异议：被反映人属区管干部",
        ),
        (
            "OBJECTION_REJECTED",
            "管辖异议不成立",
            f"{COUNTY}决定管辖异议不成立，请继续办理：属街道职责范围",
        ),
        (
            "OBJECTION_RAISED",
            "提出管辖异议",
            f"对{COUNTY}交办的事项提出管辖异议：已查明为区管干部",
        ),
        ("WITHDRAWN", "异议成立收回", f"管辖异议成立，由{COUNTY}收回：确属区管"),
    ]
    assert township_case["status"] == "CLOSED"


def test_an_upheld_objection_to_a_transfer_reopens_the_sender_case(tree, gql):
    # given county_a transferred (转办) a case: its own case ended as 已转办
    fact = petition_fact(tree, "county_a")
    county = gql(tree.user("county_a", "registrar"))
    township = gql(tree.user("township", "registrar"))
    transfer = """mutation($input: CaseSendInput!) { petitionTransfer(input: $input) {
      link { id targetPetitionId } errors { code } } }"""
    link = send(
        county,
        transfer,
        "petitionTransfer",
        fact.petition_id,
        tree.units["township"].code,
    )["link"]
    assert _steps(county, fact.petition_id)[1]["status"] == "TRANSFERRED"
    raised = township.ok(RAISE, {"id": link["id"], "reason": "不属街道管辖"})[
        "remitObjectionRaise"
    ]["objection"]
    # when the county upholds the objection
    county.ok(DECIDE_OBJECTION, {"id": raised["id"], "uphold": True})
    # then its case is back where it was, the step labelled as the withdrawal
    steps, case = _steps(county, fact.petition_id)
    assert case["status"] == "ACCEPTED"
    assert steps[-1] == (
        "WITHDRAWN",
        "异议成立收回",
        f"{TOWNSHIP}管辖异议成立，收回本级办理",
    )
    assert steps[0] == ("SENT_ACROSS", "转办交办上报", f"转办至{TOWNSHIP}")
    assert _steps(township, link["targetPetitionId"])[0][0] == (
        "RECEIVED_ACROSS",
        "接收转办交办上报",
        f"收到{COUNTY}转办",
    )


def test_a_step_failing_on_one_side_leaves_neither_timeline_changed(
    tree, county_to_township, monkeypatch
):
    # given the township's own side of an objection fails, after the county's
    # side was written in the county's schema
    _, link, _, township = county_to_township
    real = petitions._step_apply

    def broken(petition_id, **kwargs):
        if str(petition_id) == link["targetPetitionId"]:
            raise RuntimeError("injected failure")
        return real(petition_id, **kwargs)

    monkeypatch.setattr(petitions, "_step_apply", broken)
    before = snapshot()
    # when the township objects
    _, body = township.execute(RAISE, {"id": link["id"], "reason": "不属街道管辖"})
    # then nothing of the step was written on either side
    assert_internal_error(body)
    assert snapshot() == before
