"""Received from above (上级转交办), issued from my unit (本级下发) and result
reports (报结) with their files, through GraphQL as the pages use them."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from supervision.crosslevel.due_dates import working_days_left
from supervision.crosslevel.models import CaseLink
from tests.factories.crosslevel import close_petition, petition_fact, snapshot

PDF = b"%PDF-1.4\n%result report\n"
ASSIGN = """mutation($input: PetitionAssignInput!) { petitionAssign(input: $input) {
  link { id targetPetitionId } errors { code message } } }"""
TRANSFER = """mutation($input: CaseSendInput!) { petitionTransfer(input: $input) {
  link { id targetPetitionId } errors { code message } } }"""
PAGE = """query($direction: LinkDirection!, $states: [LinkState!], $offset: Int,
  $limit: Int) {
  caseLinksPage(direction: $direction, states: $states, offset: $offset,
    limit: $limit) {
    totalCount offset limit
    items { id kind kindLabel state stateLabel isReceived ownPetitionId
      sourceTrackingNumber targetTrackingNumber objectionOpen objectionDaysLeft
      objectionDueOn dueOn dueDaysLeft viewerActions
      sourceUnit { code } targetUnit { code }
      pendingObjection { id reason stateLabel }
      pendingReport { id findingLabel attachments { name size downloadUrl } }
      events { action actionLabel unitName actorName note } } } }"""
RAISE = """mutation($id: ID!, $reason: String!) {
  remitObjectionRaise(linkId: $id, reason: $reason) {
    objection { id state stateLabel linkId } errors { code field message } } }"""
DECIDE_OBJECTION = """mutation($id: ID!, $uphold: Boolean!, $note: String) {
  remitObjectionDecide(objectionId: $id, uphold: $uphold, note: $note) {
    objection { state stateLabel decisionNote } errors { code field message } } }"""
SUBMIT = """mutation($input: ResultReportSubmitInput!) {
  resultReportSubmit(input: $input) {
    report { id state stateLabel finding findingLabel
      attachments { id name size downloadUrl } }
    errors { code field message } } }"""


def _assign_to_township(tree, gql, legal_type="accusation"):
    fact = petition_fact(tree, "county_a", legal_type=legal_type)
    data = gql(tree.user("county_a", "registrar")).ok(
        ASSIGN,
        {
            "input": {
                "petitionId": str(fact.petition_id),
                "targetCode": tree.units["township"].code,
                "requirement": "请核实后报结",
            }
        },
    )["petitionAssign"]
    assert data["errors"] == []
    return fact, data["link"]


def test_the_township_sees_what_came_from_above_with_the_objection_clock(tree, gql):
    # given the county assigned a case to its township
    fact, link = _assign_to_township(tree, gql)
    township = gql(tree.user("township", "registrar"))

    # when the township opens its received list
    page = township.ok(PAGE, {"direction": "RECEIVED"})["caseLinksPage"]

    # then the item is there, with the server's working-day objection clock
    today = timezone.localdate()
    stored = CaseLink.objects.get(pk=link["id"])
    assert (page["totalCount"], page["offset"], page["limit"]) == (1, 0, 50)
    item = page["items"][0]
    assert item["id"] == link["id"]
    assert (item["kind"], item["kindLabel"], item["state"], item["stateLabel"]) == (
        "ASSIGN",
        "交办",
        "ACTIVE",
        "办理中",
    )
    assert item["isReceived"] is True
    assert item["ownPetitionId"] == link["targetPetitionId"]
    assert item["sourceTrackingNumber"] == fact.tracking_number
    assert item["objectionOpen"] is True
    assert item["objectionDueOn"] == stored.objection_due_on.isoformat()
    assert item["objectionDaysLeft"] == working_days_left(
        stored.objection_due_on, today
    )
    # sent today: the 5 working days start tomorrow (Art 23)
    assert item["objectionDaysLeft"] == 5
    assert item["dueDaysLeft"] == (stored.due_on - today).days
    # the registrar may object; the case is open, so there is nothing to report
    assert item["viewerActions"] == ["RAISE_OBJECTION"]
    assert item["events"] == [
        {
            "action": "SENT",
            "actionLabel": "发送",
            "unitName": "玄武区委组织部",
            "actorName": str(tree.user("county_a", "registrar")),
            "note": "",
        }
    ]
    # the liaison holds no cross-level right: no objection for it
    liaison = gql(tree.user("township", "liaison"))
    assert (
        liaison.ok(PAGE, {"direction": "RECEIVED"})["caseLinksPage"]["items"][0][
            "viewerActions"
        ]
        == []
    )
    # the county sees it among what it issued, as its own case
    sent = gql(tree.user("county_a", "registrar")).ok(PAGE, {"direction": "SENT"})[
        "caseLinksPage"
    ]["items"]
    assert [(s["id"], s["isReceived"], s["ownPetitionId"]) for s in sent] == [
        (link["id"], False, str(fact.petition_id))
    ]
    assert sent[0]["viewerActions"] == []
    # and a sibling county sees neither side
    sibling = gql(tree.user("county_b", "registrar"))
    for direction in ("SENT", "RECEIVED"):
        assert sibling.ok(PAGE, {"direction": direction})["caseLinksPage"] == {
            "totalCount": 0,
            "offset": 0,
            "limit": 50,
            "items": [],
        }


def test_the_clock_is_closed_after_the_window(tree, gql):
    _, link = _assign_to_township(tree, gql)
    CaseLink.objects.filter(pk=link["id"]).update(
        objection_due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    item = gql(tree.user("township", "registrar")).ok(PAGE, {"direction": "RECEIVED"})[
        "caseLinksPage"
    ]["items"][0]
    assert (item["objectionOpen"], item["objectionDaysLeft"]) == (False, None)
    assert item["viewerActions"] == []


def test_working_days_left_counts_the_calendar_not_the_weekdays():
    # After 2026-09-30 (Wed): the National Day holidays 10-01..10-07, then
    # 10-08 and 10-09; Saturday 10-10 is a 调休 working day (2026 schedule).
    day = datetime.date
    assert working_days_left(day(2026, 10, 9), day(2026, 9, 30)) == 2
    assert working_days_left(day(2026, 10, 12), day(2026, 10, 9)) == 2
    assert working_days_left(day(2026, 10, 9), day(2026, 10, 9)) == 0
    assert working_days_left(day(2026, 10, 8), day(2026, 10, 9)) == 0


def test_an_objection_needs_a_reason_and_a_rejection_needs_one_too(tree, gql):
    fact, link = _assign_to_township(tree, gql)
    township = gql(tree.user("township", "registrar"))
    county = gql(tree.user("county_a", "registrar"))

    # a blank reason is refused and changes nothing
    before = snapshot()
    blank = township.ok(RAISE, {"id": link["id"], "reason": "  "})
    assert blank["remitObjectionRaise"] == {
        "objection": None,
        "errors": [
            {
                "code": "REASON_REQUIRED",
                "field": "reason",
                "message": "请说明不属于本单位管辖的理由",
            }
        ],
    }
    assert snapshot() == before

    # a reason raises it: the county sees it awaiting its decision
    raised = township.ok(RAISE, {"id": link["id"], "reason": "被反映人属区管干部"})[
        "remitObjectionRaise"
    ]["objection"]
    assert (raised["state"], raised["stateLabel"], raised["linkId"]) == (
        "PENDING",
        "待决定",
        link["id"],
    )
    awaiting = county.ok(PAGE, {"direction": "SENT", "states": ["OBJECTED"]})[
        "caseLinksPage"
    ]
    assert awaiting["totalCount"] == 1
    item = awaiting["items"][0]
    assert (item["stateLabel"], item["viewerActions"]) == (
        "异议待决",
        ["DECIDE_OBJECTION"],
    )
    assert item["pendingObjection"] == {
        "id": raised["id"],
        "reason": "被反映人属区管干部",
        "stateLabel": "待决定",
    }

    # rejecting without a note is refused and changes nothing
    before = snapshot()
    bare = county.ok(DECIDE_OBJECTION, {"id": raised["id"], "uphold": False})
    assert bare["remitObjectionDecide"]["errors"] == [
        {"code": "REASON_REQUIRED", "field": "note", "message": "异议不成立须说明理由"}
    ]
    assert snapshot() == before

    # rejecting with a note sends it back to handling; both sides see the steps
    rejected = county.ok(
        DECIDE_OBJECTION,
        {"id": raised["id"], "uphold": False, "note": "属街道职责范围，请继续办理"},
    )["remitObjectionDecide"]
    assert rejected == {
        "objection": {
            "state": "REJECTED",
            "stateLabel": "异议不成立",
            "decisionNote": "属街道职责范围，请继续办理",
        },
        "errors": [],
    }
    for client, direction in ((township, "RECEIVED"), (county, "SENT")):
        seen = client.ok(PAGE, {"direction": direction})["caseLinksPage"]["items"][0]
        assert seen["state"] == "ACTIVE"
        assert [
            (e["actionLabel"], e["unitName"], e["note"]) for e in seen["events"]
        ] == [
            ("发送", "玄武区委组织部", ""),
            ("提出异议", "梅园新村街道", "被反映人属区管干部"),
            ("异议不成立", "玄武区委组织部", "属街道职责范围，请继续办理"),
        ]


def test_a_result_report_carries_the_township_files_up(tree, gql, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _, link = _assign_to_township(tree, gql, legal_type="appeal")
    liaison_user = tree.user("township", "liaison")
    township_web = Client()
    township_web.force_login(liaison_user)
    uploaded = township_web.post(
        f"/petitions/{link['targetPetitionId']}/attachments/",
        {"file": SimpleUploadedFile("谈话记录.pdf", PDF)},
    ).json()
    close_petition(tree, "township", link["targetPetitionId"])
    liaison = gql(liaison_user)
    item = liaison.ok(PAGE, {"direction": "RECEIVED"})["caseLinksPage"]["items"][0]
    assert item["viewerActions"] == ["SUBMIT_REPORT"]

    # a file of another case is refused, and nothing is written
    other = petition_fact(tree, "township", legal_type="appeal")
    stray = township_web.post(
        f"/petitions/{other.petition_id}/attachments/",
        {"file": SimpleUploadedFile("别的件.pdf", PDF)},
    ).json()
    value = {
        "linkId": link["id"],
        "finding": "PARTLY_TRUE",
        "handling": "已约谈提醒并督促整改",
        "petitionerOpinion": "信访人表示满意",
    }
    before = snapshot()
    refused = liaison.ok(SUBMIT, {"input": {**value, "attachmentIds": [stray["id"]]}})
    assert refused["resultReportSubmit"] == {
        "report": None,
        "errors": [
            {
                "code": "INVALID_ATTACHMENT",
                "field": "attachmentIds",
                "message": "只能附上本件已上传的附件",
            }
        ],
    }
    assert snapshot() == before

    # when the liaison reports with its file
    report = liaison.ok(
        SUBMIT, {"input": {**value, "attachmentIds": [uploaded["id"]]}}
    )["resultReportSubmit"]["report"]

    # then the county sees it awaiting its decision, with the file to download
    url = f"/result-reports/{report['id']}/attachments/{uploaded['id']}/"
    assert (report["stateLabel"], report["findingLabel"]) == ("待审核", "部分属实")
    assert report["attachments"] == [
        {
            "id": uploaded["id"],
            "name": "谈话记录.pdf",
            "size": len(PDF),
            "downloadUrl": url,
        }
    ]
    county = gql(tree.user("county_a", "registrar"))
    awaiting = county.ok(PAGE, {"direction": "SENT", "states": ["REPORTED"]})[
        "caseLinksPage"
    ]["items"]
    assert [a["viewerActions"] for a in awaiting] == [["DECIDE_REPORT"]]
    assert awaiting[0]["pendingReport"]["attachments"] == [
        {"name": "谈话记录.pdf", "size": len(PDF), "downloadUrl": url}
    ]
    county_web = Client()
    county_web.force_login(tree.user("county_a", "registrar"))
    downloaded = county_web.get(url)
    assert downloaded.status_code == 200
    assert downloaded.content == PDF
    assert "attachment;" in downloaded["Content-Disposition"]
    # the township reads its own file there too; a sibling county finds nothing
    assert township_web.get(url).content == PDF
    sibling_web = Client()
    sibling_web.force_login(tree.user("county_b", "registrar"))
    assert sibling_web.get(url).status_code == 404
    # a file not sent up with the report is not reachable through it
    stray_url = f"/result-reports/{report['id']}/attachments/{stray['id']}/"
    assert county_web.get(stray_url).status_code == 404


def test_the_county_handler_who_may_not_see_the_accusation_gets_no_letter(
    tree, gql, settings, tmp_path
):
    # an accusation's files name the writer: only who sees the identity gets them
    settings.MEDIA_ROOT = tmp_path
    _, link = _assign_to_township(tree, gql)
    township_web = Client()
    township_web.force_login(tree.user("township", "liaison"))
    uploaded = township_web.post(
        f"/petitions/{link['targetPetitionId']}/attachments/",
        {"file": SimpleUploadedFile("检举信.pdf", PDF)},
    ).json()
    close_petition(tree, "township", link["targetPetitionId"])
    report = gql(tree.user("township", "liaison")).ok(
        SUBMIT, {"input": {"linkId": link["id"], "attachmentIds": [uploaded["id"]]}}
    )["resultReportSubmit"]["report"]
    url = f"/result-reports/{report['id']}/attachments/{uploaded['id']}/"
    handler_web = Client()
    handler_web.force_login(tree.user("county_a", "handler"))
    assert handler_web.get(url).status_code == 403
    leader_web = Client()
    leader_web.force_login(tree.user("county_a", "leader"))
    assert leader_web.get(url).content == PDF


def test_the_page_is_paginated_and_its_queries_do_not_grow(tree, gql):
    for _ in range(3):
        _assign_to_township(tree, gql)
    township = gql(tree.user("township", "registrar"))
    first = township.ok(PAGE, {"direction": "RECEIVED", "limit": 2})["caseLinksPage"]
    second = township.ok(PAGE, {"direction": "RECEIVED", "offset": 2, "limit": 2})[
        "caseLinksPage"
    ]
    assert (first["totalCount"], len(first["items"]), len(second["items"])) == (
        3,
        2,
        1,
    )
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    with CaptureQueriesContext(connection) as one:
        township.ok(PAGE, {"direction": "RECEIVED", "limit": 1})
    with CaptureQueriesContext(connection) as three:
        township.ok(PAGE, {"direction": "RECEIVED", "limit": 3})
    assert len(three) == len(one)
    over = township.execute(PAGE, {"direction": "RECEIVED", "limit": 201})[1]
    assert over["errors"][0]["extensions"]["code"] == "PAGE_LIMIT_EXCEEDED"


KINDS = """query($kinds: [LinkKind!]) {
  caseLinksPage(direction: SENT, kinds: $kinds) { totalCount items { kind } } }"""


def test_the_lists_can_keep_to_what_goes_down_the_tree(tree, gql):
    # given the county assigned one case down and escalated another up
    _assign_to_township(tree, gql)
    county = gql(tree.user("county_a", "registrar"))
    up = petition_fact(tree, "county_a", legal_type="appeal")
    escalated = county.ok(
        """mutation($input: CaseSendInput!) { petitionEscalate(input: $input) {
          errors { code } } }""",
        {"input": {"petitionId": str(up.petition_id), "targetCode": "320100"}},
    )["petitionEscalate"]
    assert escalated["errors"] == []
    # then all it sent has both, and the issued list only the assignment
    every = county.ok(KINDS)["caseLinksPage"]
    down = county.ok(KINDS, {"kinds": ["TRANSFER", "ASSIGN"]})["caseLinksPage"]
    assert sorted(item["kind"] for item in every["items"]) == ["ASSIGN", "ESCALATE"]
    assert down == {"totalCount": 1, "items": [{"kind": "ASSIGN"}]}


def test_the_pages_own_documents_run_under_the_cost_limit(tree, gql):
    # the received pages' operations, as the front end sends them
    document = (
        Path(__file__).resolve().parents[3]
        / "frontend/src/features/received/received.graphql"
    ).read_text()
    fact, link = _assign_to_township(tree, gql)
    client = gql(tree.user("county_a", "registrar")).client
    for operation, variables in (
        ("ReceivedLinkPage", {"direction": "SENT", "kinds": ["TRANSFER", "ASSIGN"]}),
        ("CaseLinkHistory", {"petitionId": str(fact.petition_id)}),
    ):
        body = client.post(
            "/graphql/",
            data=json.dumps(
                {
                    "query": document,
                    "operationName": operation,
                    "variables": variables,
                }
            ),
            content_type="application/json",
        ).json()
        assert "errors" not in body, (operation, body)
    assert [item["id"] for item in body["data"]["caseLinks"]["items"]] == [link["id"]]
