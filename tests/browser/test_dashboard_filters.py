"""The dashboard's period selector and the overdue list's level filter in
Chromium (issue 13), on cases of its own: a county's overdue list narrowed to
the township's cases and back, and a county's figures for one past month."""

from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import choose, run_in_live_database, screenshot, sign_in

TODAY = timezone.localdate()


def _month_back(months: int) -> datetime.date:
    day = TODAY.replace(day=1)
    for _ in range(months):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return day


# Fourteen months back: no other test files a case in that month.
PAST = _month_back(14)
PAST_MONTH = PAST.strftime("%Y-%m")

# Written into the live server's copy of the database through the facts
# service, so the rollups follow (as tests/browser/test_dashboard.py does).
SEED = f"""
from datetime import date, timedelta
from django.utils import timezone
from tenants.models import Unit
from tests.factories.facts import fact_create
today = timezone.localdate()
county = Unit.objects.get(code="320102")
township = Unit.objects.get(code="320102002")
other = Unit.objects.get(code="320213")
fact_create(county, tracking_number="XF-FILTER-COUNTY", due_on=today - timedelta(days=4),
            received_on=today - timedelta(days=70))
fact_create(township, tracking_number="XF-FILTER-TOWNSHIP", due_on=today - timedelta(days=3),
            received_on=today - timedelta(days=65))
past = date.fromisoformat("{PAST.isoformat()}")
for n in range(2):
    fact_create(other, tracking_number=f"XF-PAST-{{n}}", status="closed", is_open=False,
                received_on=past + timedelta(days=n + 1),
                accepted_on=past + timedelta(days=n + 2),
                closed_on=past + timedelta(days=n + 20), closed_in_time=True)
"""


def _choose_level(page, label: str) -> None:
    choose(page, page.locator("[data-test=due-level]"), label)


def test_the_overdue_list_filters_by_level_and_the_period_changes_the_figures(page):
    run_in_live_database(SEED)
    sign_in(page, "province_supervisor")

    # A county's overdue list: its own case and its township's.
    page.goto("/dashboard?unit=320102")
    unit = page.locator("[data-test=dashboard-unit]")
    expect(unit).to_contain_text("玄武区")
    table = page.locator("[data-test=due-table]")
    expect(table).to_contain_text("XF-FILTER-COUNTY")
    expect(table).to_contain_text("XF-FILTER-TOWNSHIP")

    # Narrowed to the townships: only cases held there are listed.
    _choose_level(page, "乡镇（街道）")
    expect(table).not_to_contain_text("XF-FILTER-COUNTY")
    expect(table).to_contain_text("XF-FILTER-TOWNSHIP")
    levels = table.locator(".el-table__row td:nth-child(3)")
    assert set(levels.all_inner_texts()) == {"乡镇（街道）"}
    screenshot(page, "dashboard-overdue-townships")
    # And to the county itself.
    _choose_level(page, "县级")
    expect(table).not_to_contain_text("XF-FILTER-TOWNSHIP")
    expect(table).to_contain_text("XF-FILTER-COUNTY")
    assert set(levels.all_inner_texts()) == {"县级"}

    # The period selector: one past month shows that month's cases only.
    page.goto("/dashboard?unit=320213")
    expect(unit).to_contain_text("梁溪区")
    received = page.locator("[data-test=kpi-received]")
    expect(received).not_to_have_text("")
    inputs = page.locator(".dash-head .el-date-editor .el-range-input")
    inputs.nth(0).click()
    inputs.nth(0).fill(PAST_MONTH)
    inputs.nth(1).fill(PAST_MONTH)
    inputs.nth(1).press("Enter")
    page.keyboard.press("Escape")
    expect(inputs.nth(0)).to_have_value(PAST_MONTH)
    expect(inputs.nth(1)).to_have_value(PAST_MONTH)
    expect(received).to_have_text("2")
    screenshot(page, "dashboard-past-month")
