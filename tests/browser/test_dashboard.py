"""The province dashboard in Chromium: a province supervisor opens 汇总看板,
drills from the province through a city to a county, opens an overdue case
of that county in the cross-level view (facts and chain, no personal data)
and issues a supervision order (督办单) on it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import run_in_live_database, screenshot, sign_in

# Written into the live server's copy of the database: the cases the
# dashboard shows, through the facts service so the rollups follow.
SEED = """
from datetime import timedelta
from django.utils import timezone
from tenants.models import Unit
from tests.factories.facts import fact_create
today = timezone.localdate()
county = Unit.objects.get(code="320102")
township = Unit.objects.get(code="320102002")
fact_create(county, tracking_number="XF-OVERDUE-1", due_on=today - timedelta(days=6),
            received_on=today - timedelta(days=70))
fact_create(township, tracking_number="XF-OVERDUE-2", due_on=today - timedelta(days=2),
            received_on=today - timedelta(days=40))
fact_create(county, tracking_number="XF-SOON-1", due_on=today + timedelta(days=3),
            received_on=today - timedelta(days=20))
"""


def test_a_province_drills_down_to_an_overdue_case_and_issues_an_order(page):
    run_in_live_database(SEED)
    sign_in(page, "province_supervisor")

    page.locator(".el-menu").get_by_text("汇总看板").click()
    dashboard = page.locator("[data-test=dashboard]")
    expect(dashboard.locator("[data-test=dashboard-unit]")).to_contain_text(
        "江苏省委组织部"
    )
    expect(page.locator("[data-test=kpi-overdue]")).to_have_text("2")
    expect(page.locator("[data-test=dashboard-treemap] canvas")).to_be_visible()
    screenshot(page, "dashboard-province")

    page.locator("[data-test=dashboard-children] a[data-code='320100']").click()
    expect(dashboard.locator("[data-test=dashboard-unit]")).to_contain_text("南京市")
    page.locator("[data-test=dashboard-children] a[data-code='320102']").click()
    expect(dashboard.locator("[data-test=dashboard-unit]")).to_contain_text("玄武区")
    rows = page.locator("[data-test=due-table] .el-table__row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("XF-OVERDUE-1")
    screenshot(page, "dashboard-county")

    page.locator("[data-test=tab-due-soon]").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("XF-SOON-1")
    page.locator("[data-test=tab-overdue]").click()
    expect(rows.first).to_contain_text("XF-OVERDUE-1")

    rows.first.click()
    case = page.locator("[data-test=cross-level-case]")
    expect(case.locator("[data-test=case-facts]")).to_contain_text("XF-OVERDUE-1")
    expect(case.locator("[data-test=case-facts]")).to_contain_text("6")
    # Overdue: 超期天数, and no negative 剩余天数 beside it.
    expect(case.locator("[data-test=case-days-remaining]")).to_have_text("无")
    screenshot(page, "dashboard-case")

    case.locator("[data-test=issue-order]").click()
    dialog = page.locator(".el-dialog").filter(has_text="签发督办单")
    expect(dialog.locator("[data-test=issue-topic]")).to_have_value(
        "信访件 XF-OVERDUE-1 超期未办结"
    )
    dialog.locator("[data-test=issue-requirement]").fill(
        "请于回复期限前办结并书面报告办理结果。"
    )
    screenshot(page, "dashboard-issue-order")
    dialog.locator("[data-test=issue-submit]").click()
    expect(page.locator(".el-message--success")).to_contain_text("已签发")
    expect(dialog).to_be_hidden()

    # The charts below the fold are drawn when they scroll into view.
    page.locator("[data-test=cross-level-case] .el-drawer__close-btn").click()
    # Each in turn, as an official scrolling down would, so the screenshot
    # shows them all drawn (their entry animation is given time to end).
    charts = page.locator(".lazy-chart")
    for index in range(charts.count()):
        charts.nth(index).scroll_into_view_if_needed()
        expect(charts.nth(index).locator("canvas")).to_be_visible()
    page.wait_for_timeout(1500)
    screenshot(page, "dashboard-county-charts")


def test_the_repeats_page_shows_its_three_lists(page):
    sign_in(page, "city_supervisor")

    page.locator(".el-menu").get_by_text("重复信访与问题件").click()

    # Other browser tests may have filed matching cases in the city's subtree
    # (the live database is shared): the list shows its empty state or its
    # matches, each with Chinese labels, never raw enum keys.
    matches = page.locator("[data-test=repeat-matches]")
    expect(matches).to_contain_text(
        re.compile("下级单位之间没有待处理的重复关联|重复信访|越级|一信多投")
    )
    expect(matches).not_to_contain_text(re.compile("REPEAT|SKIP_LEVEL|MULTI_SEND|OPEN"))
    page.get_by_role("tab", name="问题件").click()
    expect(page.locator("[data-test=problem-cases]")).to_be_visible()
    screenshot(page, "repeats-city")
