"""Reports and the township liaison in Chromium (issue 13): the city sets the
annual report; a township liaison lands on the liaison home, files a risk
screening and submits the annual report; the county returns it with a reason,
the liaison resubmits and the county sees the diff between the versions and
accepts it; the county submits its own report and the city sees the roll-up
with the county's state and traces a figure to the case tracking numbers."""

from __future__ import annotations

import datetime
import json
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_case_page import _register_appeal

TODAY = timezone.localdate()
TITLE = f"{TODAY.year}年度信访工作书面报告"
REQUIREMENT = """
mutation($input: ReportRequirementInput!) {
  reportRequirementCreate(input: $input) { requirement { id } errors { message } }
}"""


def _post(page, query: str, variables: dict) -> dict:
    token = page.request.get("/csrf/").json()["csrfToken"]
    response = page.request.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables}),
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )
    return response.json()["data"]


def _sign_out(page) -> None:
    page.context.clear_cookies()


def _write_and_submit(page, requirement_id: str, texts: dict[str, str]) -> None:
    for key, text in texts.items():
        page.locator(f"textarea[data-test=section-{key}]").fill(text)
    page.locator("[data-test=report-submit]").click()
    expect(page.locator("[data-test=report-status]")).to_have_text("已报送")


def _column_cell(table, header: str):
    """The first row's cell (its content box) of the el-table column `header`."""
    headers = table.locator("thead th").all_inner_texts()
    index = [text.strip() for text in headers].index(header)
    return table.locator("tbody tr").first.locator("td .cell").nth(index)


def test_a_liaison_reports_up_and_the_city_sees_the_roll_up(tree, page):
    # The city sets the annual report for every level below it.
    sign_in(page, "city_leader")
    created = _post(
        page,
        REQUIREMENT,
        {
            "input": {
                "kind": "ANNUAL",
                "title": TITLE,
                "instructions": "请按基本情况、主要做法、存在问题、下一步工作报送。",
                "periodStart": f"{TODAY.year}-01-01",
                "periodEnd": (TODAY - datetime.timedelta(days=1)).isoformat(),
                "dueOn": (TODAY + datetime.timedelta(days=20)).isoformat(),
            }
        },
    )["reportRequirementCreate"]
    assert created["errors"] == []
    requirement_id = created["requirement"]["id"]
    _sign_out(page)

    # The liaison lands on the liaison home.
    sign_in(page, "township_liaison")
    expect(page).to_have_url(f"{page.url.split('/liaison')[0]}/liaison")
    expect(page.get_by_role("heading", name="联络员工作台")).to_be_visible()
    # The menu names and highlights the home itself, first, not one section of it.
    menu = page.locator("[data-test=shell-menu]")
    expect(menu.locator("li.is-active")).to_have_text("联络员工作台")
    expect(menu.locator("li").first).to_have_text("联络员工作台")
    expect(menu).not_to_contain_text("隐患与情况报告")
    # What reached the township yesterday (registration has its own test).
    petition = _register_appeal(page)
    page.locator("[data-test=risk-create]").click()
    page.locator("textarea[data-test=risk-matter]").fill(
        "某社区拆迁安置户对补偿标准有异议，酝酿国庆前集体到市上访"
    )
    page.locator("input[data-test=risk-people]").fill("安置户代表5人")
    page.locator(".el-dialog .el-checkbox", has_text="年底").click()
    page.locator("textarea[data-test=risk-measures]").fill(
        "街道已约谈代表，正协调补偿方案"
    )
    page.locator("[data-test=risk-save]").click()
    expect(page.locator("[data-test=risk-table]")).to_contain_text("拆迁安置户")
    # 填报人 names the person who filed it, on one line: the unit is the page's.
    by = _column_cell(page.locator("[data-test=risk-table]"), "填报人")
    expect(by).to_have_text(tree.user("township", "liaison").full_name)
    assert by.bounding_box()["height"] < 30
    screenshot(page, "reports_01_liaison_home")

    page.locator(f"[data-test=liaison-write-{requirement_id}]").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.locator("[data-test=figures]")).to_be_visible()
    # The draft starts from the seeds' narrative with the township's figures
    # (the portal's browser tests file there too, so the count is not fixed).
    expect(page.locator("textarea[data-test=section-BASIC_SITUATION]")).to_have_value(
        re.compile(r"梅园新村街道共收到信访件[1-9]\d*件")
    )
    screenshot(page, "reports_02_liaison_draft")
    _write_and_submit(
        page,
        requirement_id,
        {
            "BASIC_SITUATION": "全年共收到信访件3件，均已受理。",
            "PROBLEMS": "个别答复说理不够充分。",
        },
    )
    _sign_out(page)

    # The county returns it with a reason.
    sign_in(page, "county_a_leader")
    page.goto("/reporting")
    page.get_by_role("tab", name="下级报告").click()
    page.locator("[data-test=received-table]").get_by_role("link", name=TITLE).click()
    page.locator("textarea[data-test=review-comment]").fill(
        "基本情况未写办结数，请补充。"
    )
    page.locator("[data-test=report-return]").click()
    expect(page.locator("[data-test=report-status]")).to_have_text("已退回")
    _sign_out(page)

    # The liaison sees the reason and resubmits.
    sign_in(page, "township_liaison")
    page.locator(f"[data-test=liaison-write-{requirement_id}]").click()
    expect(page.locator("[data-test=returned-reason]")).to_contain_text("请补充")
    basic = page.locator("textarea[data-test=section-BASIC_SITUATION]")
    expect(basic).to_have_value("全年共收到信访件3件，均已受理。")
    _write_and_submit(
        page,
        requirement_id,
        {"BASIC_SITUATION": "全年共收到信访件3件，均已受理，办结2件。"},
    )
    _sign_out(page)

    # The county sees what changed between the versions and accepts.
    sign_in(page, "county_a_leader")
    page.goto("/reporting")
    page.get_by_role("tab", name="下级报告").click()
    page.locator("[data-test=received-table]").get_by_role("link", name=TITLE).click()
    diff = page.locator("[data-test=report-diff]")
    expect(diff.locator("ins")).to_have_text("，办结2件")
    expect(diff).to_contain_text("（未修改）")
    screenshot(page, "reports_03_county_diff")
    page.locator("[data-test=report-accept]").click()
    expect(page.locator("[data-test=report-status]")).to_have_text("已采纳")
    for link, kind in (
        ("report-docx", "wordprocessingml"),
        ("report-xlsx", "spreadsheetml"),
    ):
        href = page.locator(f"[data-test={link}]").get_attribute("href")
        assert re.fullmatch(r"/reports/\d+/(report\.docx|statistics\.xlsx)", href)
        download = page.request.get(href)
        assert download.status == 200 and kind in download.headers["content-type"]

    # The county submits its own report to the city.
    page.goto("/reporting")
    page.locator(f"[data-test=write-{requirement_id}]").click()
    _write_and_submit(
        page, requirement_id, {"BASIC_SITUATION": "全区信访形势总体平稳。"}
    )
    _sign_out(page)

    # The city sees the roll-up with the county's state.
    sign_in(page, "city_leader")
    # The roll-up opens on the newest requirement without being asked.
    page.goto("/reporting/rollup")
    expect(page).to_have_url(
        re.compile(rf"/reporting/rollup\?requirement={requirement_id}$")
    )
    expect(page.locator("[data-test=rollup-requirement]")).to_contain_text(TITLE)
    children = page.locator("[data-test=rollup-children]")
    expect(page.locator("[data-test=state-320102]")).to_have_text("已报送")
    expect(page.locator("[data-test=state-320104]")).to_have_text("未到期")
    expect(children).to_contain_text("玄武区委组织部")
    screenshot(page, "reports_04_city_rollup")
    # The county's received count is traced to the township's case.
    page.locator("[data-test=trace-320102-received]").click()
    facts = page.locator("[data-test=trace-facts]")
    expect(facts).to_contain_text(petition["trackingNumber"])
    screenshot(page, "reports_05_city_trace")
    _sign_out(page)

    # The liaison sees the report accepted, in the words the county used, and
    # no tab for setting requirements (a township has no units below it).
    sign_in(page, "township_liaison")
    page.goto("/reporting")
    owed = page.locator("[data-test=owed-table]")
    expect(owed).to_contain_text(TITLE)
    expect(owed).to_contain_text("已采纳")
    expect(page.get_by_role("tab", name="布置报告要求")).to_have_count(0)
    screenshot(page, "reports_06_liaison_accepted")
