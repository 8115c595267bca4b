"""Petitions in a given state, driven through the services (never raw rows)."""

from __future__ import annotations

import datetime
from contextlib import contextmanager

from django.utils import timezone

from supervision.models import Petition
from supervision.rules.clocks import ClockCode, ClockState, clock_end, clock_state
from supervision.rules.identity import make_citizen_id
from supervision.services import acceptance, closure, handling, routing
from supervision.services.intake import (
    AccusedData,
    PetitionerData,
    RegistrationData,
    petition_register,
)
from tenants.crossing import activate_request_unit

CITIZEN_ID = make_citizen_id("320102", datetime.date(1968, 5, 17), 123)
PHONE = "13912345678"
STATES = (
    "registered",
    "accepted",
    "handling",
    "concluded",
    "awaiting_closure",
    "closed",
    "answered",
)


def received_on_in_acceptance_state(state: ClockState, today: datetime.date):
    """A receipt date whose acceptance clock (15 days, ending on a working day)
    is in ``state`` today, whatever today's weekday and the holidays around it."""
    for days_ago in range(1, 60):
        start = today - datetime.timedelta(days=days_ago)
        end = clock_end(ClockCode.ACCEPTANCE, start, provisional=True).end
        if clock_state(start, end, today) == state:
            return start
    raise AssertionError(f"no receipt date is {state} on {today}")


@contextmanager
def in_unit(unit):
    """Run service calls inside a unit's schema, as a request for it would."""
    activate_request_unit(unit)
    try:
        yield
    finally:
        activate_request_unit(None)


def registration(legal_type: str = "appeal", **overrides) -> RegistrationData:
    values = {
        "received_on": timezone.localdate() - datetime.timedelta(days=3),
        "channel": "letter",
        "legal_type": legal_type,
        "topic": "cadre_selection",
        "title": "反映某镇干部选拔任用程序问题",
        "content": "来信反映某镇2026年提拔副科级干部时民主推荐程序不规范，请求复核。",
        "petitioners": [
            PetitionerData(
                name="王建国",
                citizen_id=CITIZEN_ID,
                phone=PHONE,
                address="江苏省南京市玄武区梅园新村街道长江路5号",
                political_status="party_member",
            )
        ],
        "accused": (
            [
                AccusedData(
                    name="李明",
                    unit_name="玄武区某街道党工委",
                    managing_level="county",
                    post="副书记",
                )
            ]
            if legal_type == "accusation"
            else []
        ),
    }
    values.update(overrides)
    return RegistrationData(**values)


def make_petition(tree, state: str = "registered", unit_key: str = "county_a", **kw):
    """A petition of `unit_key` brought to `state` by the unit's own staff."""
    unit = tree.units[unit_key]
    registrar = tree.user(unit_key, "registrar")
    handler = tree.user(unit_key, "handler")
    leader = tree.user(unit_key, "leader")
    legal_type = kw.pop("legal_type", "appeal")
    with in_unit(unit):
        petition = petition_register(
            actor=registrar, unit=unit, data=registration(legal_type, **kw)
        ).petition
        steps = STATES[1 : STATES.index(state) + 1]
        for step in steps:
            _advance(petition.pk, step, registrar, handler, leader, legal_type)
        return Petition.objects.get(pk=petition.pk)


def advance_petition(
    tree, petition_id, state: str, unit_key: str = "county_a", legal_type="appeal"
) -> Petition:
    """Bring an existing (e.g. online) registered petition of `unit_key` to
    `state` by the unit's own staff."""
    registrar = tree.user(unit_key, "registrar")
    handler = tree.user(unit_key, "handler")
    leader = tree.user(unit_key, "leader")
    with in_unit(tree.units[unit_key]):
        for step in STATES[1 : STATES.index(state) + 1]:
            _advance(petition_id, step, registrar, handler, leader, legal_type)
        return Petition.objects.get(pk=petition_id)


def _advance(pk, step, registrar, handler, leader, legal_type):
    if step == "accepted":
        acceptance.petition_accept(actor=registrar, petition_id=pk)
    elif step == "handling":
        routing.petition_route(
            actor=registrar,
            petition_id=pk,
            department_id=handler.department_id,
            handler_id=handler.pk,
        )
    elif step == "concluded":
        handling.petition_conclude(
            actor=handler,
            petition_id=pk,
            summary="经调阅档案、谈话了解，推荐程序符合规定。",
            finding="not_true" if legal_type == "accusation" else "",
            **(OPINION if legal_type == "appeal" else {}),
        )
    elif step == "awaiting_closure":
        closure.closure_submit(actor=handler, petition_id=pk)
    elif step == "closed":
        closure.closure_approve(actor=leader, petition_id=pk)
    elif step == "answered":
        closure.feedback_record(
            actor=registrar,
            petition_id=pk,
            given_on=timezone.localdate(),
            content="已当面向信访人出示办理结论。",
        )


OPINION = {
    "request": "请求撤销对某干部的提拔决定",
    "facts": "经查，民主推荐、考察、讨论决定等环节均按规定进行",
    "reasons": "推荐程序符合《党政领导干部选拔任用工作条例》规定",
    "legal_basis": "《党政领导干部选拔任用工作条例》第十八条",
    "decision": "reject",
}
