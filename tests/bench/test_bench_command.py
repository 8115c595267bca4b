"""`make bench` at tiny scale, so the command cannot rot."""

import os
from io import StringIO

import pytest
from django.core.management import call_command

FIGURES = {
    "provision_ms_per_unit": "ms",
    "migrate_ms_per_unit": "ms",
    "dashboard_p50_ms": "ms",
    "dashboard_p95_ms": "ms",
    "drilldown_p95_ms": "ms",
    "overdue_p95_ms": "ms",
    "loop_ms": "ms",
    "dashboard_vs_loop_ratio": "x",
}


@pytest.mark.schema
def test_bench_prints_its_figures_from_a_throwaway_database():
    out = StringIO()
    database = f"zugong_bench_test_{os.getpid()}"

    call_command(
        "bench",
        units=5,
        facts=1000,
        provision_units=3,
        migrate_sample=1,
        repeats=2,
        database_name=database,
        stdout=out,
    )

    lines = [line.split(" ") for line in out.getvalue().splitlines()]
    assert all(len(parts) == 3 for parts in lines), lines
    figures = {name: (float(value), unit) for name, value, unit in lines}
    assert {name: figures[name][1] for name in FIGURES} == FIGURES
    assert figures["provision_units"] == (3, "units")
    assert figures["bulk_provision_units"] == (2, "units")
    assert figures["facts"] == (1000, "rows")
    # The loop read the same rows from the five unit schemas.
    assert figures["loop_schemas"] == (5, "schemas")
    assert figures["loop_rows_counted"] == (1000, "rows")
