"""Clocks through the case view, with real 2025–2026 holiday dates."""

from __future__ import annotations

import datetime

import pytest

from supervision.facts.models import CaseFact
from tests.factories.supervision import make_petition
from tests.graphql_api.supervision import gql as docs

D = datetime.date


def _clocks(gql, tree, petition, as_of):
    client = gql(tree.user("county_a", "registrar"))
    data = client.ok(docs.CASE_VIEW, {"id": str(petition.pk), "asOf": as_of})
    return data["petition"]["clocks"]


@pytest.mark.parametrize(
    ("as_of", "state", "remaining"),
    [
        ("2026-09-30", "RUNNING", 8),
        ("2026-10-06", "WARNING", 2),
        ("2026-10-08", "WARNING", 0),
        ("2026-10-09", "OVERDUE", -1),
    ],
)
def test_acceptance_ending_in_national_day_ends_on_the_first_working_day(
    tree, gql, as_of, state, remaining
):
    petition = make_petition(tree, received_on=D(2026, 9, 20))

    clocks = _clocks(gql, tree, petition, as_of)

    assert clocks == [
        {
            "code": "ACCEPTANCE",
            "name": "登记受理告知期限",
            "start": "2026-09-20",
            "nominalEnd": "2026-10-05",
            "end": "2026-10-08",
            "warnOn": "2026-10-05",
            "explanation": "登记受理告知期限：自2026年9月20日起算15个自然日，"
            "期满日2026年10月5日为法定节假日，顺延至2026年10月8日。"
            "依据：《信访工作条例》第二十二条、第二十三条",
            "state": state,
            "daysRemaining": remaining,
            "isUnitDeadline": True,
        }
    ]


def test_a_period_ending_on_an_adjusted_working_saturday_stands(tree, gql):
    petition = make_petition(tree, received_on=D(2026, 9, 25))

    [clock] = _clocks(gql, tree, petition, "2026-10-01")

    assert (clock["end"], clock["nominalEnd"]) == ("2026-10-10", "2026-10-10")
    assert clock["explanation"] == (
        "登记受理告知期限：自2026年9月25日起算15个自然日，"
        "期满日为2026年10月10日（调休上班日）。"
        "依据：《信访工作条例》第二十二条、第二十三条"
    )


def test_handling_and_extension_across_national_day_2025(tree, gql):
    petition = make_petition(tree, received_on=D(2025, 7, 30))
    registrar = gql(tree.user("county_a", "registrar"))
    pid = str(petition.pk)
    registrar.ok(docs.ACCEPT, {"petitionId": pid, "decidedOn": "2025-08-02"})

    [handling] = _clocks(gql, tree, petition, "2025-09-01")

    assert (handling["code"], handling["end"], handling["state"]) == (
        "HANDLING",
        "2025-10-09",
        "RUNNING",
    )
    assert handling["explanation"] == (
        "办理期限：自2025年8月2日起算60个自然日，期满日2025年10月1日为法定节假日，"
        "顺延至2025年10月9日。依据：《信访工作条例》第三十四条"
    )
    handler = tree.user("county_a", "handler")
    registrar.ok(
        docs.ROUTE,
        {
            "petitionId": pid,
            "departmentId": str(handler.department_id),
            "handlerId": str(handler.pk),
        },
    )
    gql(handler).ok(
        docs.EXTENSION_REQUEST, {"petitionId": pid, "days": 30, "reason": "需外调"}
    )
    gql(tree.user("county_a", "leader")).ok(
        docs.EXTENSION_APPROVE, {"petitionId": pid, "petitionerToldOn": "2025-10-08"}
    )

    [extension] = _clocks(gql, tree, petition, "2025-11-10")

    assert extension == {
        "code": "EXTENSION",
        "name": "延长办理期限",
        "start": "2025-10-09",
        "nominalEnd": "2025-11-08",
        "end": "2025-11-10",
        "warnOn": "2025-11-04",
        "explanation": "延长办理期限：自2025年10月9日起算30个自然日，"
        "期满日2025年11月8日为休息日，顺延至2025年11月10日。"
        "依据：《信访工作条例》第三十四条",
        "state": "WARNING",
        "daysRemaining": 0,
        "isUnitDeadline": True,
    }
    fact = CaseFact.objects.get(petition_id=petition.pk)
    assert (fact.due_clock, fact.due_on, fact.accepted_in_time) == (
        "extension",
        D(2025, 11, 10),
        True,
    )


def test_a_clock_ending_in_a_year_without_holiday_data_says_so(tree, gql):
    petition = make_petition(tree, received_on=D(2026, 11, 20))
    gql(tree.user("county_a", "registrar")).ok(
        docs.ACCEPT, {"petitionId": str(petition.pk), "decidedOn": "2026-11-20"}
    )
    [clock] = _clocks(gql, tree, petition, "2026-11-21")
    assert (clock["end"], clock["explanation"]) == (
        "2027-01-19",
        "办理期限：自2026年11月20日起算60个自然日，期满日为2027年1月19日"
        "（2027年节假日安排尚未收录，暂仅按周末顺延，收录后以法定节假日重新计算）。"
        "依据：《信访工作条例》第三十四条",
    )


def test_the_review_window_is_the_petitioners_not_the_units(tree, gql):
    petition = make_petition(tree, "answered")
    [clock] = _clocks(gql, tree, petition, None)
    assert (clock["code"], clock["isUnitDeadline"]) == ("REVIEW_REQUEST", False)
    assert CaseFact.objects.get(petition_id=petition.pk).due_on is None
