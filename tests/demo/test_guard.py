"""The demo's accusations are guarded like real ones (issue 10): each accused
has its unit of the tree (or an explicit unknown) on the routing record, the
demo's own sends are ones the guard allows, and a send the law forbids is
refused for a demo case as for a registered one."""

from __future__ import annotations

import pytest
from django.db.models import F

from demo.crosslevel import seed_crosslevel_demo
from demo.petitions import seed_petitions
from demo.units import seed_units_and_staff
from supervision.crosslevel.models import CaseLink, CaseSubject, RefusalLog
from supervision.crosslevel.services.links import material_guard
from supervision.facts.models import CaseFact
from supervision.inbox.services import unit_recipients
from supervision.models import Accused, LegalType, Petition
from tenants.crossing import run_across_units
from tenants.models import Unit
from tenants.roles import Permission
from tests.factories.crosslevel import snapshot
from tests.graphql_api.crosslevel.flows import TRANSFER, send

CONFIDENTIAL = "检举控告材料和信访人信息不得转交被反映人所在单位（保密）"


def _seed() -> None:
    seed_units_and_staff()
    seed_petitions()
    seed_crosslevel_demo()


def _accused_records(ref) -> list[tuple]:
    """Each accusation's accused as the petition keeps them: (petition, position,
    unit code or None for unknown, level, main leader)."""
    return [
        (
            str(row.petition_id),
            row.position,
            None if row.is_unit_unknown else row.unit_code,
            row.managing_level,
            row.is_main_leader,
        )
        for row in Accused.objects.filter(
            petition__legal_type=LegalType.ACCUSATION
        ).order_by("petition_id", "position")
    ]


def _subject_records(unit: Unit) -> list[tuple]:
    return [
        (str(petition_id), position, code, level, leader)
        for petition_id, position, code, level, leader in CaseSubject.objects.filter(
            unit=unit
        )
        .order_by("petition_id", "position")
        .values_list(
            "petition_id",
            "position",
            "accused_unit__code",
            "managing_level",
            "is_main_leader",
        )
    ]


def _accusations(ref) -> int:
    return Petition.objects.filter(legal_type=LegalType.ACCUSATION).count()


@pytest.mark.schema
def test_every_demo_accusation_records_its_accused_unit_and_its_sends_are_lawful(db):
    # given the demo, petitions and cross-level flows
    _seed()

    # then every accused of every accusation, in every unit, has its routing
    # record, with the unit the petition names or the explicit unknown
    units = Unit.objects.filter(pk__in=CaseFact.objects.values("unit"))
    accused = run_across_units(_accused_records, units=units)
    for unit in units:
        assert _subject_records(unit) == accused[unit.code]
    rows = [row for rows in accused.values() for row in rows]
    assert sum(run_across_units(_accusations, units=units).values()) == len(
        {row[0] for row in rows}
    )
    # (the demo has both kinds: units of the tree and unknowns)
    assert {row[2] is None for row in rows} == {True, False}
    # and every demo send of an accusation is one the guard allows now
    accusations = set(
        CaseFact.objects.filter(legal_type=LegalType.ACCUSATION).values_list(
            "petition_id", flat=True
        )
    )
    sent = CaseLink.objects.filter(source_petition_id__in=accusations)
    assert sent.count() >= 1
    refusals = RefusalLog.objects.count()
    for link in sent.select_related("source_unit", "target_unit", "created_by"):
        material_guard(
            actor=link.created_by,
            source=link.source_unit,
            target=link.target_unit,
            petition_id=link.source_petition_id,
        )
    # and the demo seeded no refusal, nor did the checks record one
    assert refusals == 0
    assert RefusalLog.objects.count() == 0


@pytest.mark.schema
def test_a_demo_accusation_sent_to_its_accused_unit_is_refused(db, gql):
    # given the demo, and an open accusation of the county whose accused
    # serves in one of its townships
    _seed()
    linked = CaseLink.objects.values("source_petition_id")
    open_accusations = CaseFact.objects.filter(
        unit__level="county",
        legal_type=LegalType.ACCUSATION,
        is_open=True,
        origin="direct",
    ).exclude(petition_id__in=linked)
    subject = (
        CaseSubject.objects.filter(
            petition_id__in=open_accusations.values("petition_id"),
            accused_unit__parent=F("unit"),
            is_main_leader=False,
        )
        .select_related("unit", "accused_unit")
        .order_by("unit__code", "petition_id")
        .first()
    )
    assert subject is not None
    county = subject.unit
    clerk = unit_recipients([county], Permission.CROSS_LEVEL_FLOW)[0]
    before = snapshot()

    # when the county transfers it to the accused's own unit
    refused = send(
        gql(clerk),
        TRANSFER,
        "petitionTransfer",
        subject.petition_id,
        subject.accused_unit.code,
    )

    # then it is refused, and only the refusal is recorded
    assert refused == {
        "link": None,
        "errors": [
            {
                "code": "CONFIDENTIAL_ACCUSED_UNIT",
                "message": CONFIDENTIAL,
                "field": "targetCode",
            }
        ],
    }
    after = snapshot()
    assert after.pop("RefusalLog") == before.pop("RefusalLog") + 1
    assert after == before
    assert list(
        RefusalLog.objects.values_list(
            "code", "source_unit__code", "target_unit__code", "petition_id"
        )
    ) == [
        (
            "CONFIDENTIAL_ACCUSED_UNIT",
            county.code,
            subject.accused_unit.code,
            subject.petition_id,
        )
    ]
