"""A `limit` above the maximum is refused with its code, on every paginated list."""

import pytest

from graphql_api.core.types import MAX_PAGE_SIZE
from tenants.roles import Role
from tests.factories.tenants import UserFactory

# Every paginated list of the schema, with the actor that may read it.
PAGINATED = [
    ("units", "", ("county_a", "admin")),
    ("users", "", ("county_a", "admin")),
    ("petitions", "", ("county_a", "registrar")),
    ("supervisionOrders", "", ("city", "supervisor")),
    ("notifications", "", ("county_a", "registrar")),
    ("reportRequirements", "", ("city", "leader")),
    ("reports", "", ("city", "leader")),
    ("riskScreenings", "", ("county_a", "liaison")),
    ("situationReports", "", ("city", "leader")),
    ("overdueCases", "", ("city", "supervisor")),
    ("dueSoonCases", "", ("city", "supervisor")),
    ("auditEntries", "", ("province", "auditor")),
    ("caseLinksPage", "", ("city", "registrar")),
    (
        "repeatMatchesPage",
        ', petitionId: "00000000-0000-4000-8000-000000000000"',
        ("county_a", "registrar"),
    ),
    ("subtreeRepeatMatchesPage", "", ("city", "supervisor")),
    ("longTermPetitionersPage", "", ("city", "supervisor")),
    ("problemCasesPage", "", ("city", "supervisor")),
    ("crossLevelRefusalsPage", "", ("city", "supervisor")),
    ("reportObligationsPage", "", ("county_a", "registrar")),
    ("reportDelinquenciesPage", "", ("city", "leader")),
    ("assessmentBulletinsPage", "", ("city", "leader")),
    ("receptionDaysPage", "", ("county_a", "registrar")),
    ("departmentsPage", ', unitCode: "320102"', ("county_a", "admin")),
    ("roleGrantRequestsPage", "", ("county_a", "leader")),
]


def test_the_list_above_covers_every_paginated_query():
    from graphql_api.schema import schema

    paginated = {
        name
        for name, field in schema.graphql_schema.query_type.fields.items()
        if "limit" in field.args and "offset" in field.args
    }

    assert paginated == {name for name, _, _ in PAGINATED}


@pytest.mark.parametrize(("name", "arguments", "actor"), PAGINATED)
def test_a_limit_above_the_maximum_is_refused_naming_it(
    tree, gql, name, arguments, actor
):
    query = f"{{ {name}(limit: {MAX_PAGE_SIZE + 1}{arguments}) {{ totalCount }} }}"
    unit_key, role_key = actor
    # The fixed tree has no auditor (审计员 reads only the audit log).
    user = (
        UserFactory(unit=tree.units[unit_key], roles=[Role.AUDITOR])
        if role_key == "auditor"
        else tree.user(unit_key, role_key)
    )

    status, body = gql(user).execute(query)

    assert status == 200
    # overdueCases and dueSoonCases are nullable fields, the others are not.
    nullable = name in {"overdueCases", "dueSoonCases"}
    assert body["data"] == ({name: None} if nullable else None)
    assert [
        (error["message"], error["extensions"], error["path"])
        for error in body["errors"]
    ] == [
        (
            "每次最多返回200条，请减小limit后分页查询",
            {"code": "PAGE_LIMIT_EXCEEDED", "maximum": 200},
            [name],
        )
    ]


def test_the_maximum_itself_is_served(tree, gql):
    data = gql(tree.user("county_a", "admin")).ok(
        "{ units(limit: 200) { limit offset totalCount } }"
    )

    assert data == {"units": {"limit": 200, "offset": 0, "totalCount": 4}}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [("limit: 0", "limit应为1至200之间的整数"), ("offset: -1", "offset不能为负数")],
)
def test_a_limit_below_one_or_a_negative_offset_is_refused(
    tree, gql, arguments, message
):
    status, body = gql(tree.user("county_a", "admin")).execute(
        f"{{ units({arguments}) {{ totalCount }} }}"
    )

    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        (message, "INVALID_PAGE")
    ]


def test_a_top_list_above_its_maximum_is_refused(tree, gql):
    query = """{ overview(fromMonth: "2026-01", toMonth: "2026-03") {
      hotTopics(limit: 101) { value } } }"""

    status, body = gql(tree.user("city", "supervisor")).execute(query)

    assert [(e["message"], e["extensions"]) for e in body["errors"]] == [
        (
            "每次最多返回100条，请减小limit后分页查询",
            {"code": "PAGE_LIMIT_EXCEEDED", "maximum": 100},
        )
    ]
