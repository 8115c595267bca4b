"""A unit administrator manages the staff of its own subtree only."""

import pytest

from tenants.models import User
from tests.factories.tenants import TEST_PASSWORD

USER_CREATE = """
mutation($input: UserCreateInput!) {
  userCreate(input: $input) { user { username roles unit { code } department { name } } errors { code field message } }
}"""


def _input(unit_code="320102002", **extra):
    return {
        "unitCode": unit_code,
        "username": "new_liaison",
        "fullName": "王联络",
        "password": TEST_PASSWORD,
        "roles": ["LIAISON"],
        **extra,
    }


@pytest.mark.parametrize(
    ("actor", "expected_code", "granted"),
    [
        (None, "UNAUTHENTICATED", None),
        (("township", "liaison"), "PERMISSION_DENIED", None),
        (("county_a", "leader"), "PERMISSION_DENIED", None),
        (("county_b", "admin"), "NOT_FOUND", None),
        # In its own unit an administrator cannot grant a role that sees
        # identities alone: the liaison role waits for a leader's approval.
        (("township", "admin"), None, []),
        (("county_a", "admin"), None, ["LIAISON"]),
        (("province", "admin"), None, ["LIAISON"]),
    ],
)
def test_user_create_authorization(tree, gql, actor, expected_code, granted):
    user = tree.user(*actor) if actor else None
    data = gql(user).ok(USER_CREATE, {"input": _input()})["userCreate"]
    if expected_code is None:
        assert data == {
            "user": {
                "username": "new_liaison",
                "roles": granted,
                "unit": {"code": "320102002"},
                "department": None,
            },
            "errors": [],
        }
    else:
        assert [e["code"] for e in data["errors"]] == [expected_code]
        assert not User.objects.filter(username="new_liaison").exists()


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"username": "county_a_handler"}, "DUPLICATE_USERNAME", "username"),
        ({"username": "a b"}, "INVALID_USERNAME", "username"),
        ({"password": "12345678"}, "WEAK_PASSWORD", "password"),
        ({"departmentId": "999999"}, "DEPARTMENT_NOT_IN_UNIT", "departmentId"),
        ({"departmentId": "not-a-number"}, "NOT_FOUND", "departmentId"),
    ],
)
def test_user_create_bad_input_stores_nothing(tree, gql, overrides, code, field):
    before = User.objects.count()
    data = gql(tree.user("county_a", "admin")).ok(
        USER_CREATE, {"input": _input(**overrides)}
    )
    errors = data["userCreate"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [(code, field)]
    assert errors[0]["message"]
    assert User.objects.count() == before


def test_unknown_role_is_refused_by_the_schema(tree, gql):
    status, body = gql(tree.user("county_a", "admin")).execute(
        USER_CREATE, {"input": _input(roles=["EMPEROR"])}
    )
    assert status == 400
    assert "EMPEROR" in body["errors"][0]["message"]


def test_admin_lists_only_its_subtree(tree, gql):
    data = gql(tree.user("county_a", "admin")).ok(
        "{ users(limit: 200) { totalCount items { username unit { code } } } }"
    )
    codes = {item["unit"]["code"] for item in data["users"]["items"]}
    assert codes == {"320102", "320102002"}
    assert data["users"]["totalCount"] == 14


def test_disabling_a_user_revokes_tokens_and_blocks_login(tree, gql):
    target = tree.user("township", "liaison")
    admin = gql(tree.user("county_a", "admin"))
    token = gql().ok(
        'mutation($p: String!) { tokenCreate(username: "township_liaison", password: $p) { token } }',
        {"p": TEST_PASSWORD},
    )["tokenCreate"]["token"]
    data = admin.ok(
        "mutation($id: ID!) { userUpdate(id: $id, input: {isActive: false}) { user { isActive } errors { code } } }",
        {"id": target.pk},
    )
    assert data["userUpdate"] == {"user": {"isActive": False}, "errors": []}
    # the revoked token is told to sign in again
    assert gql().execute(
        "{ me { username } }", headers={"Authorization": f"Bearer {token}"}
    ) == (
        401,
        {
            "errors": [
                {"message": "请先登录", "extensions": {"code": "UNAUTHENTICATED"}}
            ]
        },
    )


def test_admin_cannot_change_own_roles(tree, gql):
    admin_user = tree.user("county_a", "admin")
    data = gql(admin_user).ok(
        "mutation($id: ID!) { userUpdate(id: $id, input: {roles: [LEADER]}) { errors { code } } }",
        {"id": admin_user.pk},
    )
    assert data["userUpdate"]["errors"] == [{"code": "CANNOT_CHANGE_SELF"}]
