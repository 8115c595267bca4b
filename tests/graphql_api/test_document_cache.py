"""The endpoint parses a query text and runs the request-independent validation
once, then answers the same text from a bounded cache; the rules that depend
on the request still run every time (graphql_api/core/document_cache.py)."""

from __future__ import annotations

import pytest
from graphql import parse, specified_rules, validate

from graphql_api.core import document_cache
from graphql_api.core.document_cache import (
    DOCUMENTS,
    MAX_CACHED_CHARACTERS,
    MAX_CACHED_DOCUMENTS,
    MAX_CACHED_QUERY_LENGTH,
)
from graphql_api.core.production import NoIntrospectionRule
from graphql_api.schema import schema
from graphql_api.views import ApiGraphQLView

INTROSPECTION = "{ __schema { queryType { name } } }"
NESTED_UNITS = """{ units { items { children { children { children {
    children { code } } } } } } }"""


class Calls:
    """Counts the parses and the validations the endpoint runs, the latter
    split into those with the standard rules (request-independent, cached) and
    those with only the request's rules."""

    def __init__(self, monkeypatch):
        self.parses = 0
        self.static_validations = 0
        self.request_validations = 0

        def counting_parse(source, *args, **kwargs):
            self.parses += 1
            return parse(source, *args, **kwargs)

        def counting_validate(schema_, document, rules, *args, **kwargs):
            if set(specified_rules) <= set(rules):
                self.static_validations += 1
            else:
                self.request_validations += 1
            return validate(schema_, document, rules, *args, **kwargs)

        monkeypatch.setattr(document_cache, "parse", counting_parse)
        monkeypatch.setattr(document_cache, "validate", counting_validate)

    @property
    def counts(self) -> tuple[int, int, int]:
        return self.parses, self.static_validations, self.request_validations


@pytest.fixture(autouse=True)
def _empty_cache():
    DOCUMENTS.clear()
    yield
    DOCUMENTS.clear()


@pytest.fixture
def calls(monkeypatch) -> Calls:
    return Calls(monkeypatch)


def test_a_valid_query_is_parsed_and_validated_once(tree, gql, calls):
    client = gql(tree.user("county_a", "leader"))

    first = client.ok("{ me { username } }")
    after_first = calls.counts
    second = client.ok("{ me { username } }")

    assert first == second == {"me": {"username": "county_a_leader"}}
    assert after_first == (1, 1, 0)
    assert calls.counts == (1, 1, 0)
    assert len(DOCUMENTS) == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "{ me { noSuchField } }",
            [
                {
                    "message": "User没有字段noSuchField",
                    "locations": [{"line": 1, "column": 8}],
                    "extensions": {
                        "code": "GRAPHQL_VALIDATION_FAILED",
                        "reason": "UNKNOWN_FIELD",
                        "developerMessage": (
                            "Cannot query field 'noSuchField' on type 'User'."
                        ),
                    },
                }
            ],
        ),
        (
            NESTED_UNITS,
            [
                {
                    "message": "查询过于复杂（估算代价111112，上限5000），请拆分查询",
                    "locations": [{"line": 1, "column": 1}],
                    "extensions": {"code": "QUERY_TOO_COMPLEX", "cost": 111112},
                }
            ],
        ),
    ],
    ids=["unknown-field", "too-complex"],
)
def test_an_invalid_query_fails_identically_twice(tree, gql, calls, query, expected):
    client = gql(tree.user("province", "supervisor"))

    first = client.execute(query)
    second = client.execute(query)

    assert first == second == (400, {"errors": expected})
    assert calls.counts == (1, 1, 0)


def test_a_syntax_error_fails_identically_twice(tree, gql, calls):
    client = gql(tree.user("county_a", "leader"))

    first = client.execute("{ me { username ")
    second = client.execute("{ me { username ")

    assert first == second
    status, body = second
    assert status == 400
    assert body["errors"] == [
        {
            "message": "查询语句有语法错误",
            "locations": [{"line": 1, "column": 17}],
            "extensions": {
                "code": "GRAPHQL_VALIDATION_FAILED",
                "reason": "SYNTAX_ERROR",
                "developerMessage": "Syntax Error: Expected Name, found <EOF>.",
            },
        }
    ]
    assert calls.counts == (1, 0, 0)


def test_introspection_is_refused_to_an_anonymous_caller_on_a_cached_document(
    tree, gql, calls, settings
):
    settings.PRODUCTION = True
    staff = gql(tree.user("county_a", "registrar"))

    staff_answer = staff.ok(INTROSPECTION)
    status, refused = gql().execute(INTROSPECTION)
    settings.PRODUCTION = False
    development = gql().ok(INTROSPECTION)

    assert staff_answer == development == {"__schema": {"queryType": {"name": "Query"}}}
    assert (status, refused) == (
        400,
        {
            "errors": [
                {
                    "message": "未登录时不提供接口结构查询（内省），"
                    "接口说明见公开的 schema.graphql",
                    "locations": [{"line": 1, "column": 3}],
                    "extensions": {"code": "INTROSPECTION_DISABLED"},
                }
            ]
        },
    )
    # Parsed and validated once; the anonymous production request ran its own
    # rule over the cached document.
    assert calls.counts == (1, 1, 1)


def test_a_cached_error_loses_its_suggestion_for_an_anonymous_caller(
    tree, gql, settings
):
    query = "{ me { usernam } }"
    settings.PRODUCTION = True

    _status, staff = gql(tree.user("county_a", "registrar")).execute(query)
    _status, anonymous = gql().execute(query)
    _status, staff_again = gql(tree.user("county_a", "registrar")).execute(query)

    staff_message = staff["errors"][0]["extensions"]["developerMessage"]
    assert staff_message == (
        "Cannot query field 'usernam' on type 'User'. Did you mean 'username'?"
    )
    assert anonymous["errors"][0]["extensions"]["developerMessage"] == (
        "Cannot query field 'usernam' on type 'User'."
    )
    assert staff_again == staff


def test_errors_of_both_kinds_come_in_the_order_of_one_validation(db, gql, settings):
    query = "query Q($unused: Int) { __schema { queryType { name } } }"
    settings.PRODUCTION = True
    rules = (*ApiGraphQLView.validation_rules, NoIntrospectionRule)
    one_run = validate(schema.graphql_schema, parse(query), rules)

    answers = [gql().execute(query) for _ in range(2)]

    assert answers[0] == answers[1]
    status, body = answers[0]
    assert status == 400
    assert [e["extensions"]["code"] for e in body["errors"]] == [
        "INTROSPECTION_DISABLED",
        "GRAPHQL_VALIDATION_FAILED",
    ]
    assert [
        e["extensions"].get("developerMessage", e["message"]) for e in body["errors"]
    ] == [error.message for error in one_run]


def test_the_cache_keeps_at_most_its_bound_dropping_the_least_recent(db, gql):
    anonymous = gql()
    queries = [f"{{ q{i}: __typename }}" for i in range(MAX_CACHED_DOCUMENTS + 3)]

    for query in queries[:MAX_CACHED_DOCUMENTS]:
        anonymous.ok(query)
    anonymous.ok(queries[0])  # used again: now the most recent
    for query in queries[MAX_CACHED_DOCUMENTS:]:
        anonymous.ok(query)

    assert len(DOCUMENTS) == MAX_CACHED_DOCUMENTS
    assert queries[0] in DOCUMENTS
    assert [query in DOCUMENTS for query in queries[1:5]] == [
        False,
        False,
        False,
        True,
    ]
    assert queries[-1] in DOCUMENTS


def test_the_cache_keeps_at_most_its_characters(db, gql):
    anonymous = gql()
    fitting = MAX_CACHED_CHARACTERS // MAX_CACHED_QUERY_LENGTH
    queries = [
        f"{{ q{i}: __typename }}".ljust(MAX_CACHED_QUERY_LENGTH)
        for i in range(fitting + 2)
    ]

    for query in queries:
        anonymous.ok(query)

    assert DOCUMENTS.characters == fitting * MAX_CACHED_QUERY_LENGTH
    assert len(DOCUMENTS) == fitting
    assert [query in DOCUMENTS for query in queries] == [False] * 2 + [True] * fitting


def test_a_very_long_query_is_answered_but_not_kept(db, gql, calls):
    query = "{ __typename }"
    longest_kept = query + " " * (MAX_CACHED_QUERY_LENGTH - len(query))
    too_long = longest_kept + " "

    answers = [gql().ok(text) for text in (too_long, too_long, longest_kept)]

    assert answers == [{"__typename": "Query"}] * 3
    assert too_long not in DOCUMENTS
    assert longest_kept in DOCUMENTS
    assert calls.counts == (3, 3, 0)
