"""Concurrent registrations, committed for real: a new cluster started here
(tests.clusters) with a copy of this run's test database, and the checks of
tests/supervision/services/concurrent_checks.py run against it in a pytest
of their own (they commit, so they must not run in the outer database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clusters import running_cluster, skip_reason
from tests.replica.live import copy_test_database, outer_database_name, run_checks

CHECKS = Path(__file__).with_name("concurrent_checks.py")

pytestmark = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")


@pytest.mark.django_db
def test_concurrent_registrations_against_a_server_of_their_own():
    name = outer_database_name()
    with running_cluster() as server:
        copy_test_database(server, name)
        output = run_checks(CHECKS, DATABASE_URL=server.url(name))
    print(output)  # the inner run's durations, shown with -s
