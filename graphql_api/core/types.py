"""Types shared by every domain: pagination."""

from __future__ import annotations

import graphene

MAX_PAGE_SIZE = 200


def page_bounds(
    offset: int | None, limit: int | None, default: int = 50
) -> tuple[int, int]:
    """Clamp offset/limit from the client to sane values."""
    offset = max(0, offset or 0)
    limit = min(MAX_PAGE_SIZE, max(1, limit or default))
    return offset, limit


def page_type(item_type, name: str, description: str) -> type[graphene.ObjectType]:
    """An offset page of `item_type`: items plus the total count."""
    return type(
        name,
        (graphene.ObjectType,),
        {
            "__doc__": description,
            "items": graphene.List(graphene.NonNull(item_type), required=True),
            "total_count": graphene.Int(
                required=True, description="Items in all pages."
            ),
            "offset": graphene.Int(required=True),
            "limit": graphene.Int(required=True),
        },
    )


def paginate(queryset, offset: int | None, limit: int | None, page_class):
    offset, limit = page_bounds(offset, limit)
    return page_class(
        items=list(queryset[offset : offset + limit]),
        total_count=queryset.count(),
        offset=offset,
        limit=limit,
    )
