"""Received from above (上级转交办), issued (本级下发) and result reports (报结) in
Chromium (issue 13): 玄武区 assigns a case to 梅园新村街道, whose liaison
reports the result with a file; the county sends it back once, the township
reports again and the county accepts. Then an objection (管辖异议) raised by
the township and rejected, with its reason, by the county."""

from __future__ import annotations

import json
import uuid

from playwright.sync_api import expect

from tests.browser.conftest import choose, screenshot, sign_in
from tests.graphql_api.supervision import gql as docs
from tests.graphql_api.supervision.test_lifecycle import register_input

PDF = b"%PDF-1.4\n%township interview record\n"
REGISTER = """
mutation($input: PetitionRegisterInput!) {
  petitionRegister(input: $input) { petition { id trackingNumber } errors { message } }
}"""
ASSIGN = """mutation($input: PetitionAssignInput!) { petitionAssign(input: $input) {
  link { id targetPetitionId } errors { message } } }"""
TOWNSHIP = "320102002"


def _api(page, query: str, variables: dict) -> dict:
    """One GraphQL call with the signed-in user's session (the steps that
    have their own browser tests: registration, the case's own handling)."""
    token = page.request.get("/csrf/").json()["csrfToken"]
    response = page.request.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables}),
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def _as(page, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username)


def _register(page, title: str) -> dict:
    value = register_input("SUGGESTION", title=title)
    payload = _api(page, REGISTER, {"input": value})["petitionRegister"]
    assert payload["errors"] == []
    return payload["petition"]


def _close_township_case(page, tree, petition_id: str) -> None:
    """The township handles its case as its own staff do: the liaison routes
    it to itself, concludes and submits; the township's leader approves."""
    liaison = tree.user("township", "liaison")
    _as(page, liaison.username)
    status = _api(
        page, "query($id: ID!) { petition(id: $id) { status } }", {"id": petition_id}
    )["petition"]["status"]
    if status == "REGISTERED":
        _api(page, docs.ACCEPT, {"petitionId": petition_id})
        _api(
            page,
            docs.ROUTE,
            {
                "petitionId": petition_id,
                "departmentId": str(liaison.department_id),
                "handlerId": str(liaison.pk),
            },
        )
    concluded = _api(
        page,
        docs.CONCLUDE,
        {"petitionId": petition_id, "summary": "经走访核实，已向信访人说明情况。"},
    )["petitionConclude"]
    assert concluded["errors"] == []
    assert (
        _api(page, docs.SUBMIT, {"petitionId": petition_id})["closureSubmit"]["errors"]
        == []
    )
    _as(page, tree.user("township", "leader").username)
    approved = _api(page, docs.APPROVE, {"petitionId": petition_id})["closureApprove"]
    assert approved["errors"] == []


def _row(page, token: str):
    """The list row of the link whose requirement carries `token`."""
    return page.locator("[data-test=link-table] .el-table__row", has_text=token)


def _open_menu(page, label: str) -> None:
    page.locator("[data-test=shell-menu] li", has_text=label).click()
    page.locator("[data-test=link-table]").wait_for()


def _shot(page, name: str) -> None:
    """A screenshot once the list's loading mask has faded out."""
    expect(page.locator(".el-loading-mask:visible")).to_have_count(0)
    screenshot(page, name)


def _dialog(page, title: str):
    dialog = page.locator(
        ".el-dialog", has=page.locator(".el-dialog__title", has_text=title)
    )
    dialog.wait_for()
    return dialog


def test_a_township_reports_up_is_sent_back_once_and_then_accepted(tree, page):
    token = f"报结演练{uuid.uuid4().hex[:6]}"
    county_user = tree.user("county_a", "registrar")
    _as(page, county_user.username)
    petition = _register(page, f"反映社区党组织换届问题（{token}）")

    # 玄武区 assigns it to its township from the case page.
    page.goto(f"/petitions/{petition['id']}")
    page.locator("[data-test=case-send-panel] [data-send=ASSIGN]").click()
    send = page.locator(".el-dialog:has([data-test=unit-tree-picker])")
    send.locator(f".unit-node[data-code='{TOWNSHIP}']").click()
    send.locator("[data-test=send-requirement]").fill(f"请核实后报结（{token}）")
    send.locator("[data-test=send-submit]").click()
    expect(page.get_by_text("已交办至梅园新村街道党工委组织办")).to_be_visible()

    # The township's liaison finds it among what came from above, with the
    # server's objection clock; the case is open, so nothing to report yet.
    _as(page, tree.user("township", "liaison").username)
    # The inbox's notice of it leads where it is acted on, not to a dead end.
    page.goto("/inbox")
    notice = page.locator("[data-test=inbox-table] .el-table__row", has_text=token)
    expect(notice).to_contain_text("交办信访件")
    notice.get_by_role("link").click()
    expect(page).to_have_url(f"{page.url.split('/inbox')[0]}/received")
    row = _row(page, token)
    expect(row).to_have_count(1)
    expect(row.locator("[data-test=objection-clock]")).to_contain_text("剩 5 个工作日")
    expect(row.locator("[data-test=due-clock]")).to_contain_text("还剩")
    expect(row.locator("[data-state]")).to_have_text("办理中")
    expect(row.locator("[data-action]")).to_have_count(0)
    _shot(page, "received_township_list")
    township_case = row.locator(".case-link").get_attribute("href").rsplit("/", 1)[1]

    # It handles the case, then reports the result with a file uploaded here.
    _close_township_case(page, tree, township_case)
    _as(page, tree.user("township", "liaison").username)
    _open_menu(page, "上级转交办")
    _row(page, token).locator("[data-action=SUBMIT_REPORT]").click()
    report = _dialog(page, "报结")
    choose(page, report.locator("[data-test=report-finding]"), "已解释说明")
    report.locator("[data-test=report-handling]").fill("已走访信访人并解释换届程序。")
    report.locator("[data-test=report-opinion]").fill("信访人表示理解")
    report.locator("[data-test=report-upload]").set_input_files(
        {"name": "走访记录.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    chosen = report.locator(".el-checkbox[data-file='走访记录.pdf']")
    expect(chosen.locator("input")).to_be_checked()
    _shot(page, "received_township_report_dialog")
    report.locator("[data-test=report-submit]").click()
    expect(page.locator(".link-list .notice")).to_contain_text(
        "已报结，等待交办单位审核"
    )
    expect(_row(page, token).locator("[data-state]")).to_have_text("已报结待审")

    # The county sees it awaiting its decision, opens the file, sends it back.
    _as(page, county_user.username)
    _open_menu(page, "本级下发")
    row = _row(page, token)
    expect(row.locator("[data-state]")).to_have_text("已报结待审")
    _shot(page, "issued_county_awaiting")
    row.locator("[data-action=DECIDE_REPORT]").click()
    decide = _dialog(page, "审核报结")
    expect(decide.locator("[data-test=report-shown]")).to_contain_text("已解释说明")
    expect(decide.locator("[data-test=report-shown]")).to_contain_text("信访人表示理解")
    file_link = decide.locator(".report-file", has_text="走访记录.pdf")
    downloaded = page.request.get(file_link.get_attribute("href"))
    assert downloaded.status == 200 and downloaded.body() == PDF
    decide.locator("[data-test=decision-negative]").click()
    expect(decide.get_by_text("退回重办须说明理由")).to_be_visible()
    decide.locator("[data-test=decision-note]").fill(
        "未写明信访人对处理结果的意见，请补充后重新报结。"
    )
    _shot(page, "issued_county_send_back")
    decide.locator("[data-test=decision-negative]").click()
    expect(page.locator(".link-list .notice")).to_contain_text(
        "已退回重办，下级信访件已重新打开"
    )
    expect(_row(page, token)).to_have_count(0)  # no longer awaiting
    page.locator(".el-tabs__item", has_text="全部").click()
    row = _row(page, token)
    expect(row.locator("[data-state]")).to_have_text("办理中")
    expect(row).to_contain_text("已退回 1 次")

    # The township's case is open again, the reason on both timelines.
    _as(page, tree.user("township", "liaison").username)
    page.goto(f"/petitions/{township_case}")
    expect(page.locator("[data-event=REOPENED]")).to_contain_text(
        "报结被玄武区委组织部退回：未写明信访人对处理结果的意见"
    )
    expect(page.locator("[data-event=RECEIVED_ACROSS]")).to_contain_text(
        "收到中共南京市玄武区委组织部交办"
    )
    expect(page.locator("[data-event=RESULT_REPORTED]")).to_contain_text(
        "向中共南京市玄武区委组织部报结：已解释说明；已走访信访人并解释换届程序。"
    )
    history = page.locator("[data-test=case-link-history]")
    expect(history.locator("[data-link-event=REPORT_RETURNED]")).to_contain_text(
        "未写明信访人对处理结果的意见，请补充后重新报结。"
    )
    expect(history.locator("[data-report=RETURNED]")).to_contain_text("走访记录.pdf")
    _shot(page, "received_township_case_reopened")

    # It closes the case again and reports; the county accepts.
    _close_township_case(page, tree, township_case)
    _as(page, tree.user("township", "liaison").username)
    _open_menu(page, "上级转交办")
    _row(page, token).locator("[data-action=SUBMIT_REPORT]").click()
    report = _dialog(page, "报结")
    choose(page, report.locator("[data-test=report-finding]"), "已解释说明")
    report.locator("[data-test=report-handling]").fill("已再次走访并当面出示办理结论。")
    report.locator("[data-test=report-opinion]").fill("信访人对处理结果表示满意")
    report.locator(".el-checkbox[data-file='走访记录.pdf']").click()
    report.locator("[data-test=report-submit]").click()
    expect(page.locator(".link-list .notice")).to_contain_text(
        "已报结，等待交办单位审核"
    )

    _as(page, county_user.username)
    _open_menu(page, "本级下发")
    _row(page, token).locator("[data-action=DECIDE_REPORT]").click()
    decide = _dialog(page, "审核报结")
    expect(decide.locator("[data-test=report-shown]")).to_contain_text(
        "信访人对处理结果表示满意"
    )
    decide.locator("[data-test=decision-note]").fill("同意办结。")
    decide.locator("[data-test=decision-positive]").click()
    expect(page.locator(".link-list .notice")).to_contain_text("已认可报结，本件办结")
    page.locator(".el-tabs__item", has_text="全部").click()
    expect(_row(page, token).locator("[data-state]")).to_have_text("报结已认可")
    _shot(page, "issued_county_accepted")

    # The county's own case is closed, every step on its timeline.
    page.goto(f"/petitions/{petition['id']}")
    history = page.locator("[data-test=case-link-history]")
    expect(history.locator("[data-link-event]")).to_have_count(5)
    expect(history.locator(".link-event strong")).to_have_text(
        ["发送", "报结", "退回重办", "报结", "认可报结"]
    )
    accepted = page.locator("[data-event=RESULT_ACCEPTED]")
    expect(accepted).to_contain_text("认可报结")
    expect(accepted).to_contain_text("认可梅园新村街道党工委组织办报结，本件办结")
    expect(accepted).to_contain_text("对方单位：梅园新村街道党工委组织办")
    # every cross-level step on the county's own timeline, labels from the API
    expect(page.locator("[data-event=RESULT_REPORTED]")).to_have_count(2)
    expect(page.locator("[data-event=REOPENED]")).to_contain_text(
        "退回梅园新村街道党工委组织办报结，要求重办：未写明信访人对处理结果的意见"
    )
    _shot(page, "issued_county_case_closed")


def test_a_township_objects_and_the_county_rejects_it_with_a_reason(tree, page):
    token = f"异议演练{uuid.uuid4().hex[:6]}"
    county_user = tree.user("county_a", "registrar")
    _as(page, county_user.username)
    petition = _register(page, f"反映街道干部作风问题（{token}）")
    assigned = _api(
        page,
        ASSIGN,
        {
            "input": {
                "petitionId": petition["id"],
                "targetCode": TOWNSHIP,
                "requirement": f"请调查核实（{token}）",
            }
        },
    )["petitionAssign"]
    assert assigned["errors"] == []

    # The township's registrar objects; the reason is required.
    _as(page, tree.user("township", "registrar").username)
    _open_menu(page, "上级转交办")
    _row(page, token).locator("[data-action=RAISE_OBJECTION]").click()
    objection = _dialog(page, "提出管辖异议")
    objection.locator("[data-test=objection-submit]").click()
    expect(objection.get_by_text("请说明不属于本单位管辖的理由")).to_be_visible()
    objection.locator("[data-test=objection-reason]").fill(
        "被反映人系区管干部，不属于街道管辖。"
    )
    _shot(page, "received_township_objection")
    objection.locator("[data-test=objection-submit]").click()
    expect(page.locator(".link-list .notice")).to_contain_text("已提出管辖异议")
    row = _row(page, token)
    expect(row.locator("[data-state]")).to_have_text("异议待决")
    expect(row.locator("[data-test=objection-clock]")).to_have_text("异议待决")

    # The county decides: rejecting needs a reason, then it is back in handling.
    _as(page, county_user.username)
    _open_menu(page, "本级下发")
    _row(page, token).locator("[data-action=DECIDE_OBJECTION]").click()
    decide = _dialog(page, "决定管辖异议")
    expect(decide.locator("[data-test=objection-reason-shown]")).to_have_text(
        "被反映人系区管干部，不属于街道管辖。"
    )
    decide.locator("[data-test=decision-negative]").click()
    expect(decide.get_by_text("异议不成立须说明理由")).to_be_visible()
    decide.locator("[data-test=decision-note]").fill(
        "反映的是街道工作人员作风问题，属街道职责，请继续办理。"
    )
    _shot(page, "issued_county_objection_decide")
    decide.locator("[data-test=decision-negative]").click()
    expect(page.locator(".link-list .notice")).to_contain_text("已决定异议不成立")
    page.goto(f"/petitions/{petition['id']}")
    history = page.locator("[data-test=case-link-history]")
    expect(history.locator(".link-event strong")).to_have_text(
        ["发送", "提出异议", "异议不成立"]
    )
    expect(history.locator("[data-link-event=OBJECTION_REJECTED]")).to_contain_text(
        "属街道职责"
    )
    # and on the county's own timeline, with the township and the reasons
    expect(page.locator("[data-event=OBJECTION_RAISED]")).to_contain_text(
        "梅园新村街道党工委组织办提出管辖异议：被反映人系区管干部"
    )
    expect(page.locator("[data-event=OBJECTION_REJECTED]")).to_contain_text(
        "管辖异议不成立"
    )
    _shot(page, "issued_county_objection_history")

    # The township sees the decision on its case, back in handling.
    _as(page, tree.user("township", "registrar").username)
    page.goto(f"/petitions/{assigned['link']['targetPetitionId']}")
    history = page.locator("[data-test=case-link-history]")
    expect(history.locator("[data-link-event=OBJECTION_RAISED]")).to_contain_text(
        "被反映人系区管干部"
    )
    expect(history.locator("[data-link-event=OBJECTION_REJECTED]")).to_contain_text(
        "属街道职责"
    )
    expect(history.locator(".link-state")).to_have_text("办理中")
    expect(page.locator("[data-event=OBJECTION_REJECTED]")).to_contain_text(
        "中共南京市玄武区委组织部决定管辖异议不成立，请继续办理：反映的是街道工作人员"
    )
    _shot(page, "received_township_objection_history")
