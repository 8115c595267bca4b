"""Issue 12's remaining workbench parts in Chromium: the accused's unit picked
from the tree (or 所在单位不详) at registration, 显示 on a case's parties (the
server decides and audits) and leader reception days created and edited."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import choose, screenshot, sign_in
from tests.browser.test_case_page import _register_appeal

UNIT_RULE = (
    "检举控告须从单位树中选择被反映人{name}的所在单位；确实不详的，请标明“所在单位不详”"
)


def _accusation(page, title: str, accused: str) -> None:
    choose(page, "register-legal-type", "检举控告")
    choose(page, "register-topic", "干部选拔任用")
    page.get_by_label("摘要").fill(title)
    page.get_by_label("反映内容").fill(
        f"来信检举{accused}在街道干部选拔任用中打招呼、搞暗箱操作。"
    )
    page.locator("#reg-p0-name").fill("赵立群")
    page.get_by_role("button", name="添加被反映人").click()
    page.locator("#reg-a0-name").fill(accused)
    page.locator("#reg-a0-unit").fill("梅园新村街道党工委")
    choose(page, "accused-level-0", "县级")


def test_an_accusation_needs_the_accused_unit_from_the_tree_or_unknown(page):
    sign_in(page, "county_a_registrar")
    page.locator("[data-test=shell-menu] li", has_text="登记").click()
    _accusation(page, "检举街道干部选拔问题", "孙某")

    page.locator("[data-test=register-save]").click()
    expect(page.get_by_text(UNIT_RULE.format(name="孙某"))).to_be_visible()
    expect(page.locator("[data-test=register-saved]")).to_have_count(0)
    screenshot(page, "register-accused-unit-required")

    page.locator("[data-test=accused-unit-0]").click()
    page.locator("[data-test=accused-unit-0] input").fill("梅园新村")
    option = page.get_by_role(
        "option", name="梅园新村街道党工委组织办（320102002，乡镇（街道））"
    )
    option.click()
    expect(page.get_by_text(UNIT_RULE.format(name="孙某"))).to_have_count(0)
    screenshot(page, "register-accused-unit-picked")
    page.locator("[data-test=register-save]").click()
    saved = page.locator("[data-test=register-saved]")
    expect(saved).to_contain_text("已登记，编号")
    first = saved.locator("[data-test=saved-number]").inner_text()

    _accusation(page, "检举某干部违规提拔亲属", "钱某")
    page.locator("[data-test=accused-unit-unknown-0]").click()
    expect(page.locator("[data-test=accused-unit-0] input")).to_be_disabled()
    page.locator("[data-test=register-save]").click()
    number = page.locator("[data-test=register-saved] [data-test=saved-number]")
    expect(number).not_to_have_text(first)
    assert re.fullmatch(r"320102-\d{4}-\d{5}", number.inner_text())
    screenshot(page, "register-accused-unit-unknown")


def test_parties_are_masked_by_default_and_show_is_offered_to_the_registrar_only(page):
    sign_in(page, "county_a_registrar")
    petition = _register_appeal(page)

    page.context.clear_cookies()
    sign_in(page, "county_a_supervisor")
    page.goto(f"/petitions/{petition['id']}")
    parties = page.locator(".petitioners")
    expect(parties).to_contain_text("周*")
    expect(page.locator(".masked-hint")).to_contain_text("您的角色无权查看")
    # Who may 显示 is the server's rule (supervision.access): not offered here.
    expect(page.locator("[data-test=identity-reveal]")).to_have_count(0)
    screenshot(page, "case-reveal-not-offered")

    page.context.clear_cookies()
    sign_in(page, "county_a_registrar")
    page.goto(f"/petitions/{petition['id']}")
    # Even the registrar sees the parties masked until 显示 is pressed.
    expect(parties).to_contain_text("周*")
    expect(parties).not_to_contain_text("周建华")
    expect(page.locator(".masked-hint")).to_contain_text("默认脱敏")
    screenshot(page, "case-parties-masked-by-default")
    page.locator("[data-test=identity-reveal]").click()
    expect(parties).to_contain_text("周建华")
    expect(parties).to_contain_text("13851230001")
    expect(page.locator("[data-test=identity-reveal-error]")).to_have_count(0)
    expect(page.locator("[data-test=identity-reveal]")).to_have_count(0)
    screenshot(page, "case-reveal-shown")

    page.goto("/petitions")
    expect(page.locator(".el-table")).to_contain_text("周*")
    expect(page.locator(".el-table")).not_to_contain_text("周建华")


def test_a_registrar_creates_and_edits_a_reception_day(page):
    sign_in(page, "county_a_registrar")
    page.locator("[data-test=shell-menu] li", has_text="领导接访日").click()
    page.locator("[data-test=reception-new]").click()
    dialog = page.locator(".el-dialog", has_text="新建领导接访日")
    dialog.locator("[data-test=reception-save]").click()
    expect(dialog).to_contain_text("请选择接访领导")
    expect(dialog).to_contain_text("请填写接访地点")

    dialog.locator("[data-test=reception-leader]").click()
    page.locator(".el-select-dropdown__item:visible").first.click()
    dialog.get_by_label("地点").fill("区委组织部接待室")
    screenshot(page, "reception-day-new")
    dialog.locator("[data-test=reception-save]").click()
    rows = page.locator("[data-test=reception-table] .el-table__body tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("区委组织部接待室")

    rows.first.locator("[data-test=reception-edit]").click()
    edit = page.locator(".el-dialog", has_text="修改领导接访日")
    edit.get_by_label("地点").fill("梅园新村街道便民服务中心")
    edit.get_by_label("备注").fill("因会议改在街道")
    edit.locator("[data-test=reception-save]").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("梅园新村街道便民服务中心")
    expect(rows.first).to_contain_text("因会议改在街道")
    screenshot(page, "reception-day-edited")


def test_the_workbench_and_the_case_list_mark_an_overdue_deadline(page):
    sign_in(page, "county_a_registrar")
    # A letter received 40 days ago and never accepted: its 15-day
    # acceptance period has run out.
    late = _register_appeal(
        page, received_on=timezone.localdate() - datetime.timedelta(days=40)
    )
    page.goto(f"/petitions?search={late['trackingNumber']}")
    row = page.locator(".el-table__body tr", has_text=late["trackingNumber"])
    mark = row.locator("[data-test=due-mark]")
    expect(mark).to_have_text(re.compile(r"^超期\d+天$"))
    expect(mark).to_have_attribute("title", "已超期")
    screenshot(page, "case-list-overdue-mark")
    # The workbench lists the overdue cases under its tiles, earliest first.
    page.goto("/work")
    overdue = page.locator("[data-test=urgent-OVERDUE]")
    expect(overdue).to_contain_text("已超期的信访件")
    expect(overdue).to_contain_text(late["trackingNumber"])
    expect(overdue.locator("[data-test=due-mark]").first).to_have_text(
        re.compile(r"^超期\d+天$")
    )
    overdue.get_by_role("link", name=late["trackingNumber"]).click()
    expect(page.locator(".tracking-number")).to_have_text(late["trackingNumber"])
    page.go_back()
    expect(overdue).to_be_visible()
    screenshot(page, "work-urgent-lists")
