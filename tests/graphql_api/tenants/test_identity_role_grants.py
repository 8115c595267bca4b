"""Roles that see petitioners' identities are granted by the unit above, or in
the administrator's own unit only with a leader's approval; every grant is
audited (issue 11, item 9)."""

import pytest

from tenants.models import AuditAction, AuditEntry, RoleGrantRequest, User
from tenants.roles import Role
from tests.factories.tenants import TEST_PASSWORD, UserFactory

CREATE = """mutation($input: UserCreateInput!) {
  userCreate(input: $input) {
    user { username roles permissions }
    pendingRoleGrant { roles status requestedByName }
    errors { code }
  }
}"""
UPDATE = """mutation($id: ID!, $roles: [Role!]) {
  userUpdate(id: $id, input: {roles: $roles}) {
    user { roles } pendingRoleGrant { roles status } errors { code }
  }
}"""
APPROVE = """mutation($id: ID!) {
  roleGrantApprove(id: $id) {
    roleGrantRequest { roles status approvedByName user { username roles } }
    errors { code message }
  }
}"""
PENDING = "{ roleGrantRequests { id roles user { username } } }"


def _new_registrar(unit_code="320102"):
    return {
        "unitCode": unit_code,
        "username": "New.Registrar",
        "fullName": "赵登记",
        "password": TEST_PASSWORD,
        "roles": ["REGISTRAR", "SUPERVISOR"],
    }


def _kinds(username):
    return list(
        AuditEntry.objects.filter(target=username)
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_own_unit_grant_of_identity_role_waits_for_a_leader(tree, gql):
    data = gql(tree.user("county_a", "admin")).ok(CREATE, {"input": _new_registrar()})

    assert data["userCreate"] == {
        "user": {
            "username": "new.registrar",
            "roles": ["SUPERVISOR"],
            "permissions": [
                "PETITION_VIEW",
                "REPORT_REVIEW",
                "SUBTREE_VIEW",
                "SUPERVISION_ISSUE",
            ],
        },
        "pendingRoleGrant": {
            "roles": ["REGISTRAR"],
            "status": "待审批",
            "requestedByName": str(tree.user("county_a", "admin")),
        },
        "errors": [],
    }
    assert _kinds("new.registrar") == [
        AuditAction.USER_CREATED,
        AuditAction.ROLES_CHANGED,
        AuditAction.ROLE_GRANT_REQUESTED,
    ]


def test_a_leader_of_the_unit_approves_and_the_roles_take_effect(tree, gql):
    gql(tree.user("county_a", "admin")).ok(CREATE, {"input": _new_registrar()})
    leader = gql(tree.user("county_a", "leader"))
    pending = leader.ok(PENDING)["roleGrantRequests"]
    assert [(p["roles"], p["user"]["username"]) for p in pending] == [
        (["REGISTRAR"], "new.registrar")
    ]

    data = leader.ok(APPROVE, {"id": pending[0]["id"]})

    assert data["roleGrantApprove"] == {
        "roleGrantRequest": {
            "roles": ["REGISTRAR"],
            "status": "已批准",
            "approvedByName": str(tree.user("county_a", "leader")),
            "user": {"username": "new.registrar", "roles": ["REGISTRAR", "SUPERVISOR"]},
        },
        "errors": [],
    }
    assert _kinds("new.registrar")[-2:] == [
        AuditAction.ROLE_GRANT_APPROVED,
        AuditAction.ROLES_CHANGED,
    ]
    assert leader.ok(PENDING)["roleGrantRequests"] == []


def _state(username):
    user = User.objects.get(username=username)
    return (
        list(user.roles),
        list(RoleGrantRequest.objects.values_list("status", flat=True)),
        AuditEntry.objects.filter(target=username).count(),
    )


@pytest.mark.parametrize(
    ("approver", "code"),
    [
        (("county_a", "admin"), "NOT_FOUND"),  # the requester, not a leader
        (("county_b", "leader"), "NOT_FOUND"),  # a leader of a sibling unit
        (("city", "leader"), "NOT_FOUND"),  # a leader of the unit above
        (("county_a", "registrar"), "NOT_FOUND"),
    ],
)
def test_others_cannot_approve(tree, gql, approver, code):
    gql(tree.user("county_a", "admin")).ok(CREATE, {"input": _new_registrar()})
    grant = RoleGrantRequest.objects.get()
    before = _state("new.registrar")

    data = gql(tree.user(*approver)).ok(APPROVE, {"id": grant.pk})

    assert [e["code"] for e in data["roleGrantApprove"]["errors"]] == [code]
    assert _state("new.registrar") == before


def test_requester_who_is_also_a_leader_cannot_approve_alone(tree, gql):
    both = UserFactory(
        username="county_a_admin_leader",
        unit=tree.units["county_a"],
        roles=[Role.UNIT_ADMIN, Role.LEADER],
    )
    client = gql(both)
    client.ok(CREATE, {"input": _new_registrar()})
    grant = RoleGrantRequest.objects.get()
    before = _state("new.registrar")

    data = client.ok(APPROVE, {"id": grant.pk})

    assert data["roleGrantApprove"]["errors"] == [
        {"code": "SAME_APPROVER", "message": "申请人不能批准自己的申请"}
    ]
    assert _state("new.registrar") == before


def test_the_unit_above_grants_identity_roles_directly(tree, gql):
    data = gql(tree.user("city", "admin")).ok(CREATE, {"input": _new_registrar()})

    assert data["userCreate"]["user"]["roles"] == ["REGISTRAR", "SUPERVISOR"]
    assert data["userCreate"]["pendingRoleGrant"] is None
    entry = AuditEntry.objects.get(action=AuditAction.ROLES_CHANGED)
    assert (entry.before, entry.after) == (
        {"roles": []},
        {"roles": ["registrar", "supervisor"]},
    )


def test_adding_an_identity_role_in_the_own_unit_is_withheld(tree, gql):
    target = tree.user("county_a", "supervisor")

    data = gql(tree.user("county_a", "admin")).ok(
        UPDATE, {"id": target.pk, "roles": ["SUPERVISOR", "HANDLER"]}
    )

    assert data["userUpdate"] == {
        "user": {"roles": ["SUPERVISOR"]},
        "pendingRoleGrant": {"roles": ["HANDLER"], "status": "待审批"},
        "errors": [],
    }
    target.refresh_from_db()
    assert target.roles == ["supervisor"]
