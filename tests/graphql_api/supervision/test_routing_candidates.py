"""Routing a case (归口办理): the unit's departments, members and handlers."""

import pytest

from tests.factories.supervision import make_petition
from tests.factories.tenants import UserFactory

CANDIDATES = """query($p: ID) { routingCandidates(petitionId: $p) {
  departments { name kind members { fullName roles departmentId mayHandle } }
  handlers { id fullName roles } } }"""

# Every member of county_a's staff in the tree sits in 干部监督科.
COUNTY_A_STAFF = (
    "admin",
    "registrar",
    "handler",
    "head",
    "leader",
    "supervisor",
    "liaison",
)
COUNTY_A_HANDLERS = ("handler", "head", "liaison")  # PETITION_HANDLE


def _staff(tree, keys):
    users = sorted(
        (tree.user("county_a", key) for key in keys),
        key=lambda user: (user.full_name, user.username),
    )
    return users


def _handler_rows(users):
    return [
        {
            "id": str(user.pk),
            "fullName": user.full_name,
            "roles": [r.upper() for r in user.roles],
        }
        for user in users
    ]


@pytest.mark.parametrize("role", ["registrar", "head"])
def test_those_who_route_see_the_units_departments_and_handlers(tree, gql, role):
    department_id = str(tree.user("county_a", "handler").department_id)

    data = gql(tree.user("county_a", role)).ok(CANDIDATES)["routingCandidates"]

    assert data["departments"] == [
        {"name": "办公室", "kind": "OFFICE", "members": []},
        {
            "name": "干部监督科",
            "kind": "CADRE_SUPERVISION",
            "members": [
                {
                    "fullName": user.full_name,
                    "roles": [r.upper() for r in user.roles],
                    "departmentId": department_id,
                    "mayHandle": user.username.split("_", 2)[-1] in COUNTY_A_HANDLERS,
                }
                for user in _staff(tree, COUNTY_A_STAFF)
            ],
        },
    ]
    assert data["handlers"] == _handler_rows(_staff(tree, COUNTY_A_HANDLERS))


def test_inactive_staff_and_other_units_staff_are_not_candidates(tree, gql):
    UserFactory(
        username="county_a_gone",
        unit=tree.units["county_a"],
        roles=["handler"],
        is_active=False,
    )

    data = gql(tree.user("county_a", "registrar")).ok(CANDIDATES)["routingCandidates"]

    # county_b's handler and the disabled account are nowhere
    assert data["handlers"] == _handler_rows(_staff(tree, COUNTY_A_HANDLERS))


def test_staff_recused_from_the_case_are_left_out(tree, gql):
    petition = make_petition(tree, "accepted")
    recused = tree.user("county_a", "handler")
    head = gql(tree.user("county_a", "head"))
    head.ok(
        """mutation($p: ID!, $u: ID!) { petitionRecuse(petitionId: $p, userId: $u,
           reason: "与信访人系亲属") { errors { code } } }""",
        {"p": str(petition.pk), "u": str(recused.pk)},
    )

    data = head.ok(CANDIDATES, {"p": str(petition.pk)})["routingCandidates"]

    assert data["handlers"] == _handler_rows(_staff(tree, ("head", "liaison")))
    members = [m["fullName"] for d in data["departments"] for m in d["members"]]
    assert recused.full_name not in members
    assert len(members) == len(COUNTY_A_STAFF) - 1


@pytest.mark.parametrize("role", ["handler", "supervisor", "admin"])
def test_staff_who_do_not_route_are_refused(tree, gql, role):
    status, body = gql(tree.user("county_a", role)).execute(CANDIDATES)

    assert body["data"] is None
    assert [(e["message"], e["extensions"]) for e in body["errors"]] == [
        ("无权交办，不能查看本单位承办人员", {"code": "PERMISSION_DENIED"})
    ]


def test_a_petition_of_another_unit_answers_not_found(tree, gql):
    elsewhere = make_petition(tree, "accepted", "county_b")

    status, body = gql(tree.user("county_a", "registrar")).execute(
        CANDIDATES, {"p": str(elsewhere.pk)}
    )

    assert [(e["message"], e["extensions"]) for e in body["errors"]] == [
        ("信访件不存在", {"code": "NOT_FOUND", "field": "petitionId"})
    ]


def test_candidates_are_read_in_a_fixed_number_of_queries(
    tree, gql, django_assert_num_queries
):
    petition = make_petition(tree, "accepted")
    client = gql(tree.user("county_a", "registrar"))
    for number in range(5):
        UserFactory(
            username=f"county_a_extra{number}",
            unit=tree.units["county_a"],
            department=tree.user("county_a", "handler").department,
            roles=["handler"],
        )

    # the request's own queries (session, user, unit, savepoints) included;
    # the count does not grow with the staff
    with django_assert_num_queries(9):
        data = client.ok(CANDIDATES, {"p": str(petition.pk)})
    assert len(data["routingCandidates"]["handlers"]) == len(COUNTY_A_HANDLERS) + 5
