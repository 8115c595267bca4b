"""Authorization of the unit administration mutations over the standard actors.

A denied call returns its error and changes nothing: no audit entry but the
record of the refusal itself, the same unit, department and user rows as before.
"""

import pytest

from tenants.models import AuditAction, AuditEntry, Department, Unit, User
from tests.factories.tenants import TEST_PASSWORD

ACTORS = [
    (None, "UNAUTHENTICATED"),
    (("township", "liaison"), "PERMISSION_DENIED"),
    (("county_a", "registrar"), "PERMISSION_DENIED"),
    (("county_b", "admin"), "NOT_FOUND"),  # sibling county
    (("province", "supervisor"), "PERMISSION_DENIED"),
    (("county_a", "admin"), None),
    (("province", "admin"), None),
]


def _state():
    return (
        AuditEntry.objects.exclude(action=AuditAction.PERMISSION_DENIED).count(),
        list(Unit.objects.order_by("code").values_list("code", "name", "is_active")),
        Department.objects.count(),
        list(
            User.objects.order_by("id").values_list(
                "id", "roles", "is_active", "password"
            )
        ),
    )


def _mutations(tree):
    handler = tree.user("township", "liaison").pk
    return {
        "unitRename": (
            'mutation { unitRename(code: "320102002", name: "梅园新村街道组织办") '
            "{ unit { name } errors { code } } }",
            {"unit": {"name": "梅园新村街道组织办"}},
        ),
        "unitDeactivate": (
            'mutation { unitDeactivate(code: "320102002") { unit { isActive } errors { code } } }',
            {"unit": {"isActive": False}},
        ),
        "departmentCreate": (
            'mutation { departmentCreate(input: {unitCode: "320102002", name: "组织科", '
            "kind: ORGANIZATION}) { department { name kind } errors { code } } }",
            {"department": {"name": "组织科", "kind": "ORGANIZATION"}},
        ),
        "userUpdate": (
            f"mutation {{ userUpdate(id: {handler}, input: {{roles: [LIAISON, REGISTRAR]}}) "
            "{ user { roles } errors { code } } }",
            {"user": {"roles": ["LIAISON", "REGISTRAR"]}},
        ),
        "userSetPassword": (
            f'mutation {{ userSetPassword(id: {handler}, password: "Another-Horse-88") '
            "{ user { username } errors { code } } }",
            {"user": {"username": "township_liaison"}},
        ),
    }


@pytest.mark.parametrize(
    "mutation",
    [
        "unitRename",
        "unitDeactivate",
        "departmentCreate",
        "userUpdate",
        "userSetPassword",
    ],
)
@pytest.mark.parametrize(("actor", "expected_code"), ACTORS)
def test_admin_mutation_authorization(tree, gql, mutation, actor, expected_code):
    query, success = _mutations(tree)[mutation]
    user = tree.user(*actor) if actor else None
    before = _state()
    refusals = AuditEntry.objects.filter(action=AuditAction.PERMISSION_DENIED)
    data = gql(user).ok(query)[mutation]
    if expected_code is None:
        assert data == {**success, "errors": []}
        assert _state() != before
    else:
        assert [e["code"] for e in data["errors"]] == [expected_code]
        assert _state() == before
        expected_refusals = (
            [(user.pk, mutation[0].upper() + mutation[1:])]
            if expected_code == "PERMISSION_DENIED"
            else []
        )
        assert list(refusals.values_list("actor_id", "target")) == expected_refusals


def test_new_password_works_and_old_one_does_not(tree, gql):
    target = tree.user("township", "liaison")
    gql(tree.user("county_a", "admin")).ok(
        'mutation($id: ID!) { userSetPassword(id: $id, password: "Another-Horse-88") { errors { code } } }',
        {"id": target.pk},
    )
    login = 'mutation($p: String!) { login(username: "township_liaison", password: $p) { errors { code } } }'
    assert gql().ok(login, {"p": "Another-Horse-88"})["login"]["errors"] == []
    old = gql().ok(login, {"p": TEST_PASSWORD})["login"]["errors"]
    assert old == [{"code": "INVALID_CREDENTIALS"}]


def test_reactivate_restores_a_deactivated_unit(tree, gql):
    admin = gql(tree.user("city", "admin"))
    admin.ok('mutation { unitDeactivate(code: "320104") { errors { code } } }')
    again = admin.ok(
        'mutation { unitDeactivate(code: "320104") { errors { code message } } }'
    )
    assert again["unitDeactivate"]["errors"] == [
        {"code": "ALREADY_INACTIVE", "message": "单位已是停用状态"}
    ]
    data = admin.ok(
        'mutation { unitReactivate(code: "320104") { unit { isActive } errors { code } } }'
    )
    assert data["unitReactivate"] == {"unit": {"isActive": True}, "errors": []}


def test_staff_of_a_deactivated_unit_cannot_log_in(tree, gql):
    gql(tree.user("city", "admin")).ok(
        'mutation { unitDeactivate(code: "320104") { errors { code } } }'
    )
    data = gql().ok(
        'mutation($p: String!) { login(username: "county_b_registrar", password: $p) { errors { code } } }',
        {"p": TEST_PASSWORD},
    )
    assert data["login"]["errors"] == [{"code": "UNIT_INACTIVE"}]
