"""Types shared by every domain: pagination, provisional due dates."""

from __future__ import annotations

import graphene
from graphql import GraphQLError

MAX_PAGE_SIZE = 200
PAGE_LIMIT_EXCEEDED = "PAGE_LIMIT_EXCEEDED"
INVALID_PAGE = "INVALID_PAGE"


def limit_checked(limit: int | None, *, maximum: int, default: int) -> int:
    """The client's limit, or an error naming the maximum.

    A limit above the maximum is refused rather than silently capped: a client
    that asked for 500 rows and got 200 would believe it had them all.
    """
    if limit is None:
        return default
    if limit > maximum:
        raise GraphQLError(
            f"每次最多返回{maximum}条，请减小limit后分页查询",
            extensions={"code": PAGE_LIMIT_EXCEEDED, "maximum": maximum},
        )
    if limit < 1:
        raise GraphQLError(
            f"limit应为1至{maximum}之间的整数",
            extensions={"code": INVALID_PAGE, "maximum": maximum},
        )
    return limit


def page_bounds(
    offset: int | None, limit: int | None, default: int = 50
) -> tuple[int, int]:
    """The client's offset and limit, checked; every paginated list uses this."""
    if offset is not None and offset < 0:
        raise GraphQLError("offset不能为负数", extensions={"code": INVALID_PAGE})
    return offset or 0, limit_checked(limit, maximum=MAX_PAGE_SIZE, default=default)


def page_type(item_type, name: str, description: str) -> type[graphene.ObjectType]:
    """An offset page of `item_type`: items plus the total count."""
    return type(
        name,
        (graphene.ObjectType,),
        {
            "__doc__": description,
            "items": graphene.List(
                graphene.NonNull(item_type),
                required=True,
                description="The items of this page (本页条目).",
            ),
            "total_count": graphene.Int(
                required=True, description="Items in all pages (总条数)."
            ),
            "offset": graphene.Int(
                required=True, description="Items skipped before this page (跳过条数)."
            ),
            "limit": graphene.Int(
                required=True,
                description=f"Items per page (每页条数), at most {MAX_PAGE_SIZE}: "
                "a larger limit is refused with PAGE_LIMIT_EXCEEDED.",
            ),
        },
    )


def paginate(queryset, offset: int | None, limit: int | None, page_class):
    """One page of a queryset, or of a list a selector built in Python."""
    offset, limit = page_bounds(offset, limit)
    return page_class(
        items=list(queryset[offset : offset + limit]),
        total_count=len(queryset) if isinstance(queryset, list) else queryset.count(),
        offset=offset,
        limit=limit,
    )


def page_field(page_class, description: str, **arguments) -> graphene.Field:
    """A root field answering one page of `page_class` (`offset`, `limit`)."""
    return graphene.Field(
        page_class,
        required=True,
        offset=graphene.Int(description="Items to skip (跳过条数); 0 by default."),
        limit=graphene.Int(
            description=f"Items per page (每页条数); 50 by default, at most "
            f"{MAX_PAGE_SIZE}."
        ),
        description=description,
        **arguments,
    )


def deprecated_list(page_field_name: str) -> str:
    """Why an unpaginated list is deprecated: its paged twin replaces it."""
    return (
        f"Use `{page_field_name}` (分页); this unpaginated list is removed in "
        "the next release."
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


def date_on(source: str, description: str, *, required: bool = True) -> graphene.Date:
    """A date named `…On` (the API's rule) read from the attribute `source`."""
    return graphene.Date(required=required, source=source, description=description)


def deprecated_date(new_name: str, description: str = "", *, required: bool = True):
    """The old name of a date renamed to `…On`, kept for one release."""
    return graphene.Date(
        required=required,
        description=description or None,
        deprecation_reason=deprecated_date_reason(new_name),
    )


def deprecated_date_reason(new_name: str) -> str:
    return f"Use `{new_name}` (日期字段统一以 On 结尾); removed in the next release."
