"""Test setup: one unit tree per test database, GraphQL helpers, a clean cache."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import settings as hypothesis_settings

from tests.tree import Tree, build_tree, load_tree

# Property tests check rules, not speed: Hypothesis's per-example deadline
# (200 ms) fails them on a loaded shared machine (speed is the bench's).
hypothesis_settings.register_profile("zugong", deadline=None)
hypothesis_settings.load_profile("zugong")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Migrate once (pytest-django), then build the fixed unit tree once."""
    with django_db_blocker.unblock():
        from tenants.models import Unit

        if not Unit.objects.filter(code="320000").exists():
            build_tree()


@pytest.fixture
def tree(db) -> Tree:
    return load_tree()


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with no login failures or cached values of its worker."""
    client = cache._cache.get_client()
    prefix = cache.make_key("")
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)
    yield


@pytest.fixture(autouse=True)
def _fresh_holiday_calendar(request):
    """Entered holiday days are cached per process; a rolled-back test must not
    leave its days behind, and tests without a database read the library only."""
    from supervision.holidays import cache as holiday_cache
    from supervision.rules.workcalendar import EnteredCalendar

    uses_db = bool(
        {"db", "transactional_db"} & set(request.fixturenames)
        or request.node.get_closest_marker("django_db")
    )
    holiday_cache.use(None if uses_db else EnteredCalendar())
    yield
    holiday_cache.use(None)


class GraphQLClient:
    """Posts GraphQL requests as a given user (session) or anonymously."""

    def __init__(self, client: Client):
        self.client = client

    def execute(
        self, query: str, variables: dict | None = None, *, headers: dict | None = None
    ):
        response = self.client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            headers=headers or {},
        )
        return response.status_code, response.json()

    def told_to_sign_in(
        self, query: str, variables: dict | None = None, **kwargs
    ) -> bool:
        """Whether the request was refused with the one 请先登录 error (401)."""
        status, body = self.execute(query, variables, **kwargs)
        return (status, body.get("data"), body.get("errors")) == (
            401,
            None,
            [{"message": "请先登录", "extensions": {"code": "UNAUTHENTICATED"}}],
        )

    def ok(self, query: str, variables: dict | None = None, **kwargs) -> dict:
        """The `data` of a request that must not fail at the GraphQL level."""
        status, body = self.execute(query, variables, **kwargs)
        assert status == 200, body
        assert "errors" not in body, body["errors"]
        return body["data"]


@pytest.fixture
def gql(db):
    """`gql(user)` is a GraphQL client signed in as `user`; `gql()` is anonymous."""

    def make(user=None) -> GraphQLClient:
        client = Client()
        if user is not None:
            client.force_login(user)
        return GraphQLClient(client)

    return make
