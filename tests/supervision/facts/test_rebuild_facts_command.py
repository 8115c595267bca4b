"""`rebuild_facts` reports rollups that drifted from the facts, and fixes them."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from supervision.facts.models import CaseFactOpenRollup, CaseFactRollup
from supervision.facts.services import rollup_rows_from_facts, rollup_rows_stored
from tests.factories.facts import fact_create


def test_no_drift_is_reported_as_such(tree):
    fact_create(tree.units["township"], received_on=date(2026, 2, 2))
    out = StringIO()

    call_command("rebuild_facts", stdout=out)

    assert (
        out.getvalue().strip()
        == "月度汇总：应有 20 行，缺失或不符 0 行，多余或不符 0 行"
    )


def test_drift_fails_the_check_and_fix_repairs_it(tree):
    fact_create(tree.units["county_a"], received_on=date(2026, 2, 2))
    CaseFactRollup.objects.filter(unit=tree.units["province"]).update(closed=7)
    CaseFactOpenRollup.objects.filter(unit=tree.units["city"]).delete()

    with pytest.raises(CommandError, match="用 --fix 重算"):
        call_command("rebuild_facts", stdout=StringIO())
    out = StringIO()
    call_command("rebuild_facts", fix=True, stdout=out)

    assert out.getvalue().splitlines() == [
        "月度汇总：应有 15 行，缺失或不符 5 行，多余或不符 4 行",
        "已重算，写入 15 行",
    ]
    assert rollup_rows_stored() == rollup_rows_from_facts()
