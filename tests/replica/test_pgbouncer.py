"""Connection pooling: PgBouncer (infra/pgbouncer.ini, session pooling) in
front of a throwaway PostgreSQL cluster, started here and stopped afterwards.

The GraphQL checks (tests/replica/pgbouncer_checks.py) run in a pytest of
their own with DATABASE_URL pointing at PgBouncer, over a copy of this run's
test database. The second test shows why the sample says session pooling: a
session-level `SET search_path`, which is how django-tenants picks a unit's
schema, leaks to another client under transaction pooling.
"""

from __future__ import annotations

from pathlib import Path

import psycopg2
import pytest

from tests.clusters import running_cluster, skip_reason
from tests.replica.live import (
    copy_test_database,
    outer_database_name,
    pgbouncer_missing,
    run_checks,
    running_pgbouncer,
)

CHECKS = Path(__file__).with_name("pgbouncer_checks.py")

pytestmark = pytest.mark.skipif(
    bool(skip_reason() or pgbouncer_missing()),
    reason=skip_reason() or pgbouncer_missing() or "",
)


@pytest.mark.django_db
def test_graphql_requests_of_two_units_through_pgbouncer_session_pooling():
    name = outer_database_name()
    with running_cluster() as server:
        copy_test_database(server, name)
        with running_pgbouncer(server, default_pool_size="2") as bouncer:
            output = run_checks(CHECKS, DATABASE_URL=bouncer.url(name))
    print(output)  # the inner run's durations, shown with -s


def _search_paths_seen(bouncer) -> tuple[str, str]:
    """Two clients each set their own search_path (as django-tenants does, in
    autocommit), then each asks which one it has."""
    first = psycopg2.connect(bouncer.url("postgres"))
    second = psycopg2.connect(bouncer.url("postgres"))
    try:
        for client in (first, second):
            client.autocommit = True
        first.cursor().execute("SET search_path TO unit_a, public")
        second.cursor().execute("SET search_path TO unit_b, public")
        seen = []
        for client in (first, second):
            cursor = client.cursor()
            cursor.execute("SHOW search_path")
            seen.append(cursor.fetchone()[0])
        return seen[0], seen[1]
    finally:
        first.close()
        second.close()


def test_session_pooling_keeps_each_clients_search_path_transaction_pooling_leaks():
    with running_cluster() as server:
        with running_pgbouncer(server, default_pool_size="2") as session_pool:
            assert _search_paths_seen(session_pool) == (
                "unit_a, public",
                "unit_b, public",
            )
        # what the sample warns against: one server connection shared per
        # transaction, so the first client now runs in the second's schema
        with running_pgbouncer(
            server, pool_mode="transaction", default_pool_size="1"
        ) as transaction_pool:
            assert _search_paths_seen(transaction_pool) == (
                "unit_b, public",
                "unit_b, public",
            )
