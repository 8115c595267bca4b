"""Down the tree in Chromium (issue 13): the case page's send dialog and its
unit-tree picker, whose greyed units and reasons are the server's."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from tests.graphql_api.supervision.test_lifecycle import register_input

REGISTER = """
mutation($input: PetitionRegisterInput!) {
  petitionRegister(input: $input) { petition { id trackingNumber } errors { message } }
}"""
RECUSAL = (
    "该信访件反映中共南京市玄武区委、南京市玄武区人民政府的主要负责人，"
    "不得转交中共南京市玄武区委组织部或其下级单位办理（回避）"
)


def _register_main_leader_accusation(page, **accused) -> dict:
    """An accusation against 玄武区's main leader (managed by the city), or
    the one `accused` names, registered through the live API with the
    signed-in city registrar's session (registration has its own browser
    test)."""
    value = register_input("ACCUSATION")
    value["accused"][0].update(
        unitName="中共南京市玄武区委",
        unitCode="320102",
        post="区委书记",
        managingLevel="CITY",
        isMainLeader=True,
    )
    value["accused"][0].update(accused)
    token = page.request.get("/csrf/").json()["csrfToken"]
    response = page.request.post(
        "/graphql/",
        data=json.dumps({"query": REGISTER, "variables": {"input": value}}),
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )
    payload = response.json()["data"]["petitionRegister"]
    assert payload["errors"] == []
    return payload["petition"]


def test_a_city_sees_the_accused_county_and_its_townships_greyed_out(tree, page):
    registrar = tree.user("city", "registrar")
    page.context.clear_cookies()
    sign_in(page, registrar.username)
    petition = _register_main_leader_accusation(page)
    page.goto(f"/petitions/{petition['id']}")
    page.locator(".case-header").wait_for()

    # The case page offers the sends the server allows; 交办 opens the picker.
    panel = page.locator("[data-test=case-send-panel]")
    expect(panel.locator("[data-send=ASSIGN]")).to_have_text("交办")
    panel.locator("[data-send=ASSIGN]").click()
    dialog = page.locator(".el-dialog:has([data-test=unit-tree-picker])")
    dialog.wait_for()
    county = dialog.locator(".unit-node[data-code='320102']")
    expect(county).to_have_attribute("data-disabled", "true")
    expect(county).to_have_attribute("title", RECUSAL)
    townships = dialog.locator(".unit-node[data-code^='320102']")
    assert townships.count() > 1
    for index in range(townships.count()):
        expect(townships.nth(index)).to_have_attribute("data-disabled", "true")
    # Another county is allowed; the level is shown beside each unit.
    other = dialog.locator(".unit-node[data-code='320104']")
    expect(other).to_have_attribute("data-disabled", "false")
    expect(other.locator(".unit-node__meta")).to_contain_text("县级")
    # Hovering the greyed county shows the reason.
    county.locator(".unit-node__name").hover()
    expect(page.locator(".el-popper:visible", has_text="（回避）")).to_be_visible()
    screenshot(page, "down_tree_city_recusal_greyed")

    # Clicking the greyed county chooses nothing; the search finds a unit.
    county.click()
    expect(dialog.locator(".unit-node--chosen")).to_have_count(0)
    dialog.locator("[data-test=unit-search]").fill("320104")
    expect(dialog.locator(".unit-node[data-code='320102']")).to_have_count(0)
    dialog.locator(".unit-node[data-code='320104']").click()
    expect(dialog.locator("[data-test=send-preview]")).to_contain_text(
        "中共南京市秦淮区委组织部"
    )
    dialog.locator("[data-test=send-requirement]").fill("请核实有关情况，按期报结。")
    screenshot(page, "down_tree_city_assign_preview")
    dialog.locator("[data-test=send-submit]").click()
    expect(page.locator(".el-dialog:has([data-test=unit-tree-picker])")).to_have_count(
        0
    )
    expect(page.get_by_text("已交办至中共南京市秦淮区委组织部")).to_be_visible()
    # The sending is on the city's timeline; an assigned case stays open.
    expect(page.locator("[data-event=SENT_ACROSS]")).to_contain_text(
        "交办至中共南京市秦淮区委组织部"
    )
    screenshot(page, "down_tree_city_assigned")


def test_when_every_unit_is_refused_the_dialog_says_why_and_sends_nothing(tree, page):
    registrar = tree.user("city", "registrar")
    page.context.clear_cookies()
    sign_in(page, registrar.username)
    # The city's own main leader: the whole city area recuses.
    petition = _register_main_leader_accusation(
        page,
        unitName="中共南京市委",
        unitCode="320100",
        post="市委书记",
        managingLevel="PROVINCE",
    )
    page.goto(f"/petitions/{petition['id']}")
    page.locator(".case-header").wait_for()
    page.locator("[data-test=case-send-panel] [data-send=ASSIGN]").click()
    dialog = page.locator(".el-dialog:has([data-test=unit-tree-picker])")
    dialog.wait_for()
    expect(dialog.locator(".unit-node[data-disabled='false']")).to_have_count(0)
    notice = dialog.locator("[data-test=send-none-allowed]")
    expect(notice).to_contain_text("没有可以接收本件的单位")
    expect(notice).to_contain_text("（回避）")
    expect(dialog.locator("[data-test=send-submit]")).to_be_disabled()
    screenshot(page, "down_tree_city_none_allowed")
