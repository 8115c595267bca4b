"""The public portal (网上信访) on a 375×667 phone, against the live server."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from supervision.rules.identity import make_citizen_id
from tests.browser.conftest import screenshot
from tests.graphql_api.supervision.test_lifecycle import TODAY

PHONE = {"width": 375, "height": 667}
CITIZEN_ID = make_citizen_id("320102", TODAY.replace(year=1975), 31)


def _file_accusation(page) -> tuple[str, str]:
    page.goto("/portal/")
    page.get_by_label("省", exact=True).select_option("320000")
    page.get_by_label("市", exact=True).select_option("320100")
    page.get_by_label("县（市、区）").select_option("320102")
    page.get_by_label("乡镇（街道）").select_option("320102002")
    expect(page.locator("[data-test=chosen-unit]")).to_contain_text(
        "梅园新村街道党工委组织办"
    )
    page.get_by_label("信访类型").select_option("ACCUSATION")
    page.get_by_label("问题类别").select_option("CADRE_SELECTION")
    page.get_by_label("姓名", exact=True).fill("孙明德")
    page.get_by_label("身份证号码").fill(CITIZEN_ID)
    page.get_by_label("联系电话").fill("13951230000")
    page.get_by_label("被反映人姓名").fill("赵某")
    page.get_by_label("所在单位不详").check()
    page.get_by_label(re.compile("^标题")).fill("反映街道干部选拔中的问题")
    page.get_by_label(re.compile("^反映内容")).fill(
        "街道在推荐社区干部时未经民主推荐程序，直接确定人选。"
    )
    screenshot(page, "portal-phone-form")
    page.get_by_role("button", name="提交", exact=True).click()
    # the privacy notice must be agreed first
    expect(page.get_by_text("请先阅读并同意个人信息保护说明")).to_be_visible()
    page.get_by_label("我已阅读并同意个人信息保护说明").check()
    page.get_by_role("button", name="提交", exact=True).click()
    receipt = page.locator("[data-test=receipt]")
    expect(receipt).to_contain_text("查询码只显示这一次")
    number = page.locator("[data-test=tracking-number]").inner_text()
    code = page.locator("[data-test=query-code]").inner_text()
    screenshot(page, "portal-phone-receipt")
    return number, code


def test_a_citizen_files_at_a_township_keeps_the_code_and_follows_it(page):
    page.set_viewport_size(PHONE)
    number, code = _file_accusation(page)
    assert number.startswith("320102002-")

    page.get_by_role("button", name="我已记下，去查询进度").click()
    expect(page).to_have_url(re.compile("/portal/track$"))
    # the code is not shown again
    expect(page.get_by_text(code)).to_have_count(0)
    page.get_by_label("信访件编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询", exact=True).click()
    progress = page.locator("[data-test=progress]")
    expect(progress).to_contain_text("梅园新村街道党工委组织办")
    expect(progress).to_contain_text("已收件")
    screenshot(page, "portal-phone-progress")

    # a wrong code is refused with the same words as an unknown number
    page.get_by_label("查询码").fill("WRONG-CODE-0000")
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("编号或查询码不正确")
    expect(progress).to_have_count(0)
    screenshot(page, "portal-phone-wrong-code")


def test_the_deep_link_opens_the_progress_query(page):
    page.set_viewport_size(PHONE)
    page.goto("/portal/track")
    expect(page.get_by_label("信访件编号")).to_be_visible()
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("请填写编号和查询码")
