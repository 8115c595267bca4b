"""Rebuild case facts from the unit schemas and their rollups; report drift.

Correctness never depends on this having run: facts and rollups are written
with every change to a petition. It finds drift left by a bug or a manual
change; `--fix` writes the facts that are missing or differ, then rebuilds
the rollups from the facts.
"""

from django.core.management.base import BaseCommand, CommandError

from supervision.crosslevel.finality import (
    final_matter_backfill,
    final_matters_missing,
)
from supervision.facts.rebuild import fact_drift
from supervision.facts.services import (
    rollup_rebuild,
    rollup_rows_from_facts,
    rollup_rows_stored,
)


class Command(BaseCommand):
    help = "从各单位信访件重建案件事实并核对月度汇总，报告偏差（--fix 修复）"

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="repair the drift")
        parser.add_argument(
            "--rollups-only",
            action="store_true",
            help="only compare the rollups with the stored facts",
        )

    def handle(self, *args, fix=False, rollups_only=False, **options):
        drifted = False
        if not rollups_only:
            drift = fact_drift(fix=fix, progress=self.stderr.write)
            self.stdout.write(
                f"案件事实：{drift.units} 个单位、{drift.petitions} 件信访件，"
                f"缺少 {len(drift.missing)} 件，不一致 {len(drift.different)} 件，"
                f"无对应信访件 {len(drift.extra)} 件"
            )
            for petition_id in drift.extra:
                self.stdout.write(f"  无对应信访件：{petition_id}")
            if fix and drift.fixed:
                self.stdout.write(f"已修复案件事实 {drift.fixed} 件")
            drifted = bool(drift.missing or drift.different or drift.extra)
        if not rollups_only and (missing_final := final_matters_missing()):
            # The registry of final matters derives from the decided 复核
            # links as the facts from petitions: a missing entry is drift.
            self.stdout.write(f"复核终结事项：缺少 {missing_final} 件")
            if fix:
                self.stdout.write(f"已补录复核终结事项 {final_matter_backfill()} 件")
            else:
                drifted = True
        stored = rollup_rows_stored()
        expected = rollup_rows_from_facts()
        missing, extra = expected - stored, stored - expected
        self.stdout.write(
            f"月度汇总：应有 {len(expected)} 行，缺失或不符 {len(missing)} 行，"
            f"多余或不符 {len(extra)} 行"
        )
        if missing or extra:
            drifted = True
            if fix:
                self.stdout.write(f"已重算，写入 {rollup_rebuild()} 行")
        if drifted and not fix:
            raise CommandError("案件事实或汇总与各单位信访件不一致：用 --fix 修复")
