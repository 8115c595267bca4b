"""Migrate the public schema, then every unit schema that is not up to date, in parallel."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tenants.provisioning import MIGRATION_BATCH, migrate_units


class Command(BaseCommand):
    help = "迁移公共模式及所有单位模式（已是最新的跳过，其余并行迁移）"

    def add_arguments(self, parser):
        parser.add_argument("--processes", type=int, default=None)
        parser.add_argument("--skip-shared", action="store_true")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=MIGRATION_BATCH,
            help="每个事务迁移的单位模式数（迁移涉及很多表、锁不够时调小）",
        )

    def handle(
        self,
        *args,
        processes=None,
        skip_shared=False,
        batch_size=MIGRATION_BATCH,
        **options,
    ):
        if batch_size < 1:
            raise CommandError("--batch-size 须为正整数")
        if not skip_shared:
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        run = migrate_units(
            processes=processes, progress=self.stderr.write, batch_size=batch_size
        )
        self.stdout.write(
            f"单位模式：已是最新 {run.up_to_date} 个，迁移 {len(run.migrated)} 个，失败 {len(run.failed)} 个"
        )
        if run.with_django:
            self.stdout.write(
                f"其中 {len(run.with_django)} 个单位模式的待应用迁移含无法写成 SQL 的操作"
                f"（{'、'.join(run.uncollectable)}），已改用 Django 逐个迁移"
            )
        for schema, reason in run.failed.items():
            self.stderr.write(f"{schema}: {reason}")
        if run.failed:
            raise CommandError("部分单位模式迁移失败")
