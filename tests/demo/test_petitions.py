"""The demo seeder: cases in every state, facts equal to a rebuild, idempotent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from demo.petitions import seed_petitions
from demo.units import seed_units_and_staff
from supervision.facts.models import CaseFact
from supervision.facts.petition_fact import petition_fact_values
from supervision.models import OPEN_STATUSES, Petition
from tenants.crossing import run_across_units
from tenants.models import Unit


def _mismatches(ref):
    unit = Unit.objects.get(pk=ref.id)
    wrong = 0
    for petition in Petition.objects.prefetch_related("accused"):
        expected = petition_fact_values(petition, unit)
        fact = CaseFact.objects.get(petition_id=petition.pk)
        wrong += any(getattr(fact, k) != v for k, v in expected.items())
    return wrong


@pytest.mark.schema
def test_demo_petitions_cover_every_state_and_reseeding_adds_nothing(db):
    seed_units_and_staff()
    before = CaseFact.objects.count()

    message = seed_petitions()

    created = CaseFact.objects.count() - before
    assert message.startswith(f"已生成信访件演示数据 {created} 件")
    statuses = set(CaseFact.objects.values_list("status", flat=True))
    assert statuses >= {
        "registered",
        "handling",
        "awaiting_closure",
        "closed",
        "archived",
        "declined",
        "referred",
    }
    # Answered appeals wait for a 复查 request (the cross-level demo makes some).
    assert CaseFact.objects.filter(
        legal_type="appeal", status="closed", review_stage=""
    ).exists()
    assert CaseFact.objects.filter(due_clock="extension").exists()
    # A county under the province has an overdue case to supervise (督办单):
    # the dashboard → order walk of `make run`.
    assert CaseFact.objects.filter(
        unit__code="320102",
        status__in=OPEN_STATUSES,
        due_on__lt=timezone.localdate(),
    ).exists()
    units = Unit.objects.filter(pk__in=CaseFact.objects.values("unit"))
    assert sum(run_across_units(_mismatches, units=units).values()) == 0
    assert seed_petitions() == "信访件演示数据已存在，未重复生成"
    assert CaseFact.objects.count() == before + created
