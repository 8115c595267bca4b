"""A registrar registers letters in the browser (登记)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import choose, screenshot, sign_in

CONTENT = "反映某街道在干部选拔任用中民主推荐走过场，推荐结果未公示"
WANG_ID = "320102198001010016"
LI_ID = "320104199003150335"


def _fill_basics(page, title: str) -> None:
    choose(page, "register-legal-type", "建议意见")
    choose(page, "register-topic", "干部选拔任用")
    page.get_by_label("摘要").fill(title)
    page.get_by_label("反映内容").fill(CONTENT)


def _saved_number(page, previous: str = "") -> str:
    saved = page.locator("[data-test=register-saved]")
    number = saved.locator("[data-test=saved-number]")
    expect(saved).to_contain_text("已登记，编号")
    expect(number).not_to_have_text(previous)
    text = number.inner_text()
    assert re.fullmatch(r"320102-\d{4}-\d{5}", text), text
    return text


def test_a_joint_letter_with_two_petitioners_shows_the_earlier_letter_as_duplicate(
    page,
):
    sign_in(page, "county_a_registrar")
    page.locator("[data-test=shell-menu] li", has_text="登记").click()
    _fill_basics(page, "反映街道干部选拔问题")
    page.locator("#reg-p0-name").fill("王建民")
    page.locator("#reg-p0-id").fill(WANG_ID)
    page.locator("[data-test=register-save]").click()
    first = _saved_number(page)

    _fill_basics(page, "联名反映街道干部选拔问题")
    page.locator("[data-test=register-joint]").click()
    page.locator("#reg-p0-name").fill("王建民")
    page.locator("#reg-p0-id").fill(WANG_ID)
    page.locator("[data-test=add-petitioner]").click()
    page.locator("#reg-p1-name").fill("李秀英")
    page.locator("#reg-p1-id").fill(LI_ID[:-1] + "6")
    expect(page.get_by_text("公民身份号码校验位不正确，请核对号码")).to_be_visible()
    page.locator("#reg-p1-id").fill(LI_ID)
    expect(page.get_by_text("公民身份号码校验位不正确，请核对号码")).to_have_count(0)

    duplicates = page.locator("[data-test=duplicates]")
    expect(duplicates).to_contain_text(first)
    expect(duplicates).to_contain_text("反映街道干部选拔问题")
    # The earlier letter is still open: a 重复件 (duplicate), with its status.
    expect(duplicates.locator("li", has_text=first)).to_contain_text("重复件")
    expect(duplicates.locator("li", has_text=first)).to_contain_text("待受理")
    screenshot(page, "register-duplicate-warning")
    page.locator("[data-test=register-save]").click()

    second = _saved_number(page, previous=first)
    assert second != first
    expect(page.locator("[data-test=register-saved]")).to_contain_text(first)
    screenshot(page, "register-saved")
    page.locator("[data-test=shell-menu] li", has_text="信访件").click()
    page.locator("[data-test=list-search]").fill("李秀英")
    page.locator("[data-test=list-query]").click()
    rows = page.locator("[data-test=petition-table] .el-table__body tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(second)
    # The list asks for the parties masked (found by the full name all the same).
    expect(rows.first).to_contain_text("王**、李**")
    expect(rows.first).to_contain_text("待受理")
    screenshot(page, "petition-list-search")


def test_the_form_refuses_a_joint_letter_with_one_name_before_saving(page):
    sign_in(page, "county_a_registrar")
    page.goto("/petitions/new")
    page.locator("[data-test=shell-user]").wait_for()
    _fill_basics(page, "联名信只有一人")
    page.locator("[data-test=register-joint]").click()
    page.locator("#reg-p0-name").fill("赵六")

    page.locator("[data-test=register-save]").click()

    expect(page.locator("[data-test=petitioners-error]")).to_have_text(
        "联名信须登记至少两名联名人"
    )
    expect(page.locator("[data-test=register-error]")).to_have_text(
        "请先更正标红的项目"
    )
    expect(page.locator("[data-test=register-saved]")).to_have_count(0)
    screenshot(page, "register-joint-refused")
