"""Errors of queries: a GraphQL error whose `extensions.code` is stable.

Resolvers do not repeat `try: … except DomainError`; they take one of these
decorators (under `@staticmethod`):

- `@domain_errors`: a DomainError becomes a GraphQL error with its code;
- `@none_on_domain_error`: a DomainError answers null (fields documented as
  "null when missing or out of scope");
- `@on_domain_error(factory)`: a DomainError answers `factory()`, e.g. `list`
  for an empty list.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from graphql import GraphQLError

from core.errors import DomainError


def query_error(error: DomainError) -> GraphQLError:
    """A DomainError raised by a selector, as a GraphQL error with its code."""
    extensions = {"code": error.code}
    if error.field:
        extensions["field"] = error.field
    return GraphQLError(error.message, extensions=extensions)


def domain_errors(resolver: Callable) -> Callable:
    """The resolver, its DomainErrors raised as GraphQL errors with their code."""

    @functools.wraps(resolver)
    def wrapper(*args, **kwargs):
        try:
            return resolver(*args, **kwargs)
        except DomainError as error:
            raise query_error(error) from error

    return wrapper


def on_domain_error(default: Callable[[], object]) -> Callable[[Callable], Callable]:
    """The resolver, answering `default()` instead of raising a DomainError."""

    def decorator(resolver: Callable) -> Callable:
        @functools.wraps(resolver)
        def wrapper(*args, **kwargs):
            try:
                return resolver(*args, **kwargs)
            except DomainError:
                return default()

        return wrapper

    return decorator


none_on_domain_error = on_domain_error(lambda: None)
none_on_domain_error.__doc__ = "The resolver, answering null for a DomainError."
