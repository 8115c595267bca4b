"""Helpers for the tests that run Django against servers they start: copy
this run's test database into a throwaway cluster, start PgBouncer, run a
checks file in a pytest of its own with the environment pointed there."""

from __future__ import annotations

import configparser
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connections

from tests.clusters import HOST, PG_BIN, Cluster, free_port

ROOT = Path(__file__).resolve().parents[2]
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
SAMPLE_INI = ROOT / "infra" / "pgbouncer.ini"
# Variables of the outer run that must not reach the inner one.
_OUTER_ONLY = {"TEST_DATABASE_NAME", "PYTEST_XDIST_WORKER", "PYTEST_ADDOPTS"}


def pgbouncer_missing() -> str | None:
    if not Path(PGBOUNCER).exists():
        return "pgbouncer is not installed (bash infra/pgbouncer.sh installs it)"
    return None


def copy_test_database(cluster: Cluster, name: str) -> None:
    """This run's test database (what is committed: the migrated schemas and
    the fixed tree) into a database of the same name on `cluster`."""
    source = connections["default"].settings_dict
    cluster.psql(f'CREATE DATABASE "{name}"')
    dump = subprocess.Popen(
        [str(PG_BIN / "pg_dump"), "--no-owner", "--no-privileges"]
        + ["-h", source["HOST"] or HOST, "-p", str(source["PORT"] or 5432)]
        + ["-U", source["USER"] or "postgres", source["NAME"]],
        stdout=subprocess.PIPE,
        env={**os.environ, "PGPASSWORD": source["PASSWORD"] or ""},
    )
    restore = subprocess.run(
        [str(PG_BIN / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1"]
        + ["-h", HOST, "-p", str(cluster.port), "-U", "postgres", name],
        stdin=dump.stdout,
        capture_output=True,
        text=True,
    )
    dump.stdout.close()
    assert dump.wait() == 0 and restore.returncode == 0, restore.stderr[-3000:]


def outer_database_name() -> str:
    return connections["default"].settings_dict["NAME"]


def run_checks(checks: Path, **environment: str) -> str:
    """Runs `checks` in a pytest of its own with these environment variables;
    fails with its output unless every check in it passed."""
    env = {k: v for k, v in os.environ.items() if k not in _OUTER_ONLY}
    env.update(
        CACHE_KEY_PREFIX=f"zugong-live-{uuid.uuid4().hex[:8]}",
        ZUGONG_DEMO="true",
        **environment,
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist"]
        + ["-p", "no:cacheprovider", "--durations=5", str(checks)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout[-6000:] + result.stderr[-3000:]
    expected = len(re.findall(r"^def test_", checks.read_text(), flags=re.MULTILINE))
    assert result.returncode == 0, output
    assert f"{expected} passed" in result.stdout, output
    return output


@dataclass
class Bouncer:
    port: int
    workdir: Path
    process: subprocess.Popen

    def url(self, dbname: str) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{dbname}"


@contextlib.contextmanager
def running_pgbouncer(cluster: Cluster, **overrides: str) -> Iterator[Bouncer]:
    """PgBouncer configured from infra/pgbouncer.ini (the documented sample),
    in front of `cluster` on a free port, with trust authentication; the
    [pgbouncer] settings in `overrides` replace the sample's. Stopped when the
    block ends, also when the test fails."""
    workdir = Path(tempfile.mkdtemp(prefix="zugong-pgbouncer-"))
    port = free_port()
    config = configparser.ConfigParser(
        delimiters=("=",), comment_prefixes=(";",), interpolation=None
    )
    config.optionxform = str  # keep the names' case
    config.read(SAMPLE_INI)
    config["databases"] = {"*": f"host={HOST} port={cluster.port}"}
    config["pgbouncer"].update(
        listen_addr=HOST,
        listen_port=str(port),
        auth_type="trust",
        auth_file=str(workdir / "userlist.txt"),
        logfile=str(workdir / "pgbouncer.log"),
        pidfile=str(workdir / "pgbouncer.pid"),
        **overrides,
    )
    with (workdir / "pgbouncer.ini").open("w") as handle:
        config.write(handle)
    (workdir / "userlist.txt").write_text('"postgres" ""\n')
    if os.geteuid() == 0:  # PgBouncer refuses to run as root
        shutil.chown(workdir, user="postgres", group="postgres")
        for path in workdir.iterdir():
            shutil.chown(path, user="postgres", group="postgres")
    command = [PGBOUNCER, str(workdir / "pgbouncer.ini")]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd="/"
    )
    try:
        _wait_listening(port, process, workdir)
        yield Bouncer(port=port, workdir=workdir, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_listening(port: int, process: subprocess.Popen, workdir: Path) -> None:
    import socket

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (workdir / "pgbouncer.log").read_text(errors="replace")
            raise RuntimeError(f"pgbouncer exited: {process.stderr.read()} {log}")
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("pgbouncer did not start listening")
