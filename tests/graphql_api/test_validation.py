"""The standard GraphQL validation runs besides the depth and cost limits."""

import pytest


@pytest.mark.parametrize(
    ("query", "message_part"),
    [
        ('{ overview(unitCode: "320102") { totals { received } } }', "fromMonth"),
        ("{ me { noSuchField } }", "noSuchField"),
        ("{ unit(code: 320102) { code } }", "String"),
    ],
)
def test_invalid_documents_are_refused_before_execution(tree, gql, query, message_part):
    status, body = gql(tree.user("county_a", "leader")).execute(query)
    assert status == 400
    assert body.get("data") is None
    assert any(message_part in error["message"] for error in body["errors"])
    codes = {error["extensions"]["code"] for error in body["errors"]}
    assert codes == {"GRAPHQL_VALIDATION_FAILED"}
