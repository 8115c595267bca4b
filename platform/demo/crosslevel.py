"""Demo cross-level flows: assignments, a transfer, supervision orders, 复查.

Runs after the petition demo (it sends some of those petitions on), through
the services and so through their guard: a case the law keeps from the target
(an accusation going to its accused's own unit, a main leader's case into
that leader's area, an accused's unknown unit without a leader's decision) is
refused and skipped, and the next open case is sent instead.
Idempotent: once a demo link exists, nothing more is created.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError
from demo.staff import first_staff
from supervision.crosslevel.errors import CaseSendErrorCode
from supervision.crosslevel.models import CaseLink
from supervision.crosslevel.services import links, orders, reviews
from supervision.crosslevel.services.reminders import deadlines_scan
from supervision.facts.models import CaseFact
from supervision.models import Petition
from tenants.crossing import activate_request_unit
from tenants.models import Unit
from tenants.roles import Permission

DEMO_MARK = "【演示】"
PROVINCE, CITY, COUNTY, TOWNSHIP = "320000", "320100", "320102", "320102002"
# Open cases a demo send tries, in order, until the guard lets one go.
CANDIDATES = 30
# The guard's refusals: such a case is not sent, another is tried.
GUARD_REFUSALS = {
    CaseSendErrorCode.RECUSAL_MAIN_LEADER.value,
    CaseSendErrorCode.CONFIDENTIAL_ACCUSED_UNIT.value,
    CaseSendErrorCode.ACCUSED_UNIT_UNKNOWN.value,
}


def _open_cases(unit: Unit, count: int) -> list[CaseFact]:
    linked = CaseLink.objects.values("source_petition_id")
    cases = list(
        CaseFact.objects.filter(unit=unit, is_open=True, origin="direct")
        .exclude(petition_id__in=linked)
        .order_by("-received_on", "tracking_number")[:count]
    )
    # Accusations first: the demo shows guarded material going down lawfully.
    return sorted(cases, key=lambda fact: fact.legal_type != "accusation")


def _send_first_allowed(unit: Unit, function, cases: list[CaseFact], **kwargs):
    """Send the first of `cases` the guard lets go to the target; None when it
    refuses all. A refused try is undone with its savepoint, the refusal log
    row included: the demo seeds no refusal and no link the law forbids."""
    for fact in cases:
        try:
            with transaction.atomic():
                return fact, _send(
                    unit, function, petition_id=fact.petition_id, **kwargs
                )
        except DomainError as error:
            if error.code not in GUARD_REFUSALS:
                raise
    return None, None


def _answered_appeals(unit: Unit) -> list[CaseFact]:
    return list(
        CaseFact.objects.filter(
            unit=unit, legal_type="appeal", status="closed", review_stage=""
        ).order_by("-closed_on", "tracking_number")[:20]
    )


def _reviews(units: dict[str, Unit]) -> int:
    """Up to two 复查 requests from the county to the city, the first decided."""
    county_clerk = first_staff(units[COUNTY], Permission.PETITION_REGISTER)
    city_leader = first_staff(units[CITY], Permission.PETITION_APPROVE)
    if county_clerk is None or city_leader is None:
        return 0
    steps = []
    today = timezone.localdate()
    for fact in _answered_appeals(units[COUNTY]):
        answered_on = _answered_on(units[COUNTY], fact.petition_id)
        if answered_on is None:
            continue
        # The petitioner asked a few days after the written answer, inside the
        # 30-day window (an old answer makes an old, possibly overdue, review).
        requested_on = min(today, answered_on + datetime.timedelta(days=5))
        try:
            steps.append(
                _send(
                    units[COUNTY],
                    reviews.review_request,
                    actor=county_clerk,
                    petition_id=fact.petition_id,
                    requested_on=requested_on,
                )
            )
        except DomainError:
            # Answered too long ago (the 30-day window has closed): skip it.
            continue
        if len(steps) == 2:
            break
    if steps:
        _send(
            units[CITY],
            reviews.review_decide,
            actor=city_leader,
            petition_id=steps[0].link.target_petition_id,
            decision="uphold",
            request="请求撤销原处理意见",
            facts="经复查，原处理意见认定事实清楚",
            reasons="原处理意见适用依据正确，程序合法",
            legal_basis="《信访工作条例》第三十五条",
        )
    return len(steps)


def _answered_on(unit: Unit, petition_id) -> datetime.date | None:
    activate_request_unit(unit)
    try:
        return (
            Petition.objects.filter(pk=petition_id)
            .values_list("feedback_on", flat=True)
            .first()
        )
    finally:
        activate_request_unit(None)


def _send(unit: Unit, function, **kwargs):
    # Services act for the unit whose request they serve: its schema is active.
    activate_request_unit(unit)
    try:
        return function(**kwargs)
    finally:
        activate_request_unit(None)


@transaction.atomic
def seed_crosslevel_demo() -> str:
    """Seeder for settings.DEMO_SEEDERS."""
    if CaseLink.objects.filter(requirement__startswith=DEMO_MARK).exists():
        return "跨层级流转演示数据已存在，未重复生成"
    units = {
        u.code: u
        for u in Unit.objects.filter(code__in=[PROVINCE, CITY, COUNTY, TOWNSHIP])
    }
    city_cases = _open_cases(units[CITY], CANDIDATES) if CITY in units else []
    county_cases = _open_cases(units[COUNTY], CANDIDATES) if COUNTY in units else []
    if len(units) < 4 or len(city_cases) < 2 or not county_cases:
        return "缺少演示单位或信访件，未生成跨层级流转演示数据"
    city_clerk = first_staff(units[CITY], Permission.CROSS_LEVEL_FLOW)
    county_clerk = first_staff(units[COUNTY], Permission.CROSS_LEVEL_FLOW)
    first, assigned = _send_first_allowed(
        units[CITY],
        links.petition_assign,
        city_cases,
        actor=city_clerk,
        target_code=COUNTY,
        requirement=f"{DEMO_MARK}请依干部管理权限调查核实，三个月内报结。",
    )
    _, transferred = _send_first_allowed(
        units[CITY],
        links.petition_transfer,
        [fact for fact in city_cases if fact is not first],
        actor=city_clerk,
        target_code=COUNTY,
        requirement=f"{DEMO_MARK}请按规定办理。",
    )
    _, county_assigned = _send_first_allowed(
        units[COUNTY],
        links.petition_assign,
        county_cases,
        actor=county_clerk,
        target_code=TOWNSHIP,
        requirement=f"{DEMO_MARK}请核实后报结。",
    )
    if None in (assigned, transferred, county_assigned):
        transaction.set_rollback(True)
        return "缺少演示单位或信访件，未生成跨层级流转演示数据"
    supervisor = first_staff(units[PROVINCE], Permission.SUPERVISION_ISSUE)
    order = orders.supervision_order_issue(
        actor=supervisor,
        target_code=COUNTY,
        petition_id=assigned.target_petition_id,
        topic="市委组织部交办的干部选拔任用问题",
        method="letter",
        requirement="请查明情况，按期书面回复。",
    )
    overdue = orders.supervision_order_issue(
        actor=supervisor,
        target_code=CITY,
        topic="换届风气监督专项督办",
        method="dispatch",
        requirement="请报送专项督办进展。",
    )
    # Nanjing supervises 玄武区 too, which has replied with its progress: the
    # province reads it among the orders issued below it (下级签发).
    below = orders.supervision_order_issue(
        actor=first_staff(units[CITY], Permission.SUPERVISION_ISSUE),
        target_code=COUNTY,
        topic="村（社区）党组织换届信访问题专项督办",
        method="letter",
        requirement="请逐件核查换届信访问题，书面报送核查进展和办理结果。",
    )
    orders.supervision_order_reply(
        actor=first_staff(units[COUNTY], Permission.REPORT_SUBMIT),
        order_id=below.pk,
        kind="progress",
        content="已成立专班逐件核查，3件已办结，其余正在走访核实。",
    )
    # Shown as overdue: its due date is moved into the past, then one scan.
    overdue.due_on = timezone.localdate() - datetime.timedelta(days=2)
    overdue.save(update_fields=["due_on"])
    deadlines_scan(today=timezone.localdate())
    reviewed = _reviews(units)
    return (
        f"已生成跨层级流转演示数据：交办2件、转办1件、督办单3张（{order.number}等，"
        f"其中1张已逾期）、申请复查{reviewed}件"
    )
