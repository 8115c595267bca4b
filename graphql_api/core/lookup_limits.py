"""Limits on lookups by person: search and duplicate-check fields.

Both can be asked about an ID number or a phone, so trying many candidates is
how a masked number would be recovered. A request may hold at most
MAX_LOOKUPS_PER_REQUEST of them (a validation rule, refused before anything
runs), and a user may run at most MAX_LOOKUPS_PER_MINUTE a minute (a Redis
counter, checked as each one resolves).
"""

from __future__ import annotations

import time

from django.core.cache import cache
from graphql import FieldNode, GraphQLError, ValidationRule

MAX_LOOKUPS_PER_REQUEST = 3
MAX_LOOKUPS_PER_MINUTE = 30
TOO_MANY_LOOKUPS = "TOO_MANY_LOOKUPS"
LOOKUPS_TOO_FREQUENT = "LOOKUPS_TOO_FREQUENT"


def _is_lookup(node: FieldNode) -> bool:
    name = node.name.value
    if name == "petitionDuplicates":
        return True
    return name == "petitions" and any(
        argument.name.value == "search" for argument in node.arguments or ()
    )


class LookupCountRule(ValidationRule):
    """Refuse a document with more than MAX_LOOKUPS_PER_REQUEST lookups."""

    def __init__(self, context):
        super().__init__(context)
        self.count = 0

    def enter_field(self, node: FieldNode, *_args):
        if self.context.get_parent_type() is not self.context.schema.query_type:
            return
        if not _is_lookup(node):
            return
        self.count += 1
        if self.count == MAX_LOOKUPS_PER_REQUEST + 1:
            self.report_error(
                GraphQLError(
                    f"一次请求最多包含{MAX_LOOKUPS_PER_REQUEST}个检索或查重，"
                    "请分开查询",
                    node,
                    extensions={"code": TOO_MANY_LOOKUPS},
                )
            )


def lookup_count(user) -> None:
    """Count one lookup for the user this minute, or refuse it."""
    minute = int(time.time() // 60)
    key = f"lookups:{user.pk}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        used = 1
    if used > MAX_LOOKUPS_PER_MINUTE:
        raise GraphQLError(
            "检索或查重过于频繁，请一分钟后再试",
            extensions={"code": LOOKUPS_TOO_FREQUENT},
        )
