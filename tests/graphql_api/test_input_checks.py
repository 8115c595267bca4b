"""Every list input has a limit and no string input takes control characters."""

import json

from django.test import Client
from graphql import (
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
)

from graphql_api.core.inputs import LIST_INPUT_LIMITS, MULTILINE_INPUT_NAMES
from graphql_api.schema import schema
from supervision.facts.models import CaseFact
from tests.factories.supervision import CITIZEN_ID, make_petition
from tests.graphql_api.supervision.gql import REGISTER
from tests.graphql_api.supervision.test_lifecycle import register_input

DUPLICATES = """query($c: String!, $ids: [String!]) {
  petitionDuplicates(content: $c, citizenIds: $ids) { reason } }"""


def _input_positions():
    """(position, named type, is list) of every argument and input field."""
    for type_ in schema.graphql_schema.type_map.values():
        if type_.name.startswith("__"):
            continue
        if isinstance(type_, GraphQLInputObjectType):
            for name, field in type_.fields.items():
                yield f"{type_.name}.{name}", name, field.type
        elif isinstance(type_, GraphQLObjectType):
            for field_name, field in type_.fields.items():
                for name, argument in field.args.items():
                    yield f"{type_.name}.{field_name}.{name}", name, argument.type


def _is_list(type_) -> bool:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        if isinstance(type_, GraphQLList):
            return True
        type_ = type_.of_type
    return False


def _is_string(type_) -> bool:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return isinstance(type_, GraphQLScalarType) and type_.name == "String"


def _register(gql, tree, **overrides):
    return gql(tree.user("county_a", "registrar")).ok(
        REGISTER, {"input": register_input("APPEAL", **overrides)}
    )["petitionRegister"]


def _stored() -> int:
    return CaseFact.objects.count()


def test_every_list_input_in_the_schema_has_a_limit():
    list_inputs = sorted(
        position for position, _name, type_ in _input_positions() if _is_list(type_)
    )

    assert list_inputs == sorted(LIST_INPUT_LIMITS)
    assert all(limit > 0 for limit in LIST_INPUT_LIMITS.values())


def test_every_multiline_name_is_a_string_input_of_the_schema():
    string_names = {name for _p, name, type_ in _input_positions() if _is_string(type_)}

    assert MULTILINE_INPUT_NAMES - string_names == set()


def test_ten_thousand_petitioners_are_refused_and_nothing_is_stored(tree, gql):
    before = _stored()
    petitioners = [{"name": f"联名人{i}"} for i in range(10_000)]

    data = _register(gql, tree, petitioners=petitioners)

    assert data == {
        "petition": None,
        "possibleDuplicates": None,
        "errors": [
            {
                "code": "LIST_TOO_LONG",
                "field": "petitioners",
                "message": "petitioners 最多 100 项，收到 10000 项",
            }
        ],
    }
    assert _stored() == before


def test_fifty_thousand_ids_in_a_query_are_refused(tree, gql):
    status, body = gql(tree.user("county_a", "registrar")).execute(
        DUPLICATES, {"c": "内容", "ids": [CITIZEN_ID] * 50_000}
    )

    # petitionDuplicates is non-null, so its error nulls the whole data.
    assert body == {
        "data": None,
        "errors": [
            {
                "message": "citizenIds 最多 100 项，收到 50000 项",
                "locations": [{"line": 2, "column": 3}],
                "path": ["petitionDuplicates"],
                "extensions": {"code": "LIST_TOO_LONG", "field": "citizenIds"},
            }
        ],
    }


def test_a_list_at_its_limit_is_accepted(tree, gql):
    earlier = make_petition(tree)

    data = gql(tree.user("county_a", "registrar")).ok(
        DUPLICATES, {"c": "另一件事", "ids": [CITIZEN_ID] * 100}
    )

    assert earlier.tracking_number
    assert data == {"petitionDuplicates": [{"reason": "同一信访人"}]}


def test_a_nul_byte_in_a_title_is_refused_and_nothing_is_stored(tree, gql):
    before = _stored()

    data = _register(gql, tree, title="反映干部\x00选拔问题")

    assert data["errors"] == [
        {
            "code": "CONTROL_CHARACTERS",
            "field": "title",
            "message": "title 第 5 个字符是不允许的控制字符（U+0000），请删除后重试",
        }
    ]
    assert data["petition"] is None
    assert _stored() == before


def test_a_control_character_deep_in_a_list_names_its_place(tree, gql):
    before = _stored()
    petitioners = [{"name": "赵红梅"}, {"name": "钱\x1b明"}]

    data = _register(gql, tree, petitioners=petitioners)

    assert data["errors"] == [
        {
            "code": "CONTROL_CHARACTERS",
            "field": "petitioners.1.name",
            "message": "petitioners.1.name 第 2 个字符是不允许的控制字符（U+001B），请删除后重试",
        }
    ]
    assert _stored() == before


def test_a_line_break_in_a_one_line_field_is_refused(tree, gql):
    data = _register(gql, tree, title="反映干部\n选拔问题")

    assert data["errors"] == [
        {
            "code": "CONTROL_CHARACTERS",
            "field": "title",
            "message": "title 第 5 个字符是不允许的换行或制表符（U+000A），请删除后重试",
        }
    ]


def test_line_breaks_and_tabs_are_kept_in_long_text(tree, gql):
    content = "一、基本情况\n\t某街道提拔干部未经民主推荐。\r\n二、诉求\n\t请求调查。"

    data = _register(gql, tree, content=content)

    assert data["errors"] == []
    petition_id = data["petition"]["id"]
    view = gql(tree.user("county_a", "registrar")).ok(
        "query($id: ID!) { petition(id: $id) { content } }", {"id": petition_id}
    )
    assert view == {"petition": {"content": content}}


def test_delete_and_c1_control_characters_are_refused_even_in_long_text(tree, gql):
    first = _register(gql, tree, content="内容\x7f")
    second = _register(gql, tree, content="内容\x85")

    assert [e["message"] for e in first["errors"] + second["errors"]] == [
        "content 第 3 个字符是不允许的控制字符（U+007F），请删除后重试",
        "content 第 3 个字符是不允许的控制字符（U+0085），请删除后重试",
    ]


def test_a_lone_surrogate_in_a_query_argument_is_refused(tree):
    client = Client()
    client.force_login(tree.user("county_a", "admin"))
    body = '{"query": "query($s: String) { units(search: $s) { totalCount } }",'
    body += ' "variables": {"s": "\\ud800"}}'

    response = client.post("/graphql/", data=body, content_type="application/json")

    assert json.loads(response.content)["errors"][0]["extensions"] == {
        "code": "CONTROL_CHARACTERS",
        "field": "search",
    }
    assert json.loads(response.content)["data"] is None
