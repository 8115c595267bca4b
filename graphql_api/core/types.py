"""Types shared by every domain: pagination, provisional due dates."""

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


def provisional_flag(attribute, what: str) -> graphene.Boolean:
    """`<date>IsProvisional`: whether the due date `attribute` lies in a year
    whose holidays are not entered yet, so it was counted with weekends only
    and moves once the year's schedule (节假日安排) is entered. `attribute` may
    also be a function of the parent that returns the date."""
    from supervision.rules.workcalendar import is_provisional_day

    def resolve(parent, info) -> bool:
        day = attribute(parent) if callable(attribute) else getattr(parent, attribute)
        return day is not None and is_provisional_day(day)

    return graphene.Boolean(
        required=True,
        resolver=resolve,
        description=(
            f"{what} lies in a year whose holidays are not entered yet (暂按周末"
            "计算); false when there is no such date."
        ),
    )
