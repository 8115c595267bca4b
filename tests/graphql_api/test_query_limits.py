"""Depth and cost limits refuse a query before it runs, with stable codes."""

from graphql import parse, validate

from graphql_api.core.complexity import MAX_QUERY_COST, QueryCostRule
from graphql_api.schema import schema

NESTED_UNITS = """{ units { items { children { children { children {
    children { code } } } } } } }"""


def _cost_errors(query: str):
    return validate(schema.graphql_schema, parse(query), [QueryCostRule])


def test_lists_nested_in_lists_are_too_complex(tree, gql):
    status, body = gql(tree.user("province", "supervisor")).execute(NESTED_UNITS)

    assert body.get("data") is None
    assert [e["extensions"] for e in body["errors"]] == [
        {"code": "QUERY_TOO_COMPLEX", "cost": 111112}
    ]


def test_the_dashboard_query_fits_under_the_cost_limit():
    query = """{ overview(fromMonth: "2026-01", toMonth: "2026-12") {
      totals { received closureRate }
      children { unit { code name } figures { received closed closureRate } }
      trend { month figures { received closed } }
      split(by: CHANNEL) { value figures { received } }
    } }"""

    assert _cost_errors(query) == []


def test_fragments_count_where_they_are_spread():
    query = """
    query { units { items { ...deep } } }
    fragment deep on Unit { children { children { children { code } } } }
    """

    [error] = _cost_errors(query)
    assert error.extensions["cost"] > MAX_QUERY_COST


def test_introspection_is_free():
    assert _cost_errors("{ __schema { types { name fields { name } } } }") == []


def test_too_deep_a_query_says_so_with_a_code(tree, gql):
    deep = "{ me { unit { children { children { children { children { children {"
    deep += " children { children { children { children { children { code }"
    deep += " } } } } } } } } } } } }"

    status, body = gql(tree.user("province", "supervisor")).execute(deep)

    # Deep lists are costly too: both limits refuse it.
    assert sorted(e["extensions"]["code"] for e in body["errors"]) == [
        "QUERY_TOO_COMPLEX",
        "QUERY_TOO_DEEP",
    ]
