"""The audit log's export (导出): the page's filter as XLSX, for auditors only,
at most 10,000 entries, the export itself recorded as DATA_EXPORTED."""

from __future__ import annotations

import datetime
import io
import json
from zoneinfo import ZoneInfo

from django.test import Client
from openpyxl import load_workbook

from tenants.models import AuditAction, AuditEntry
from tenants.roles import Role
from tenants.selectors import AUDIT_EXPORT_LIMIT, audit_entry_list
from tenants.services.audit import audit_record
from tests.factories.supervision import make_petition
from tests.factories.tenants import UserFactory

URL = "/audit-entries/export.xlsx"
LOGIN = """mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) { errors { code } } }"""
REVEAL = """mutation($p: ID!) { petitionIdentityReveal(input: {petitionId: $p}) {
  errors { code } } }"""
RENAME = 'mutation { unitRename(input: {unitCode: "320102002", name: "x"}) { errors { code } } }'


def _auditor(tree, unit_key="city"):
    return UserFactory(
        username=f"{unit_key}_auditor",
        full_name="市审计员",
        unit=tree.units[unit_key],
        roles=[Role.AUDITOR],
    )


def _web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rows(response) -> list[list]:
    assert response.status_code == 200, response.content
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_an_auditor_exports_the_filtered_log_named_as_the_page_names_it(tree, gql):
    # given a failed sign-in, a 显示 of a case and a refused rename in county A
    gql().ok(LOGIN, {"u": "county_a_registrar", "p": "wrong-password"})
    petition = make_petition(tree)
    registrar = tree.user("county_a", "registrar")
    gql(registrar).ok(REVEAL, {"p": str(petition.pk)})
    gql(tree.user("township", "liaison")).ok(RENAME)
    auditor = _auditor(tree)

    # when the city's auditor exports 显示 and failed sign-ins of today
    today = datetime.datetime.now(ZoneInfo("Asia/Shanghai")).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    response = _web(auditor).get(
        URL,
        {
            "actions": "IDENTITY_REVEALED,LOGIN_FAILED",
            "since": today.isoformat(),
            "until": (today + datetime.timedelta(days=1)).isoformat(),
        },
    )

    # then the workbook holds those two, newest first, in words
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment;" in response["Content-Disposition"]
    assert (
        "filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E8%AE%B0%E5%BD%95"
        in (response["Content-Disposition"])
    )
    rows = _rows(response)
    assert rows[0][0].startswith("中共南京市委组织部 审计记录（导出于 ")
    assert rows[0][0].endswith("共 2 条）")
    assert rows[1] == [
        "时间（北京时间）",
        "操作",
        "操作人",
        "操作人账号",
        "单位",
        "单位代码",
        "对象",
        "来源地址",
        "详情",
        "变更前",
        "变更后",
    ]
    assert [row[1:8] for row in rows[2:]] == [
        [
            "查看未脱敏身份信息",
            str(registrar),
            "county_a_registrar",
            "中共南京市玄武区委组织部",
            "320102",
            petition.tracking_number,
            "127.0.0.1",
        ],
        [
            "登录失败",
            "（未登录）",
            None,
            "中共南京市玄武区委组织部",
            "320102",
            f"county_a_registrar（{registrar.full_name}）"
            if registrar.full_name
            else "county_a_registrar",
            "127.0.0.1",
        ],
    ]
    assert json.loads(rows[2][8])["petition"] == str(petition.pk)
    # the time is Beijing time
    assert rows[2][0].startswith(today.strftime("%Y-%m-%d"))

    # and the export is itself in the log, with its filter and count
    exported = AuditEntry.objects.filter(action=AuditAction.DATA_EXPORTED).get()
    assert (exported.actor, exported.unit, exported.target) == (
        auditor,
        tree.units["city"],
        "audit-log",
    )
    assert exported.details == {
        "file": "audit.xlsx",
        "rows": 2,
        "filters": {
            "actions": ["IDENTITY_REVEALED", "LOGIN_FAILED"],
            "since": today.isoformat(),
            "until": (today + datetime.timedelta(days=1)).isoformat(),
        },
    }


def test_a_refused_operation_is_named_in_chinese_and_the_unit_filter_applies(tree, gql):
    gql(tree.user("township", "liaison")).ok(RENAME)
    gql().ok(LOGIN, {"u": "county_b_registrar", "p": "wrong-password"})
    web = _web(_auditor(tree))

    denied = {"actions": "PERMISSION_DENIED,LOGIN_FAILED"}
    rows = _rows(web.get(URL, {**denied, "unit": "320102", "below": "1"}))
    only_county_a = _rows(web.get(URL, {**denied, "unit": "320102"}))

    assert [(row[1], row[6]) for row in rows[2:]] == [("拒绝访问", "修改单位名称")]
    assert only_county_a[2:] == []


def test_more_than_the_limit_is_refused_with_the_count(tree):
    auditor = _auditor(tree)
    clerk = tree.user("county_b", "registrar")
    AuditEntry.objects.bulk_create(
        AuditEntry(
            action=AuditAction.LOGIN_SUCCEEDED,
            actor=clerk,
            unit=clerk.unit,
            target=clerk.username,
        )
        for _ in range(AUDIT_EXPORT_LIMIT + 1)
    )
    audit_record(action=AuditAction.LOGIN_SUCCEEDED, actor=auditor)
    # (besides what setting up the unit tree recorded)
    matching = audit_entry_list(actor=auditor).count()
    web = _web(auditor)

    refused = web.get(URL)
    narrowed = web.get(URL, {"actor": "city_auditor"})

    assert AUDIT_EXPORT_LIMIT == 10_000
    assert matching > AUDIT_EXPORT_LIMIT + 1
    assert refused.status_code == 400
    assert refused.json() == {
        "code": "TOO_MANY_ENTRIES",
        "message": f"符合条件的审计记录共 {matching} 条，超过一次导出的上限 "
        "10000 条，请缩短时间范围或增加筛选条件后再导出",
    }
    assert [row[3] for row in _rows(narrowed)[2:]] == ["city_auditor"]
    # the earlier export is named in the next one
    again = _rows(web.get(URL, {"actions": "DATA_EXPORTED"}))
    assert [row[6] for row in again[2:]] == ["审计记录（导出）"]
    # the two exports made are recorded, the refused one is not
    assert list(
        AuditEntry.objects.filter(action=AuditAction.DATA_EXPORTED).values_list(
            "details__rows", flat=True
        )
    ) == [1, 1]


def test_only_an_auditor_exports_and_nothing_is_recorded_otherwise(tree):
    audit_record(action=AuditAction.LOGIN_SUCCEEDED, actor=tree.user("city", "admin"))

    answers = {
        key: _web(tree.user(*key)).get(URL)
        for key in (("city", "admin"), ("city", "leader"), ("county_a", "registrar"))
    }
    anonymous = Client().get(URL)

    for response in answers.values():
        assert response.status_code == 403
        assert response.json() == {
            "code": "PERMISSION_DENIED",
            "message": "无权查看审计记录",
        }
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "UNAUTHENTICATED"
    assert not AuditEntry.objects.filter(action=AuditAction.DATA_EXPORTED).exists()


def test_a_malformed_filter_is_refused_in_chinese(tree):
    web = _web(_auditor(tree))

    bad_action = web.get(URL, {"actions": "LOGIN_FAILED,DROP_TABLE"})
    naive_time = web.get(URL, {"since": "2026-01-01T00:00:00"})

    assert (bad_action.status_code, bad_action.json()) == (
        400,
        {"code": "INVALID_FILTER", "message": "操作类型不正确，请重新选择"},
    )
    assert (naive_time.status_code, naive_time.json()) == (
        400,
        {"code": "INVALID_FILTER", "message": "时间格式不正确，请重新选择时间范围"},
    )
