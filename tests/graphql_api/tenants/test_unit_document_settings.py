"""公文设置: the unit administrator sets the 机关代字 and 签发人; a report cannot
be numbered until the 机关代字 is set, and never gets one made from the name."""

import pytest

from supervision.reporting.models import Report
from tenants.models import AuditAction, AuditEntry, Unit
from tests.factories.reporting import make_requirement
from tests.graphql_api.reporting.queries import SECTIONS, SUBMIT

SET = """
mutation($input: UnitDocumentSettingsSetInput!) {
  unitDocumentSettingsSet(input: $input) {
    unit { code agencyCode signatory }
    errors { code message field }
  }
}
"""


def test_the_unit_admin_sets_agency_code_and_signatory(tree, gql):
    admin = gql(tree.user("county_a", "admin"))

    result = admin.ok(SET, {"input": {"agencyCode": " 玄区组 ", "signatory": "张明"}})[
        "unitDocumentSettingsSet"
    ]

    assert result == {
        "unit": {"code": "320102", "agencyCode": "玄区组", "signatory": "张明"},
        "errors": [],
    }
    unit = Unit.objects.get(code="320102")
    assert (unit.agency_code, unit.signatory) == ("玄区组", "张明")
    entry = AuditEntry.objects.get(
        action=AuditAction.UNIT_DOCUMENT_SETTINGS_SET, unit=unit
    )
    assert entry.before == {"agency_code": "玄组", "signatory": "李建平"}
    assert entry.after == {"agency_code": "玄区组", "signatory": "张明"}


@pytest.mark.parametrize(
    "agency_code", ["", "XW组", "玄组〔", "一二三四五六七八九十一"]
)
def test_an_agency_code_must_be_chinese_characters(tree, gql, agency_code):
    admin = gql(tree.user("county_a", "admin"))

    result = admin.ok(SET, {"input": {"agencyCode": agency_code}})[
        "unitDocumentSettingsSet"
    ]

    assert result["errors"] == [
        {
            "code": "AGENCY_CODE_INVALID",
            "message": "机关代字应为1至10个汉字，如“玄组”",
            "field": "agencyCode",
        }
    ]
    assert Unit.objects.get(code="320102").agency_code == "玄组"


@pytest.mark.parametrize("role", ["registrar", "leader", "liaison"])
def test_only_the_unit_admin_sets_them(tree, gql, role):
    user = gql(tree.user("county_a", role))

    result = user.ok(SET, {"input": {"agencyCode": "假组"}})["unitDocumentSettingsSet"]

    assert result["unit"] is None
    assert [error["code"] for error in result["errors"]] == ["PERMISSION_DENIED"]
    assert Unit.objects.get(code="320102").agency_code == "玄组"


def test_a_report_is_refused_until_the_agency_code_is_set(tree, gql):
    Unit.objects.filter(code="320102").update(agency_code="")
    requirement = make_requirement(tree.units["city"], tree.user("city", "leader"))
    county = gql(tree.user("county_a", "registrar"))

    result = county.ok(SUBMIT, {"requirementId": requirement.pk, "sections": SECTIONS})[
        "reportSubmit"
    ]

    assert result["report"] is None
    assert result["errors"] == [
        {
            "code": "AGENCY_CODE_MISSING",
            "message": "中共南京市玄武区委组织部尚未设置机关代字，"
            "请单位管理员在“公文设置”中填写后再发文",
            "field": "agencyCode",
        }
    ]
    assert not Report.objects.filter(requirement=requirement).exists()
