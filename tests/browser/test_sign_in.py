"""Signing in and out, the shell by role, and a session that expires."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in


def test_a_wrong_password_shows_the_api_message_and_stays_on_sign_in(page):
    page.goto("/")
    expect(page).to_have_url("/login?next=/work")

    page.get_by_label("用户名").fill("county_a_registrar")
    page.get_by_label("密码", exact=True).fill("wrong-password")
    page.get_by_role("button", name="登录").click()

    expect(page.locator("[data-test=login-error]")).to_have_text("用户名或密码错误")
    expect(page).to_have_url("/login?next=/work")
    screenshot(page, "sign-in-wrong-password")


def _login_answer(response) -> bool:
    return response.url.endswith("/graphql/") and "login" in (
        response.request.post_data or ""
    )


def test_after_five_failures_even_the_right_password_is_locked_out(page):
    page.goto("/login")
    page.get_by_label("用户名").fill("county_b_supervisor")
    for _ in range(5):
        page.get_by_label("密码", exact=True).fill("wrong-password")
        # Each attempt reaches the server before the next one is made.
        with page.expect_response(_login_answer):
            page.get_by_role("button", name="登录").click()
        expect(page.locator("[data-test=login-error]")).to_have_text("用户名或密码错误")

    page.get_by_label("密码", exact=True).fill("Correct-Horse-77")
    page.get_by_role("button", name="登录").click()

    expect(page.locator("[data-test=login-error]")).to_have_text(
        "登录失败次数过多，请15分钟后再试"
    )
    expect(page).to_have_url("/login")
    screenshot(page, "sign-in-locked-out")


def test_a_registrar_sees_the_unit_roles_menu_and_work(page):
    # 秦淮区: the other browser tests register their letters in 玄武区.
    sign_in(page, "county_b_registrar")

    expect(page).to_have_url("/work")
    expect(page.locator("[data-test=shell-unit]")).to_have_text(
        "中共南京市秦淮区委组织部县级"
    )
    expect(page.locator("[data-test=shell-roles]")).to_have_text("信访干部")
    expect(page.locator("[data-test=shell-menu] li")).to_have_text(
        [
            "工作台",
            "信访件",
            "登记",
            "上级转交办",
            "本级下发",
            "领导接访日",
            "隐患与情况报告",
            "收到的督办",
            "报告报送",
            "站内通知",
        ]
    )
    expect(page.locator(".work-label")).to_have_text(
        ["待受理", "待交办", "即将到期", "已超期"]
    )
    # The counts are the unit's own (other browser tests send cases to 秦淮区).
    expect(page.locator(".work-count")).to_have_text([re.compile(r"^\d+$")] * 4)
    screenshot(page, "shell-registrar")


def test_a_unit_administrator_sees_only_what_the_roles_allow(page):
    sign_in(page, "county_a_admin")

    expect(page.locator("[data-test=shell-roles]")).to_have_text("单位管理员")
    expect(page.locator("[data-test=shell-menu] li")).to_have_text(
        ["工作台", "单位与用户管理", "站内通知"]
    )
    expect(page.locator("[data-test=work-empty]")).to_have_text("当前没有待办事项。")
    expect(page.locator(".work-tile")).to_have_count(0)
    screenshot(page, "shell-unit-admin")


def test_signing_out_returns_to_sign_in_and_the_pages_stay_closed(page):
    sign_in(page, "county_a_handler")

    page.locator("[data-test=shell-logout]").click()

    expect(page).to_have_url("/login")
    page.goto("/petitions")
    expect(page).to_have_url("/login?next=/petitions")


def test_an_expired_session_returns_to_sign_in_and_keeps_the_half_filled_form(page):
    sign_in(page, "county_a_registrar")
    page.goto("/petitions/new")
    page.get_by_label("摘要").fill("反映某村党支部换届问题")
    page.get_by_label("反映内容").fill("换届选举中存在拉票行为")

    page.context.clear_cookies()
    page.locator("[data-test=shell-menu] li", has_text="信访件").click()

    expect(
        page.get_by_text("登录已失效，请重新登录；未提交的表单已保存在本机。")
    ).to_be_visible()
    screenshot(page, "session-expired")
    page.get_by_label("用户名").fill("county_a_registrar")
    page.get_by_label("密码", exact=True).fill("Correct-Horse-77")
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url("/petitions")
    page.locator("[data-test=shell-menu] li", has_text="登记").click()
    expect(page.locator("[data-test=draft-restored]")).to_be_visible()
    expect(page.get_by_label("摘要")).to_have_value("反映某村党支部换届问题")
    expect(page.get_by_label("反映内容")).to_have_value("换届选举中存在拉票行为")
