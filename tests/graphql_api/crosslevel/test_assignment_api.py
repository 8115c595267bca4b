"""Assignment (交办) and its result report (报结) through GraphQL: the report
accepted or sent back, the deadline scan, and problem cases."""

import datetime

import pytest
from django.utils import timezone

from supervision.crosslevel.due_dates import due_date
from supervision.crosslevel.models import CaseLink
from supervision.crosslevel.services import links as link_services
from supervision.crosslevel.services import reports as reports_services
from supervision.crosslevel.tasks import crosslevel_deadlines_scan
from supervision.facts.models import CaseFact
from supervision.inbox.models import Notification
from supervision.rules.clocks import ClockCode
from tests.factories.crosslevel import (
    close_petition,
    petition_fact,
    petition_status,
    snapshot,
)
from tests.factories.supervision import in_unit
from tests.graphql_api.crosslevel.flows import (
    ASSIGN,
    DECIDE,
    LINKS,
    SUBMIT,
    assert_internal_error,
    report_submit,
    send,
)
from tests.graphql_api.supervision.gql import INSTRUCT
from tests.graphql_api.twins import assert_page_twin


def test_returned_result_report_reopens_the_lower_case(tree, city_assignment):
    # given the city assigned a case to county_a, which closed it and reported
    fact, link = city_assignment.fact, city_assignment.link
    city, county = city_assignment.city, city_assignment.county
    # three months by default (1987 minutes)
    assert link["dueOn"] == (
        due_date(ClockCode.ASSIGNMENT_RESULT, timezone.localdate()).isoformat()
    )
    close_petition(tree, "county_a", link["targetPetitionId"])
    submit = {
        "finding": "PARTLY_TRUE",
        "handling": "已约谈提醒",
        "petitionerOpinion": "基本满意",
    }
    report = report_submit(county, link["id"], **submit)
    again = report_submit(county, link["id"], **submit)
    assert again["id"] == report["id"]  # a double submit adds nothing
    # when the city sends it back
    returned = city.ok(
        DECIDE, {"id": report["id"], "accept": False, "note": "未反馈信访人"}
    )["resultReportDecide"]
    # then county_a's case is open again and the link is back in handling
    assert returned == {
        "report": {"state": "RETURNED", "decisionNote": "未反馈信访人"},
        "errors": [],
    }
    target = CaseFact.objects.get(petition_id=link["targetPetitionId"])
    assert (target.status, target.is_open, target.return_count) == ("handling", True, 1)
    status, _ = petition_status(tree.units["county_a"], link["targetPetitionId"])
    assert status == "handling"
    sent = city.ok(LINKS, {"direction": "SENT"})["caseLinks"][0]
    assert (sent["state"], sent["returnCount"], sent["isTargetOpen"]) == (
        "ACTIVE",
        1,
        True,
    )
    assert [event["action"] for event in sent["events"]] == [
        "SENT",
        "REPORT_SUBMITTED",
        "REPORT_RETURNED",
    ]
    assert (
        Notification.objects.filter(
            recipient=tree.user("county_a", "registrar"), kind="report_returned"
        ).count()
        == 1
    )
    # and a second report, once closed again, can be accepted
    close_petition(tree, "county_a", link["targetPetitionId"])
    second = report_submit(county, link["id"], **submit)
    accepted = city.ok(DECIDE, {"id": second["id"], "accept": True})
    assert accepted["resultReportDecide"]["report"]["state"] == "ACCEPTED"
    assert CaseLink.objects.get(pk=link["id"]).state == "accepted"
    # the assignment kept the city's case open until now
    source = CaseFact.objects.get(petition_id=fact.petition_id)
    assert (source.status, source.is_open) == ("closed", False)


def test_sending_back_failing_half_way_leaves_both_units_unchanged(
    tree, city_assignment, link_event_failing
):
    # given a reported assignment city → county_a
    city, link = city_assignment.city, city_assignment.link
    close_petition(tree, "county_a", link["targetPetitionId"])
    report = report_submit(city_assignment.county, link["id"])
    before = snapshot()
    # when sending it back fails after county_a's case was reopened
    # the link event is written before the reopen, the problem-case check after
    link_event_failing(reports_services, "flag_if_problem_case")
    status, body = city.execute(
        DECIDE, {"id": report["id"], "accept": False, "note": "事实不清"}
    )
    # then county_a's case is still closed and the report still pending
    assert_internal_error(body)
    assert snapshot() == before
    assert petition_status(tree.units["county_a"], link["targetPetitionId"])[0] == (
        "closed"
    )


def test_result_report_of_an_open_case_is_refused(tree, gql):
    fact = petition_fact(tree, "county_a")
    county = gql(tree.user("county_a", "registrar"))
    link = send(county, ASSIGN, "petitionAssign", fact.petition_id, "320102002")["link"]
    data = gql(tree.user("township", "liaison")).ok(
        SUBMIT,
        {"input": {"linkId": link["id"], "finding": "TRUE", "handling": "已处理"}},
    )["resultReportSubmit"]
    assert data["errors"] == [
        {"code": "CASE_STILL_OPEN", "message": "本单位的信访件办结后才能报结"}
    ]


@pytest.mark.parametrize("runs", [1, 2])
def test_assignment_deadline_scan_warns_reminds_and_reports_missing_once(tree, runs):
    fact = petition_fact(tree, "county_a")
    with in_unit(tree.units["county_a"]):
        link = link_services.petition_assign(
            actor=tree.user("county_a", "registrar"),
            petition_id=fact.petition_id,
            target_code="320102002",
            due_on=timezone.localdate() + datetime.timedelta(days=10),
        )
    warn_day = link.due_on - datetime.timedelta(days=1)
    # A day when the link is a week overdue and the township's own new case
    # (15 days to accept, moved past a closing weekend or holiday) is too.
    township_due = CaseFact.objects.get(petition_id=link.target_petition_id).due_on
    overdue_day = max(
        link.due_on + datetime.timedelta(days=7),
        township_due + datetime.timedelta(days=1),
    )
    for _ in range(runs):
        crosslevel_deadlines_scan(today=warn_day.isoformat())
        crosslevel_deadlines_scan(today=overdue_day.isoformat())
    close_petition(tree, "township", link.target_petition_id)
    for _ in range(runs):
        crosslevel_deadlines_scan(today=overdue_day.isoformat())
    kinds = sorted(
        Notification.objects.exclude(kind="case_received").values_list(
            "kind", "recipient__username"
        )
    )
    # The link's reminders reach the liaison too, who reports the result.
    assert kinds == [
        ("deadline_warning", "township_leader"),
        ("deadline_warning", "township_liaison"),
        ("deadline_warning", "township_registrar"),
        ("overdue_bulletin", "county_a_leader"),
        ("overdue_reminder", "township_leader"),
        # the link's, and the township's own overdue case, to those who
        # register cases
        ("overdue_reminder", "township_liaison"),
        ("overdue_reminder", "township_liaison"),
        ("overdue_reminder", "township_registrar"),
        ("overdue_reminder", "township_registrar"),
        ("report_missing", "township_leader"),
        ("report_missing", "township_liaison"),
        ("report_missing", "township_registrar"),
    ]


def test_problem_case_after_three_transfers_and_returns(tree, gql, city_assignment):
    # given a case assigned city → county_a whose report is sent back twice
    city, link = city_assignment.city, city_assignment.link
    for _ in range(2):
        close_petition(tree, "county_a", link["targetPetitionId"])
        report = report_submit(city_assignment.county, link["id"])
        city.ok(DECIDE, {"id": report["id"], "accept": False, "note": "事实不清"})
    # then the case (1 transfer + 2 returns) is a problem case for the province
    cases = gql(tree.user("province", "supervisor")).ok(
        "{ problemCases { trackingNumber transferCount returnCount unit { code } } }"
    )["problemCases"]
    target = CaseFact.objects.get(petition_id=link["targetPetitionId"])
    assert cases == [
        {
            "trackingNumber": target.tracking_number,
            "transferCount": 1,
            "returnCount": 2,
            "unit": {"code": "320102"},
        }
    ]
    assert (
        Notification.objects.filter(kind="problem_case")
        .values_list("recipient__username", flat=True)
        .distinct()
        .count()
        == 2
    )  # the province's leader and supervisor
    assert gql(tree.user("other_city", "supervisor")).ok(
        "{ problemCases { trackingNumber } }"
    ) == {"problemCases": []}
    assert_page_twin(
        gql(tree.user("province", "supervisor")),
        "problemCases",
        "trackingNumber transferCount returnCount unit { code }",
    )


def test_a_later_change_keeps_the_assigned_case_counted_as_assigned(
    tree, gql, city_assignment
):
    # given the city assigned a case to county_a
    fact = city_assignment.fact
    assert CaseFact.objects.get(pk=fact.pk).handling_mode == "assign"
    # when the city's leader writes an instruction on its own (still open) case
    data = gql(tree.user("city", "leader")).ok(
        INSTRUCT,
        {"petitionId": str(fact.petition_id), "content": "请督促县里按期报结。"},
    )
    assert data["petitionInstruct"]["errors"] == []
    # then the fact, re-synced by that change, still says it was assigned
    refreshed = CaseFact.objects.get(pk=fact.pk)
    assert (refreshed.handling_mode, refreshed.transfer_count) == ("assign", 1)
