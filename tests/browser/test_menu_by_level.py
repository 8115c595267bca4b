"""The menu by the unit's place in the tree: a province has no upper unit, so
it is offered no page of what only comes from above (上级转交办, 收到的督办);
a city leader, with the same role, is."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in

FROM_ABOVE = ("上级转交办", "收到的督办")


def _menu(page):
    return page.locator("[data-test=shell-menu]")


def test_the_province_leader_is_not_offered_pages_of_what_comes_from_above(page):
    sign_in(page, "province_leader")
    menu = _menu(page)
    expect(menu).to_contain_text("本级下发")
    expect(menu).to_contain_text("签发的督办")
    for label in FROM_ABOVE:
        expect(menu.locator("li", has_text=label)).to_have_count(0)
    screenshot(page, "menu-province-leader")


def test_a_city_leader_is_offered_what_comes_from_above(page):
    sign_in(page, "city_leader")
    menu = _menu(page)
    for label in FROM_ABOVE:
        expect(menu.locator("li", has_text=label)).to_have_count(1)
    menu.locator("li", has_text="上级转交办").click()
    expect(page.get_by_role("heading", name="上级转交办")).to_be_visible()
    screenshot(page, "menu-city-leader")
