"""The public portal (网上信访) on a 375×667 phone, against the live server."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from supervision.crosslevel.services import online
from supervision.rules.identity import make_citizen_id
from tests.browser.conftest import VIEWPORT, screenshot, sign_in
from tests.graphql_api.supervision import gql as docs
from tests.graphql_api.supervision.test_lifecycle import TODAY

PHONE = {"width": 375, "height": 667}
# A submission first solves the portal's proof of work in the browser: under a
# loaded machine that and the upload take longer than an ordinary step.
SUBMIT_TIMEOUT = 45_000
CITIZEN_ID = make_citizen_id("320102", TODAY.replace(year=1975), 31)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.4\n%portal test letter\n%%EOF\n"

# Every visible form control without a label (its own <label>, aria-label or
# aria-labelledby), and every button without an accessible name.
UNLABELLED = """() => {
  const shown = (e) => e.getClientRects().length > 0;
  const controls = [...document.querySelectorAll('input, select, textarea')]
    .filter(shown)
    .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
      && !e.getAttribute('aria-labelledby'));
  const buttons = [...document.querySelectorAll('button')].filter(shown)
    .filter((e) => !e.textContent.trim() && !e.getAttribute('aria-label'));
  return [...controls, ...buttons].map((e) => e.outerHTML.slice(0, 80));
}"""
# The focused element's outline, as the keyboard user sees it.
FOCUS_RING = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  return { tag: e.tagName, id: e.id, style: style.outlineStyle, width: style.outlineWidth };
}"""


def assert_accessible(page) -> None:
    assert page.evaluate(UNLABELLED) == []


def assert_focus_visible_while_tabbing(page, presses: int = 12) -> list[str]:
    """Tab through the page: each control reached shows a focus ring."""
    reached = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring["tag"] == "BODY":
            continue
        assert ring["style"] != "none" and ring["width"] != "0px", ring
        reached.append(ring["id"] or ring["tag"])
    return reached


def _attach_files(page, shots: str) -> None:
    """Word is refused in the browser; a text file named .jpg by the server,
    which judges the content; a photo and a letter pass."""
    files = page.get_by_label("附件（选填）")
    files.set_input_files(
        [
            {
                "name": "说明.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument."
                "wordprocessingml.document",
                "buffer": b"PK\x03\x04 not really",
            }
        ]
    )
    error = page.locator("[data-test=attachments-error]")
    expect(error).to_have_text("“说明.docx”不是JPG、PNG图片或PDF文件")
    page.get_by_role("button", name="移除 说明.docx").click()
    expect(error).to_have_count(0)
    files.set_input_files(
        [{"name": "照片.jpg", "mimeType": "image/jpeg", "buffer": b"just text"}]
    )
    expect(page.locator("[data-test=files]")).to_contain_text("照片.jpg")
    page.get_by_label("我已阅读并同意个人信息保护说明").check()
    page.get_by_role("button", name="提交", exact=True).click()
    expect(error).to_contain_text(
        "“照片.jpg”不是JPG、PNG图片或PDF文件", timeout=SUBMIT_TIMEOUT
    )
    expect(page.locator("[data-test=receipt]")).to_have_count(0)
    screenshot(page, f"{shots}-file-refused")
    page.get_by_role("button", name="移除 照片.jpg").click()
    expect(page.get_by_text("“照片.jpg”不是JPG")).to_have_count(0)
    files.set_input_files(
        [
            {"name": "现场照片.png", "mimeType": "image/png", "buffer": PNG},
            {"name": "举报信.pdf", "mimeType": "application/pdf", "buffer": PDF},
        ]
    )
    expect(page.locator("[data-test=files] li")).to_have_count(2)
    expect(error).to_have_count(0)
    page.get_by_label("我已阅读并同意个人信息保护说明").uncheck()


def _file_accusation(page) -> tuple[str, str]:
    return _file(page, "ACCUSATION")


def _file(
    page, legal_type: str, shots: str = "portal-phone", accused_in_tree: bool = False
) -> tuple[str, str]:
    page.goto("/portal/")
    page.get_by_label("省", exact=True).select_option("320000")
    page.get_by_label("市", exact=True).select_option("320100")
    page.get_by_label("县（市、区）").select_option("320102")
    page.get_by_label("乡镇（街道）").select_option("320102002")
    expect(page.locator("[data-test=chosen-unit]")).to_contain_text(
        "梅园新村街道党工委组织办"
    )
    page.get_by_label("信访类型").select_option(legal_type)
    page.get_by_label("问题类别").select_option("CADRE_SELECTION")
    page.get_by_label("姓名", exact=True).fill("孙明德")
    page.get_by_label("身份证号码").fill(CITIZEN_ID)
    page.get_by_label("联系电话").fill("13951230000")
    if legal_type == "ACCUSATION":
        page.get_by_label("被反映人姓名").fill("赵某")
        if accused_in_tree:
            page.get_by_label("被反映人所在省").select_option("320000")
            page.get_by_label("所在市", exact=True).select_option("320100")
            page.get_by_label("所在县（市、区）").select_option("320102")
            page.get_by_label("所在乡镇（街道）").select_option("320102002")
            expect(page.locator("[data-test=accused-area]")).to_contain_text(
                "梅园新村街道党工委组织办"
            )
            page.get_by_label("工作单位").fill("梅园新村街道党工委")
            page.get_by_label(re.compile("^标题")).fill("反映街道干部选拔中的问题")
            page.get_by_label(re.compile("^反映内容")).fill(
                "街道在推荐社区干部时未经民主推荐程序，直接确定人选。"
            )
            _attach_files(page, shots)
        else:
            page.get_by_label("所在单位不详").check()
        page.get_by_label(re.compile("^标题")).fill("反映街道干部选拔中的问题")
        page.get_by_label(re.compile("^反映内容")).fill(
            "街道在推荐社区干部时未经民主推荐程序，直接确定人选。"
        )
    else:
        page.get_by_label(re.compile("^标题")).fill("对社区书记推荐结果的申诉")
        page.get_by_label(re.compile("^反映内容")).fill(
            "本人参加社区书记民主推荐，计票结果有误，请求重新核查。"
        )
    assert_accessible(page)
    screenshot(page, f"{shots}-form")
    page.get_by_role("button", name="提交", exact=True).click()
    # the privacy notice must be agreed first
    expect(page.get_by_text("请先阅读并同意个人信息保护说明")).to_be_visible()
    page.get_by_label("我已阅读并同意个人信息保护说明").check()
    page.get_by_role("button", name="提交", exact=True).click()
    receipt = page.locator("[data-test=receipt]")
    expect(receipt).to_contain_text("查询码只显示这一次", timeout=SUBMIT_TIMEOUT)
    number = page.locator("[data-test=tracking-number]").inner_text()
    code = page.locator("[data-test=query-code]").inner_text()
    screenshot(page, f"{shots}-receipt")
    return number, code


def test_a_citizen_files_at_a_township_keeps_the_code_and_follows_it(page):
    page.set_viewport_size(PHONE)
    number, code = _file_accusation(page)
    assert number.startswith("320102002-")

    page.get_by_role("button", name="我已记下，去查询进度").click()
    expect(page).to_have_url(re.compile("/portal/track$"))
    # the code is not shown again
    expect(page.get_by_text(code)).to_have_count(0)
    page.get_by_label("信访件编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询", exact=True).click()
    progress = page.locator("[data-test=progress]")
    expect(progress).to_contain_text("梅园新村街道党工委组织办")
    expect(progress).to_contain_text("已收件")
    screenshot(page, "portal-phone-progress")

    # a wrong code is refused with the same words as an unknown number
    page.get_by_label("查询码").fill("WRONG-CODE-0000")
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("编号或查询码不正确")
    expect(progress).to_have_count(0)
    screenshot(page, "portal-phone-wrong-code")


def test_the_deep_link_opens_the_progress_query(page):
    page.set_viewport_size(PHONE)
    page.goto("/portal/track")
    expect(page.get_by_label("信访件编号")).to_be_visible()
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("请填写编号和查询码")
    # by keyboard alone: Enter in the code field sends the query
    page.get_by_label("信访件编号").fill("320102-AAAAAAAAAAAA")
    page.get_by_label("查询码").fill("AAAAA-AAAAA-AAAAA-AAAAA")
    page.get_by_label("查询码").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("编号或查询码不正确")
    assert_accessible(page)


def test_the_form_is_labelled_and_keyboard_usable_on_a_phone(page):
    page.set_viewport_size(PHONE)
    page.goto("/portal/")
    expect(page.get_by_label("省", exact=True)).to_be_enabled()
    page.get_by_label("信访类型").select_option("ACCUSATION")
    expect(page.get_by_label("被反映人所在省")).to_be_enabled()
    assert_accessible(page)
    page.locator("h1").click()
    reached = assert_focus_visible_while_tabbing(page, presses=8)
    assert reached[:3] == ["BUTTON", "BUTTON", "area-0"]
    # a select is worked from the keyboard
    page.get_by_label("省", exact=True).focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("市", exact=True)).to_be_enabled()
    screenshot(page, "portal-phone-keyboard")


def _graphql(page, query: str, **variables) -> dict:
    """A call through the live API with the signed-in user's session."""
    token = page.request.get("/csrf/").json()["csrfToken"]
    response = page.request.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables}),
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )
    body = response.json()
    assert "errors" not in body, body
    payload = next(iter(body["data"].values()))
    assert payload.get("errors", []) == [], payload
    return payload


def _as_staff(page, username: str) -> None:
    page.context.clear_cookies()
    page.set_viewport_size(VIEWPORT)
    sign_in(page, username)


def _as_citizen(page, number: str, code: str):
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto("/portal/track")
    page.get_by_label("信访件编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询", exact=True).click()
    return page.locator("[data-test=progress]")


TO_ACCEPT = "query { petitions(queue: TO_ACCEPT) { items { id publicNumber } } }"


def _case_id(page, number: str) -> str:
    token = page.request.get("/csrf/").json()["csrfToken"]
    response = page.request.post(
        "/graphql/",
        data=json.dumps({"query": TO_ACCEPT}),
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )
    items = response.json()["data"]["petitions"]["items"]
    return next(item["id"] for item in items if item["publicNumber"] == number)


def test_accepted_in_the_workbench_answered_rated_and_reviewed(tree, page):
    # The tree is read before the browser starts (its event loop bars queries).
    handler = tree.user("township", "handler")
    department_id, handler_id = str(handler.department_id), str(handler.pk)

    # A citizen files an accusation at the township and keeps the code.
    page.set_viewport_size(PHONE)
    number, code = _file(
        page, "ACCUSATION", "portal-flow-accusation", accused_in_tree=True
    )

    # The township's registrar accepts it in the workbench.
    _as_staff(page, "township_registrar")
    pid = _case_id(page, number)
    page.goto(f"/petitions/{pid}")
    expect(page.locator(".case-status")).to_have_text("待受理")
    # with the petitioner's own files, which the registrar can download
    files = page.locator("ul.attachments li")
    expect(files).to_have_count(2)
    expect(files.filter(has_text="现场照片.png")).to_contain_text("信访人网上提交")
    letter = files.filter(has_text="举报信.pdf")
    with page.expect_download() as download:
        letter.get_by_role("link").click()
    assert download.value.path().read_bytes() == PDF
    page.locator("[data-action=ACCEPT]").click()
    page.locator(".action-dialog").wait_for()
    page.locator(".action-dialog .action-submit").click()
    expect(page.locator(".case-actions .el-alert")).to_have_text("已受理")
    screenshot(page, "portal-flow-workbench-accepted")

    # The citizen sees 已受理.
    progress = _as_citizen(page, number, code)
    expect(progress.locator("[data-test=status]")).to_have_text("已受理，正在办理")
    expect(progress).to_contain_text("已受理")
    screenshot(page, "portal-flow-accepted")

    # An appeal, filed the same way, is concluded with a 处理意见书 and answered.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    appeal, appeal_code = _file(page, "APPEAL", "portal-flow-appeal")
    _as_staff(page, "township_registrar")
    appeal_id = _case_id(page, appeal)
    _graphql(page, docs.ACCEPT, petitionId=appeal_id)
    _graphql(
        page,
        docs.ROUTE,
        petitionId=appeal_id,
        departmentId=department_id,
        handlerId=handler_id,
    )
    _as_staff(page, "township_handler")
    _graphql(
        page,
        docs.CONCLUDE,
        petitionId=appeal_id,
        summary="经核对原始计票记录，计票无误。",
        request="请求重新核查社区书记民主推荐结果",
        facts="经核对原始计票记录并与监票人谈话，计票无误",
        reasons="民主推荐各环节均按规定进行",
        legalBasis="《中国共产党基层组织选举工作条例》第十九条",
        decision="REJECT",
    )
    _graphql(page, docs.SUBMIT, petitionId=appeal_id)
    _as_staff(page, "township_leader")
    _graphql(page, docs.APPROVE, petitionId=appeal_id)
    _as_staff(page, "township_registrar")
    _graphql(
        page,
        docs.FEEDBACK,
        petitionId=appeal_id,
        givenOn=TODAY.isoformat(),
        content="经核查，计票无误，对您的请求不予支持。处理意见书已邮寄送达。",
    )

    # The citizen reads the answer, rates it and asks for 复查.
    progress = _as_citizen(page, appeal, appeal_code)
    expect(progress.locator("[data-test=status]")).to_have_text("已办结")
    expect(progress).to_contain_text("经核查，计票无误")
    opinion = progress.locator("[data-test=opinion]")
    expect(opinion).to_contain_text("信访事项处理意见书")
    expect(opinion).to_contain_text("《中国共产党基层组织选举工作条例》第十九条")
    expect(opinion).to_contain_text("不予支持")
    rating = page.locator("[data-test=rating]")
    review = page.locator("[data-test=review]")
    expect(review).to_contain_text("30日内")
    screenshot(page, "portal-flow-answered")
    rating.get_by_role("button", name="提交评价").click()
    expect(rating.get_by_role("alert")).to_have_text("请选择满意度")
    rating.get_by_label("不满意").check()
    rating.get_by_role("button", name="提交评价").click()
    expect(rating.locator("[data-test=rated]")).to_have_text("您的评价：不满意")
    review.get_by_label(re.compile("^请求复查的理由")).fill(
        "计票时有两张选票被错误认定为无效票，请求上一级组织部门复查。"
    )
    review.get_by_role("button", name="提交复查请求").click()
    expect(review.locator("[data-test=review-requested]")).to_have_text(
        f"已提交请求，提交日期：{TODAY.isoformat()}"
    )
    screenshot(page, "portal-flow-rated-and-reviewed")

    # The registrar sees the request in the case's timeline.
    _as_staff(page, "township_registrar")
    page.goto(f"/petitions/{appeal_id}")
    expect(page.get_by_text("信访人网上申请复查复核").first).to_be_visible()
    screenshot(page, "portal-flow-workbench-review-requested")

    # Wrong codes are refused alike, then this client is locked out, even with
    # the right code, for this number.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto("/portal/track")
    page.get_by_label("信访件编号").fill(appeal)
    for _ in range(online.WRONG_CODE_FREE):
        page.get_by_label("查询码").fill("WRONG-WRONG-WRONG-WRONG")
        page.get_by_role("button", name="查询", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("编号或查询码不正确")
    page.get_by_label("查询码").fill(appeal_code)
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("查询码错误次数过多")
    expect(page.locator("[data-test=progress]")).to_have_count(0)
    screenshot(page, "portal-flow-locked-out")


def test_the_portal_on_a_desktop_shows_the_level_guide(page):
    page.goto("/portal/")
    page.get_by_text("不知道向哪一级反映？").click()
    guide = page.locator("[data-test=guide]")
    expect(guide).to_contain_text("县管干部的问题，向县（市、区）委组织部反映")
    expect(guide).to_contain_text("党员申诉程序")
    # what belongs elsewhere is the workbench's own referral rule (告知类别)
    elsewhere = guide.locator("[data-test=elsewhere]")
    expect(elsewhere).to_contain_text("涉法涉诉事项，应向政法机关提出")
    expect(elsewhere).to_contain_text("违纪违法检举控告，应向纪检监察机关提出")
    expect(elsewhere).to_contain_text("不属于组织部门职责，应向有权处理的机关提出")
    # describing the matter shows the level, or where else to go
    advice = guide.locator("[data-test=advice]")
    page.get_by_label("反映的是什么事").select_option("ORGANIZATION")
    page.get_by_label("反映的是谁或哪里的问题").select_option("COUNTY")
    expect(advice).to_contain_text("请向县（市、区）委组织部反映")
    page.get_by_label("反映的是谁或哪里的问题").select_option("VILLAGE")
    expect(advice).to_contain_text("乡镇（街道）党（工）委组织部门")
    screenshot(page, "portal-desktop-guide")
    page.get_by_label("反映的是什么事").select_option("DISCIPLINE")
    expect(advice).to_contain_text("违纪违法检举控告，应向纪检监察机关提出")
    expect(advice).to_contain_text("纪委监委")
    assert_accessible(page)
    page.get_by_label("信访类型").select_option("ACCUSATION")
    expect(page.get_by_label("被反映人所在省")).to_be_visible()
    screenshot(page, "portal-desktop-form")
    page.get_by_role("button", name="进度查询").click()
    screenshot(page, "portal-desktop-track")
