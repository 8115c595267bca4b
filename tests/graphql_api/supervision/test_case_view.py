"""What the case page reads: labels beside enums, the timeline's changes in
Chinese, clocks with provisional ends, printable notices and attachment links."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from supervision.rules.workcalendar import chinese_date
from tests.factories.supervision import make_petition
from tests.graphql_api.supervision import gql as docs

D = datetime.date
TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n%test\n"

CASE_PAGE = """
query($id: ID!, $asOf: Date) {
  petition(id: $id) {
    statusLabel channelLabel legalTypeLabel topicLabel stageLabel dueClockLabel
    extensionStatusLabel satisfactionLabel
    petitioners { roleLabel politicalStatusLabel }
    events { action actionLabel changes { field fieldLabel before beforeLabel
                                          after afterLabel } }
    clocks(asOf: $asOf) { code stateLabel isProvisional }
    notices { kind title url }
    attachments { originalName downloadUrl uploadedBy { username } }
  }
}"""


def _page(client, petition, as_of=None):
    variables = {"id": str(petition.pk), "asOf": as_of}
    return client.ok(CASE_PAGE, variables)["petition"]


def test_a_routed_case_reads_in_chinese(tree, gql):
    # given a case accepted and routed to the handler
    petition = make_petition(tree, "handling")
    handler = tree.user("county_a", "handler")

    # when the registrar opens it
    page = _page(gql(tree.user("county_a", "registrar")), petition)

    # then every enum field has its label beside it
    assert (
        page["statusLabel"],
        page["channelLabel"],
        page["legalTypeLabel"],
        page["topicLabel"],
        page["stageLabel"],
        page["dueClockLabel"],
        page["extensionStatusLabel"],
        page["satisfactionLabel"],
    ) == (
        "办理中",
        "来信",
        "申诉求决",
        "干部选拔任用",
        "办理",
        "办理期限",
        "未申请",
        None,
    )
    assert page["petitioners"] == [
        {"roleLabel": "信访人", "politicalStatusLabel": "中共党员"}
    ]
    # and the timeline says what changed, in words
    assert [(e["action"], e["actionLabel"]) for e in page["events"]] == [
        ("REGISTERED", "登记"),
        ("ACCEPTED", "受理"),
        ("ROUTED", "归口交办"),
    ]
    routed = {change["field"]: change for change in page["events"][2]["changes"]}
    assert routed["status"] == {
        "field": "status",
        "fieldLabel": "状态",
        "before": "accepted",
        "beforeLabel": "已受理待交办",
        "after": "handling",
        "afterLabel": "办理中",
    }
    assert (routed["handler"]["fieldLabel"], routed["handler"]["afterLabel"]) == (
        "承办人",
        str(handler),
    )
    assert (
        routed["department"]["beforeLabel"],
        routed["department"]["afterLabel"],
    ) == (
        None,
        "干部监督科",
    )
    assert routed["routed_on"]["afterLabel"] == chinese_date(TODAY)
    # and the clock's state is labelled (its end, 60 days on, falls in a year
    # whose holidays are unknown: provisional); the acceptance notice can be printed
    assert page["clocks"] == [
        {
            "code": "HANDLING",
            "stateLabel": "正常",
            "isProvisional": (TODAY + datetime.timedelta(days=62)).year > 2026,
        }
    ]
    assert page["notices"] == [
        {
            "kind": "ACCEPTANCE",
            "title": "信访事项受理告知书",
            "url": f"/petitions/{petition.pk}/notices/acceptance/",
        }
    ]


def test_a_clock_in_a_year_without_holidays_is_marked_provisional(tree, gql):
    petition = make_petition(tree, received_on=D(2026, 11, 20))
    registrar = gql(tree.user("county_a", "registrar"))
    registrar.ok(
        docs.ACCEPT, {"petitionId": str(petition.pk), "decidedOn": "2026-11-20"}
    )

    page = _page(registrar, petition, as_of="2027-01-18")

    assert page["clocks"] == [
        {"code": "HANDLING", "stateLabel": "临期预警", "isProvisional": True}
    ]


def test_the_handlers_conclusion_is_labelled_on_the_timeline(tree, gql):
    petition = make_petition(tree, "concluded", legal_type="accusation")

    page = _page(gql(tree.user("county_a", "leader")), petition)

    concluded = page["events"][-1]
    assert concluded["actionLabel"] == "办理结论"
    assert [
        (c["field"], c["fieldLabel"], c["after"], c["afterLabel"])
        for c in concluded["changes"]
    ] == [
        ("finding", "核查结论", "not_true", "不属实"),
        ("decision", "处理意见", "", None),
    ]


def test_an_uploaded_attachment_has_its_download_link(tree, gql, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    petition = make_petition(tree)
    registrar = tree.user("county_a", "registrar")
    web = Client()
    web.force_login(registrar)
    uploaded = web.post(
        f"/petitions/{petition.pk}/attachments/",
        {"file": SimpleUploadedFile("来信原件.pdf", PDF)},
    ).json()

    page = _page(gql(registrar), petition)

    url = f"/petitions/{petition.pk}/attachments/{uploaded['id']}/"
    assert page["attachments"] == [
        {
            "originalName": "来信原件.pdf",
            "downloadUrl": url,
            "uploadedBy": {"username": registrar.username},
        }
    ]
    assert web.get(url).content == PDF
    added = page["events"][-1]
    assert added["actionLabel"] == "上传附件"
    assert {c["field"]: c["afterLabel"] for c in added["changes"]} == {
        "attachment": "来信原件.pdf",
        "size": str(len(PDF)),
    }


def test_a_viewer_without_identity_permission_gets_no_notice(tree, gql):
    petition = make_petition(tree, "accepted")

    page = _page(gql(tree.user("county_a", "supervisor")), petition)

    assert page["notices"] == []


CANDIDATES = """
query($id: ID!) {
  petition(id: $id) {
    staffCandidates { departments { name } handlers { username }
                      leaders { username } staff { username } }
  }
}"""


def test_routing_candidates_leave_out_recused_staff(tree, gql):
    # given a case from which the head is recused
    petition = make_petition(tree, "accepted")
    leader = gql(tree.user("county_a", "leader"))
    head = tree.user("county_a", "head")
    recused = leader.ok(
        docs.RECUSE,
        {"petitionId": str(petition.pk), "userId": str(head.pk), "reason": "同学关系"},
    )
    assert recused["petitionRecuse"]["errors"] == []

    # when the registrar opens the route dialog
    data = gql(tree.user("county_a", "registrar")).ok(
        CANDIDATES, {"id": str(petition.pk)}
    )

    # then the unit's departments and unrecused staff are offered
    candidates = data["petition"]["staffCandidates"]
    assert candidates["departments"] == [{"name": "干部监督科"}, {"name": "办公室"}]
    assert candidates["handlers"] == [
        {"username": "county_a_handler"},
        {"username": "county_a_liaison"},
    ]
    assert candidates["leaders"] == [{"username": "county_a_leader"}]
    assert [user["username"] for user in candidates["staff"]] == [
        "county_a_admin",
        "county_a_handler",
        "county_a_leader",
        "county_a_liaison",
        "county_a_registrar",
        "county_a_supervisor",
    ]


def test_a_handler_is_offered_no_staff(tree, gql):
    petition = make_petition(tree, "handling")

    data = gql(tree.user("county_a", "handler")).ok(
        CANDIDATES, {"id": str(petition.pk)}
    )

    assert data["petition"]["staffCandidates"] == {
        "departments": [],
        "handlers": [],
        "leaders": [],
        "staff": [],
    }


def test_a_repeat_registration_names_the_earlier_case_on_the_timeline(tree, gql):
    # given a letter, and the same person's same letter registered again (the
    # registration event records the earlier case by its tracking number)
    earlier = make_petition(tree)
    repeat = make_petition(tree)

    # when the registrar opens the second one
    page = _page(gql(tree.user("county_a", "registrar")), repeat)

    # then the timeline names the earlier case instead of failing
    registered = page["events"][0]
    assert registered["action"] == "REGISTERED"
    assert {
        c["field"]: (c["fieldLabel"], c["after"], c["afterLabel"])
        for c in registered["changes"]
        if c["field"] == "possible_duplicate_of"
    } == {
        "possible_duplicate_of": (
            "疑似重复件",
            earlier.tracking_number,
            earlier.tracking_number,
        )
    }


def test_an_issued_notice_reads_in_chinese_on_the_timeline(tree, gql):
    from supervision.services.notices import NoticeKind, notice_issue
    from tests.factories.supervision import in_unit

    petition = make_petition(tree, "accepted")
    with in_unit(tree.units["county_a"]):
        notice_issue(
            actor=tree.user("county_a", "registrar"),
            petition_id=petition.pk,
            kind=NoticeKind.ACCEPTANCE,
        )

    page = _page(gql(tree.user("county_a", "registrar")), petition)

    printed = next(e for e in page["events"] if e["action"] == "NOTICE_PRINTED")
    labels = {change["field"]: change["fieldLabel"] for change in printed["changes"]}
    assert labels == {
        "notice": "文书",
        "number": "文号",
        "year": "年度",
        "issued_on": "出具日期",
    }
    issued = next(c for c in printed["changes"] if c["field"] == "issued_on")
    assert issued["afterLabel"] == chinese_date(timezone.localdate())
