"""The read replica end to end: a new primary cluster and a streaming standby
of it (pg_basebackup -R), started here and removed afterwards.

The checks themselves (tests/replica/streaming_checks.py) need Django pointed
at the two clusters from the start (DATABASE_URL, DATABASE_REPLICA_URL), so
they run in a pytest of their own. Migrating a new database takes a while on
a busy machine, so this run's test database (migrated, with the fixed tree) is
copied into the primary with pg_dump and used there as it is; the standby
replays the copy as it would replay production.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connections

from tests.clusters import PG_BIN, running_cluster, skip_reason

ROOT = Path(__file__).resolve().parents[2]
CHECKS = Path(__file__).with_name("streaming_checks.py")

pytestmark = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")


def _checks_in(path: Path) -> int:
    return len(re.findall(r"^def test_", path.read_text(), flags=re.MULTILINE))


def _copy_test_database(primary, name: str) -> None:
    """This run's test database (committed rows: the migrated schemas and the
    fixed tree) into a database of the same name on `primary`."""
    source = connections["default"].settings_dict
    primary.psql(f'CREATE DATABASE "{name}"')
    dump = subprocess.Popen(
        [str(PG_BIN / "pg_dump"), "--no-owner", "--no-privileges"]
        + ["-h", source["HOST"] or "127.0.0.1", "-p", str(source["PORT"] or 5432)]
        + ["-U", source["USER"] or "postgres", source["NAME"]],
        stdout=subprocess.PIPE,
        env={**os.environ, "PGPASSWORD": source["PASSWORD"] or ""},
    )
    restore = subprocess.run(
        [str(PG_BIN / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1"]
        + ["-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres", name],
        stdin=dump.stdout,
        capture_output=True,
        text=True,
    )
    dump.stdout.close()
    assert dump.wait() == 0 and restore.returncode == 0, restore.stderr[-3000:]


@pytest.mark.django_db
def test_dashboards_and_lists_read_from_a_streaming_replica():
    name = connections["default"].settings_dict["NAME"]
    with (
        running_cluster() as primary,
        running_cluster(standby_of=primary) as standby,
    ):
        _copy_test_database(primary, name)
        environment = {
            name: value
            for name, value in os.environ.items()
            if name
            not in {"TEST_DATABASE_NAME", "PYTEST_XDIST_WORKER", "PYTEST_ADDOPTS"}
        }
        environment.update(
            DATABASE_URL=primary.url(name),
            DATABASE_REPLICA_URL=standby.url(name),
            REPLICA_LAG_CACHE_SECONDS="0",
            CACHE_KEY_PREFIX=f"zugong-replica-{uuid.uuid4().hex[:8]}",
            ZUGONG_DEMO="true",
        )
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist"]
            + ["-p", "no:cacheprovider", "--durations=5", str(CHECKS)],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        output = result.stdout[-6000:] + result.stderr[-3000:]
        assert result.returncode == 0, output
        assert f"{_checks_in(CHECKS)} passed" in result.stdout, output
        print(output)  # the inner run's durations, shown with -s or on failure
