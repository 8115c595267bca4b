"""The auditor's page (审计记录) in Chromium: an auditor signs in and lands on
the log (工作台, empty for an auditor, is not in its menu and /work leads to
the log), finds the failed login, the identity shown (显示) done earlier
through the workbench (named by the case's 信访件编号) and a refused rename
(named in Chinese), filters by action and by account, opens an entry, pages,
and reloads a shared view; someone else opening /audit is told why there is
nothing to see."""

from __future__ import annotations

import datetime
import json
import re
from urllib.parse import quote
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import (
    no_open_dropdown,
    run_in_live_database,
    screenshot,
    sign_in,
)
from tests.browser.test_case_page import _register_appeal

# A city auditor (南京市), and 23 sign-ins of one account of its subtree, so
# that the log has a second page for that account whatever else it holds.
SEED = """
from tenants.models import AuditAction, User
from tenants.roles import Role
from tenants.services.audit import audit_record
from tests.factories.tenants import UserFactory
from tests.tree import load_tree
tree = load_tree()
UserFactory(username="city_auditor", full_name="市委组织部审计员",
            unit=tree.units["city"], roles=[Role.AUDITOR])
clerk = UserFactory(username="county_b_clerk", full_name="秦淮区值班员",
                    unit=tree.units["county_b"], roles=[Role.HANDLER])
for _ in range(23):
    audit_record(action=AuditAction.LOGIN_SUCCEEDED, actor=clerk, target=clerk.username)
"""
ENGLISH_KEY = re.compile(r"\b[A-Z]{3,}_[A-Z_]+\b")
RENAME = """mutation { unitRename(input: {unitCode: "320102", name: "改名"}) {
  errors { code } } }"""
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")


def _refused_rename(page) -> None:
    """The signed-in registrar asks the live API to rename its unit: refused."""
    token = page.request.get("/csrf/").json()["csrfToken"]
    response = page.request.post(
        "/graphql/",
        data=json.dumps({"query": RENAME}),
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )
    errors = response.json()["data"]["unitRename"]["errors"]
    assert errors == [{"code": "PERMISSION_DENIED"}]


def _table(page):
    return page.locator("[data-test=audit-table]")


def _rows(page):
    return _table(page).locator(".el-table__body > tbody > tr.el-table__row")


def _pick_actions(page, *labels: str) -> None:
    """Ticks the action types in the multi-select (its dropdown stays open
    while picking) and closes it."""
    no_open_dropdown(page)
    page.locator("[data-test=audit-actions]").click()
    dropdown = page.locator(".el-select-dropdown:visible")
    for label in labels:
        dropdown.get_by_role("option", name=label, exact=True).click()
    page.locator(".page-title").click()
    no_open_dropdown(page)


def _query(page) -> None:
    with page.expect_response(lambda r: "AuditEntries" in (r.request.post_data or "")):
        page.locator("[data-test=audit-query]").click()


def _reset(page) -> None:
    """重置, waiting until the cleared view is the address (and the filters)."""
    page.locator("[data-test=audit-reset]").click()
    expect(page).to_have_url("/audit")
    expect(page.locator("[data-test=audit-actor]")).to_have_value("")


def _settled(page) -> None:
    """Waits until the table's loading mask has faded (before a screenshot)."""
    expect(
        page.locator("[data-test=audit-table] .el-loading-mask:visible")
    ).to_have_count(0)


def test_an_auditor_reads_filters_opens_and_pages_the_log(page):
    run_in_live_database(SEED)
    # A failed sign-in (wrong password) of an account of 秦淮区 …
    page.goto("/login")
    page.get_by_label("用户名").fill("county_b_handler")
    page.get_by_label("密码", exact=True).fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("[data-test=login-error]")).to_have_text("用户名或密码错误")
    # … one of a township below 玄武区 …
    page.get_by_label("用户名").fill("township_admin")
    page.get_by_label("密码", exact=True).fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("[data-test=login-error]")).to_have_text("用户名或密码错误")
    # … and 玄武区's registrar pressing 显示 on a case's parties.
    sign_in(page, "county_a_registrar")
    petition = _register_appeal(page)
    page.goto(f"/petitions/{petition['id']}")
    page.locator("[data-test=identity-reveal]").click()
    expect(page.locator(".petitioners")).to_contain_text("周建华")
    # … who also tries to rename the unit, which is not theirs to do.
    _refused_rename(page)
    page.context.clear_cookies()

    # The auditor lands on the log, first in its menu.
    sign_in(page, "city_auditor")
    expect(page).to_have_url("/audit")
    expect(page.locator("[data-test=shell-menu] li").first).to_have_text("审计记录")
    # no 工作台, whose queues are none of an auditor's: /work leads to the log
    expect(page.locator("[data-test=shell-menu]")).not_to_contain_text("工作台")
    page.goto("/work")
    expect(page).to_have_url("/audit")
    page.goto("/no-such-page")
    expect(page).to_have_url("/audit")
    expect(_rows(page).first).to_be_visible()
    expect(page.locator("[data-test=audit-pages]")).to_contain_text(
        re.compile(r"共 \d+ 条")
    )
    # (the action labels arrive with their own request)
    expect(_table(page)).to_contain_text("登录失败")
    table_text = _table(page).inner_text()
    assert "查看未脱敏身份信息" in table_text
    assert ENGLISH_KEY.search(table_text) is None, table_text
    # nothing of the identity itself
    assert "周建华" not in table_text and "13851230001" not in table_text
    _settled(page)
    screenshot(page, "audit-home")

    # Filtered by action: the failed sign-in, with its reason when opened.
    _pick_actions(page, "登录失败")
    _query(page)
    expect(page).to_have_url(re.compile(r"/audit\?actions=LOGIN_FAILED$"))
    expect(page.locator("[data-test=audit-action]")).not_to_have_count(0)
    for label in page.locator("[data-test=audit-action]").all_inner_texts():
        assert label == "登录失败"
    failed = _rows(page).filter(has_text="county_b_handler").first
    expect(failed).to_contain_text("中共南京市秦淮区委组织部")
    expect(failed).to_contain_text("（未登录）")
    expect(failed).to_contain_text("127.0.0.1")
    # the account named by the entry's user id, with its name, not the id
    expect(failed.locator("[data-test=audit-target]")).to_have_text(
        re.compile(r"^county_b_handler（.+）$")
    )
    failed.locator(".el-table__expand-icon").click()
    opened = page.locator("[data-test=audit-expanded]:visible")
    expect(opened).to_contain_text("原因")
    expect(opened).to_contain_text("用户名或密码错误")
    expect(opened).to_contain_text(re.compile(r"账号\s*county_b_handler（"))
    expect(opened).not_to_contain_text("用户编号")
    _settled(page)
    screenshot(page, "audit-login-failed")

    # Filtered by account too: the registrar's 显示, with the fields named.
    _reset(page)
    _pick_actions(page, "查看未脱敏身份信息")
    page.locator("[data-test=audit-actor]").fill("county_a_registrar")
    _query(page)
    expect(page).to_have_url(
        re.compile(r"/audit\?actions=IDENTITY_REVEALED&actor=county_a_registrar$")
    )
    # named by the case's tracking number, not its internal id
    revealed = _rows(page).filter(has_text=petition["trackingNumber"])
    expect(revealed.first).to_be_visible()
    assert re.fullmatch(r"320102-\d{4}-\d{5}", petition["trackingNumber"])
    expect(_table(page)).not_to_contain_text(petition["id"])
    for account in page.locator("[data-test=audit-account]").all_inner_texts():
        assert account == "county_a_registrar"
    _settled(page)
    screenshot(page, "audit-filtered")
    revealed.first.locator(".el-table__expand-icon").click()
    opened = page.locator("[data-test=audit-expanded]:visible")
    expect(opened).to_contain_text(
        re.compile(f"信访件编号\\s*{re.escape(petition['trackingNumber'])}")
    )
    expect(opened).not_to_contain_text(petition["id"])
    # a petitioner has no number anyone knows: its id is said to be internal
    expect(opened).to_contain_text("信访人内部标识")
    expect(opened).to_contain_text("姓名")
    expect(opened).to_contain_text("点击“显示”")
    expect(opened).not_to_contain_text("周建华")
    expect(opened).not_to_contain_text("{")
    _settled(page)
    screenshot(page, "audit-expanded")

    # The refused rename, named in Chinese rather than by the mutation.
    _reset(page)
    _pick_actions(page, "拒绝访问")
    page.locator("[data-test=audit-actor]").fill("county_a_registrar")
    _query(page)
    refused = _rows(page).filter(has_text="拒绝访问")
    expect(refused).to_have_count(1)
    expect(refused.locator("[data-test=audit-target]")).to_have_text("修改单位名称")
    refused.locator(".el-table__expand-icon").click()
    opened = page.locator("[data-test=audit-expanded]:visible")
    expect(opened).to_contain_text(re.compile(r"拒绝的操作\s*修改单位名称"))
    expect(opened).to_contain_text("管理下级单位")
    expect(page.locator("[data-test=audit-table]")).not_to_contain_text("UnitRename")
    _settled(page)
    screenshot(page, "audit-refused")

    # By unit, picked from the auditor's subtree by name: 玄武区 alone, then
    # with the townships below it.
    _reset(page)
    unit = page.locator("[data-test=audit-unit]")
    unit.click()
    unit.locator("input").fill("玄武")
    option = page.locator(".el-select-dropdown:visible").get_by_role(
        "option", name=re.compile(r"^中共南京市玄武区委组织部\s*320102$")
    )
    option.click()
    expect(unit).to_contain_text("中共南京市玄武区委组织部")
    _pick_actions(page, "登录失败")
    _query(page)
    expect(page).to_have_url("/audit?actions=LOGIN_FAILED&unit=320102")
    expect(_table(page)).not_to_contain_text("梅园新村街道党工委组织办")
    page.locator("[data-test=audit-subunits]").click()
    _query(page)
    expect(page).to_have_url("/audit?actions=LOGIN_FAILED&unit=320102&below=1")
    township = _rows(page).filter(has_text="township_admin").first
    expect(township).to_contain_text("梅园新村街道党工委组织办")
    for row in _rows(page).all_inner_texts():
        assert "玄武区" in row or "梅园新村" in row, row
    _settled(page)
    screenshot(page, "audit-unit-subtree")
    # a shared view keeps the unit's name and the tick after a reload
    page.reload()
    expect(unit).to_contain_text("中共南京市玄武区委组织部")
    expect(page.locator("[data-test=audit-subunits] input")).to_be_checked()
    expect(township).to_be_visible()

    # By time, in Beijing time: today holds the entries, a day of 2000 none.
    today = datetime.datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    page.goto(
        "/audit?actions=LOGIN_FAILED"
        f"&from={quote(today + ' 00:00:00')}&to={quote(today + ' 23:59:59')}"
    )
    expect(page.get_by_placeholder("起始时间")).to_have_value(f"{today} 00:00:00")
    expect(page.get_by_placeholder("截止时间")).to_have_value(f"{today} 23:59:59")
    expect(_rows(page).filter(has_text="county_b_handler").first).to_be_visible()
    page.goto("/audit?from=2000-01-01%2000%3A00%3A00&to=2000-01-01%2023%3A59%3A59")
    expect(_table(page)).to_contain_text("暂无符合条件的审计记录")

    # Paging through one account's 23 sign-ins; the view survives a reload.
    _reset(page)
    page.locator("[data-test=audit-actor]").fill("county_b_clerk")
    _query(page)
    pages = page.locator("[data-test=audit-pages]")
    expect(pages).to_contain_text("共 23 条")
    expect(_rows(page)).to_have_count(20)
    with page.expect_response(lambda r: "AuditEntries" in (r.request.post_data or "")):
        pages.locator(".el-pager li", has_text="2").click()
    expect(page).to_have_url("/audit?actor=county_b_clerk&page=2")
    expect(_rows(page)).to_have_count(3)
    page.reload()
    expect(page.locator("[data-test=audit-actor]")).to_have_value("county_b_clerk")
    expect(_rows(page)).to_have_count(3)
    expect(_rows(page).first).to_contain_text("秦淮区值班员")
    expect(_rows(page).first).to_contain_text("登录成功")
    _settled(page)
    screenshot(page, "audit-paged")

    # An account of no auditor's subtree finds nothing, said in Chinese.
    page.goto("/audit?actor=nobody-here")
    expect(_table(page)).to_contain_text("暂无符合条件的审计记录")
    expect(pages).to_contain_text("共 0 条")


def test_someone_who_is_not_an_auditor_is_told_the_log_is_not_theirs(page):
    sign_in(page, "county_a_leader")
    expect(page).to_have_url("/work")
    expect(page.locator("[data-test=shell-menu]")).not_to_contain_text("审计记录")

    page.goto("/audit")

    denied = page.locator("[data-test=audit-denied]")
    expect(denied).to_contain_text("无权查看审计记录")
    expect(denied).to_contain_text("审计记录仅供审计员查看")
    expect(page.locator("[data-test=audit-table]")).to_have_count(0)
    screenshot(page, "audit-denied")


EXPORT_SEED = """
from tenants.models import AuditAction, AuditEntry, User
from tenants.roles import Role
from tests.factories.tenants import UserFactory
from tests.tree import load_tree
tree = load_tree()
if not User.objects.filter(username="province_auditor").exists():
    UserFactory(username="province_auditor", full_name="省委组织部审计员",
                unit=tree.units["province"], roles=[Role.AUDITOR])
    bulk = UserFactory(username="county_b_bulk", full_name="秦淮区批量账号",
                       unit=tree.units["county_b"], roles=[Role.HANDLER])
    AuditEntry.objects.bulk_create(
        AuditEntry(action=AuditAction.LOGIN_SUCCEEDED, actor=bulk,
                   unit=bulk.unit, target=bulk.username)
        for _ in range(10_001)
    )
"""


def test_an_auditor_exports_the_filtered_log_as_a_workbook(page, tmp_path):
    run_in_live_database(EXPORT_SEED)
    # a failed sign-in of 玄武区's leader, to find in the export
    page.goto("/login")
    page.get_by_label("用户名").fill("county_a_leader")
    page.get_by_label("密码", exact=True).fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("[data-test=login-error]")).to_have_text("用户名或密码错误")
    sign_in(page, "province_auditor")
    expect(page).to_have_url("/audit")

    # 导出 of the failed sign-ins: the workbook holds what the table shows
    _pick_actions(page, "登录失败")
    _query(page)
    expect(_rows(page).filter(has_text="county_a_leader").first).to_be_visible()
    shown = page.locator("[data-test=audit-pages]").inner_text()
    with page.expect_download() as download:
        page.locator("[data-test=audit-export]").click()
    assert re.fullmatch(
        r"审计记录-\d{8}-\d{6}\.xlsx", download.value.suggested_filename
    )
    saved = tmp_path / "audit.xlsx"
    download.value.save_as(saved)
    rows = [
        list(row) for row in load_workbook(saved).active.iter_rows(values_only=True)
    ]
    assert rows[0][0].startswith("中共江苏省委组织部 审计记录（导出于 ")
    assert rows[1][:3] == ["时间（北京时间）", "操作", "操作人"]
    assert f"共 {len(rows) - 2} 条" in shown
    assert {row[1] for row in rows[2:]} == {"登录失败"}
    leader = next(row for row in rows[2:] if str(row[6]).startswith("county_a_leader"))
    assert leader[4] == "中共南京市玄武区委组织部"
    expect(page.locator("[data-test=audit-export-error]")).to_have_count(0)

    # the export is in the log itself, with its filter in words
    _reset(page)
    _pick_actions(page, "导出数据")
    _query(page)
    exported = _rows(page).filter(has_text="province_auditor").first
    expect(exported).to_contain_text("导出数据")
    expect(exported.locator("[data-test=audit-target]")).to_have_text(
        "审计记录（导出）"
    )
    exported.locator(".el-table__expand-icon").click()
    opened = page.locator("[data-test=audit-expanded]:visible")
    expect(opened).to_contain_text(re.compile(r"导出条数\s*\d+"))
    expect(opened).to_contain_text("操作类型：登录失败")
    _settled(page)
    screenshot(page, "audit-export-recorded")

    # the whole log of the province is more than one export holds: said why
    _reset(page)
    page.locator("[data-test=audit-export]").click()
    refused = page.locator("[data-test=audit-export-error]")
    expect(refused).to_contain_text(
        re.compile(r"符合条件的审计记录共 \d+ 条，超过一次导出的上限 10000 条")
    )
    expect(refused).to_contain_text("请缩短时间范围或增加筛选条件后再导出")
    page.mouse.move(0, 0)
    expect(page.locator(".el-popper[role=tooltip]:visible")).to_have_count(0)
    _settled(page)
    screenshot(page, "audit-export-too-many")
