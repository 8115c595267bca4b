"""Throwaway PostgreSQL 15 clusters for tests that need their own server.

A test that needs a primary with a streaming standby, a publisher for logical
replication or a server behind PgBouncer starts one here: initdb in a temp
dir, on a free port of 127.0.0.1, trust authentication, run as the `postgres`
OS user when the tests run as root (PostgreSQL refuses to run as root).

    from tests.clusters import running_cluster, skip_reason

    pytestmark = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")

    with running_cluster(wal_level="logical") as primary:
        with running_cluster(standby_of=primary) as standby:
            standby.psql("select pg_is_in_recovery()")  # -> "t"

`running_cluster` stops the server (immediate mode) and removes its directory
when the block ends, also when the test fails; an atexit hook kills any left
over if the process ends early. The API is kept small and stable: Cluster,
start_cluster, running_cluster, free_port, skip_reason.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PG_BIN = Path(os.environ.get("ZUGONG_PG_BIN", "/usr/lib/postgresql/15/bin"))
HOST = "127.0.0.1"
SUPERUSER = "postgres"

_running: list[Cluster] = []


def skip_reason() -> str | None:
    """Why cluster tests cannot run here, or None when they can."""
    for tool in ("initdb", "pg_ctl", "postgres", "pg_basebackup", "psql"):
        if not (PG_BIN / tool).exists():
            return f"PostgreSQL 15 binaries missing: {PG_BIN / tool} not found"
    if os.geteuid() == 0 and _os_user_missing(SUPERUSER):
        return "running as root but there is no `postgres` OS user to run servers"
    return None


def free_port() -> int:
    """A TCP port of 127.0.0.1 nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    """One running server: its data directory, port and log."""

    datadir: Path
    port: int
    standby: bool = False
    workdir: Path = field(repr=False, default=None)  # type: ignore[assignment]

    @property
    def logfile(self) -> Path:
        return self.workdir / "server.log"

    def url(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        """A postgres:// URL for dj_database_url, psycopg or libpq."""
        return f"postgres://{user}@{HOST}:{self.port}/{dbname}"

    def conninfo(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        """A libpq key=value string (primary_conninfo, CREATE SUBSCRIPTION)."""
        return f"host={HOST} port={self.port} user={user} dbname={dbname}"

    def psql(self, sql: str, dbname: str = "postgres") -> str:
        """Runs SQL through psql and returns its unaligned, tuples-only output."""
        result = _run(
            [
                str(PG_BIN / "psql"),
                "-X",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                HOST,
                "-p",
                str(self.port),
                "-U",
                SUPERUSER,
                "-d",
                dbname,
                "-Atc",
                sql,
            ]
        )
        return result.stdout.strip()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.logfile.read_text().splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """Stops the server at once and removes its files; safe to call twice."""
        if self in _running:
            _running.remove(self)
        if (self.datadir / "postmaster.pid").exists():
            _run(
                [str(PG_BIN / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate"]
                + ["-w", "stop"],
                check=False,
            )
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_cluster(
    *,
    wal_level: str = "replica",
    standby_of: Cluster | None = None,
    settings: dict[str, str | int] | None = None,
    timeout: float = 30.0,
) -> Cluster:
    """Starts a new server and waits until it accepts connections.

    `standby_of` makes a streaming standby of that (running) cluster with
    pg_basebackup -R: primary_conninfo and standby.signal are written for it.
    `settings` go into postgresql.conf (e.g. {"max_wal_senders": 10}).
    """
    workdir = Path(tempfile.mkdtemp(prefix="zugong-pg-"))
    os.chmod(workdir, 0o700)
    _chown(workdir)
    datadir = workdir / "data"
    port = free_port()
    cluster = Cluster(
        datadir=datadir, port=port, standby=standby_of is not None, workdir=workdir
    )
    try:
        if standby_of is None:
            _run(
                [str(PG_BIN / "initdb"), "-D", str(datadir), "-U", SUPERUSER]
                + ["-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
            )
            _append(
                datadir / "pg_hba.conf",
                f"host all all {HOST}/32 trust\nhost replication all {HOST}/32 trust\n",
            )
        else:
            _run(
                [str(PG_BIN / "pg_basebackup"), "-h", HOST, "-p", str(standby_of.port)]
                + ["-U", SUPERUSER, "-D", str(datadir), "-R", "-X", "stream"]
                + ["--no-sync", "-c", "fast"]
            )
        conf = {
            "port": port,
            "listen_addresses": f"'{HOST}'",
            "unix_socket_directories": f"'{workdir}'",
            "wal_level": wal_level,
            "max_wal_senders": 10,
            "max_replication_slots": 10,
            "hot_standby": "on",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "shared_buffers": "'32MB'",
            "max_connections": 60,
            "log_min_messages": "warning",
        }
        conf.update(settings or {})
        _append(
            datadir / "postgresql.conf",
            "\n# tests.clusters\n" + "".join(f"{k} = {v}\n" for k, v in conf.items()),
        )
        _running.append(cluster)
        _run(
            [str(PG_BIN / "pg_ctl"), "-D", str(datadir), "-l", str(cluster.logfile)]
            + ["-w", "-t", str(int(timeout)), "start"]
        )
        _wait_ready(cluster, timeout)
    except BaseException as error:
        log = cluster.log_tail()
        cluster.stop()
        if isinstance(error, subprocess.CalledProcessError):
            raise RuntimeError(
                f"could not start a PostgreSQL cluster: {error.stderr}\n{log}"
            ) from error
        raise
    return cluster


@contextlib.contextmanager
def running_cluster(**options) -> Iterator[Cluster]:
    """`start_cluster(**options)`, stopped and removed when the block ends."""
    cluster = start_cluster(**options)
    try:
        yield cluster
    finally:
        cluster.stop()


def _wait_ready(cluster: Cluster, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        ready = _run(
            [str(PG_BIN / "pg_isready"), "-h", HOST, "-p", str(cluster.port)],
            check=False,
        )
        if ready.returncode == 0:
            try:
                cluster.psql("select 1")
                return
            except subprocess.CalledProcessError:
                pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"PostgreSQL on port {cluster.port} did not start")
        time.sleep(0.1)


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", SUPERUSER, "--", *command]
    return command


def _run(command: list[str], *, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        _as_postgres(command),
        check=check,
        capture_output=True,
        text=True,
        cwd="/",
        env={**os.environ, "PGCONNECT_TIMEOUT": "5", "LC_ALL": "C.UTF-8"},
    )


def _chown(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, user=SUPERUSER, group=SUPERUSER)


def _append(path: Path, text: str) -> None:
    with path.open("a") as handle:
        handle.write(text)


def _os_user_missing(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return True
    return False


@atexit.register
def _stop_leftovers() -> None:
    for cluster in list(_running):
        cluster.stop()
