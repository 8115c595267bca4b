"""Errors of queries: a GraphQL error whose `extensions.code` is stable."""

from __future__ import annotations

from graphql import GraphQLError

from core.errors import DomainError


def query_error(error: DomainError) -> GraphQLError:
    """A DomainError raised by a selector, as a GraphQL error with its code."""
    extensions = {"code": error.code}
    if error.field:
        extensions["field"] = error.field
    return GraphQLError(error.message, extensions=extensions)
