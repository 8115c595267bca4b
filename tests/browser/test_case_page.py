"""The case page in Chromium, along issue 12's path inside one unit: the
registrar accepts and prints the 受理告知书, the department head routes, the
handler records, asks for an extension that the leader approves (the clock
moves), concludes with a 处理意见书, the leader approves closure and the
registrar gives feedback and records the return visit."""

from __future__ import annotations

import datetime
import json

from django.utils import timezone
from playwright.sync_api import expect

from supervision.rules.identity import make_citizen_id
from tests.browser.conftest import choose, no_open_dropdown, screenshot, sign_in

TODAY = timezone.localdate()
LETTER = b"%PDF-1.4\n% scanned letter\n"
REGISTER = """
mutation($input: PetitionRegisterInput!) {
  petitionRegister(input: $input) { petition { id trackingNumber } errors { message } }
}"""


def _register_appeal(page, received_on: datetime.date | None = None) -> dict:
    """A joint appeal letter of two petitioners, registered through the live
    API with the signed-in registrar's session (registration has its own
    browser test)."""
    token = page.request.get("/csrf/").json()["csrfToken"]
    people = [
        {
            "name": name,
            "citizenId": make_citizen_id("320102", datetime.date(1970, 3, 8), sequence),
            "phone": phone,
        }
        for name, sequence, phone in (
            ("周建华", 211, "13851230001"),
            ("吴秀兰", 212, "13851230002"),
        )
    ]
    variables = {
        "input": {
            "receivedOn": (
                received_on or TODAY - datetime.timedelta(days=1)
            ).isoformat(),
            "channel": "LETTER",
            "legalType": "APPEAL",
            "topic": "CADRE_SELECTION",
            "title": "请求复核某镇副科级干部推荐结果",
            "content": "联名来信反映某镇2026年副科级干部民主推荐计票有误，请求重新核查推荐结果。",
            "isJoint": True,
            "petitioners": people,
        }
    }
    response = page.request.post(
        "/graphql/",
        data=json.dumps({"query": REGISTER, "variables": variables}),
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )
    payload = response.json()["data"]["petitionRegister"]
    assert payload["errors"] == []
    return payload["petition"]


def _as(page, username: str, petition_id: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username)
    page.goto(f"/petitions/{petition_id}")
    page.locator(".case-header").wait_for()


def _act(page, action: str) -> None:
    # The dialog of the action before has gone (see _submit), so this one is
    # the only one and the fields below are its own.
    expect(page.locator(".action-dialog")).to_have_count(0)
    page.locator(f"[data-action={action}]").click()
    expect(page.locator(".action-dialog")).to_have_count(1)
    expect(page.locator(".action-dialog")).to_be_visible()


def _choose(page, field: str, option: str) -> None:
    choose(
        page, page.locator(f".action-dialog [data-field={field}] .el-select"), option
    )


def _fill(page, field: str, text: str) -> None:
    page.locator(f".action-dialog [data-field={field}]").locator(
        "textarea, input"
    ).first.fill(text)


def _submit(page, done: str) -> None:
    """Submits the dialog: its own error, if any, fails here with its text;
    otherwise the page says the action is done and the dialog has gone."""
    refused = page.locator(
        ".action-dialog .form-error, .action-dialog .el-form-item__error"
    )
    # A message of an earlier try fades out for a while after it was fixed:
    # gone first, so what shows after the click is this submit's answer.
    no_open_dropdown(page)
    expect(refused).to_have_count(0)
    page.locator(".action-dialog .action-submit").click()
    notice = page.locator(".case-actions .notice")
    expect(notice.or_(refused).first).to_be_visible()
    assert refused.count() == 0, refused.all_inner_texts()
    expect(notice).to_have_text(done)
    expect(page.locator(".action-dialog")).to_have_count(0)


def _actions(page):
    return page.locator(".action-buttons .el-button")


def test_a_case_walks_from_acceptance_to_the_return_visit(tree, page):
    # The tree is read before the browser starts (its event loop bars queries).
    registrar = tree.user("county_a", "registrar")
    head = tree.user("county_a", "head")
    handler = tree.user("county_a", "handler")
    leader = tree.user("county_a", "leader")

    # The registrar opens the new case: header, parties, the acceptance clock.
    page.context.clear_cookies()
    sign_in(page, registrar.username)
    petition = _register_appeal(page)
    pid = petition["id"]
    page.goto(f"/petitions/{pid}")
    expect(page.locator(".tracking-number")).to_have_text(petition["trackingNumber"])
    expect(page.locator(".case-status")).to_have_text("待受理")
    expect(page.locator(".case-legal-type")).to_have_text("申诉求决")
    expect(page.locator(".case-channel")).to_have_text("来信")
    expect(page.locator(".case-decision")).to_have_text("无")
    expect(page.locator(".petitioners tbody tr")).to_have_count(2)
    expect(page.locator("[data-clock=ACCEPTANCE] strong")).to_have_text(
        "登记受理告知期限"
    )
    expect(_actions(page)).to_have_text(
        ["受理", "不予受理", "告知向有权机关提出", "回避"]
    )
    screenshot(page, "case-registered")

    # Accept, then print the 受理告知书.
    _act(page, "ACCEPT")
    screenshot(page, "case-accept-dialog")
    _submit(page, "已受理")
    expect(page.locator(".case-status")).to_have_text("已受理待交办")
    # 受理决定 names the acceptance, beside its 受理日期.
    expect(page.locator(".case-decision")).to_have_text("受理")
    expect(page.locator("[data-clock=HANDLING] strong")).to_have_text("办理期限")
    notice = page.locator("[data-notice=ACCEPTANCE]")
    expect(notice).to_have_text("打印《信访事项受理告知书》")
    with page.context.expect_page() as opened:
        notice.click()
    printed = opened.value
    printed.wait_for_load_state()
    expect(printed.locator("body")).to_contain_text("信访事项受理告知书")
    expect(printed.locator("body")).to_contain_text(petition["trackingNumber"])
    expect(printed.locator(".number")).to_have_text("（出具后生成文号）")
    screenshot(printed, "case-acceptance-notice-preview")
    # Issuing it gives it its 文号 and puts it on the timeline (once).
    printed.get_by_role("button", name="出具文书").click()
    expect(printed.locator(".number")).to_have_text(f"玄组信受〔{TODAY.year}〕1号")
    expect(printed.locator(".toolbar")).to_contain_text("下载 Word")
    screenshot(printed, "case-acceptance-notice")
    printed.close()

    # The letter itself is attached, and downloads as uploaded.
    page.locator(".upload input[type=file]").set_input_files(
        files=[
            {"name": "来信原件.pdf", "mimeType": "application/pdf", "buffer": LETTER}
        ]
    )
    page.get_by_role("button", name="上传附件").click()
    link = page.locator(".attachment-link")
    expect(link).to_have_text("来信原件.pdf")
    assert page.request.get(link.get_attribute("href")).body() == LETTER
    screenshot(page, "case-attachment")

    # The department head routes it; an empty dialog says what is missing.
    _as(page, head.username, pid)
    _act(page, "ROUTE")
    page.locator(".action-dialog .action-submit").click()
    expect(page.locator(".action-dialog [data-field=departmentId]")).to_contain_text(
        "请选择承办科室"
    )
    expect(page.locator(".action-dialog [data-field=handlerId]")).to_contain_text(
        "请选择承办人"
    )
    _choose(page, "departmentId", "干部监督科")
    _choose(page, "handlerId", handler.full_name)
    screenshot(page, "case-route-dialog")
    _submit(page, "已交办科室与承办人")
    expect(page.locator(".case-status")).to_have_text("办理中")
    expect(page.locator(".case-handler")).to_have_text(handler.full_name)

    # The handler records a step and asks for the extension.
    _as(page, handler.username, pid)
    expect(_actions(page)).to_have_text(["记录办理情况", "作出办理结论", "申请延期"])
    _act(page, "HANDLING_RECORD_ADD")
    _choose(page, "kind", "调查核实")
    _fill(page, "content", "调阅推荐计票原始记录，与监票人逐一核对。")
    _submit(page, "已记录办理情况")
    expect(page.locator(".handling-record")).to_contain_text(
        "【调查核实】调阅推荐计票原始记录"
    )
    handling_end = page.locator("[data-clock=HANDLING] .clock-end").inner_text()
    _act(page, "EXTENSION_REQUEST")
    _fill(page, "days", "31")
    page.locator(".action-dialog .action-submit").click()
    expect(page.locator(".action-dialog [data-field=days]")).to_contain_text(
        "延长期限为1至30日"
    )
    _fill(page, "days", "20")
    _fill(page, "reason", "涉及多名监票人，需逐一谈话核实。")
    _submit(page, "已申请延期")
    expect(page.locator(".case-extension")).to_have_text("待审批（20日）")

    # The leader approves the extension: the handling clock gives way to it.
    _as(page, leader.username, pid)
    _act(page, "EXTENSION_APPROVE")
    _submit(page, "已批准延期")
    expect(page.locator("[data-clock=HANDLING]")).to_have_count(0)
    extension = page.locator("[data-clock=EXTENSION]")
    expect(extension.locator("strong")).to_have_text("延长办理期限")
    start = extension.locator(".clock-start").inner_text()
    assert start == handling_end.removesuffix("（暂定）")
    expect(extension.locator(".clock-explanation")).to_contain_text("20")
    screenshot(page, "case-extension-approved")

    # The handler concludes with a 处理意见书 and submits it for review.
    _as(page, handler.username, pid)
    _act(page, "CONCLUDE")
    _fill(page, "summary", "经核查，推荐计票准确，程序符合规定。")
    _fill(page, "request", "请求重新核查副科级干部民主推荐结果")
    _fill(page, "facts", "经核对原始计票记录并与监票人谈话，计票无误")
    _fill(page, "reasons", "民主推荐各环节均按规定进行")
    _fill(page, "legalBasis", "《党政领导干部选拔任用工作条例》第十八条")
    _choose(page, "decision", "不予支持")
    screenshot(page, "case-conclude-dialog")
    _submit(page, "已作出办理结论")
    expect(page.locator(".result-decision")).to_have_text("不予支持")
    _act(page, "CLOSURE_SUBMIT")
    _submit(page, "已提交结案审核")
    expect(page.locator(".case-status")).to_have_text("待结案审核")

    # The leader approves closure.
    _as(page, leader.username, pid)
    _act(page, "CLOSURE_APPROVE")
    _submit(page, "已审核办结")
    expect(page.locator(".case-status")).to_have_text("已办结")
    expect(page.locator("[data-notice=OPINION]")).to_have_text(
        "打印《信访事项处理意见书》"
    )

    # The registrar tells the petitioners and records the return visit.
    _as(page, registrar.username, pid)
    _act(page, "FEEDBACK_RECORD")
    _fill(page, "content", "已当面向信访人出示处理意见书并说明理由。")
    _submit(page, "已反馈信访人")
    _act(page, "RETURN_VISIT_RECORD")
    _choose(page, "satisfaction", "基本满意")
    _submit(page, "已回访")
    expect(page.locator(".case-return-visit")).to_have_text(
        f"{TODAY.isoformat()} 基本满意"
    )
    expect(page.locator(".timeline .event strong")).to_have_text(
        [
            "登记",
            "受理",
            "出具文书",
            "上传附件",
            "归口交办",
            "办理记录",
            "申请延期",
            "批准延期",
            "办理结论",
            "提交结案审核",
            "审核办结",
            "反馈信访人",
            "回访",
        ]
    )
    screenshot(page, "case-return-visited")
