"""Check the case facts' rollups against a full rebuild; report drift, fix it.

Correctness never depends on this having run: rollups are written with every
fact. It finds drift left by a bug or a manual change, and `--fix` rebuilds.
"""

from django.core.management.base import BaseCommand, CommandError

from supervision.facts.services import (
    rollup_rebuild,
    rollup_rows_from_facts,
    rollup_rows_stored,
)


class Command(BaseCommand):
    help = "核对案件事实月度汇总与全量重算结果，报告偏差（--fix 重算）"

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="rebuild on drift")

    def handle(self, *args, fix=False, **options):
        stored = rollup_rows_stored()
        expected = rollup_rows_from_facts()
        missing, extra = expected - stored, stored - expected
        self.stdout.write(
            f"月度汇总：应有 {len(expected)} 行，缺失或不符 {len(missing)} 行，"
            f"多余或不符 {len(extra)} 行"
        )
        if not missing and not extra:
            return
        if fix:
            written = rollup_rebuild()
            self.stdout.write(f"已重算，写入 {written} 行")
        else:
            raise CommandError("汇总与案件事实不一致：用 --fix 重算")
