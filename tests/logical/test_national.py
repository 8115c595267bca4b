"""The reporting node's reads and the commands' refusals, on the shared test
database (one province): the national level is the sum of the provinces, and
the province answers as its own dashboard does."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core.errors import DomainError
from supervision.facts.national import (
    NationalOverview,
    figures_document,
    overview_document,
    unit_overview,
)
from supervision.facts.replication import (
    ID_BLOCK,
    PUBLISHED_TABLES,
    id_base,
    publication_setup,
    subscription_name,
    subscription_setup,
)
from supervision.facts.selectors import Overview, period_parse
from tenants.scoping import FigureScope
from tests.factories.facts import fact_create

TODAY = date(2026, 4, 20)
PERIOD = period_parse(from_month="2026-01", to_month="2026-06")


def _overview_command(*args: str) -> list[dict]:
    out = StringIO()
    call_command(
        "reporting_overview",
        "--from",
        "2026-01",
        "--to",
        "2026-06",
        "--today",
        TODAY.isoformat(),
        *args,
        stdout=out,
    )
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_national_level_is_the_sum_of_the_provinces(tree):
    fact_create(tree.units["county_a"], received_on=date(2026, 3, 2))
    fact_create(
        tree.units["other_county"],
        received_on=date(2026, 2, 9),
        channel="visit",
        is_open=False,
        closed_on=date(2026, 3, 1),
        status="closed",
    )
    province = tree.units["province"]
    own = Overview(FigureScope(unit=province, includes_descendants=True), PERIOD)
    national = NationalOverview(PERIOD)

    assert [p.scope.unit.code for p in national.provinces] == ["320000"]
    document = overview_document(national, today=TODAY)
    assert document["unit"] == {"code": "000000", "name": "全国", "level": "national"}
    assert document["totals"] == figures_document(own.totals)
    assert document["totals"]["received"] >= 2
    assert document["ownUnit"]["received"] == 0
    assert document["children"] == [
        {
            "unit": {"code": "320000", "name": province.name, "level": "province"},
            "figures": figures_document(own.totals),
        }
    ]
    assert [m["figures"] for m in document["trend"]] == [
        figures_document(m.figures) for m in own.trend
    ]
    assert document["split"]["channel"] == [
        {"value": v.value, "figures": figures_document(v.figures)}
        for v in own.split("channel")
    ]
    open_counts = own.open_counts(today=TODAY, due_soon_days=7)
    assert document["openCounts"]["open"] == open_counts.open


def test_the_command_answers_units_and_the_nation_one_line_each(tree):
    fact_create(tree.units["township"], received_on=date(2026, 5, 5))
    city, national = _overview_command("--unit", "320100", "--national")
    expected = overview_document(
        unit_overview(unit_code="320100", period=PERIOD), today=TODAY
    )
    assert city == expected
    assert city["unit"]["name"] == tree.units["city"].name
    assert national["children"][0]["unit"]["code"] == "320000"
    assert _overview_command() == [national]


def test_the_command_refuses_unknown_units_and_bad_periods(db):
    with pytest.raises(CommandError, match=r"\[REPORTING_UNKNOWN_UNIT\].*999999"):
        _overview_command("--unit", "999999")
    with pytest.raises(CommandError, match="INVALID_PERIOD"):
        call_command("reporting_overview", "--from", "2026-13", "--to", "2026-06")


def test_publishing_needs_logical_wal_level(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW wal_level")
        wal_level = cursor.fetchone()[0]
    if wal_level == "logical":
        pytest.skip("this server already has wal_level=logical")
    with pytest.raises(DomainError) as error:
        publication_setup()
    assert error.value.code == "REPORTING_WAL_LEVEL"
    assert "wal_level 应为 logical" in error.value.message
    with pytest.raises(CommandError, match="REPORTING_WAL_LEVEL"):
        call_command("reporting_publish")


def test_id_blocks_are_disjoint_and_safe_for_javascript():
    bases = [id_base(f"{n}0000") for n in range(11, 83)]
    assert bases == sorted(bases)
    assert all(b + ID_BLOCK <= n for b, n in zip(bases, bases[1:], strict=False))
    assert id_base("820000") + ID_BLOCK < 2**53
    assert subscription_name("320000") == "zugong_report_320000"
    tables = [entry.table for entry in PUBLISHED_TABLES]
    assert len(tables) == len(set(tables)) == 7


def test_subscribing_refuses_an_unreachable_or_unpublished_province(db):
    with pytest.raises(CommandError, match="REPORTING_PROVINCE_UNREACHABLE"):
        call_command(
            "reporting_subscribe",
            "--province-url",
            "postgres://postgres@127.0.0.1:1/zugong?connect_timeout=2",
        )
    # The test database itself: one province (the shared tree), no publication.
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    with pytest.raises(DomainError) as error:
        subscription_setup(province_url=url)
    assert error.value.code == "REPORTING_NOT_PUBLISHED"
    assert "320000" in error.value.message
