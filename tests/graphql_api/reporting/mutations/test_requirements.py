"""Who may set report requirements."""

import pytest

from supervision.reporting.models import ReportRequirement
from tests.graphql_api.reporting.queries import REQUIREMENT_CREATE

MONTHLY = {
    "kind": "MONTHLY",
    "title": "2025年10月信访统计月报",
    "periodStart": "2025-10-01",
    "periodEnd": "2025-10-31",
    "dueOn": "2025-11-05",
}


@pytest.mark.parametrize(
    ("actor", "expected_code", "issuer"),
    [
        (None, "UNAUTHENTICATED", None),
        (("township", "liaison"), "PERMISSION_DENIED", None),
        (("county_a", "registrar"), "PERMISSION_DENIED", None),
        (("county_a", "leader"), None, "320102"),
        (("county_b", "leader"), "NO_SUBORDINATES", None),  # sibling, no townships
        (("province", "supervisor"), None, "320000"),
    ],
)
def test_report_requirement_create_authorization(
    tree, gql, actor, expected_code, issuer
):
    user = tree.user(*actor) if actor else None
    before = ReportRequirement.objects.count()

    data = gql(user).ok(REQUIREMENT_CREATE, {"input": MONTHLY})[
        "reportRequirementCreate"
    ]

    if expected_code is None:
        assert data["errors"] == []
        assert data["requirement"]["issuerUnit"] == {"code": issuer}
        assert data["requirement"]["kind"] == "MONTHLY"
        assert ReportRequirement.objects.count() == before + 1
    else:
        assert data["requirement"] is None
        assert [e["code"] for e in data["errors"]] == [expected_code]
        assert ReportRequirement.objects.count() == before
