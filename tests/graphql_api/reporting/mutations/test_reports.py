"""Who may submit, return and accept reports."""

import pytest

from supervision.reporting.models import Report, ReportEvent, ReportVersion
from supervision.reporting.services import report_submit
from tests.factories.reporting import make_requirement
from tests.graphql_api.reporting.queries import ACCEPT, RETURN, SECTIONS, SUBMIT

SECTION_DICT = {"basic_situation": "基本情况正文"}


def _county_requirement(tree):
    """The city requires a report from its counties only."""
    return make_requirement(
        tree.units["city"], tree.user("city", "leader"), target_levels=["county"]
    )


def _state():
    return (
        Report.objects.count(),
        ReportVersion.objects.count(),
        ReportEvent.objects.count(),
        list(Report.objects.values_list("status", flat=True)),
    )


@pytest.mark.parametrize(
    ("actor", "expected_code"),
    [
        (None, "UNAUTHENTICATED"),
        (("township", "liaison"), "NOT_FOUND"),  # not required to report
        (("county_a", "registrar"), None),
        (("county_a", "handler"), "PERMISSION_DENIED"),
        (("other_county", "registrar"), "NOT_FOUND"),  # another city's county
        (("province", "supervisor"), "PERMISSION_DENIED"),
    ],
)
def test_report_submit_authorization(tree, gql, actor, expected_code):
    requirement = _county_requirement(tree)
    user = tree.user(*actor) if actor else None
    before = _state()

    data = gql(user).ok(
        SUBMIT, {"requirementId": requirement.pk, "sections": SECTIONS}
    )["reportSubmit"]

    if expected_code is None:
        assert data["errors"] == []
        assert data["report"]["unit"] == {"code": user.unit.code}
        assert data["report"]["status"] == "SUBMITTED"
    else:
        assert data["report"] is None
        assert [e["code"] for e in data["errors"]] == [expected_code]
        assert _state() == before


REVIEWERS = [
    (None, "UNAUTHENTICATED"),
    (("township", "liaison"), "PERMISSION_DENIED"),
    (("county_a", "leader"), "NOT_FOUND"),  # its own report: the city reviews it
    (("county_b", "leader"), "NOT_FOUND"),  # sibling county
    (("city", "registrar"), "PERMISSION_DENIED"),
    (("province", "supervisor"), "NOT_FOUND"),  # not the direct parent
    (("city", "leader"), None),
]


@pytest.mark.parametrize(("actor", "expected_code"), REVIEWERS)
def test_report_return_authorization(tree, gql, actor, expected_code):
    report = report_submit(
        actor=tree.user("county_a", "registrar"),
        requirement_id=_county_requirement(tree).pk,
        sections=SECTION_DICT,
    )
    user = tree.user(*actor) if actor else None
    before = _state()

    data = gql(user).ok(RETURN, {"reportId": report.pk, "comment": "请补充"})[
        "reportReturn"
    ]

    if expected_code is None:
        assert data["errors"] == []
        assert data["report"]["status"] == "RETURNED"
    else:
        assert data["report"] is None
        assert [e["code"] for e in data["errors"]] == [expected_code]
        assert _state() == before


@pytest.mark.parametrize(("actor", "expected_code"), REVIEWERS)
def test_report_accept_authorization(tree, gql, actor, expected_code):
    report = report_submit(
        actor=tree.user("county_a", "registrar"),
        requirement_id=_county_requirement(tree).pk,
        sections=SECTION_DICT,
    )
    user = tree.user(*actor) if actor else None
    before = _state()

    data = gql(user).ok(ACCEPT, {"reportId": report.pk})["reportAccept"]

    if expected_code is None:
        assert data["errors"] == []
        assert data["report"] == {
            "id": str(report.pk),
            "status": "ACCEPTED",
            "reviewComment": "同意",
        }
    else:
        assert data["report"] is None
        assert [e["code"] for e in data["errors"]] == [expected_code]
        assert _state() == before


def test_a_report_is_visible_to_its_unit_and_above_never_to_a_sibling(tree, gql):
    report = report_submit(
        actor=tree.user("township", "liaison"),
        requirement_id=make_requirement(
            tree.units["county_a"], tree.user("county_a", "leader")
        ).pk,
        sections=SECTION_DICT,
    )
    query = "query($id: ID!) { report(id: $id) { id unit { code } } }"
    seen = {
        key: gql(tree.user(key, role)).ok(query, {"id": report.pk})["report"]
        is not None
        for key, role in [
            ("township", "liaison"),
            ("county_a", "leader"),
            ("city", "supervisor"),
            ("province", "supervisor"),
            ("county_b", "leader"),
            ("other_city", "supervisor"),
        ]
    }
    assert seen == {
        "township": True,
        "county_a": True,
        "city": True,
        "province": True,
        "county_b": False,
        "other_city": False,
    }
