"""The public's read in another unit's schema: read-only, plain data only."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection

from supervision.models import TrackingCounter
from tenants.crossing import current_unit_schema, public_read_across_units


@dataclass(frozen=True)
class Seen:
    schema: str
    counters: int


@dataclass
class Mutable:
    schema: str


def test_public_read_runs_in_the_unit_schema_and_returns_to_public(tree):
    unit = tree.units["county_a"]
    seen = public_read_across_units(
        lambda ref: Seen(current_unit_schema(), TrackingCounter.objects.count()),
        unit=unit,
    )
    assert seen == Seen("u_320102", 0)
    assert connection.schema_name == "public"


def test_public_read_keeps_nothing_it_writes(tree):
    unit = tree.units["county_a"]

    def write(ref):
        TrackingCounter.objects.create(year=1999, last=7)
        return Seen(current_unit_schema(), TrackingCounter.objects.count())

    assert public_read_across_units(write, unit=unit) == Seen("u_320102", 1)
    assert public_read_across_units(
        lambda ref: Seen(ref.schema_name, TrackingCounter.objects.count()), unit=unit
    ) == Seen("u_320102", 0)


def test_public_read_refuses_anything_but_a_frozen_dataclass(tree):
    unit = tree.units["county_a"]
    with pytest.raises(TypeError):
        public_read_across_units(lambda ref: Mutable(ref.schema_name), unit=unit)
    assert public_read_across_units(lambda ref: None, unit=unit) is None
