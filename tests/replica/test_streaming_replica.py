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

from pathlib import Path

import pytest

from tests.clusters import running_cluster, skip_reason
from tests.replica.live import copy_test_database, outer_database_name, run_checks

CHECKS = Path(__file__).with_name("streaming_checks.py")

pytestmark = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")


@pytest.mark.django_db
def test_dashboards_and_lists_read_from_a_streaming_replica():
    name = outer_database_name()
    with (
        running_cluster() as primary,
        running_cluster(standby_of=primary) as standby,
    ):
        copy_test_database(primary, name)
        output = run_checks(
            CHECKS,
            DATABASE_URL=primary.url(name),
            DATABASE_REPLICA_URL=standby.url(name),
            REPLICA_LAG_CACHE_SECONDS="0",
        )
    print(output)  # the inner run's durations, shown with -s
