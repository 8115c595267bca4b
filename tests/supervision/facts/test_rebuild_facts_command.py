"""`rebuild_facts` rebuilds facts from the unit schemas and rollups from the
facts, reports drift, and `--fix` repairs it."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from supervision.facts.models import CaseFact, CaseFactOpenRollup, CaseFactRollup
from supervision.facts.services import (
    rollup_deltas_fold,
    rollup_rows_from_facts,
    rollup_rows_stored,
)
from tests.factories.facts import fact_create
from tests.factories.supervision import make_petition


def _run(**options) -> list[str]:
    out = StringIO()
    call_command("rebuild_facts", stdout=out, **options)
    return out.getvalue().splitlines()


def test_facts_written_by_the_lifecycle_show_no_drift(tree):
    make_petition(tree, "accepted")
    make_petition(tree, "registered", unit_key="township")

    lines = _run()

    assert lines == [
        "案件事实：7 个单位、2 件信访件，缺少 0 件，不一致 0 件，无对应信访件 0 件",
        "月度汇总：应有 23 行，缺失或不符 0 行，多余或不符 0 行",
    ]


def test_a_missing_and_a_changed_fact_are_reported_then_fixed(tree):
    kept = make_petition(tree, "accepted")
    lost = make_petition(tree, "registered", unit_key="township")
    CaseFact.objects.filter(petition_id=kept.pk).update(status="closed")
    CaseFact.objects.filter(petition_id=lost.pk).delete()

    with pytest.raises(CommandError, match="用 --fix 修复"):
        _run()
    fixed = _run(fix=True)

    assert fixed[0] == (
        "案件事实：7 个单位、2 件信访件，缺少 1 件，不一致 1 件，无对应信访件 0 件"
    )
    assert fixed[1] == "已修复案件事实 2 件"
    assert CaseFact.objects.get(petition_id=kept.pk).status == "accepted"
    assert CaseFact.objects.filter(petition_id=lost.pk).exists()
    assert rollup_rows_stored() == rollup_rows_from_facts()
    assert _run()[0].endswith("缺少 0 件，不一致 0 件，无对应信访件 0 件")


def test_drifted_rollups_fail_the_check_and_fix_rebuilds_them(tree):
    fact_create(tree.units["county_a"], received_on=date(2026, 2, 2))
    rollup_deltas_fold()
    CaseFactRollup.objects.filter(unit=tree.units["province"]).update(closed=7)
    CaseFactOpenRollup.objects.filter(unit=tree.units["city"]).delete()

    with pytest.raises(CommandError):
        _run(rollups_only=True)
    lines = _run(rollups_only=True, fix=True)

    assert lines == [
        "月度汇总：应有 15 行，缺失或不符 5 行，多余或不符 4 行",
        "已重算，写入 15 行",
    ]
    assert rollup_rows_stored() == rollup_rows_from_facts()


def test_fix_recounts_rollup_rows_written_before_the_closing_month(tree):
    # given rows as the migration found them: every case counted as still
    # open, the measures added since at zero
    fact_create(
        tree.units["county_a"],
        received_on=date(2026, 2, 2),
        is_open=False,
        closed_on=date(2026, 3, 1),
    )
    fact_create(tree.units["county_a"], received_on=date(2026, 2, 3))
    CaseFactRollup.objects.all().delete()
    CaseFactRollup.objects.bulk_create(
        CaseFactRollup(
            unit=unit,
            dimension="all",
            month=date(2026, 2, 1),
            value="",
            received=2,
            accepted=2,
            closed=1,
        )
        for unit in (tree.units["province"], tree.units["city"], tree.units["county_a"])
    )

    lines = _run(rollups_only=True, fix=True)

    assert lines[1] == "已重算，写入 27 行"
    assert rollup_rows_stored() == rollup_rows_from_facts()
    # `open` counts every case of a row; its closing month decides on reading.
    assert sorted(
        CaseFactRollup.objects.filter(
            unit=tree.units["county_a"], dimension="all"
        ).values_list("closed_month", "received", "closed", "open")
    ) == [(date(2026, 3, 1), 1, 1, 1), (date(9999, 12, 1), 1, 0, 1)]
