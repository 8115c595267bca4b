"""The standard GraphQL validation runs besides the depth and cost limits, and
people read its errors in Chinese; the code is stable and the English is kept."""

import pytest

from supervision.reporting.models import ReportRequirement

STATISTICS = """{{ reportStatistics(unitCode: "320102", periodStart: {start},
  periodEnd: "2026-03-31") {{ periodStart }} }}"""


@pytest.mark.parametrize(
    ("query", "message", "reason", "original"),
    [
        (
            '{ overview(unitCode: "320102", toMonth: "2026-03") { totals { received } } }',
            "字段overview缺少必填参数fromMonth（String!）",
            "MISSING_ARGUMENT",
            "Field 'overview' argument 'fromMonth' of type 'String!' is required,"
            " but it was not provided.",
        ),
        (
            "{ me { noSuchField } }",
            "User没有字段noSuchField",
            "UNKNOWN_FIELD",
            "Cannot query field 'noSuchField' on type 'User'.",
        ),
        (
            "{ unit(code: 320102) { code } }",
            "应为文本（用双引号括起）（收到：320102）",
            "INVALID_VALUE",
            "String cannot represent a non string value: 320102",
        ),
        (
            STATISTICS.format(start='"2025/09/20"'),
            "日期格式应为YYYY-MM-DD（收到：'2025/09/20'）",
            "INVALID_VALUE",
            "Date cannot represent value: '2025/09/20'",
        ),
        (
            "{ reports(status: SENT) { totalCount } }",
            "“SENT”不是ReportStatus的可选值",
            "INVALID_ENUM_VALUE",
            "Value 'SENT' does not exist in 'ReportStatus' enum.",
        ),
        (
            '{ reports(limit: "ten") { totalCount } }',
            '应为整数（收到："ten"）',
            "INVALID_VALUE",
            'Int cannot represent non-integer value: "ten"',
        ),
        (
            "{ petition(id: 1.5) { id } }",
            "应为编号（文本或整数）（收到：1.5）",
            "INVALID_VALUE",
            "ID cannot represent a non-string and non-integer value: 1.5",
        ),
        (
            '{ petition(id: "1", number: 3) { id } }',
            "字段Query.petition没有参数number",
            "UNKNOWN_ARGUMENT",
            "Unknown argument 'number' on field 'Query.petition'.",
        ),
        (
            "{ me }",
            "字段me（User）须列出要查询的子字段",
            "SELECTION_REQUIRED",
            "Field 'me' of type 'User' must have a selection of subfields."
            " Did you mean 'me { ... }'?",
        ),
    ],
)
def test_invalid_documents_are_refused_in_chinese(
    tree, gql, query, message, reason, original
):
    status, body = gql(tree.user("county_a", "leader")).execute(query)

    assert status == 400
    assert body.get("data") is None
    [error] = body["errors"]
    assert error["message"] == message
    assert error["extensions"] == {
        "code": "GRAPHQL_VALIDATION_FAILED",
        "reason": reason,
        "developerMessage": original,
    }


def test_a_missing_input_field_is_named_in_chinese_and_nothing_is_stored(tree, gql):
    query = """mutation { reportRequirementCreate(input: {title: "2026年度报告",
      kind: ANNUAL, periodStart: "2026-01-01", periodEnd: "2026-12-31"}) {
      errors { code } } }"""

    status, body = gql(tree.user("city", "leader")).execute(query)

    assert status == 400
    assert [error["message"] for error in body["errors"]] == [
        "ReportRequirementInput缺少必填字段dueOn（Date!）"
    ]
    assert body["errors"][0]["extensions"]["reason"] == "MISSING_FIELD"
    assert ReportRequirement.objects.count() == 0


@pytest.mark.parametrize(
    ("variables", "message", "reason"),
    [
        (
            {"start": "2025/09/20"},
            "变量$start有误：日期格式应为YYYY-MM-DD（收到：'2025/09/20'）",
            "INVALID_VALUE",
        ),
        ({"start": None}, "变量$start（Date!）不能为空", "MISSING_VARIABLE"),
        ({}, "缺少必填变量$start（Date!）", "MISSING_VARIABLE"),
    ],
)
def test_bad_variables_are_refused_in_chinese(tree, gql, variables, message, reason):
    query = "query($start: Date!) " + STATISTICS.format(start="$start")

    status, body = gql(tree.user("county_a", "leader")).execute(query, variables)

    assert status == 400
    [error] = body["errors"]
    assert (error["message"], error["extensions"]["code"]) == (
        message,
        "GRAPHQL_VALIDATION_FAILED",
    )
    assert error["extensions"]["reason"] == reason


def test_an_enum_variable_out_of_range_is_refused_in_chinese(tree, gql):
    query = "query($s: ReportStatus) { reports(status: $s) { totalCount } }"

    status, body = gql(tree.user("county_a", "leader")).execute(query, {"s": "SENT"})

    assert status == 400
    assert [error["message"] for error in body["errors"]] == [
        "变量$s有误：“SENT”不是ReportStatus的可选值"
    ]


def test_a_syntax_error_is_refused_in_chinese(tree, gql):
    status, body = gql(tree.user("county_a", "leader")).execute("{ me { username ")

    assert status == 400
    [error] = body["errors"]
    assert error["message"] == "查询语句有语法错误"
    assert error["extensions"]["developerMessage"] == (
        "Syntax Error: Expected Name, found <EOF>."
    )


def test_a_bad_date_inside_an_input_variable_names_the_field(tree, gql):
    query = """mutation($input: ReportRequirementInput!) {
      reportRequirementCreate(input: $input) { errors { code } } }"""
    requirement = {
        "kind": "ANNUAL",
        "title": "2026年度报告",
        "periodStart": "2026/01/01",
        "periodEnd": "2026-12-31",
        "dueOn": "2027-01-31",
    }

    status, body = gql(tree.user("city", "leader")).execute(
        query, {"input": requirement}
    )

    assert status == 400
    assert [(e["message"], e["extensions"]["reason"]) for e in body["errors"]] == [
        (
            "变量$input的periodStart有误：日期格式应为YYYY-MM-DD（收到：'2026/01/01'）",
            "INVALID_VALUE",
        )
    ]
    assert ReportRequirement.objects.count() == 0
