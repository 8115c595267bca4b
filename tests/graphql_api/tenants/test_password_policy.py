"""The password policy: Django's validators, in Chinese, and similarity to the account."""

import pytest

from tenants.models import User

USER_CREATE = """
mutation($input: UserCreateInput!) {
  userCreate(input: $input) { user { username } errors { code field message } }
}"""


def _create(gql, tree, *, username="wang_liaison", full_name="王联络", password):
    return gql(tree.user("county_a", "admin")).ok(
        USER_CREATE,
        {
            "input": {
                "unitCode": "320102002",
                "username": username,
                "fullName": full_name,
                "password": password,
                "roles": ["LIAISON"],
            }
        },
    )["userCreate"]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!", "密码强度不足：密码太短，至少需要 8 个字符"),
        ("Password1", "密码强度不足：密码过于常见，容易被猜中"),
        (
            "20260101",
            "密码强度不足：密码不能全部是数字；密码须包含大写字母、小写字母、数字、符号中的至少 3 类",
        ),
        (
            "horsebatterystaple",
            "密码强度不足：密码须包含大写字母、小写字母、数字、符号中的至少 3 类",
        ),
        ("Wang_Liaison1", "密码强度不足：密码与用户名过于相似"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(tree, gql, password, message):
    before = User.objects.count()

    data = _create(gql, tree, password=password)

    assert data == {
        "user": None,
        "errors": [{"code": "WEAK_PASSWORD", "field": "password", "message": message}],
    }
    assert User.objects.count() == before


def test_a_strong_password_unlike_the_account_is_accepted(tree, gql):
    data = _create(gql, tree, password="Quiet-River-2026")

    assert data == {"user": {"username": "wang_liaison"}, "errors": []}
    assert User.objects.get(username="wang_liaison").check_password("Quiet-River-2026")


def test_set_password_refuses_one_similar_to_the_username(tree, gql):
    handler = tree.user("township", "handler")
    before = handler.password

    data = gql(tree.user("county_a", "admin")).ok(
        "mutation($id: ID!, $p: String!) { userSetPassword(id: $id, password: $p)"
        " { errors { code field message } } }",
        {"id": handler.pk, "p": "Township_Handler9"},
    )

    assert data["userSetPassword"]["errors"] == [
        {
            "code": "WEAK_PASSWORD",
            "field": "password",
            "message": "密码强度不足：密码与用户名过于相似",
        }
    ]
    handler.refresh_from_db()
    assert handler.password == before
