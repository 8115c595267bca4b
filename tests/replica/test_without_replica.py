"""Without DATABASE_REPLICA_URL nothing changes: one database, no router, no
middleware, and dataFreshness says the figures are the primary's."""

from __future__ import annotations

import pytest
from django.conf import settings

from graphql_api import views
from graphql_api.core.document_cache import parsed_query
from tenants.replica import ReadSource, read_decision_make

FRESHNESS = """{ dataFreshness { source replicaConfigured fallback
  replicaLagSeconds dataAsOf } }"""


def test_no_replica_alias_router_or_middleware_without_the_setting():
    assert list(settings.DATABASES) == ["default"]
    assert "tenants.replica.ReplicaRouter" not in settings.DATABASE_ROUTERS
    assert "tenants.replica.ReplicaMiddleware" not in settings.MIDDLEWARE


def test_the_decision_is_the_primary_without_a_replica():
    decision = read_decision_make(pinned_to_primary=False)
    assert decision.source == ReadSource.PRIMARY
    assert decision.fallback is None and decision.lag is None


def test_data_freshness_answers_the_primary(tree, gql):
    data = gql(tree.user("county_a", "leader")).ok(FRESHNESS)["dataFreshness"]
    assert data["source"] == "PRIMARY"
    assert data["replicaConfigured"] is False
    assert data["fallback"] is None
    assert data["replicaLagSeconds"] is None


def test_data_freshness_asks_to_sign_in(gql):
    assert gql().told_to_sign_in(FRESHNESS)


@pytest.mark.parametrize(
    ("query", "eligible"),
    [
        ('{ overview(fromMonth: "2026-01", toMonth: "2026-02") { fromMonth } }', True),
        ("query Q { petitions { totalCount } dataFreshness { source } }", True),
        ("fragment F on Query { overdueCases { totalCount } } { ...F }", True),
        ("{ petitions { totalCount } me { username } }", False),
        ("mutation { logout { ok } }", False),
        ("{ petitions { ", False),
    ],
)
def test_only_dashboard_and_list_queries_may_read_the_replica(
    monkeypatch, query, eligible
):
    monkeypatch.setattr(views, "replica_configured", lambda: True)
    assert (
        views.ApiGraphQLView._reads_from_replica(parsed_query(query), None) is eligible
    )


def test_no_operation_reads_the_replica_when_there_is_none():
    query = '{ overview(fromMonth: "2026-01", toMonth: "2026-02") { fromMonth } }'
    assert views.ApiGraphQLView._reads_from_replica(parsed_query(query), None) is False
