"""Rebuilding case facts from the unit schemas, to find and repair drift.

Facts are written with every change to a petition, so this normally finds
nothing. It reads each unit's petitions in that unit's schema (through
tenants.crossing, one unit at a time on a recycled connection), derives the
facts the lifecycle would write, and compares them with the stored ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connections

from core.progress import Progress
from supervision.facts.models import CaseFact
from supervision.facts.services import case_fact_upsert
from tenants.crossing import UnitRef, run_across_units
from tenants.models import Unit

# A fresh connection after this many schemas: the catalog cache grows with
# every schema one connection touches.
CONNECTION_RECYCLE = 250
# Units between two progress lines of `rebuild_facts`.
PROGRESS_UNITS = 100


@dataclass
class FactDrift:
    """Petition ids whose fact is missing, has no petition, or differs."""

    units: int = 0
    petitions: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    different: list[str] = field(default_factory=list)
    fixed: int = 0


def _expected_facts(ref: UnitRef) -> dict[str, dict]:
    """Inside one unit's schema: the fact values of each of its petitions."""
    from supervision.models import Petition
    from supervision.services.facts import crosslevel_index, petition_fact_values

    unit = Unit.objects.get(pk=ref.id)
    expected = {}
    petitions = list(Petition.objects.prefetch_related("accused"))
    # The cross-level rows of all of them in a few queries, not per petition.
    index = crosslevel_index([petition.pk for petition in petitions])
    for petition in petitions:
        values = petition_fact_values(petition, unit, index)
        values.pop("unit")
        expected[str(petition.pk)] = values
    return expected


def _stored_facts(unit: Unit, names: list[str]) -> dict[str, dict]:
    rows = CaseFact.objects.filter(unit_id=unit.pk).values("petition_id", *names)
    return {str(row.pop("petition_id")): row for row in rows}


def fact_drift(
    *,
    fix: bool = False,
    progress: Callable[[str], object] | None = None,
    units: list[Unit] | None = None,
) -> FactDrift:
    """Compare every unit's petitions with their stored facts; with `fix`,
    write the missing and differing facts through `case_fact_upsert` (facts
    without a petition are reported, never deleted). `progress` gets a line
    every PROGRESS_UNITS units (core.progress). `units` narrows the check
    (the bench times a sample)."""
    drift = FactDrift()
    units = list(Unit.objects.order_by("path")) if units is None else units
    tracker = Progress("核对案件事实（单位）", total=len(units), write=progress)
    for i, unit in enumerate(units):
        expected = run_across_units(_expected_facts, units=[unit])[unit.code]
        drift.units += 1
        drift.petitions += len(expected)
        names = sorted({name for values in expected.values() for name in values})
        stored = _stored_facts(unit, names or ["status"])
        for petition_id, values in expected.items():
            if petition_id not in stored:
                drift.missing.append(petition_id)
            elif stored[petition_id] != values:
                drift.different.append(petition_id)
            else:
                continue
            if fix:
                case_fact_upsert(
                    actor=None, petition_id=petition_id, unit=unit, **values
                )
                drift.fixed += 1
        drift.extra += [pid for pid in stored if pid not in expected]
        if (i + 1) % CONNECTION_RECYCLE == 0:
            connections.close_all()
        if (i + 1) % PROGRESS_UNITS == 0 or i + 1 == len(units):
            tracker.advance(
                (i + 1) - tracker.done,
                信访件=drift.petitions,
                偏差=len(drift.missing) + len(drift.different) + len(drift.extra),
            )
    return drift
