"""The national / observer reporting node, end to end on this machine: two
province clusters (wal_level=logical) publish their non-personal tables, one
reporting cluster subscribes to both and answers the same overview figures,
summed at the national level; work done after the subscription arrives too.

Each cluster is a throwaway PostgreSQL 15 server (tests.clusters) migrated and
filled by the project's own commands in processes of their own; all three are
stopped and removed when the test ends, failed or not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import date
from pathlib import Path

import pytest

from supervision.crosslevel.models import SupervisionOrder
from supervision.facts.measures import MEASURE_KEYS
from supervision.facts.models import CaseFact
from supervision.facts.national import figures_document
from supervision.facts.replication import ID_BLOCK, PUBLISHED_TABLES, id_base
from supervision.facts.selectors import OverviewFigures
from tenants.models import Unit
from tests.clusters import PG_BIN, skip_reason, start_cluster
from tests.logical.province import PERSONAL_MARKERS

pytestmark = [
    pytest.mark.xdist_group("clusters"),
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
]

ROOT = Path(__file__).resolve().parents[2]
PROVINCES = ("320000", "330000")
DATABASE = "zugong"
TODAY = date.today()
PERIOD = ["--from", f"{TODAY.year - 1}-{TODAY.month:02d}", "--to", f"{TODAY:%Y-%m}"]
PERIOD += ["--today", TODAY.isoformat()]
# Columns of a person or of prose, never published, by table.
PERSONAL_COLUMNS = {
    Unit._meta.db_table: {"signatory", "agency_code"},
    SupervisionOrder._meta.db_table: {
        "number",
        "topic",
        "requirement",
        "issued_by_id",
        "petition_id",
    },
}
# Generous: other suites share the 2 cores in `make test`.
COMMAND_TIMEOUT = 300


class Phases:
    """Seconds spent in each phase, printed at the end (pytest -s shows them)."""

    def __init__(self):
        self.started = self.last = time.monotonic()
        self.seconds: dict[str, float] = {}

    def __call__(self, name: str) -> None:
        now = time.monotonic()
        self.seconds[name] = round(now - self.last, 1)
        self.last = now

    def report(self) -> str:
        total = round(time.monotonic() - self.started, 1)
        return (
            " ".join(f"{k}={v}s" for k, v in self.seconds.items()) + f" total={total}s"
        )


def _env(cluster) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "DATABASE_URL"))
    }
    env.update(
        DATABASE_URL=cluster.url(DATABASE),
        ZUGONG_DEMO="true",
        ZUGONG_TESTING="true",
        PYTHONPATH=f"{ROOT / 'platform'}{os.pathsep}{ROOT}",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def _start(cluster, *args: str) -> subprocess.Popen:
    command = args if args[0] == "-m" else ("manage.py", *args)
    return subprocess.Popen(
        [sys.executable, *command],
        cwd=ROOT,
        env=_env(cluster),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _parallel(*jobs) -> list[str]:
    """Runs (cluster, args…) jobs at once; their standard outputs, in order."""
    processes = [(_start(cluster, *args), args) for cluster, *args in jobs]
    outputs = []
    for process, args in processes:
        out, err = process.communicate(timeout=COMMAND_TIMEOUT)
        assert process.returncode == 0, f"{' '.join(args)} failed:\n{err[-3000:]}"
        outputs.append(out)
    return outputs


def _run(cluster, *args: str) -> str:
    return _parallel((cluster, *args))[0]


def _overviews(*jobs) -> list[list[dict]]:
    """reporting_overview answers, one process per (cluster, [unit code or
    None for the national level, …]) job: each job's documents in order."""
    commands = []
    for cluster, codes in jobs:
        args = [
            a for code in codes for a in (["--unit", code] if code else ["--national"])
        ]
        commands.append((cluster, "reporting_overview", *PERIOD, *args))
    return [
        [json.loads(line) for line in out.splitlines()] for out in _parallel(*commands)
    ]


def _fingerprints(cluster, province: str) -> dict[str, tuple[str, str]]:
    """Row count and MD5 of every published table's published columns, over
    the rows of one province's id block."""
    base = id_base(province)
    queries = []
    for entry in PUBLISHED_TABLES:
        columns = entry.columns or [f.column for f in entry.model._meta.concrete_fields]
        row = ", ".join(f'"{c}"' for c in columns)
        queries.append(
            f"SELECT '{entry.table}', count(*), "
            f"md5(coalesce(string_agg(row({row})::text, ',' ORDER BY id), '')) "
            f'FROM "{entry.table}" WHERE id >= {base} AND id < {base + ID_BLOCK}'
        )
    output = cluster.psql(" UNION ALL ".join(queries), DATABASE)
    return {
        line.split("|")[0]: tuple(line.split("|")[1:]) for line in output.splitlines()
    }


def _wait_caught_up(provinces, reporting, timeout: float = 120.0) -> None:
    """Until the reporting node holds exactly each province's published rows."""
    deadline = time.monotonic() + timeout
    while True:
        expected = {code: _fingerprints(c, code) for code, c in provinces.items()}
        actual = {code: _fingerprints(reporting, code) for code in provinces}
        if actual == expected:
            return
        if time.monotonic() > deadline:
            pytest.fail(
                f"the reporting node did not catch up in {timeout} s:\n"
                f"expected {expected}\nactual {actual}\n{reporting.log_tail()}"
            )
        time.sleep(0.3)


def _start_clusters(stack: ExitStack, options: list[dict]) -> list:
    """Starts the clusters at once; each is stopped when `stack` closes, also
    when another one failed to start."""
    with ThreadPoolExecutor(max_workers=len(options)) as pool:
        futures = [pool.submit(start_cluster, **o) for o in options]
    clusters = []
    for future in futures:
        if future.exception() is None:
            stack.callback(future.result().stop)
            clusters.append(future.result())
    for future in futures:
        if future.exception() is not None:
            raise future.exception()
    return clusters


def _copy_database(source, targets) -> None:
    dump = subprocess.run(
        [str(PG_BIN / "pg_dump"), "-h", "127.0.0.1", "-p", str(source.port)]
        + ["-U", "postgres", "--format=custom", DATABASE],
        check=True,
        capture_output=True,
    ).stdout
    for target in targets:
        subprocess.run(
            [str(PG_BIN / "pg_restore"), "-h", "127.0.0.1", "-p", str(target.port)]
            + ["-U", "postgres", "--exit-on-error", "-d", DATABASE],
            input=dump,
            check=True,
            capture_output=True,
        )


def _dump(cluster) -> str:
    return subprocess.run(
        [str(PG_BIN / "pg_dump"), "-h", "127.0.0.1", "-p", str(cluster.port)]
        + ["-U", "postgres", "--data-only", DATABASE],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _summed(*figures: dict) -> dict:
    counts = {m: sum(f[m] for f in figures) for m in MEASURE_KEYS}
    return figures_document(OverviewFigures(counts))


def _assert_reporting_answers(provinces, reporting) -> dict:
    """The reporting node answers each province as the province itself does,
    and the national level as their sum; returns the national answer."""
    codes = list(provinces)
    *at_home, (*at_node, national) = _overviews(
        *[(provinces[code], [code]) for code in codes],
        (reporting, [*codes, None]),
    )
    at_home = [documents[0] for documents in at_home]
    assert at_node == at_home
    assert [p["totals"]["received"] > 0 for p in at_home] == [True] * len(codes)
    assert at_home[0]["totals"] != at_home[1]["totals"]

    assert national["unit"] == {"code": "000000", "name": "全国", "level": "national"}
    assert national["totals"] == _summed(*[p["totals"] for p in at_home])
    assert national["ownUnit"]["received"] == 0
    assert national["children"] == [
        {"unit": p["unit"], "figures": p["totals"]} for p in at_home
    ]
    for i, month in enumerate(national["trend"]):
        assert month["figures"] == _summed(*[p["trend"][i]["figures"] for p in at_home])
    for key in ("open", "overdue", "dueSoon"):
        assert national["openCounts"][key] == sum(p["openCounts"][key] for p in at_home)
    channels = {
        v["value"]: v["figures"]["received"] for v in national["split"]["channel"]
    }
    expected_channels: dict[str, int] = {}
    for province in at_home:
        for value in province["split"]["channel"]:
            expected_channels[value["value"]] = (
                expected_channels.get(value["value"], 0) + value["figures"]["received"]
            )
    assert channels == expected_channels
    return national


def test_reporting_node_answers_the_sum_of_two_provinces_and_follows_changes():
    logical = {"max_replication_slots": 10, "max_wal_senders": 10}
    subscriber = {"max_logical_replication_workers": 8, "max_worker_processes": 16}
    phase = Phases()
    with ExitStack() as stack:
        clusters = _start_clusters(
            stack,
            [{"wal_level": "logical", "settings": logical}] * len(PROVINCES)
            + [{"settings": subscriber}],
        )
        provinces = dict(zip(PROVINCES, clusters, strict=False))
        reporting = clusters[-1]
        phase("start")
        # One migration, copied: every cluster gets the same migrated schema.
        for cluster in clusters:
            cluster.psql(f"CREATE DATABASE {DATABASE}")
        _run(clusters[0], "migrate_units")
        _copy_database(clusters[0], clusters[1:])
        phase("migrate")
        _parallel(
            *[
                (c, "-m", "tests.logical.province", "build", code)
                for code, c in provinces.items()
            ]
        )
        for cluster in provinces.values():
            dump = _dump(cluster)
            assert "王建国" in dump and "周立新" in dump  # the provinces have them

        phase("build")
        published = _parallel(*[(c, "reporting_publish") for c in provinces.values()])
        assert all("已创建" in out for out in published)
        for code, cluster in provinces.items():
            base = id_base(code)
            assert (
                cluster.psql(
                    f"SELECT min(id) >= {base} AND max(id) < {base + ID_BLOCK} FROM tenants_unit",
                    DATABASE,
                )
                == "t"
            )
            published_columns = dict(
                line.split("|")
                for line in cluster.psql(
                    "SELECT tablename, array_to_string(attnames, ',') "
                    "FROM pg_publication_tables WHERE pubname = 'zugong_reporting'",
                    DATABASE,
                ).splitlines()
            )
            assert set(published_columns) == {e.table for e in PUBLISHED_TABLES}
            assert "unit_path" in published_columns[CaseFact._meta.db_table]
            for table, personal in PERSONAL_COLUMNS.items():
                assert "id" in published_columns[table].split(",")
                assert personal.isdisjoint(published_columns[table].split(","))
        urls = [
            arg
            for c in provinces.values()
            for arg in ("--province-url", c.url(DATABASE))
        ]
        phase("publish")
        out = _run(reporting, "reporting_subscribe", *urls, "--wait", "180")
        assert out.count("已创建") == 2
        _wait_caught_up(provinces, reporting)
        phase("subscribe")
        before = _assert_reporting_answers(provinces, reporting)
        phase("overviews")

        # No personal data reached the reporting node: no unit schema, no
        # staff, and none of the names, numbers or content in any row.
        assert (
            reporting.psql(
                "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'u\\_%'", DATABASE
            )
            == "0"
        )
        assert reporting.psql("SELECT count(*) FROM tenants_user", DATABASE) == "0"
        dump = _dump(reporting)
        assert "320102" in dump and "330102" in dump
        assert [m for m in PERSONAL_MARKERS if m in dump] == []

        # Work goes on in one province after the subscription: it arrives.
        _run(provinces["330000"], "-m", "tests.logical.province", "change", "330000")
        phase("change")
        _wait_caught_up(provinces, reporting)
        phase("arrive")
        after = _assert_reporting_answers(provinces, reporting)
        assert after["totals"]["received"] == before["totals"]["received"] + 1
        assert after["totals"]["accepted"] == before["totals"]["accepted"] + 2

        # Both commands run again change nothing but say so.
        again = _parallel(
            (provinces["320000"], "reporting_publish"),
            (reporting, "reporting_subscribe", *urls[:2], "--wait", "30"),
        )
        assert ["已更新" in out for out in again] == [True, True]
        _wait_caught_up(provinces, reporting)
        status = _run(reporting, "reporting_status")
        assert "zugong_report_320000：启用" in status and "复制中" not in status
        phase("again")
    print(f"reporting node test: {phase.report()}")
