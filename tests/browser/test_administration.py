"""Administration: an administrator manages users within its own subtree only."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from tests.browser.conftest import run_in_live_database, screenshot, sign_in
from tests.factories.tenants import TEST_PASSWORD


def _graphql(page, query: str, variables: dict) -> dict:
    """Posts an operation from the signed-in page, as a forced request would."""
    return page.evaluate(
        """async ([query, variables]) => {
            const csrf = await (await fetch("/csrf/")).json();
            const response = await fetch("/graphql/", {
                method: "POST",
                headers: {"Content-Type": "application/json", "X-CSRFToken": csrf.csrfToken},
                body: JSON.stringify({query, variables}),
            });
            return await response.json();
        }""",
        [query, variables],
    )


USERS = """query($unit: String, $search: String) {
  users(unitCode: $unit, search: $search) { totalCount } }"""
USER_CREATE = """mutation($input: UserCreateInput!) {
  userCreate(input: $input) { user { id } errors { code message } } }"""


def test_an_administrator_creates_a_township_user_but_not_in_a_sibling_county(page):
    sign_in(page, "county_a_admin")
    page.locator("[data-test=shell-menu]").get_by_text("单位与用户管理").click()
    expect(page).to_have_url("/admin")
    expect(page.locator("[data-test=tree-320102002]")).to_be_visible()
    # The sibling county (秦淮区) is not in the tree.
    expect(page.locator("[data-test=tree-320104]")).to_have_count(0)
    screenshot(page, "admin-unit-tree")
    # The administrator cannot disable their own account (the server would
    # refuse with CANNOT_CHANGE_SELF), so the page does not offer it.
    own = page.get_by_role("row", name=re.compile("county_a_admin"))
    expect(own.get_by_role("button", name="停用")).to_be_disabled()

    page.locator("[data-test=tree-320102002]").click()
    expect(page.locator("[data-test=unit-name]")).to_contain_text(
        "梅园新村街道党工委组织办"
    )
    page.locator("[data-test=user-create]").click()
    dialog = page.get_by_role("dialog", name="新建用户")
    dialog.locator("[data-test=user-unit]").click()
    options = page.locator(".el-select-dropdown__item:visible")
    expect(options.filter(has_text="梅园新村街道")).to_have_count(1)
    expect(options.filter(has_text="秦淮区")).to_have_count(0)
    options.filter(has_text="梅园新村街道").click()
    dialog.locator("[data-test=user-username]").fill("meiyuan_liaison2")
    dialog.locator("[data-test=user-fullname]").fill("王晓梅")
    dialog.locator("[data-test=user-password]").fill(TEST_PASSWORD)
    dialog.locator(".el-checkbox", has_text="联络员").click()
    screenshot(page, "admin-user-create")
    dialog.locator("[data-test=user-save]").click()

    users = page.locator("[data-test=users]")
    expect(users).to_contain_text("meiyuan_liaison2")
    expect(users).to_contain_text("王晓梅")
    expect(users).to_contain_text("联络员")
    screenshot(page, "admin-user-created")

    # Forced through the API, a user in the sibling county is refused.
    answer = _graphql(
        page,
        USER_CREATE,
        {
            "input": {
                "unitCode": "320104",
                "username": "qinhuai_intruder",
                "fullName": "越权用户",
                "password": TEST_PASSWORD,
                "roles": ["LIAISON"],
            }
        },
    )
    errors = answer["data"]["userCreate"]["errors"]
    assert [error["code"] for error in errors] == ["NOT_FOUND"], json.dumps(
        answer, ensure_ascii=False
    )
    assert answer["data"]["userCreate"]["user"] is None
    # Out of its subtree looks exactly like a unit that does not exist.
    made_up = _graphql(
        page,
        USER_CREATE,
        {
            "input": {
                "unitCode": "329999",
                "username": "nowhere_user",
                "fullName": "无此单位",
                "password": TEST_PASSWORD,
                "roles": ["LIAISON"],
            }
        },
    )["data"]["userCreate"]["errors"]
    assert made_up == errors

    # The sibling county's own administrator finds no such user there.
    page.context.clear_cookies()
    sign_in(page, "county_b_admin")
    found = _graphql(page, USERS, {"unit": "320104", "search": "qinhuai_intruder"})
    assert found["data"]["users"]["totalCount"] == 0, found
    page.goto("/admin")
    page.locator("[data-test=tree-320104]").click()
    expect(page.locator("[data-test=unit-name]")).to_contain_text("秦淮区")
    expect(page.locator("[data-test=users]")).to_contain_text("county_b_admin")
    expect(page.locator("[data-test=users]")).not_to_contain_text("qinhuai_intruder")
    expect(page.locator("[data-test=users]")).not_to_contain_text("越权用户")
    screenshot(page, "admin-sibling-county-users")


def test_an_administrator_renames_a_township_and_sees_the_history(page):
    sign_in(page, "county_a_admin")
    page.goto("/admin")
    page.locator("[data-test=tree-320102002]").click()
    expect(page.locator("[data-test=unit-name]")).to_contain_text(
        "梅园新村街道党工委组织办"
    )
    page.locator("[data-test=unit-rename]").click()
    dialog = page.get_by_role("dialog", name="更名")
    expect(dialog.locator("[data-test=unit-form-short]")).to_have_value("梅园新村街道")
    dialog.locator("[data-test=unit-form-name]").fill("梅园新村街道党工委组织科")
    dialog.locator("[data-test=unit-save]").click()
    expect(page.locator("[data-test=unit-name]")).to_contain_text(
        "梅园新村街道党工委组织科"
    )
    expect(page.locator("[data-test=history] tbody tr")).not_to_have_count(0)
    screenshot(page, "admin-unit-renamed")

    # The other browser tests share the live server: the old name comes back,
    # as a second rename.
    page.locator("[data-test=unit-rename]").click()
    dialog = page.get_by_role("dialog", name="更名")
    dialog.locator("[data-test=unit-form-name]").fill("梅园新村街道党工委组织办")
    dialog.locator("[data-test=unit-save]").click()
    expect(page.locator("[data-test=unit-name]")).to_contain_text(
        "梅园新村街道党工委组织办"
    )
    expect(page.locator("[data-test=history] tbody tr")).not_to_have_count(1)


def test_a_city_issues_an_assessment_bulletin_with_its_counties_ranked(page):
    sign_in(page, "city_leader")
    page.locator("[data-test=shell-menu]").get_by_text("考核通报").click()
    expect(page).to_have_url("/assessment")
    form = page.locator("[data-test=assessment-form]")
    form.locator("[data-test=assessment-title]").fill("2026年度信访工作考核通报")
    form.locator(".el-date-editor input").nth(0).fill("2026-01-01")
    form.locator(".el-date-editor input").nth(0).press("Enter")
    form.locator(".el-date-editor input").nth(1).fill("2026-11-30")
    form.locator(".el-date-editor input").nth(1).press("Enter")
    screenshot(page, "assessment-bulletin-form")
    form.locator("[data-test=assessment-issue]").click()

    bulletin = page.locator("[data-test=bulletin]")
    expect(bulletin).to_contain_text("2026年度信访工作考核通报")
    # Issued at, in Beijing time as everywhere on the workbench.
    expect(bulletin).to_contain_text(re.compile(r"· \d{4}-\d{2}-\d{2} \d{2}:\d{2}"))
    scores = bulletin.locator("[data-test=scores] tbody tr")
    expect(scores).to_have_count(2)
    expect(bulletin.locator("[data-test=scores]")).to_contain_text("玄武区委组织部")
    expect(bulletin.locator("[data-test=scores]")).to_contain_text("秦淮区委组织部")
    # Every metric's column fits inside the bulletin's card, none cut off.
    overflow = bulletin.locator("[data-test=scores]").evaluate(
        """table => table.querySelector('.el-table__body').getBoundingClientRect().right
        - table.closest('.el-card').getBoundingClientRect().right"""
    )
    assert overflow <= 0, overflow
    screenshot(page, "assessment-bulletin-issued")
    # The bulletin as a 公文 (GB/T 9704 DOCX), from the page's own link.
    href = bulletin.locator("[data-test=bulletin-docx]").get_attribute("href")
    answer = page.request.get(href)
    assert answer.status == 200
    assert answer.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert answer.body()[:2] == b"PK"


LONG_NAME_SEED = """
from tenants.roles import Role
from tests.factories.tenants import UserFactory
from tests.tree import load_tree
tree = load_tree()
UserFactory(username="county_a_long_name", full_name="玄武区委组织部干部监督科科长",
            unit=tree.units["county_a"], roles=[Role.DEPARTMENT_HEAD])
"""


def test_the_user_table_keeps_a_row_on_one_line_and_names_the_system(page):
    # A full name as long as the demo's (玄武区委组织部干部监督科科长).
    run_in_live_database(LONG_NAME_SEED)
    sign_in(page, "county_a_admin")
    page.goto("/admin")
    row = page.locator("[data-test=users] tbody tr", has_text="county_a_long_name")
    name = row.locator("td .cell").nth(1)
    expect(name).to_have_text("玄武区委组织部干部监督科科长")
    # One line, as every other cell of the row.
    assert name.bounding_box()["height"] < 30
    # The unit's provisioning was no one's sign-in: 操作人 says 系统, not blank.
    history = page.locator("[data-test=history] tbody tr")
    expect(history.first).to_be_visible()
    actors = [
        cell.strip()
        for cell in page.locator(
            "[data-test=history] tbody tr td:nth-child(3)"
        ).all_inner_texts()
    ]
    assert actors and "" not in actors, actors
    assert "系统" in actors, actors
    screenshot(page, "admin-users-one-line")
