"""The hand-off end to end in real Chromium: a user asks for a person in the web chat, an
agent answers from the console, the user sees it live, rates the service, and the bot
takes over again; an admin turns the answer into knowledge the bot uses at once."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from api.store.database import open_database
from api.store.escalations import list_escalations
from api.store.staff import add_staff, find_staff
from tests.integration.chat_widget import QUESTION, ask, open_chat
from tests.integration.system import RunningSystem

PASSWORD = "console-pass-1"
expect.set_options(timeout=30_000)


@pytest.fixture
def staff_accounts(system: RunningSystem) -> None:
    db = open_database(system.database)
    if find_staff(db, name="wangfang") is None:
        add_staff(db, name="wangfang", password=PASSWORD, departments=["环评处"], role="agent")
        add_staff(db, name="chief", password=PASSWORD, departments=[], role="admin")


@pytest.fixture
def user(browser: Browser, system: RunningSystem) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(system.gateway_url + "/")
    yield page
    context.close()


@pytest.fixture
def staff_context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def console_login(context: BrowserContext, system: RunningSystem, name: str) -> Page:
    page = context.new_page()
    page.goto(system.gateway_url + "/console")
    page.get_by_label("账号").fill(name)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#who")).to_contain_text(name)
    return page


def test_agent_reply_reaches_the_user_live_then_rating_and_the_bot_again(
    user: Page, staff_context: BrowserContext, system: RunningSystem, staff_accounts: None
) -> None:
    open_chat(user)
    ask(user, QUESTION)
    ask(user, "我要转人工")
    expect(user.locator(".banner")).to_contain_text("排队中")

    agent = console_login(staff_context, system, "wangfang")
    item = agent.locator(".queue-list .pick", has_text=QUESTION).last  # newest: earlier tests may leave others
    expect(item).to_contain_text("排队中 · 环评处")
    item.click()
    expect(agent.locator("#transcript")).to_contain_text("沪环综〔2021〕224号")
    agent.get_by_role("button", name="认领").click()
    expect(user.locator(".banner")).to_contain_text("工作人员 wangfang 为您服务")

    agent.get_by_label("常用回复").select_option(label="问候")
    expect(agent.get_by_label("回复用户")).to_have_value("您好，我是上海市生态环境局的工作人员，请问有什么可以帮您？")
    agent.get_by_label("回复用户").fill("两证合一是指环评与排污许可衔接办理，详情请以业务部门公布为准。")
    agent.get_by_role("button", name="发送回复").click()
    expect(user.locator(".msg.staff").last).to_contain_text("两证合一是指环评与排污许可衔接办理")

    user.get_by_role("textbox", name="输入您的问题").fill("明白了，谢谢")
    user.get_by_role("textbox", name="输入您的问题").press("Enter")
    expect(agent.locator("#transcript")).to_contain_text("明白了，谢谢")
    agent.get_by_label("添加备注").fill("企业位于临港，后续可回访")
    agent.get_by_role("button", name="添加备注").click()
    expect(agent.locator("#notes")).to_contain_text("企业位于临港，后续可回访")
    expect(user.locator(".log")).not_to_contain_text("企业位于临港，后续可回访")

    agent.get_by_role("button", name="结束服务").click()
    banner = user.locator(".banner")
    expect(banner).to_contain_text("人工服务已结束")
    banner.get_by_role("button", name="5 分").click()
    expect(banner).to_contain_text("感谢您的评价！")
    db = open_database(system.database)
    [rated] = [e for e in list_escalations(db, statuses=("resolved",)) if e.topic == QUESTION and e.rating]
    assert (rated.rating, rated.staff_name) == (5, "wangfang")

    ask(user, QUESTION)
    expect(user.locator(".msg.bot").last.locator(".cite summary").first).to_contain_text("沪环综〔2021〕224号")


def test_an_answer_saved_as_faq_is_used_by_the_bot_for_the_next_question(
    user: Page, staff_context: BrowserContext, system: RunningSystem, staff_accounts: None
) -> None:
    open_chat(user)
    ask(user, "我要转人工")
    admin = console_login(staff_context, system, "chief")
    admin.locator(".queue-list .pick").last.click()  # the newest escalation
    admin.get_by_role("button", name="认领").click()
    admin.get_by_label("回复用户").fill(
        "搬迁后不再使用的排污口，应按规定办理排污口注销，具体材料请以业务部门公布为准。"
    )
    admin.get_by_role("button", name="发送回复").click()
    expect(user.locator(".msg.staff").last).to_contain_text("排污口注销")

    admin.get_by_text("保存为常见问答（机器人将据此回答）").click()
    admin.get_by_label("问题").fill("企业搬迁后原来的排污口要注销吗？")
    admin.get_by_label("其他问法（每行一个）").fill("搬迁以后旧排污口怎么处理\n排污口注销怎么办")
    expect(admin.get_by_label("答复")).to_have_value(
        "搬迁后不再使用的排污口，应按规定办理排污口注销，具体材料请以业务部门公布为准。"
    )
    admin.get_by_role("button", name="保存为常见问答").click()
    expect(admin.locator("#case-status")).to_contain_text("已保存为常见问答 问答")
    admin.get_by_role("button", name="结束服务").click()
    expect(user.locator(".banner")).to_contain_text("人工服务已结束")

    ask(user, "公司搬迁了，原来的排污口需要注销吗")
    answer = user.locator(".msg.bot").last
    expect(answer).to_contain_text("办理排污口注销")
    expect(answer.locator(".cite summary").first).to_contain_text("人工服务常见问答")


def test_a_walk_through_by_buttons_ends_in_a_record_that_staff_can_read(
    user: Page, staff_context: BrowserContext, system: RunningSystem, staff_accounts: None
) -> None:
    open_chat(user)
    box = user.get_by_role("textbox", name="输入您的问题")
    box.fill("我要办排污许可证")
    box.press("Enter")
    expect(user.locator(".msg.bot").last).to_contain_text("您要办理的是哪一种？")
    user.locator(".msg.bot").last.get_by_role("button", name="首次申请").click()
    expect(user.locator(".msg.bot").last).to_contain_text("贵单位实行哪一类排污许可管理？")
    user.locator(".msg.bot").last.get_by_role("button", name="不确定").click()
    expect(user.locator(".log")).to_contain_text("预审结果：需要工作人员协助确定管理类别")
    notice = user.locator(".msg.system", has_text="预审单已生成")
    expect(notice).to_have_count(1)
    match = re.search(r"HB-\d{8}-\d{4}", notice.inner_text())
    assert match is not None
    expect(user.locator(".banner")).to_contain_text("排队中")

    agent = console_login(staff_context, system, "wangfang")
    item = agent.locator(".queue-list .pick", has_text="排污许可证申请与延续").last
    expect(item).to_contain_text("排队中")
    item.click()
    records = agent.locator("#records")
    expect(records).to_contain_text(match.group())
    expect(records).to_contain_text("需人工审核")
    expect(records).to_contain_text("贵单位实行哪一类排污许可管理？ 不确定")
