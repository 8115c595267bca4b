"""One answer, 请先登录, to every operation made with rejected or no credentials."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from graphene.utils.str_converters import to_camel_case
from graphql import GraphQLNonNull, get_named_type, is_leaf_type

from graphql_api.core.authentication import (
    ANONYMOUS_QUERY_FIELDS,
    PUBLIC_MUTATION_FIELDS,
    PUBLIC_QUERY_FIELDS,
)
from graphql_api.schema import Mutation, schema
from supervision.models import Petition
from tenants.models import ApiToken
from tenants.services.auth import token_create
from tests.factories.supervision import in_unit

REFUSED = {
    "errors": [{"message": "请先登录", "extensions": {"code": "UNAUTHENTICATED"}}]
}
ME = "{ me { username } }"


def _operation(kind: str, name: str, field) -> str:
    """A valid document calling one root field with its required arguments as
    variables (never sent: the refusal comes before they are read)."""
    required = [
        (arg_name, arg.type)
        for arg_name, arg in field.args.items()
        if isinstance(arg.type, GraphQLNonNull)
    ]
    declared = ", ".join(f"${arg}: {type_}" for arg, type_ in required)
    passed = ", ".join(f"{arg}: ${arg}" for arg, _ in required)
    selection = "" if is_leaf_type(get_named_type(field.type)) else " { __typename }"
    head = f"{kind}({declared})" if declared else kind
    call = f"{name}({passed})" if passed else name
    return f"{head} {{ {call}{selection} }}"


def _fields(root_type, public):
    return [
        pytest.param(name, field, id=name)
        for name, field in root_type.fields.items()
        if name not in public
    ]


STAFF_QUERIES = _fields(schema.graphql_schema.query_type, ANONYMOUS_QUERY_FIELDS)
STAFF_MUTATIONS = _fields(schema.graphql_schema.mutation_type, PUBLIC_MUTATION_FIELDS)


@pytest.fixture
def expired_token(tree):
    token, plaintext = token_create(actor=tree.user("county_a", "registrar"), name="")
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    return {"Authorization": f"Bearer {plaintext}"}


@pytest.mark.parametrize(("name", "field"), STAFF_QUERIES)
def test_every_staff_query_refuses_an_anonymous_caller(tree, gql, name, field):
    status, body = gql().execute(_operation("query", name, field))

    assert (status, body) == (401, REFUSED)


@pytest.mark.parametrize(("name", "field"), STAFF_QUERIES)
def test_every_staff_query_refuses_an_expired_token(
    tree, gql, expired_token, name, field
):
    status, body = gql().execute(
        _operation("query", name, field), headers=expired_token
    )

    assert (status, body) == (401, REFUSED)


@pytest.mark.parametrize(("name", "field"), STAFF_MUTATIONS)
def test_every_staff_mutation_refuses_an_unknown_token(tree, gql, name, field):
    status, body = gql().execute(
        _operation("mutation", name, field),
        headers={"Authorization": "Bearer zg_made-up"},
    )

    assert (status, body) == (401, REFUSED)


def test_an_anonymous_staff_mutation_answers_in_its_payload_as_before(tree, gql):
    query = """mutation { petitionArchive(petitionId: "1") {
      petition { id } errors { code message } } }"""

    status, body = gql().execute(query)

    assert (status, body) == (
        200,
        {
            "data": {
                "petitionArchive": {
                    "petition": None,
                    "errors": [{"code": "UNAUTHENTICATED", "message": "请先登录"}],
                }
            }
        },
    )


def test_me_is_null_without_an_error_when_no_credentials_were_sent(tree, gql):
    assert gql().execute(ME) == (200, {"data": {"me": None}})


def test_me_refuses_an_expired_token(tree, gql, expired_token):
    assert gql().execute(ME, headers=expired_token) == (401, REFUSED)


def test_me_refuses_a_session_that_has_ended(tree, gql):
    client = gql(tree.user("county_a", "handler"))
    assert client.ok(ME) == {"me": {"username": "county_a_handler"}}
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    assert client.execute(ME) == (401, REFUSED)


def test_a_session_that_has_ended_refuses_mutations_and_stores_nothing(tree, gql):
    client = gql(tree.user("county_a", "registrar"))
    Session.objects.all().delete()
    query = """mutation { petitionRegister(input: {receivedOn: "2026-03-02",
      channel: LETTER, legalType: PROPOSAL, topic: OTHER, title: "建议",
      content: "建议内容"}) { petition { id } errors { code } } }"""

    status, body = client.execute(query)

    assert (status, body) == (401, REFUSED)
    with in_unit(tree.units["county_a"]):
        assert Petition.objects.count() == 0


def test_a_mixed_operation_is_refused_as_a_whole(tree, gql):
    status, body = gql().execute("{ me { username } petitions { totalCount } }")

    assert (status, body) == (401, REFUSED)


def test_fragments_on_the_root_are_seen_through(tree, gql):
    query = (
        """query { ...staff } fragment staff on Query { petitions { totalCount } }"""
    )

    assert gql().execute(query) == (401, REFUSED)


def test_an_expired_token_may_still_sign_in_again(tree, gql, expired_token):
    query = """mutation { tokenCreate(username: "county_a_registrar",
      password: "wrong") { token errors { code } } }"""

    status, body = gql().execute(query, headers=expired_token)

    assert (status, body) == (
        200,
        {
            "data": {
                "tokenCreate": {
                    "token": None,
                    "errors": [{"code": "INVALID_CREDENTIALS"}],
                }
            }
        },
    )


def test_public_queries_answer_anonymous_callers(tree, gql):
    query = """{ currentUnit { code }
      onlinePetitionProgress(trackingNumber: "X", queryCode: "Y") { status } }"""

    assert gql().ok(query, headers={"X-Unit": "320102"}) == {
        "currentUnit": {"code": "320102"},
        "onlinePetitionProgress": None,
    }


def test_public_mutations_are_exactly_those_that_need_no_login():
    public = {
        to_camel_case(name)
        for name, field in Mutation._meta.fields.items()
        if not field.type._meta.require_login
    }

    assert public | {"__typename"} == PUBLIC_MUTATION_FIELDS
    assert PUBLIC_QUERY_FIELDS < ANONYMOUS_QUERY_FIELDS
