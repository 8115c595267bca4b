"""The holiday calendar entered through GraphQL, and the recompute it starts.

The 2027 days used here are the statutory minimum of the 2024 revision of
《全国年节及纪念日放假办法》: 元旦 on 1 January (a Friday in 2027) and 春节 from
除夕 to 初三 (5 to 8 February 2027); the State Council's notice adds 调休 on top.
"""

from __future__ import annotations

import datetime

import pytest

from supervision.crosslevel.models import (
    CaseLink,
    CaseLinkEvent,
    SupervisionOrder,
    SupervisionOrderEvent,
)
from supervision.facts.models import CaseFact
from supervision.facts.petition_fact import petition_fact_values
from supervision.holidays.models import CalendarDay, HolidaySchedule
from supervision.holidays.tasks import open_clocks_recompute
from supervision.models import Petition, PetitionEvent
from supervision.reporting.models import ReportRequirement
from tests.factories.crosslevel import petition_fact
from tests.factories.supervision import in_unit, make_petition
from tests.graphql_api.supervision import gql as docs

D = datetime.date

ENTER = """
mutation($input: HolidayScheduleInput!) {
  holidayScheduleEnter(input: $input) {
    year { year source isProvisional noticeNumber publishedOn revision
           enteredBy { username } days { day kind name source } }
    errors { code field message }
  }
}"""

YEARS = """
query($year: Int) {
  holidayYears(year: $year) { year source isProvisional noticeNumber
    days { day kind name source } }
}"""

CLOCKS = """
query($id: ID!) {
  petition(id: $id) {
    dueOn dueOnIsProvisional
    clocks { code start end explanation isProvisional isUnitDeadline }
    events { action before after note }
  }
}"""

NOTICE = "国办发明电〔2026〕7号"
SCHEDULE_2027 = {
    "year": 2027,
    "noticeNumber": NOTICE,
    "publishedOn": "2026-11-12",
    "ranges": [
        {"start": "2027-01-01", "end": "2027-01-01", "kind": "HOLIDAY", "name": "元旦"},
        {"start": "2027-02-05", "end": "2027-02-08", "kind": "HOLIDAY", "name": "春节"},
    ],
}


def _enter(gql, tree, schedule=SCHEDULE_2027, *, user=("province", "admin")):
    return gql(tree.user(*user)).ok(ENTER, {"input": schedule})["holidayScheduleEnter"]


def _case(gql, tree, petition, unit_key="county_a"):
    client = gql(tree.user(unit_key, "registrar"))
    return client.ok(CLOCKS, {"id": str(petition.pk)})["petition"]


def _accepted_on_november_2(tree, gql):
    """A case accepted on 2 November 2026: 60 days end on 1 January 2027."""
    petition = make_petition(tree, received_on=D(2026, 11, 2))
    gql(tree.user("county_a", "registrar")).ok(
        docs.ACCEPT, {"petitionId": str(petition.pk), "decidedOn": "2026-11-02"}
    )
    return petition


def _calendar_state():
    return (
        list(HolidaySchedule.objects.values_list("year", "revision")),
        CalendarDay.objects.count(),
    )


def test_entering_2027_moves_a_clock_that_ended_on_new_years_day(
    tree, gql, django_capture_on_commit_callbacks
):
    # given a case accepted on 2 November 2026: 60 days end on 1 January 2027,
    # counted with weekends only while 2027 is unknown
    petition = _accepted_on_november_2(tree, gql)
    before = _case(gql, tree, petition)
    assert (before["dueOn"], before["dueOnIsProvisional"]) == ("2027-01-01", True)
    assert [(c["code"], c["end"], c["isProvisional"]) for c in before["clocks"]] == [
        ("HANDLING", "2027-01-01", True)
    ]

    # when the province's administrator enters the 2027 schedule
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        entered = _enter(gql, tree)

    # then the year is entered, and the recompute ran after the commit
    assert entered["errors"] == []
    assert entered["year"]["source"] == "ENTERED"
    assert entered["year"]["isProvisional"] is False
    assert entered["year"]["revision"] == 1
    assert entered["year"]["enteredBy"] == {"username": "province_admin"}
    assert [d["day"] for d in entered["year"]["days"]] == [
        "2027-01-01",
        "2027-02-05",
        "2027-02-06",
        "2027-02-07",
        "2027-02-08",
    ]
    assert len(callbacks) == 2
    after = _case(gql, tree, petition)
    assert (after["dueOn"], after["dueOnIsProvisional"]) == ("2027-01-04", False)
    [clock] = after["clocks"]
    assert (clock["end"], clock["isProvisional"], clock["explanation"]) == (
        "2027-01-04",
        False,
        "办理期限：自2026年11月2日起算60个自然日，期满日2027年1月1日为法定节假日，"
        "顺延至2027年1月4日。依据：《信访工作条例》第三十四条",
    )
    assert after["events"][-1] == {
        "action": "DUE_RECOMPUTED",
        "before": '{"due_on": "2027-01-01"}',
        "after": '{"due_on": "2027-01-04"}',
        "note": "按现行节假日安排重新计算期限",
    }
    # and the fact row follows, equal to a rebuild from the unit's schema
    fact = CaseFact.objects.get(petition_id=petition.pk)
    with in_unit(tree.units["county_a"]):
        expected = petition_fact_values(
            Petition.objects.get(pk=petition.pk), tree.units["county_a"]
        )
    assert {name: getattr(fact, name) for name in expected} == expected
    assert fact.due_on == D(2027, 1, 4)


def test_running_the_recompute_twice_changes_nothing_the_second_time(tree, gql):
    # given a case whose clock the 2027 schedule moves, entered and recomputed
    petition = _accepted_on_november_2(tree, gql)
    _enter(gql, tree)
    first = open_clocks_recompute.delay().get()
    with in_unit(tree.units["county_a"]):
        events = PetitionEvent.objects.filter(petition_id=petition.pk).count()

    # when the job runs again
    second = open_clocks_recompute.delay().get()

    # then nothing moves and no event is added
    assert first["petitions"] == 1
    assert second == {"petitions": 0, "links": 0, "orders": 0, "requirements": 0}
    with in_unit(tree.units["county_a"]):
        assert PetitionEvent.objects.filter(petition_id=petition.pk).count() == events
        assert Petition.objects.get(pk=petition.pk).due_on == D(2027, 1, 4)


ASSIGN = """mutation($input: PetitionAssignInput!) { petitionAssign(input: $input) {
  link { id dueOn dueOnIsProvisional } errors { code } } }"""
ORDER = """mutation($input: SupervisionOrderIssueInput!) {
  supervisionOrderIssue(input: $input) { order { id dueOn dueOnIsProvisional }
  errors { code } } }"""
REQUIREMENT = """mutation($input: ReportRequirementInput!) {
  reportRequirementCreate(input: $input) { requirement { id dueOn dueOnIsProvisional }
  errors { code } } }"""


def test_link_order_and_requirement_due_dates_move_with_their_events(tree, gql):
    # given the city assigns a case due on 除夕 2027, supervises another case
    # with a reply due on 元旦 2027 and requires a report due on 春节 (a Sunday)
    city = gql(tree.user("city", "leader"))
    assigned = petition_fact(tree, "city")
    link = city.ok(
        ASSIGN,
        {
            "input": {
                "petitionId": str(assigned.petition_id),
                "targetCode": "320102",
                "dueOn": "2027-02-05",
            }
        },
    )["petitionAssign"]["link"]
    supervised = petition_fact(tree, "county_b")
    order = city.ok(
        ORDER,
        {
            "input": {
                "targetCode": "320104",
                "petitionId": str(supervised.petition_id),
                "topic": "督促办理干部选拔任用问题信访件",
                "method": "LETTER",
                "requirement": "请于期限内书面回复办理情况",
                "dueOn": "2027-01-01",
            }
        },
    )["supervisionOrderIssue"]["order"]
    requirement = city.ok(
        REQUIREMENT,
        {
            "input": {
                "kind": "ANNUAL",
                "title": "2026年度信访工作书面报告",
                "periodStart": "2026-01-01",
                "periodEnd": "2026-12-31",
                "dueOn": "2027-02-07",
            }
        },
    )["reportRequirementCreate"]["requirement"]
    assert (link["dueOn"], link["dueOnIsProvisional"]) == ("2027-02-05", True)
    assert (order["dueOn"], order["dueOnIsProvisional"]) == ("2027-01-01", True)
    # a Sunday: the next working day, weekends only while 2027 is unknown
    assert (requirement["dueOn"], requirement["dueOnIsProvisional"]) == (
        "2027-02-08",
        True,
    )

    # when the 2027 schedule is entered and the recompute runs
    _enter(gql, tree)
    result = open_clocks_recompute.delay().get()

    # then each date moves to the first working day after the holiday
    assert result == {"petitions": 0, "links": 1, "orders": 1, "requirements": 1}
    assert CaseLink.objects.get(pk=link["id"]).due_on == D(2027, 2, 9)
    assert SupervisionOrder.objects.get(pk=order["id"]).due_on == D(2027, 1, 4)
    assert ReportRequirement.objects.get(pk=requirement["id"]).due_on == D(2027, 2, 9)
    assert CaseLinkEvent.objects.filter(link_id=link["id"]).latest("id").note == (
        "节假日安排调整，期限重新计算：报结期限由2027年2月5日调整为2027年2月9日"
    )
    assert SupervisionOrderEvent.objects.filter(order_id=order["id"]).latest(
        "id"
    ).note == ("节假日安排调整，期限重新计算：回复期限由2027年1月1日调整为2027年1月4日")
    target_id = CaseLink.objects.get(pk=link["id"]).target_petition_id
    with in_unit(tree.units["county_a"]):
        event = PetitionEvent.objects.filter(petition_id=target_id).latest("created_at")
    assert (event.action, event.before, event.after) == (
        "due_recomputed",
        {"link_due_on": "2027-02-05"},
        {"link_due_on": "2027-02-09"},
    )
    with in_unit(tree.units["county_b"]):
        event = PetitionEvent.objects.filter(petition_id=supervised.petition_id).latest(
            "created_at"
        )
    assert (event.action, event.before, event.after) == (
        "due_recomputed",
        {"order_due_on": "2027-01-01"},
        {"order_due_on": "2027-01-04"},
    )
    # and a second run changes nothing
    assert open_clocks_recompute.delay().get() == {
        "petitions": 0,
        "links": 0,
        "orders": 0,
        "requirements": 0,
    }


def test_the_years_list_says_where_each_year_comes_from(tree, gql):
    client = gql(tree.user("county_a", "registrar"))

    library = client.ok(YEARS, {"year": 2026})["holidayYears"]
    unknown = client.ok(YEARS, {"year": 2027})["holidayYears"]
    _enter(gql, tree)
    entered = client.ok(YEARS, {"year": 2027})["holidayYears"]

    assert [(y["year"], y["source"], y["isProvisional"]) for y in library] == [
        (2026, "LIBRARY", False)
    ]
    assert {
        "day": "2026-02-28",
        "kind": "WORKING_DAY",
        "name": "春节",
        "source": "LIBRARY",
    } in library[0]["days"]
    assert unknown == [
        {
            "year": 2027,
            "source": "PROVISIONAL",
            "isProvisional": True,
            "noticeNumber": None,
            "days": [],
        }
    ]
    assert (entered[0]["source"], entered[0]["noticeNumber"]) == ("ENTERED", NOTICE)
    assert entered[0]["days"][0] == {
        "day": "2027-01-01",
        "kind": "HOLIDAY",
        "name": "元旦",
        "source": "ENTERED",
    }


def test_the_years_list_reads_in_a_fixed_number_of_queries(
    tree, gql, django_assert_num_queries
):
    # given two entered years besides the library's
    _enter(gql, tree)
    _enter(
        gql,
        tree,
        {
            **SCHEDULE_2027,
            "year": 2028,
            "ranges": [_range("2028-01-01", "2028-01-01", name="元旦")],
        },
    )
    client = gql(tree.user("county_a", "registrar"))

    # when every year is listed: the request's domain, session, user, unit and
    # schema, then the schedules with who entered them, and their days
    with django_assert_num_queries(7):
        years = client.ok(YEARS)["holidayYears"]

    assert [y["year"] for y in years][-3:] == [2026, 2027, 2028]
    assert [y["source"] for y in years][-3:] == ["LIBRARY", "ENTERED", "ENTERED"]
    assert years[0]["year"] == 2004


def test_entering_a_year_again_replaces_its_days(tree, gql):
    _enter(gql, tree)
    replaced = _enter(
        gql,
        tree,
        {
            **SCHEDULE_2027,
            "ranges": [
                {
                    "start": "2027-01-01",
                    "end": "2027-01-03",
                    "kind": "HOLIDAY",
                    "name": "元旦",
                },
            ],
        },
    )

    assert replaced["errors"] == []
    assert replaced["year"]["revision"] == 2
    assert [d["day"] for d in replaced["year"]["days"]] == [
        "2027-01-01",
        "2027-01-02",
        "2027-01-03",
    ]
    assert _calendar_state() == ([(2027, 2)], 3)


def _range(start, end, kind="HOLIDAY", name="春节"):
    return {"start": start, "end": end, "kind": kind, "name": name}


@pytest.mark.parametrize(
    ("change", "code", "field", "message"),
    [
        ({"year": 1999}, "INVALID_YEAR", "year", "年度须在2000年至2100年之间"),
        (
            {"noticeNumber": "  "},
            "NOTICE_NUMBER_REQUIRED",
            "noticeNumber",
            "请填写通知文号（如国办发明电〔2026〕N号）",
        ),
        (
            {"publishedOn": "2099-01-01"},
            "PUBLISHED_IN_FUTURE",
            "publishedOn",
            "发布日期不能晚于今天",
        ),
        (
            {"ranges": []},
            "RANGES_REQUIRED",
            "ranges",
            "请至少录入一段节假日或调休上班日",
        ),
        (
            {"ranges": [_range("2027-02-08", "2027-02-05")]},
            "RANGE_REVERSED",
            "ranges.0.end",
            "第1段的结束日期早于开始日期",
        ),
        (
            {"ranges": [_range("2026-12-31", "2027-01-01", name="元旦")]},
            "RANGE_OUTSIDE_YEAR",
            "ranges.0.start",
            "第1段日期不在2027年内",
        ),
        (
            {
                "ranges": [
                    _range("2027-02-05", "2027-02-08"),
                    _range("2027-02-08", "2027-02-09"),
                ]
            },
            "RANGES_OVERLAP",
            "ranges.1.start",
            "第1段与第2段日期重叠（2027年2月8日）",
        ),
        (
            {"ranges": [_range("2027-02-01", "2027-02-01", "WORKING_DAY", "")]},
            "WORKING_DAY_NOT_WEEKEND",
            "ranges.0.start",
            "2027年2月1日不是周末，调休上班日只能是周六或周日",
        ),
        (
            {"ranges": [_range("2027-02-05", "2027-02-08", name=" ")]},
            "HOLIDAY_NAME_REQUIRED",
            "ranges.0.name",
            "第1段为节假日，请填写节日名称（如春节）",
        ),
    ],
)
def test_an_invalid_schedule_is_refused_and_nothing_is_stored(
    tree, gql, change, code, field, message
):
    result = _enter(gql, tree, {**SCHEDULE_2027, **change})

    assert result == {
        "year": None,
        "errors": [{"code": code, "field": field, "message": message}],
    }
    assert _calendar_state() == ([], 0)


def test_a_weekend_working_day_is_accepted(tree, gql):
    result = _enter(
        gql,
        tree,
        {
            **SCHEDULE_2027,
            "ranges": [
                *SCHEDULE_2027["ranges"],
                _range("2027-01-30", "2027-01-31", "WORKING_DAY", "春节"),
            ],
        },
    )

    assert result["errors"] == []
    assert _calendar_state() == ([(2027, 1)], 7)


@pytest.mark.parametrize(
    ("user", "code"),
    [
        (None, "UNAUTHENTICATED"),
        (("township", "liaison"), "PERMISSION_DENIED"),
        (("county_a", "admin"), "PERMISSION_DENIED"),
        (("city", "admin"), "PERMISSION_DENIED"),
        (("county_b", "admin"), "PERMISSION_DENIED"),
        (("province", "supervisor"), "PERMISSION_DENIED"),
        (("province", "leader"), "PERMISSION_DENIED"),
    ],
)
def test_only_a_province_administrator_may_enter_a_schedule(
    tree, gql, user, code, django_capture_on_commit_callbacks
):
    petition = _accepted_on_november_2(tree, gql)
    client = gql(tree.user(*user) if user else None)

    with django_capture_on_commit_callbacks() as callbacks:
        result = client.ok(ENTER, {"input": SCHEDULE_2027})["holidayScheduleEnter"]

    assert result["year"] is None
    assert [error["code"] for error in result["errors"]] == [code]
    assert _calendar_state() == ([], 0)
    assert callbacks == []
    with in_unit(tree.units["county_a"]):
        assert Petition.objects.get(pk=petition.pk).due_on == D(2027, 1, 1)
