"""The GraphQL endpoint with depth and cost limits and stable error codes."""

from graphene.validation import depth_limit_validator
from graphene_django.views import GraphQLView
from graphql import specified_rules

from graphql_api.core.complexity import QueryCostRule
from graphql_api.core.lookup_limits import LookupCountRule

MAX_QUERY_DEPTH = 10
QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"


class ApiGraphQLView(GraphQLView):
    # graphql-core uses the rules given *instead of* the standard ones, so the
    # standard rules (required arguments, known fields, types…) come first.
    validation_rules = (
        *specified_rules,
        depth_limit_validator(max_depth=MAX_QUERY_DEPTH),
        QueryCostRule,
        LookupCountRule,
    )

    @staticmethod
    def format_error(error):
        """Every error carries `extensions.code`, so clients never parse messages."""
        formatted = GraphQLView.format_error(error)
        extensions = formatted.setdefault("extensions", {}) or {}
        formatted["extensions"] = extensions
        if "code" not in extensions:
            message = formatted.get("message", "")
            if "exceeds maximum operation depth" in message:
                extensions["code"] = QUERY_TOO_DEEP
            elif formatted.get("path") is None:
                extensions["code"] = GRAPHQL_VALIDATION_FAILED
            else:
                extensions["code"] = "INTERNAL_ERROR"
        return formatted
