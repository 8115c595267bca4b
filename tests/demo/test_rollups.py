"""The rollup demo seeder catches up with facts loaded in bulk."""

import uuid
from datetime import date

from demo.rollups import seed_rollups
from supervision.facts.models import CaseFact, CaseFactRollup
from supervision.facts.services import rollup_rows_from_facts, rollup_rows_stored


def test_seed_rollups_counts_bulk_loaded_facts(tree):
    unit = tree.units["township"]
    CaseFact.objects.bulk_create(
        [
            CaseFact(
                petition_id=uuid.uuid4(),
                unit=unit,
                unit_path=unit.path,
                unit_level=unit.level,
                tracking_number=f"D{i}",
                channel="visit",
                status="registered",
                received_on=date(2026, 6, 1),
            )
            for i in range(3)
        ]
    )

    message = seed_rollups()
    seed_rollups()  # idempotent

    assert message == "跨层级汇总：已按案件事实重算 20 行"  # 4 units x 4 + 4 open
    assert rollup_rows_stored() == rollup_rows_from_facts()
    province_june = CaseFactRollup.objects.get(
        unit=tree.units["province"], dimension="all", month=date(2026, 6, 1)
    )
    assert province_june.received == 3
