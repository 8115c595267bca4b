"""List queries cost a fixed number of SQL queries, however many rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervision.reporting.services import (
    report_submit,
    risk_screening_create,
    situation_report_create,
)
from tests.factories.reporting import make_requirement

REPORTS = """
{ reports { totalCount items {
    id status documentNumber unit { code } reviewerUnit { code }
    requirement { title issuerUnit { code } }
} } }"""

ROLL_UP = """
query($id: ID!) { reportRollUp(requirementId: $id, unitCode: "320000") {
  statistics { total { counts { key value } } }
  children { unit { code } submission { state reviewerUnit { code } report { id } } }
} }"""

LIAISON = """
{ riskScreenings { items { matter unit { code } reportedByName } }
  situationReports { items { title unit { code } reportedByName } } }"""


def _queries(client, query, variables=None):
    with CaptureQueriesContext(connection) as captured:
        client.ok(query, variables)
    return len(captured)


def _submit_all(tree, requirement, keys):
    for key in keys:
        role = "liaison" if key == "township" else "registrar"
        report_submit(
            actor=tree.user(key, role),
            requirement_id=requirement.pk,
            sections={"basic_situation": "正文"},
        )


@pytest.mark.parametrize("query", [REPORTS, ROLL_UP])
def test_report_lists_do_not_grow_with_rows(tree, gql, query):
    client = gql(tree.user("province", "supervisor"))
    requirement = make_requirement(
        tree.units["province"], tree.user("province", "leader")
    )
    _submit_all(tree, requirement, ["county_a"])
    one = _queries(client, query, {"id": requirement.pk})
    _submit_all(tree, requirement, ["city", "other_city", "township", "county_b"])

    many = _queries(client, query, {"id": requirement.pk})

    assert many == one


def test_liaison_lists_do_not_grow_with_rows(tree, gql):
    client = gql(tree.user("province", "supervisor"))
    liaison = tree.user("township", "liaison")
    risk_screening_create(actor=liaison, matter="隐患一", severity="low")
    situation_report_create(
        actor=liaison,
        title="情况一",
        content="内容",
        severity="high",
        occurred_on=tree.units["township"].created_at.date(),
    )
    one = _queries(client, LIAISON)
    for key in ("county_a", "county_b", "other_county"):
        actor = tree.user(key, "registrar")
        risk_screening_create(actor=actor, matter=f"隐患{key}", severity="medium")
        situation_report_create(
            actor=actor,
            title=f"情况{key}",
            content="内容",
            severity="low",
            occurred_on=tree.units["township"].created_at.date(),
        )

    assert _queries(client, LIAISON) == one
