"""`make bench`: provisioning and cross-level view figures, one per line.

Creates a throwaway database next to the configured one (`<name>_bench`), runs
`bench_run` in a child process pointed at it, and drops it afterwards, so the
bench never touches real data. Works on the embedded PostgreSQL and on
DATABASE_URL alike.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg2
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.management.utils import get_random_secret_key
from django.db import connections
from psycopg2 import sql

from bench.management.commands.bench_run import (
    BENCH_MARKER,
    add_run_arguments,
    run_arguments,
)
from core.secrets import SECRET_NAMES

MANAGE_PY = Path(settings.BASE_DIR) / "manage.py"


def _server_connection(database_settings: dict):
    return psycopg2.connect(
        dbname="postgres",
        user=database_settings.get("USER") or None,
        password=database_settings.get("PASSWORD") or None,
        host=database_settings.get("HOST") or None,
        port=database_settings.get("PORT") or None,
    )


def _database_url(database_settings: dict, name: str) -> str:
    user = quote(database_settings.get("USER") or "")
    password = database_settings.get("PASSWORD") or ""
    credentials = user + (f":{quote(password)}" if password else "")
    host = database_settings.get("HOST") or ""
    port = database_settings.get("PORT") or ""
    if host.startswith("/"):  # a socket folder (the embedded server)
        return f"postgresql://{credentials}@/{name}?host={quote(host)}"
    return f"postgresql://{credentials}@{host}{':' + str(port) if port else ''}/{name}"


def _set_database(database_settings: dict, name: str, *, create: bool) -> None:
    server = _server_connection(database_settings)
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )
            if create:
                cursor.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
                )
    finally:
        server.close()


class Command(BaseCommand):
    help = "基准测试：单位开通与跨层级汇总（每行一个数值：名称 数值 单位）"

    def add_arguments(self, parser):
        add_run_arguments(parser)
        parser.add_argument(
            "--database-name",
            default=None,
            help="name of the throwaway database (default: <configured name>_bench)",
        )
        parser.add_argument(
            "--keep", action="store_true", help="keep the bench database afterwards"
        )

    def handle(self, *args, **options):
        database_settings = connections["default"].settings_dict
        name = options["database_name"] or f"{database_settings['NAME']}_bench"
        _set_database(database_settings, name, create=True)
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(database_settings, name),
            BENCH_MARKER: "1",
            "DEBUG": "0",
            "CACHE_KEY_PREFIX": f"{name}-",
            # The bench client speaks plain HTTP to the app, as a TLS proxy would.
            "SECURE_SSL_REDIRECT": "false",
        }
        # Production (no ZUGONG_DEMO) refuses to start without its secrets;
        # the bench database is generated and dropped, so throwaway ones do.
        for secret in SECRET_NAMES:
            env[secret] = env.get(secret) or get_random_secret_key()
        env.pop("TEST_DATABASE_NAME", None)
        # The measured server runs as production, whatever `make` set.
        env.pop("ZUGONG_DEMO", None)
        command = [sys.executable, str(MANAGE_PY), "bench_run", *run_arguments(options)]
        try:
            with subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, text=True
            ) as child:
                for line in child.stdout:
                    if line.startswith("{"):
                        # A JSON log line (core.logs), not a figure.
                        self.stderr.write(line.rstrip("\n"))
                        continue
                    self.stdout.write(line.rstrip("\n"))
                    self.stdout.flush()
            if child.returncode != 0:
                raise CommandError(
                    f"bench_run failed with exit code {child.returncode}"
                )
        finally:
            if not options["keep"]:
                _set_database(database_settings, name, create=False)
