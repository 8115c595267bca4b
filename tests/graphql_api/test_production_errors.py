"""Production answers: no introspection or suggestions for anonymous callers,
internal errors as a request id only."""

import pytest
from django.test import Client
from graphql import located_error

from core.errors import DomainError
from graphql_api.core import production
from supervision.rules.crypto import DecryptionError
from tests.factories.supervision import make_petition

INTROSPECTION = "{ __schema { queryType { name } } }"
TYPO = "{ me { usernam } }"


def _post(client: Client, query: str, variables: dict | None = None):
    response = client.post(
        "/graphql/",
        data={"query": query, "variables": variables or {}},
        content_type="application/json",
    )
    return response, response.json()


def _staff(tree) -> Client:
    client = Client()
    client.force_login(tree.user("county_a", "registrar"))
    return client


def test_production_refuses_introspection_to_anonymous_callers(db, settings):
    settings.PRODUCTION = True

    response, body = _post(Client(), INTROSPECTION)

    assert response.status_code == 400
    assert body == {
        "errors": [
            {
                "message": "未登录时不提供接口结构查询（内省），接口说明见公开的 schema.graphql",
                "locations": [{"line": 1, "column": 3}],
                "extensions": {"code": "INTROSPECTION_DISABLED"},
            }
        ]
    }


def test_production_refuses_type_lookups_but_answers_typename(db, settings):
    settings.PRODUCTION = True

    _response, refused = _post(Client(), '{ __type(name: "Petition") { name } }')
    _response, typename = _post(Client(), "{ __typename }")

    assert [e["extensions"]["code"] for e in refused["errors"]] == [
        "INTROSPECTION_DISABLED"
    ]
    assert typename == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("production", [True, False])
def test_staff_and_development_keep_introspection(tree, settings, production):
    settings.PRODUCTION = production
    client = _staff(tree) if production else Client()

    _response, body = _post(client, INTROSPECTION)

    assert body == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


def test_development_answers_type_lookups(db):
    _response, body = _post(Client(), '{ __type(name: "Petition") { name } }')

    assert body == {"data": {"__type": {"name": "Petition"}}}


def test_production_gives_anonymous_callers_no_field_suggestions(db, settings):
    settings.PRODUCTION = True

    _response, body = _post(Client(), TYPO)

    assert [
        (e["message"], e["extensions"]["developerMessage"]) for e in body["errors"]
    ] == [("User没有字段usernam", "Cannot query field 'usernam' on type 'User'.")]


def test_staff_still_get_field_suggestions_in_production(tree, settings):
    settings.PRODUCTION = True

    _response, body = _post(_staff(tree), TYPO)

    assert [
        (e["message"], e["extensions"]["developerMessage"]) for e in body["errors"]
    ] == [
        (
            "User没有字段usernam",
            "Cannot query field 'usernam' on type 'User'. Did you mean 'username'?",
        )
    ]


SECRET_A = "a-field-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
SECRET_B = "b-field-secret-9876543210-zyxwvutsrqponmlkjihgfedcba"


def test_an_internal_error_shows_only_its_request_id_and_is_logged(
    tree, settings, caplog
):
    # Identities sealed under a key the server no longer has: decryption fails.
    settings.FIELD_ENCRYPTION_SECRET = SECRET_A
    petition = make_petition(tree)
    settings.FIELD_ENCRYPTION_SECRET = SECRET_B

    response, body = _post(
        _staff(tree),
        "query($id: ID!) { petition(id: $id) { title petitioners { citizenId } } }",
        {"id": str(petition.pk)},
    )

    request_id = response["X-Request-ID"]
    assert body["errors"] == [
        {
            "message": f"系统内部错误（编号 {request_id}）",
            "path": ["petition", "petitioners", 0, "citizenId"],
            "locations": [{"line": 1, "column": 59}],
            "extensions": {"code": "INTERNAL_ERROR", "requestId": request_id},
        }
    ]
    text = response.content.decode()
    assert "keys" not in text and "Traceback" not in text and "Decryption" not in text
    [record] = [r for r in caplog.records if r.name == "graphql_api.errors"]
    assert record.request_id == request_id
    assert record.exc_info[0] is DecryptionError
    assert record.getMessage() == (
        f"内部错误（编号 {request_id}）：['petition', 'petitioners', 0, 'citizenId']"
    )


def test_a_domain_error_escaping_a_resolver_keeps_its_message_and_code():
    error = located_error(
        DomainError("NOT_FOUND", "信访件不存在", field="id"), None, ["petition"]
    )

    assert production.is_internal(error) is False
    assert production.domain_error(error) == {
        "message": "信访件不存在",
        "path": ["petition"],
        "extensions": {"code": "NOT_FOUND", "field": "id"},
    }


def test_an_exception_outside_graphql_is_internal_too():
    assert production.is_internal(
        RuntimeError("'AnonymousUser' object has no attribute 'unit'")
    )
