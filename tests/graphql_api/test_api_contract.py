"""The API's contract, read from the schema itself (issue 15).

Each rule walks every type of the schema, so a new field, argument or enum
that breaks it fails here without anyone remembering to add a test:

- a root list that can grow is paginated (`offset`, `limit` → `…Page { items
  totalCount offset limit }`); an unpaginated one is deprecated for its paged
  twin, or allow-listed below as bounded, with the reason;
- a mutation takes `input:`; any other argument is deprecated;
- a Date is named `…On` (the old names deprecated);
- every enum value has a Chinese label in `enumLabels`;
- a breakdown value carries its Chinese label;
- every type is described, and so is every field but those allow-listed in
  undescribed_fields.txt, a list that may only shrink.
"""

from __future__ import annotations

import re
from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    get_named_type,
)

from graphql_api.core.labels import schema_enum_labels
from graphql_api.schema import schema

SCHEMA = schema.graphql_schema
HAN = re.compile(r"[\u4e00-\u9fff]")
UNDESCRIBED_FILE = Path(__file__).with_name("undescribed_fields.txt")

# Root lists that cannot grow with use, each with why.
BOUNDED_ROOT_LISTS = {
    "enumLabels": "the schema's enums, fixed by the code",
    "holidayYears": "one entry per calendar year known, about a dozen",
    "reportDraft": "the sections of one report, at most 20",
    "reportRateDefinitions": "the fixed table of rates",
    "assessmentMetrics": "the fixed table of assessment metrics",
    "myWork": "one entry per work queue, a fixed set",
    "petitionDuplicates": "at most 5 candidates per kind, while typing a form",
    "petitionFinalMatters": "matches of the one matter being registered",
    "receptionLeaders": "the leaders of the viewer's own unit, a handful",
    "onlineUnits": "the children of one area of the unit tree",
    "accusedUnitSuggestions": "at most MAX_SUGGESTION_LIMIT suggestions",
}

# Date arguments whose name reads as a bound, not a day something happened on.
DATE_NAME_EXCEPTIONS = {
    "Query.petitions.receivedFrom": "a filter's lower bound (收件日期起)",
    "Query.petitions.receivedTo": "a filter's upper bound (收件日期止)",
    "Petition.clocks.asOf": "the day the clocks are read at (截至)",
}

PAGE_FIELDS = {"items", "totalCount", "offset", "limit"}


def _unwrap(type_):
    return type_.of_type if isinstance(type_, GraphQLNonNull) else type_


def _is_list(type_) -> bool:
    return isinstance(_unwrap(type_), GraphQLList)


def _is_page(type_) -> bool:
    named = get_named_type(type_)
    return (
        isinstance(named, GraphQLObjectType)
        and named.name.endswith("Page")
        and set(named.fields) >= PAGE_FIELDS
    )


def _fielded_types():
    for name, graphql_type in sorted(SCHEMA.type_map.items()):
        if name.startswith("__"):
            continue
        if isinstance(
            graphql_type,
            GraphQLObjectType | GraphQLInputObjectType | GraphQLInterfaceType,
        ):
            yield name, graphql_type


def test_every_root_list_is_paginated_deprecated_or_bounded():
    unpaginated = sorted(
        name
        for name, field in SCHEMA.query_type.fields.items()
        if _is_list(field.type)
        and not field.deprecation_reason
        and name not in BOUNDED_ROOT_LISTS
    )

    assert unpaginated == [], (
        "root lists that can grow must answer a …Page (offset, limit): add a "
        "paged twin and deprecate the list, or allow-list it as bounded"
    )


def test_each_deprecated_root_list_names_a_paged_twin_that_exists():
    query = SCHEMA.query_type.fields
    for name, field in query.items():
        if not (_is_list(field.type) and field.deprecation_reason):
            continue
        twin = f"{name}Page"
        assert f"`{twin}`" in field.deprecation_reason, name
        assert twin in query, f"{name} is deprecated for {twin}, which is missing"
        assert _is_page(query[twin].type), twin
        # the twin takes the list's arguments, plus offset and limit (and may
        # take more filters)
        assert {*field.args, "offset", "limit"} <= set(query[twin].args), twin


def test_every_page_field_takes_offset_and_limit():
    for type_name, graphql_type in _fielded_types():
        if isinstance(graphql_type, GraphQLInputObjectType):
            continue
        for name, field in graphql_type.fields.items():
            if _is_page(field.type):
                assert {"offset", "limit"} <= set(field.args), f"{type_name}.{name}"


def test_bounded_allow_list_holds_only_current_root_lists():
    query = SCHEMA.query_type.fields
    stale = [name for name in BOUNDED_ROOT_LISTS if not _is_list(query[name].type)]
    assert stale == []


def test_every_mutation_argument_but_input_is_deprecated():
    loose = sorted(
        f"{name}.{argument_name}"
        for name, field in SCHEMA.mutation_type.fields.items()
        for argument_name, argument in field.args.items()
        if argument_name != "input" and not argument.deprecation_reason
    )

    assert loose == [], "mutations take `input:`; other arguments are deprecated"


def test_every_mutation_with_arguments_takes_an_input_object():
    for name, field in SCHEMA.mutation_type.fields.items():
        if not field.args:
            continue  # logout
        assert "input" in field.args, name
        assert isinstance(
            get_named_type(field.args["input"].type), GraphQLInputObjectType
        )


def test_every_id_inside_a_mutation_input_is_named_id():
    # `id`, `ids` and `code` alone do not say what they point to
    vague = sorted(
        f"{type_name}.{name}"
        for type_name, graphql_type in _fielded_types()
        if isinstance(graphql_type, GraphQLInputObjectType)
        for name, field in graphql_type.fields.items()
        if name in {"id", "ids", "code"} and not field.deprecation_reason
    )

    assert vague == ["UnitCreateInput.code"]  # the new unit's own region code


def _date_positions():
    for type_name, graphql_type in _fielded_types():
        for name, field in graphql_type.fields.items():
            if get_named_type(field.type).name == "Date":
                yield f"{type_name}.{name}", field.deprecation_reason
            for argument_name, argument in getattr(field, "args", {}).items():
                if get_named_type(argument.type).name == "Date":
                    yield (
                        f"{type_name}.{name}.{argument_name}",
                        argument.deprecation_reason,
                    )


def test_every_date_is_named_on():
    misnamed = sorted(
        position
        for position, deprecation in _date_positions()
        if not position.endswith("On")
        and not deprecation
        and position not in DATE_NAME_EXCEPTIONS
    )

    assert misnamed == [], "dates are named …On; deprecate the old name"


def test_date_name_exceptions_are_current():
    positions = {position for position, _ in _date_positions()}
    assert set(DATE_NAME_EXCEPTIONS) <= positions


def test_every_enum_of_the_schema_has_chinese_labels():
    labelled = {entry["name"]: entry["values"] for entry in schema_enum_labels(SCHEMA)}
    enums = [
        name
        for name, graphql_type in SCHEMA.type_map.items()
        if isinstance(graphql_type, GraphQLEnumType)
        and not name.startswith("__")
        and not name.endswith("ErrorCode")
    ]

    missing = sorted(
        f"{name}.{value['value']}"
        for name in enums
        for value in labelled.get(name, [{"value": "*", "label": ""}])
        if not HAN.search(value["label"])
    )

    assert missing == []


def test_every_breakdown_value_has_a_label_beside_it():
    # a type carrying a raw key (`value`, `key`, `metric`, `measure`) of a
    # breakdown must carry its Chinese `label` too
    raw_key_names = {"value", "key", "metric", "measure"}
    unlabelled = sorted(
        f"{type_name}.{name}"
        for type_name, graphql_type in _fielded_types()
        if isinstance(graphql_type, GraphQLObjectType)
        for name, field in graphql_type.fields.items()
        if name in raw_key_names
        and get_named_type(field.type).name in {"String", "ID"}
        and "label" not in graphql_type.fields
        and f"{name}Label" not in graphql_type.fields
    )

    assert unlabelled == []


def test_every_type_is_described():
    undescribed = sorted(
        name
        for name, graphql_type in SCHEMA.type_map.items()
        if not name.startswith("__") and not graphql_type.description
    )

    assert undescribed == []


def _undescribed_fields() -> set[str]:
    return {
        f"{type_name}.{name}"
        for type_name, graphql_type in _fielded_types()
        for name, field in graphql_type.fields.items()
        if not field.description
    }


def _allowed_undescribed() -> set[str]:
    lines = UNDESCRIBED_FILE.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and line[0] != "#"}


def test_no_new_field_without_a_description():
    new = sorted(_undescribed_fields() - _allowed_undescribed())

    assert new == [], "describe new fields (English, with the Chinese term)"


def test_the_undescribed_allow_list_only_shrinks():
    described_since = sorted(_allowed_undescribed() - _undescribed_fields())

    assert described_since == [], (
        "these fields are described (or gone) now: remove them from "
        "tests/graphql_api/undescribed_fields.txt"
    )
