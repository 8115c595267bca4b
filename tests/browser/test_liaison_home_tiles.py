"""The 隐患与情况报告 page's task tiles (a township liaison's home) in Chromium:
they name the queues as the workbench does and count what the list behind them
shows, and a county 信访干部 who opens the page sees it under its menu name
with only the queues the server answers for that user."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_case_page import _register_appeal


def _tile_count(page, queue: str) -> int:
    return int(page.locator(f"[data-test=liaison-{queue}] .tile-count").inner_text())


def test_the_tiles_match_the_lists_and_the_users_queues(page):
    sign_in(page, "county_a_registrar")
    # A letter registered at the county itself: awaiting acceptance, though
    # it never came from above.
    _register_appeal(page)
    page.locator("[data-test=shell-menu] li", has_text="隐患与情况报告").click()
    expect(page.get_by_role("heading", name="隐患与情况报告")).to_be_visible()
    expect(page.get_by_role("heading", name="联络员工作台")).to_have_count(0)
    to_accept = page.locator("[data-test=liaison-TO_ACCEPT]")
    expect(to_accept.locator(".tile-hint")).to_have_text("待受理")
    # A 信访干部 handles no case, so no 待办理 tile with a made-up 0.
    expect(page.locator("[data-test=liaison-TO_HANDLE]")).to_have_count(0)
    expect(page.locator("[data-test=liaison-OVERDUE]")).to_be_visible()
    expect(page.locator("[data-test=liaison-OVERDUE] .tile-hint")).to_have_text(
        "已超期"
    )
    screenshot(page, "liaison_tiles_01_county_registrar")
    count = _tile_count(page, "TO_ACCEPT")
    assert count >= 1
    to_accept.click()
    expect(page).to_have_url(re.compile(r"/petitions\?queue=TO_ACCEPT$"))
    expect(page.locator(".el-pagination__total")).to_have_text(f"共 {count} 条")
    page.context.clear_cookies()

    # The liaison's own home: the same names, each count the list's.
    sign_in(page, "township_liaison")
    expect(page.get_by_role("heading", name="联络员工作台")).to_be_visible()
    tiles = page.locator("[data-test^=liaison-] .tile-hint")
    expect(tiles).to_have_text(
        ["群众来信来访反映的问题，当场登记", "待受理", "待办理", "已超期"]
    )
    screenshot(page, "liaison_tiles_02_township_liaison")
    for queue in ("TO_ACCEPT", "TO_HANDLE"):
        count = _tile_count(page, queue)
        page.locator(f"[data-test=liaison-{queue}]").click()
        expect(page.locator(".el-pagination__total")).to_have_text(f"共 {count} 条")
        page.go_back()
        expect(page.get_by_role("heading", name="联络员工作台")).to_be_visible()
