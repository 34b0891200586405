"""The chat widget on the demo portal, in real Chromium, against the real gateway, Rasa and actions.

Each test opens a fresh browser context (its own storage, so its own chat session).
Where a test needs staff, it calls the store functions behind the staff API on the
running system's database (another process, as a second gateway would be), which also
checks that the widget sees writes it was not notified of; test_staff_console drives
the console itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, Route, expect

from api.store.conversations import find_conversation, list_messages
from api.store.database import open_database
from api.store.escalations import claim_escalation, latest_escalation, post_staff_reply, resolve_escalation
from api.store.feedback import list_feedback
from tests.integration.chat_widget import QUESTION, ask, open_chat
from tests.integration.system import RunningSystem

ANSWER_TIMEOUT_MS = 30_000
expect.set_options(timeout=ANSWER_TIMEOUT_MS)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, system: RunningSystem) -> Page:
    page = context.new_page()
    page.goto(system.gateway_url + "/")
    return page


def session_messages(system: RunningSystem, page: Page) -> list[tuple[str, str]]:
    db = open_database(system.database)
    conversation = find_conversation(db, channel="web", session_id=page.evaluate("window.ecoassist.sessionId()"))
    assert conversation is not None
    return [(m.sender, m.text) for m in list_messages(db, conversation_id=conversation.id)]


def test_a_question_gets_an_answer_citing_document_number_and_article(page: Page) -> None:
    open_chat(page)
    ask(page, QUESTION)
    answer = page.locator(".msg.bot").last
    summary = answer.locator(".cite summary").first
    expect(summary).to_contain_text("沪环综〔2021〕224号")
    expect(summary).to_contain_text("（二）")
    expect(answer.locator("time")).to_have_text(re.compile(r"^\d\d:\d\d$"))
    clause = answer.locator(".cite .clause").first
    expect(clause).to_be_hidden()
    summary.click()
    expect(clause).to_contain_text("两证合一")


def test_a_button_sends_its_payload_and_useless_takes_a_reason(page: Page, system: RunningSystem) -> None:
    open_chat(page)
    ask(page, QUESTION)
    answer_id = int(page.locator(".msg.bot").last.get_attribute("data-id") or 0)
    page.locator(".msg.bot").last.get_by_role("button", name="没用").click()
    expect(page.locator(".msg.user").last).to_have_text(re.compile("没用"))
    reason = page.get_by_role("textbox", name="可以告诉我们哪里不满意吗？（选填）")
    reason.fill("没有说明具体办理流程")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("感谢您的补充说明。")).to_be_visible()
    [feedback] = [f for f in list_feedback(open_database(system.database)) if f["message_id"] == answer_id]
    assert (feedback["value"], feedback["reason"]) == ("useless", "没有说明具体办理流程")


def test_reload_restores_the_conversation(page: Page) -> None:
    open_chat(page)
    ask(page, QUESTION)
    before = page.locator(".log .msg .bubble").all_inner_texts()
    page.reload()
    expect(page.get_by_role("dialog", name="企业环保智能咨询")).to_be_visible()
    expect(page.locator(".log .msg")).to_have_count(len(before))
    assert page.locator(".log .msg .bubble").all_inner_texts() == before


def test_a_message_sent_offline_is_delivered_once_when_back_online(
    page: Page, context: BrowserContext, system: RunningSystem
) -> None:
    open_chat(page)
    ask(page, QUESTION)
    context.set_offline(True)
    box = page.get_by_role("textbox", name="输入您的问题")
    box.fill("危险废物贮存有什么要求")
    box.press("Enter")
    pending = page.locator(".msg.user").last
    expect(pending.locator(".state")).to_have_text("网络未连接，恢复后自动发送")
    context.set_offline(False)
    expect(pending.locator(".state")).to_have_count(0)
    expect(page.locator(".msg.bot")).to_have_count(2)
    expect(page.locator(".msg.user", has_text="危险废物贮存有什么要求")).to_have_count(1)
    sent = [m for m in session_messages(system, page) if m == ("user", "危险废物贮存有什么要求")]
    assert len(sent) == 1


def test_a_slow_answer_shows_progress(page: Page) -> None:
    held: list[Route] = []
    page.route("**/api/chat", lambda route: held.append(route))
    page.clock.install()
    open_chat(page)
    box = page.get_by_role("textbox", name="输入您的问题")
    box.fill(QUESTION)
    box.press("Enter")
    typing = page.locator(".typing")
    expect(typing).to_contain_text("智能助手正在输入")
    page.clock.run_for(5000)
    expect(typing).to_contain_text("正在检索政策文件")
    assert held, "the chat request was not sent"
    held[0].continue_()
    expect(typing).to_be_hidden()
    expect(page.locator(".msg.bot")).to_have_count(1)


def test_360px_wide_has_no_horizontal_overflow(browser: Browser, system: RunningSystem, tmp_path: Path) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740}, device_scale_factor=2)
    try:
        page = context.new_page()
        page.goto(system.gateway_url + "/")
        open_chat(page)
        ask(page, QUESTION)
        ask(page, "https://example.gov.cn/" + "a" * 200)
        page.screenshot(path=tmp_path / "widget-360.png")
        assert (tmp_path / "widget-360.png").stat().st_size > 10_000
        widths = page.evaluate(
            """() => {
                const panel = document.getElementById('ecoassist-chat').shadowRoot.querySelector('.panel');
                const log = panel.querySelector('.log');
                return [document.documentElement.scrollWidth, panel.getBoundingClientRect().width,
                        log.scrollWidth, log.clientWidth];
            }"""
        )
    finally:
        context.close()
    page_width, panel_width, log_scroll, log_client = widths
    assert page_width <= 360 and panel_width <= 360
    assert log_scroll <= log_client


def test_markup_in_a_message_is_shown_as_text_and_never_runs(page: Page) -> None:
    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    open_chat(page)
    attack = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    ask(page, attack)
    expect(page.locator(".msg.user .bubble").last).to_have_text(attack)
    assert page.locator(".log script, .log img").count() == 0
    assert dialogs == []


def test_keyboard_only_use_and_screen_reader_labels(page: Page) -> None:
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="在线咨询")).to_be_focused()
    page.keyboard.press("Enter")
    box = page.get_by_role("textbox", name="输入您的问题")
    expect(box).to_be_focused()
    expect(page.get_by_role("log", name="对话记录")).to_be_visible()
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    expect(page.locator(".msg.bot .cite")).not_to_have_count(0)
    page.locator(".msg.bot").last.get_by_role("button", name="有用").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".msg.bot")).to_have_count(2)
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="企业环保智能咨询")).to_be_hidden()
    expect(page.get_by_role("button", name="在线咨询")).to_be_focused()


CONTRAST = """() => {
  const root = document.getElementById('ecoassist-chat').shadowRoot;
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = el => {
    for (let n = el; n; n = n.parentElement || (n.getRootNode() && n.getRootNode().host)) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = {};
  for (const sel of ['.launcher', '.title', '.disclaimer', '.msg.user .bubble', '.msg.bot .bubble', '.cite summary',
                     '.quick', '.time', '.send', '.input']) {
    const el = root.querySelector(sel);
    if (!el) { out[sel] = 0; continue; }
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    out[sel] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  return out;
}"""


def test_text_has_at_least_aa_contrast(page: Page) -> None:
    open_chat(page)
    ask(page, QUESTION)
    ratios = page.evaluate(CONTRAST)
    assert {k: v for k, v in ratios.items() if v < 4.5} == {}


def test_handoff_states_live_staff_reply_rating_and_back_to_the_bot(page: Page, system: RunningSystem) -> None:
    open_chat(page)
    ask(page, "我要转人工")
    banner = page.locator(".banner")
    expect(banner).to_contain_text("排队中")
    db = open_database(system.database)
    conversation = find_conversation(db, channel="web", session_id=page.evaluate("window.ecoassist.sessionId()"))
    assert conversation is not None
    escalation = latest_escalation(db, conversation_id=conversation.id)
    assert escalation is not None and escalation.status == "waiting"

    claim_escalation(db, escalation_id=escalation.id, staff_name="王芳")
    expect(banner).to_contain_text("工作人员 王芳 为您服务")
    post_staff_reply(db, escalation_id=escalation.id, text="您好，请问您的项目在哪个区？")
    staff = page.locator(".msg.staff").last
    expect(staff).to_contain_text("您好，请问您的项目在哪个区？")
    expect(staff.locator(".who")).to_have_text("工作人员 王芳")

    resolve_escalation(db, escalation_id=escalation.id)
    expect(banner).to_contain_text("人工服务已结束")
    banner.get_by_role("button", name="5 分").click()
    expect(banner).to_contain_text("感谢您的评价！")
    rated = latest_escalation(db, conversation_id=conversation.id)
    assert rated is not None and rated.rating == 5

    ask(page, QUESTION)
    expect(page.locator(".msg.bot").last.locator(".cite summary").first).to_contain_text("沪环综〔2021〕224号")


def test_a_staff_reply_sent_while_offline_arrives_once_after_reconnecting(
    page: Page, context: BrowserContext, system: RunningSystem
) -> None:
    open_chat(page)
    ask(page, "我要转人工")
    expect(page.locator(".banner")).to_contain_text("排队中")
    db = open_database(system.database)
    conversation = find_conversation(db, channel="web", session_id=page.evaluate("window.ecoassist.sessionId()"))
    assert conversation is not None
    escalation = latest_escalation(db, conversation_id=conversation.id)
    assert escalation is not None
    claim_escalation(db, escalation_id=escalation.id, staff_name="李明")
    expect(page.locator(".banner")).to_contain_text("工作人员 李明 为您服务")
    context.set_offline(True)
    expect(page.locator(".notice")).to_have_text("网络连接已断开，您的消息会在恢复后自动发送。")
    post_staff_reply(db, escalation_id=escalation.id, text="排污许可证的问题我来帮您看。")
    context.set_offline(False)
    expect(page.locator(".msg.staff", has_text="排污许可证的问题我来帮您看。")).to_have_count(1)
    page.get_by_role("textbox", name="输入您的问题").fill("谢谢，我们在浦东")
    page.get_by_role("textbox", name="输入您的问题").press("Enter")
    expect(page.locator(".msg.user", has_text="谢谢，我们在浦东").locator(".state")).to_have_count(0)
    assert ("user", "谢谢，我们在浦东") in session_messages(system, page)
    resolve_escalation(db, escalation_id=escalation.id)
