"""What the endpoint shows whom: introspection and suggestions, internal errors.

In production an anonymous caller gets neither introspection nor "Did you
mean …?" suggestions: the printed schema (graphql_api/schema.graphql) is the
published contract, and the endpoint need not teach strangers its shape.
Staff keep both, for their tools.

An error that is not a domain or validation error is a fault of ours: its
text and traceback go to the log under the request id, and the caller gets a
generic Chinese message with that id, never the exception text.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings
from graphql import FieldNode, GraphQLError, ValidationRule

from core.errors import DomainError

INTERNAL_ERROR = "INTERNAL_ERROR"
INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
logger = logging.getLogger("graphql_api.errors")
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def is_schema_hidden(request) -> bool:
    """Hide introspection and suggestions from this request?"""
    return settings.PRODUCTION and not request.user.is_authenticated


class NoIntrospectionRule(ValidationRule):
    """Refuse `__schema` and `__type` (`__typename` stays: clients need it)."""

    def enter_field(self, node: FieldNode, *_args):
        # The entry points only, so one query answers with one error.
        if node.name.value in ("__schema", "__type"):
            self.report_error(
                GraphQLError(
                    "未登录时不提供接口结构查询（内省），接口说明见公开的 schema.graphql",
                    node,
                    extensions={"code": INTROSPECTION_DISABLED},
                )
            )


def hiding_rules(request) -> tuple:
    """Validation rules to add for this request."""
    return (NoIntrospectionRule,) if is_schema_hidden(request) else ()


def without_suggestions(error):
    """The error with its "Did you mean …?" removed (a copy; the original is shared)."""
    if not isinstance(error, GraphQLError) or not _SUGGESTION.search(error.message):
        return error
    return GraphQLError(
        _SUGGESTION.sub("", error.message),
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=error.extensions,
    )


def is_internal(error) -> bool:
    """A fault of ours, rather than of the request (validation, domain rules)?"""
    if not isinstance(error, GraphQLError):
        # Anything but graphene-django's own HTTP errors (bad method, no query).
        return type(error).__name__ != "HttpError"
    original = error.original_error
    return (
        error.path is not None
        and original is not None
        and not isinstance(original, GraphQLError | DomainError)
    )


def internal_error(error, *, request_id: str) -> dict:
    """Log `error` with its traceback; the generic answer for the caller."""
    original = getattr(error, "original_error", None) or error
    logger.error(
        "内部错误（编号 %s）：%s",
        request_id,
        getattr(error, "path", None),
        exc_info=(type(original), original, original.__traceback__),
        extra={"request_id": request_id},
    )
    formatted = {
        "message": f"系统内部错误（编号 {request_id}）",
        "extensions": {"code": INTERNAL_ERROR, "requestId": request_id},
    }
    if isinstance(error, GraphQLError):
        formatted["path"] = error.path
        if error.locations:
            formatted["locations"] = [
                {"line": location.line, "column": location.column}
                for location in error.locations
            ]
    return formatted


def domain_error(error: GraphQLError) -> dict | None:
    """A DomainError raised by a query resolver: its message and code."""
    original = error.original_error
    if not isinstance(original, DomainError):
        return None
    extensions = {"code": original.code}
    if original.field:
        extensions["field"] = original.field
    return {"message": original.message, "path": error.path, "extensions": extensions}
