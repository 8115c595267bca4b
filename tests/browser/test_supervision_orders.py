"""Supervision orders (督办单) in Chromium: a province supervisor drills from
the dashboard down to an overdue case of 玄武区 and issues an order on it,
and a topic order from the issued-orders page; the county's registrar finds
the order in its received orders with the reply clock and replies with the
result; the province sees the reply in its issued orders."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import choose, run_in_live_database, sign_in
from tests.browser.conftest import screenshot as _screenshot

CASE = "XF-ORDERS-1"
TOPIC = f"信访件 {CASE} 超期未办结"
LATE = "换届风气专项督办（逾期）"
ANSWER = "已约谈承办人，信访件已于本周办结，处理意见已送达信访人。"

# An overdue case of 玄武区 of this test's own, through the facts service so
# the dashboard's rollups follow.
SEED = f"""
from datetime import timedelta
from django.utils import timezone
from tenants.models import Unit
from tests.factories.facts import fact_create
today = timezone.localdate()
fact_create(Unit.objects.get(code="320102"), tracking_number="{CASE}",
            due_on=today - timedelta(days=9), received_on=today - timedelta(days=75))
# A topic order to 玄武区 three days overdue, reminded by the deadline scan.
from supervision.crosslevel.models import SupervisionOrder
from supervision.crosslevel.services import orders
from tenants.models import User
late = orders.supervision_order_issue(
    actor=User.objects.get(username="province_supervisor"), target_code="320102",
    topic="{LATE}", method="dispatch", requirement="请报送专项督办进展。")
SupervisionOrder.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=3))
orders.supervision_order_escalate(order_id=late.pk, today=today)
"""


def screenshot(page, name: str) -> None:
    """A screenshot once no list or page is still loading."""
    expect(page.locator(".el-loading-mask:visible")).to_have_count(0)
    _screenshot(page, name)


def _menu(page, name: str) -> None:
    page.locator("[data-test=shell-menu] li", has_text=name).click()


def _issue_from_the_dashboard(page) -> str:
    """The province drills province → 南京市 → 玄武区, opens the overdue case
    and issues an interview order (重点约谈); answers the order's number."""
    _menu(page, "汇总看板")
    unit = page.locator("[data-test=dashboard] [data-test=dashboard-unit]")
    expect(unit).to_contain_text("江苏省委组织部")
    page.locator("[data-test=dashboard-children] a[data-code='320100']").click()
    expect(unit).to_contain_text("南京市")
    page.locator("[data-test=dashboard-children] a[data-code='320102']").click()
    expect(unit).to_contain_text("玄武区")
    row = page.locator("[data-test=due-table] .el-table__row", has_text=CASE)
    expect(row).to_contain_text("9")
    screenshot(page, "orders-dashboard-county")

    row.click()
    case = page.locator("[data-test=cross-level-case]")
    expect(case.locator("[data-test=case-facts]")).to_contain_text(CASE)
    case.locator("[data-test=issue-order]").click()
    dialog = page.locator(".el-dialog", has_text="签发督办单")
    expect(dialog).to_contain_text("中共南京市玄武区委组织部")
    expect(dialog.locator("[data-test=issue-topic]")).to_have_value(TOPIC)
    choose(page, "issue-method", "重点约谈")
    dialog.locator("[data-test=issue-requirement]").fill(
        "请约谈承办人，于回复期限前办结并书面报告办理结果。"
    )
    screenshot(page, "orders-issue-from-case")
    dialog.locator("[data-test=issue-submit]").click()
    done = page.locator(".el-message--success")
    expect(done).to_contain_text("已签发")
    expect(dialog).to_be_hidden()
    number = re.search(r"督办单 (\S+) 已签发", done.inner_text())
    assert number, done.inner_text()
    page.locator("[data-test=cross-level-case] .el-drawer__close-btn").click()
    return number.group(1)


def _issue_a_topic_from_the_page(page) -> None:
    """A topic order (no case) to 梅园新村街道, picked in the subtree."""
    page.locator("[data-test=orders-issue]").click()
    dialog = page.locator(".el-dialog", has_text="签发督办单")
    picker = dialog.locator("[data-test=order-target-picker]")
    # The tree opens level by level: 南京市 → 玄武区 → 梅园新村街道.
    for code in ("320100", "320102"):
        picker.locator(
            f".el-tree-node__content:has([data-code='{code}']) "
            ".el-tree-node__expand-icon"
        ).click()
    township = picker.locator("[data-code='320102002']")
    expect(township).to_be_visible()
    screenshot(page, "orders-issue-target-tree")
    picker.locator("[data-test=order-target-search]").fill("梅园")
    picker.locator(".target-node[data-code='320102002']").click()
    expect(dialog.locator("[data-test=issue-target-chosen]")).to_have_text(
        "梅园新村街道党工委组织办"
    )
    dialog.locator("[data-test=issue-submit]").click()
    expect(dialog.locator(".el-form-item__error")).to_have_text(
        ["请填写督办事项", "请填写督办要求"]
    )
    dialog.locator("[data-test=issue-topic]").fill("软弱涣散党组织整顿专题督办")
    choose(page, "issue-method", "实地调研")
    dialog.locator("[data-test=issue-requirement]").fill("请报送整顿方案和进展。")
    screenshot(page, "orders-issue-topic")
    dialog.locator("[data-test=issue-submit]").click()
    expect(dialog).to_be_hidden()


def test_a_province_order_on_an_overdue_case_is_answered_by_the_county(page):
    run_in_live_database(SEED)
    sign_in(page, "province_supervisor")
    number = _issue_from_the_dashboard(page)

    # The issued list shows it open, unanswered, with days remaining.
    _menu(page, "签发的督办")
    issued = page.locator("[data-test=orders-issued]")
    row = issued.locator(".el-table__row", has_text=number)
    expect(row).to_contain_text(TOPIC)
    expect(row).to_contain_text("玄武区委组织部")
    expect(row).to_contain_text(CASE)
    expect(row).to_contain_text("重点约谈")
    expect(row).to_contain_text("督办中")
    expect(row).to_contain_text("未回复")
    expect(row.locator("[data-test=order-clock]")).to_have_text(
        re.compile(r"^剩余 \d+ 天$")
    )
    _issue_a_topic_from_the_page(page)
    topic_row = issued.locator(".el-table__row", has_text="软弱涣散党组织整顿专题督办")
    expect(topic_row).to_contain_text("梅园新村街道")
    expect(topic_row).to_contain_text("专题")
    expect(topic_row).to_contain_text("实地调研")
    screenshot(page, "orders-issued")

    # The county's registrar: received orders, the clock, the reply.
    page.context.clear_cookies()
    sign_in(page, "county_a_registrar")
    _menu(page, "收到的督办")
    received = page.locator("[data-test=orders-received]")
    row = received.locator(".el-table__row", has_text=number)
    expect(row).to_contain_text("省委组织部")
    clock = row.locator("[data-test=order-clock]").inner_text()
    assert re.fullmatch(r"剩余 \d+ 天", clock), clock
    # The overdue order: red clock, reminded, and only it under 只看逾期.
    late = received.locator(".el-table__row", has_text=LATE)
    expect(late.locator("[data-test=order-clock]")).to_have_text("逾期 3 天")
    expect(late).to_contain_text("已逾期催办")
    expect(late).to_contain_text("专题调度")
    screenshot(page, "orders-received")
    page.locator("[data-test=orders-overdue-only]").click()
    expect(received.locator(".el-table__row", has_text=number)).to_have_count(0)
    expect(late).to_be_visible()
    late.click()
    history = page.locator("[data-test=order-detail] [data-test=order-history]")
    expect(history).to_contain_text("逾期催办")
    expect(history).to_contain_text("系统")
    screenshot(page, "orders-received-overdue")
    page.locator("[data-test=order-back]").click()
    received.locator(".el-table__row", has_text=number).click()
    detail = page.locator("[data-test=order-detail]")
    facts = detail.locator("[data-test=order-facts]")
    expect(facts).to_contain_text(CASE)
    expect(facts).to_contain_text("重点约谈")
    expect(facts.locator("[data-test=order-clock]")).to_have_text(clock)
    expect(detail.locator("[data-test=order-history]")).to_contain_text("签发")
    expect(detail).to_contain_text("尚未回复")
    form = detail.locator("[data-test=order-reply-form]")
    form.locator("[data-test=reply-submit]").click()
    expect(form.locator(".el-form-item__error")).to_have_text("请填写回复内容")
    form.locator("[data-test=reply-kind]").get_by_text("办理结果", exact=True).click()
    form.locator("[data-test=reply-content]").fill(ANSWER)
    screenshot(page, "orders-reply-form")
    form.locator("[data-test=reply-submit]").click()
    expect(page.locator(".el-message--success")).to_contain_text("回复已提交")
    expect(detail.locator("[data-test=order-state]")).to_have_text("已回复办结")
    expect(detail.locator("[data-test=order-reply]")).to_contain_text(ANSWER)
    expect(form).to_be_hidden()
    expect(facts.locator("[data-test=order-clock]")).to_contain_text("按期回复办结")
    screenshot(page, "orders-replied")

    # The province sees the reply among its answered orders.
    page.context.clear_cookies()
    sign_in(page, "province_supervisor")
    _menu(page, "签发的督办")
    issued = page.locator("[data-test=orders-issued]")
    choose(page, "orders-state", "已回复办结")
    row = issued.locator(".el-table__row", has_text=number)
    expect(row).to_contain_text("1 次")
    expect(row.locator("[data-test=order-clock]")).to_contain_text("按期回复办结")
    expect(issued.locator(".el-table__row", has_text="软弱涣散")).to_have_count(0)
    screenshot(page, "orders-issued-answered")
    page.locator("[data-test=orders-overdue-only]").click()
    expect(issued.locator(".el-table__row", has_text=number)).to_have_count(0)
    page.locator("[data-test=orders-overdue-only]").click()
    issued.locator(".el-table__row", has_text=number).click()
    detail = page.locator("[data-test=order-detail]")
    expect(detail.locator("[data-test=order-reply]")).to_contain_text(ANSWER)
    expect(detail.locator("[data-test=order-reply]")).to_contain_text("办理结果")
    expect(detail.locator("[data-test=order-history] .el-timeline-item")).to_have_count(
        3
    )
    expect(detail.locator("[data-test=order-history]")).to_contain_text("回复办结")
    expect(detail.locator("[data-test=order-reply-form]")).to_have_count(0)
    screenshot(page, "orders-issued-detail")


SOON = "催办演练：换届纪律专项督办（临期）"
LATER = "催办演练：党员发展工作督办（未到期）"
URGE_NOTE = "请于今日下班前书面回复办理进展。"
URGE_SEED = f"""
from datetime import timedelta
from django.utils import timezone
from supervision.crosslevel.models import SupervisionOrder
from supervision.crosslevel.services import orders
from tenants.models import User
today = timezone.localdate()
for topic, days in (("{SOON}", 0), ("{LATER}", 30)):
    order = orders.supervision_order_issue(
        actor=User.objects.get(username="city_supervisor"), target_code="320102",
        topic=topic, method="letter", requirement="请书面回复。")
    SupervisionOrder.objects.filter(pk=order.pk).update(
        due_on=today + timedelta(days=days))
"""


def test_the_city_urges_an_order_due_soon_and_the_county_is_told(page):
    run_in_live_database(URGE_SEED)
    sign_in(page, "city_supervisor")
    _menu(page, "签发的督办")
    issued = page.locator("[data-test=orders-issued]")

    # Not due within 3 working days: the button is greyed out, with the reason.
    issued.locator(".el-table__row", has_text=LATER).click()
    detail = page.locator("[data-test=order-detail]")
    expect(detail.locator("[data-test=order-urge]")).to_be_disabled()
    expect(detail.locator("[data-test=order-urge-refusal]")).to_contain_text(
        "距期限3个工作日内或逾期后方可催办"
    )
    screenshot(page, "orders-urge-not-yet")
    page.locator("[data-test=order-back]").click()

    # Due today: the city urges it, with a note.
    issued.locator(".el-table__row", has_text=SOON).click()
    urge = detail.locator("[data-test=order-urge]")
    expect(urge).to_be_enabled()
    urge.click()
    dialog = page.locator("[data-test=order-urge-dialog]")
    expect(dialog).to_contain_text("催促中共南京市玄武区委组织部尽快回复督办单")
    dialog.locator("[data-test=order-urge-note]").fill(URGE_NOTE)
    screenshot(page, "orders-urge-dialog")
    dialog.locator("[data-test=order-urge-submit]").click()
    expect(page.locator(".el-message--success")).to_contain_text(
        "已催办，已通知被督办单位"
    )
    history = detail.locator("[data-test=order-history]")
    urged = history.locator("[data-order-event=URGED]")
    expect(urged).to_contain_text("催办")
    expect(urged).to_contain_text("南京市委组织部催办（回复期限")
    expect(urged).to_contain_text(URGE_NOTE)
    # Once a day: greyed out now, the server's reason beside it.
    expect(urge).to_be_disabled()
    expect(detail.locator("[data-test=order-urge-refusal]")).to_have_text("今日已催办")
    expect(detail.locator("[data-test=order-last-urged]")).to_be_visible()
    screenshot(page, "orders-urged")

    # The county's registrar finds it in the inbox and on the order.
    page.context.clear_cookies()
    sign_in(page, "county_a_registrar")
    page.locator("[data-test=shell-inbox]").click()
    message = page.locator(
        "[data-test=inbox-table] .el-table__row", has_text="催办督办单"
    )
    expect(message).to_contain_text("南京市委组织部催办督办单")
    expect(message).to_contain_text("请尽快回复")
    screenshot(page, "orders-urge-inbox")
    _menu(page, "收到的督办")
    page.locator("[data-test=orders-received] .el-table__row", has_text=SOON).click()
    expect(detail.locator("[data-order-event=URGED]")).to_contain_text(URGE_NOTE)
    expect(detail.locator("[data-test=order-urge]")).to_have_count(0)
    expect(detail.locator("[data-test=order-reply-form]")).to_be_visible()
    screenshot(page, "orders-urge-received")


FILES_TOPIC = "回复附件演练：换届选举信访件督办"
FILE_PDF = b"%PDF-1.4\n%supervision reply\n"
FILES_SEED = f"""
from supervision.crosslevel.services import orders
from tests.factories.supervision import make_petition
from tests.tree import load_tree
tree = load_tree()
case = make_petition(tree, "accepted", "county_a", title="反映换届选举程序问题（回复附件演练）")
orders.supervision_order_issue(
    actor=tree.user("city", "supervisor"), target_code="320102",
    topic="{FILES_TOPIC}", method="letter",
    requirement="请书面回复并附约谈记录。", petition_id=case.pk)
"""


def test_the_county_replies_with_a_file_and_the_city_downloads_it(page):
    run_in_live_database(FILES_SEED)
    sign_in(page, "county_a_registrar")
    _menu(page, "收到的督办")
    page.locator(
        "[data-test=orders-received] .el-table__row", has_text=FILES_TOPIC
    ).click()
    detail = page.locator("[data-test=order-detail]")
    form = detail.locator("[data-test=order-reply-form]")
    expect(form).to_contain_text("督办件暂无附件，可在此上传")
    form.locator("[data-test=reply-upload]").set_input_files(
        {"name": "约谈记录.pdf", "mimeType": "application/pdf", "buffer": FILE_PDF}
    )
    chosen = form.locator(".el-checkbox[data-file='约谈记录.pdf']")
    expect(chosen.locator("input")).to_be_checked()
    form.locator("[data-test=reply-content]").fill("已约谈承办人，约谈记录见附件。")
    screenshot(page, "orders-reply-with-file")
    form.locator("[data-test=reply-submit]").click()
    expect(page.locator(".el-message--success")).to_contain_text("回复已提交")
    files = detail.locator("[data-test=order-reply] [data-test=order-reply-files]")
    expect(files).to_contain_text("约谈记录.pdf")

    # The city sees the reply with its file on the issued order, and downloads it.
    page.context.clear_cookies()
    sign_in(page, "city_supervisor")
    _menu(page, "签发的督办")
    page.locator(
        "[data-test=orders-issued] .el-table__row", has_text=FILES_TOPIC
    ).click()
    reply = detail.locator("[data-test=order-reply]")
    expect(reply).to_contain_text("已约谈承办人，约谈记录见附件。")
    link = reply.locator("a.reply-file", has_text="约谈记录.pdf")
    expect(link).to_be_visible()
    downloaded = page.request.get(link.get_attribute("href"))
    assert downloaded.status == 200
    assert downloaded.body() == FILE_PDF
    assert "attachment;" in downloaded.headers["content-disposition"]
    expect(detail.locator("[data-test=order-reply-form]")).to_have_count(0)
    screenshot(page, "orders-issued-reply-file")


TOPIC_FILES = "回复附件演练：基层党组织软弱涣散整顿专题督办"
TOPIC_PDF = b"%PDF-1.4\n%topic order reply\n"
TOPIC_FILES_SEED = f"""
from supervision.crosslevel.services import orders
from tests.tree import load_tree
tree = load_tree()
orders.supervision_order_issue(
    actor=tree.user("city", "supervisor"), target_code="320102",
    topic="{TOPIC_FILES}", method="site_visit",
    requirement="请报送整顿方案并附相关材料。")
"""


def test_the_county_replies_to_a_topic_order_with_a_file(page):
    run_in_live_database(TOPIC_FILES_SEED)
    sign_in(page, "county_a_registrar")
    _menu(page, "收到的督办")
    page.locator(
        "[data-test=orders-received] .el-table__row", has_text=TOPIC_FILES
    ).click()
    detail = page.locator("[data-test=order-detail]")
    expect(detail.locator("[data-test=order-facts]")).to_contain_text("专题")
    form = detail.locator("[data-test=order-reply-form]")
    # A topic order has no case: the files go with the reply itself.
    expect(form).not_to_contain_text("不能随回复上传附件")
    expect(form).to_contain_text("随回复报送，至多5个PDF、JPG、PNG、DOC、DOCX文件")
    form.locator("[data-test=reply-files]").set_input_files(
        {"name": "整顿方案.pdf", "mimeType": "application/pdf", "buffer": TOPIC_PDF}
    )
    chosen = form.locator("[data-test=reply-chosen-files] li")
    expect(chosen).to_have_count(1)
    expect(chosen).to_contain_text("整顿方案.pdf")
    form.locator("[data-test=reply-content]").fill("已制定整顿方案，详见附件。")
    screenshot(page, "orders-topic-reply-with-file")
    form.locator("[data-test=reply-submit]").click()
    expect(page.locator(".el-message--success")).to_contain_text("回复已提交")
    files = detail.locator("[data-test=order-reply] [data-test=order-reply-files]")
    expect(files).to_contain_text("整顿方案.pdf")
    expect(form.locator("[data-test=reply-chosen-files]")).to_have_count(0)

    # The city sees the reply with its file on the issued order, and downloads
    # it by clicking the link.
    page.context.clear_cookies()
    sign_in(page, "city_supervisor")
    _menu(page, "签发的督办")
    page.locator(
        "[data-test=orders-issued] .el-table__row", has_text=TOPIC_FILES
    ).click()
    reply = detail.locator("[data-test=order-reply]")
    expect(reply).to_contain_text("已制定整顿方案，详见附件。")
    link = reply.locator("a.reply-file", has_text="整顿方案.pdf")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "整顿方案.pdf"
    assert Path(download.value.path()).read_bytes() == TOPIC_PDF
    screenshot(page, "orders-issued-topic-reply-file")


BELOW = "南京市督办玄武区换届信访（逾期）"
BELOW_REPLY = "已成立专班，正在逐户走访核实。"
# The city supervises 玄武区, two days overdue; the county replied with progress.
SEED_BELOW = f"""
from datetime import timedelta
from django.utils import timezone
from supervision.crosslevel.models import SupervisionOrder
from supervision.crosslevel.services import orders
from tenants.models import User
order = orders.supervision_order_issue(
    actor=User.objects.get(username="city_supervisor"), target_code="320102",
    topic="{BELOW}", method="letter", requirement="请书面报告核查进展。")
orders.supervision_order_reply(
    actor=User.objects.get(username="county_a_registrar"), order_id=order.pk,
    kind="progress", content="{BELOW_REPLY}")
SupervisionOrder.objects.filter(pk=order.pk).update(
    due_on=timezone.localdate() - timedelta(days=2))
"""


def test_the_province_sees_the_orders_its_cities_issued_and_urges_a_late_one(page):
    run_in_live_database(SEED_BELOW)
    sign_in(page, "province_supervisor")
    _menu(page, "签发的督办")
    issued = page.locator("[data-test=orders-issued]")
    # Its own orders first: the city's order is not among them.
    expect(issued.locator(".el-table__row", has_text=BELOW)).to_have_count(0)
    page.locator("[data-test=orders-scope-below]").click()
    expect(issued.locator("[data-test=orders-below-hint]")).to_be_visible()
    row = issued.locator(".el-table__row", has_text=BELOW)
    expect(row).to_contain_text("南京市委组织部")
    expect(row).to_contain_text("玄武区委组织部")
    expect(row).to_contain_text("1 次")
    expect(row).to_contain_text("逾期 2 天")
    # Both units' columns fit in the page, the last one not cut off.
    overflow = issued.locator("[data-test=orders-table]").evaluate(
        """table => table.querySelector('.el-table__body').getBoundingClientRect().width
        - table.getBoundingClientRect().width"""
    )
    assert overflow <= 0, overflow
    screenshot(page, "orders-issued-below")
    row.click()
    detail = page.locator("[data-test=order-detail]")
    expect(detail.locator("[data-test=order-reply]")).to_contain_text(BELOW_REPLY)
    # Read-only but for urging: no reply form, and the urge is offered.
    expect(detail.locator("[data-test=order-reply-form]")).to_have_count(0)
    urge = detail.locator("[data-test=order-urge]")
    expect(urge).to_be_enabled()
    urge.click()
    dialog = page.locator("[data-test=order-urge-dialog]")
    dialog.locator(
        "[data-test=order-urge-note] textarea, textarea[data-test=order-urge-note]"
    ).first.fill("请于三日内报送办理结果。")
    screenshot(page, "orders-below-urge")
    dialog.locator("[data-test=order-urge-submit]").click()
    expect(page.locator(".el-message--success")).to_be_visible()
    expect(detail.locator("[data-test=order-history]")).to_contain_text("催办")
    # Beijing time in the workbench's one format, as on every other page.
    expect(detail.locator("[data-test=order-last-urged]")).to_have_text(
        re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
    )
    screenshot(page, "orders-below-urged")
