"""Times leave the API in Asia/Shanghai with the offset (北京时间, +08:00).

Django stores and returns aware datetimes in UTC; graphene's DateTime would
print them as `…+00:00`, which a reader of the page takes for Beijing time.
The schema's one DateTime scalar is given this serializer instead, so every
DateTime field, model-backed or not, answers e.g. `2026-12-02T16:30:00+08:00`.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import graphene
from django.utils import timezone
from graphql import GraphQLSchema

SHANGHAI = ZoneInfo("Asia/Shanghai")
DATETIME_DESCRIPTION = (
    "A time in Asia/Shanghai with its offset (北京时间), ISO 8601, e.g. "
    "2026-12-02T16:30:00+08:00; inputs may carry any offset."
)


def serialize_datetime(value) -> str:
    """ISO 8601 in Asia/Shanghai; a naive value is taken as Asia/Shanghai."""
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            value = value.replace(tzinfo=SHANGHAI)
        return value.astimezone(SHANGHAI).isoformat()
    return graphene.DateTime.serialize(value)


def shanghai_datetimes(graphql_schema: GraphQLSchema) -> None:
    """Make `graphql_schema`'s DateTime scalar answer in Asia/Shanghai."""
    scalar = graphql_schema.type_map.get("DateTime")
    if scalar is not None:
        scalar.serialize = serialize_datetime
        scalar.description = DATETIME_DESCRIPTION
