"""The body of `manage.py bench`, run by it inside the throwaway bench database.

Do not run this against a real database: it provisions thousands of units.
`bench` starts it with DATABASE_URL pointing at a database it created.
"""

import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bench import province

BENCH_MARKER = "ZUGONG_BENCH_DATABASE"
# What `--phases` may name: the cross-level views, the registrations over
# gunicorn, migrate_units, rebuild_facts. The province is provisioned for all.
PHASES = ("views", "writes", "migrate", "rebuild")
# The options of the run, which `bench` takes and passes on unchanged.
RUN_OPTIONS: tuple[tuple[str, dict], ...] = (
    ("--units", {"type": int, "default": 2500}),
    ("--facts", {"type": int, "default": 1_000_000}),
    ("--provision-units", {"type": int, "default": 200}),
    ("--migrate-sample", {"type": int, "default": 10}),
    ("--repeats", {"type": int, "default": 40}),
    (
        "--phases",
        {
            "default": ",".join(PHASES),
            "help": f"which figures, comma-separated, of {', '.join(PHASES)}",
        },
    ),
    ("--write-seconds", {"type": float, "default": 20.0}),
)


def add_run_arguments(parser) -> None:
    for flag, settings in RUN_OPTIONS:
        parser.add_argument(flag, **settings)


def run_arguments(options: dict) -> list[str]:
    """The command line that hands `bench`'s run options to `bench_run`."""
    arguments = []
    for flag, _ in RUN_OPTIONS:
        arguments += [flag, str(options[flag[2:].replace("-", "_")])]
    return arguments


class Command(BaseCommand):
    help = "基准测试主体（由 bench 在临时数据库中调用）"

    def add_arguments(self, parser):
        add_run_arguments(parser)

    def emit(self, figures):
        for name, value, unit in figures:
            self.stdout.write(f"{name} {value} {unit}")
            self.stdout.flush()

    def handle(self, *args, **options):
        if not os.environ.get(BENCH_MARKER):
            raise CommandError("bench_run 只能由 manage.py bench 在临时数据库中调用")
        phases = set(options["phases"].split(","))
        if unknown := phases - set(PHASES):
            raise CommandError(f"未知的基准阶段：{', '.join(sorted(unknown))}")
        started = time.perf_counter()
        today = timezone.localdate()
        province.migrate_public_schema()
        specs = province.province_specs(options["units"])
        first = specs[: max(1, min(options["provision_units"], len(specs)))]
        provisioned = province.provision_through_import(first)
        self.emit(provisioned)
        if "views" not in phases:
            self.emit(province.provision_in_bulk(specs[len(first) :]))
            self.emit(province.load_facts(facts=options["facts"], today=today))
            if "rebuild" in phases:
                province.bench_user()  # a registrar for the copied petitions
                table = province.petition_table()
                self.emit(province.load_petitions_into_unit_schemas(table))
            self._rest(phases, options)
            self.emit([("bench_total_s", round(time.perf_counter() - started, 1), "s")])
            return
        sample = [f"u_{spec.code}" for spec in first[-options["migrate_sample"] :]]
        migrated = province.migrate_with_django(sample)
        self.emit(migrated)
        self.emit(
            [
                (
                    "migrate_vs_provision_ratio",
                    round(migrated[1][1] / max(provisioned[1][1], 0.01), 1),
                    "x",
                )
            ]
        )
        self.emit(province.provision_in_bulk(specs[len(first) :]))
        self.emit(province.load_facts(facts=options["facts"], today=today))
        province.bench_user()  # a registrar for the copied petitions
        table = province.petition_table()
        if table.is_stand_in:
            self.stderr.write(
                f"no tenant petition model yet: the loop reads a stand-in table "
                f"{table.name} with the same rows"
            )
        self.emit(province.load_petitions_into_unit_schemas(table))
        endpoint = province.measure_endpoint(today=today, repeats=options["repeats"])
        self.emit(endpoint)
        self.emit(province.measure_dashboard_page())
        loop = province.naive_loop(
            table, received_from=today.replace(year=today.year - 1)
        )
        self.emit(loop)
        figures = {name: value for name, value, _ in endpoint + loop}
        self.emit(
            [
                (
                    "dashboard_vs_loop_ratio",
                    round(figures["loop_ms"] / figures["dashboard_p50_ms"], 1),
                    "x",
                ),
                (
                    "dashboard_p95_vs_loop_ratio",
                    round(figures["loop_ms"] / figures["dashboard_p95_ms"], 1),
                    "x",
                ),
            ]
        )
        self._rest(phases, options)
        self.emit([("bench_total_s", round(time.perf_counter() - started, 1), "s")])

    def _rest(self, phases: set[str], options) -> None:
        if "writes" in phases:
            from bench.writes import measure_writes

            self.emit(measure_writes(seconds=options["write_seconds"]))
        if "migrate" in phases:
            from bench.schema import measure_migrations

            self.emit(measure_migrations())
        if "rebuild" in phases:
            from bench.schema import measure_rebuild

            self.emit(measure_rebuild())
