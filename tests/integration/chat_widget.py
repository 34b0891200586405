"""The chat widget as a user drives it in the browser: open it, ask, wait for the answer."""

from __future__ import annotations

from playwright.sync_api import Page, expect

QUESTION = "临港的两证合一试点是什么意思？"


def open_chat(page: Page) -> None:
    page.get_by_role("button", name="在线咨询").click()
    expect(page.get_by_role("dialog", name="企业环保智能咨询")).to_be_visible()


def ask(page: Page, text: str) -> None:
    before = page.locator(".msg.bot").count()
    box = page.get_by_role("textbox", name="输入您的问题")
    box.fill(text)
    box.press("Enter")
    expect(page.locator(".msg.bot")).to_have_count(before + 1)
