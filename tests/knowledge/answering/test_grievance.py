from __future__ import annotations

import pytest

from knowledge.answering.grievance import asked_before_handoff, complaint_unsure, law_before_handoff, voices_grievance
from knowledge.services.catalogue import ServiceItem, load_catalogue
from knowledge.services.enquiry import aspect_of
from knowledge.services.recognition import ItemScore, Recognition

CATALOGUE = load_catalogue()


def item(item_id: str) -> ServiceItem:
    found = CATALOGUE.get(item_id)
    assert found is not None
    return found


PERMIT, EIA, EIA_CHECK = (item(i) for i in ("pollutant_permit", "eia_approval", "eia_category_check"))


def clear(service: ServiceItem) -> Recognition:
    return Recognition("clear", (ItemScore(service, 1.5, 1.0, 0.1), ItemScore(EIA, 0.2, 0.0, 0.05)))


def test_a_complaint_gets_the_facts_of_the_item_it_clearly_asks_about() -> None:
    ambiguous = Recognition("ambiguous", (ItemScore(EIA, 1.1, 0.7, 0.1), ItemScore(EIA_CHECK, 1.0, 0.7, 0.08)))
    assert asked_before_handoff(clear(PERMIT), aspect_of("要带哪些材料")) == PERMIT
    assert asked_before_handoff(ambiguous, aspect_of("要带哪些材料")) is None  # not clearly named
    assert asked_before_handoff(clear(PERMIT), None) is None  # asks nothing of it
    no_fee = item("report_reward")
    assert no_fee.fee is None and asked_before_handoff(clear(no_fee), aspect_of("要交钱吗")) is None


@pytest.mark.parametrize(
    "text",
    [
        "办事大厅的人说这事不归他们窗口管，连材料都不收，这样合法吗",
        "窗口工作人员让我们把网上交过的材料再交一遍纸质的，这样可以吗？",
        "执法的人没出示证件就进车间拍照，这样合规吗",
        "一直听人讲排污许可要分类管理，到底分哪几类",  # a question about the law, though 一直 and 到底
        "办证过程中被乱收费，可以通过热线电话投诉吗",  # where a grievance may be lodged: the law names it
        "营商环境投诉渠道有哪些",
        "你好，营商环境方面的问题能打12345投诉吗",
        "交了两次材料都说不齐，又没人讲清楚到底缺什么，这正常吗？",  # what a window owes an applicant
        "窗口让我们回去补材料，他们是不是应该一次性讲清楚要补哪些？",
        "证照都有电子的了，办事时是不是必须带原件",  # whether one must: the law says
        "环保设施非得跟主体工程一起验收吗",
        "排污登记是硬性要求吗",
        "噪声自行监测是强制的不",
        "是不是所有餐饮店都必须装油烟净化器",
    ],
)
def test_a_grievance_that_asks_the_law_gets_the_answer_before_the_person(text: str) -> None:
    assert law_before_handoff(text)


@pytest.mark.parametrize(
    "text",
    [
        "你们的回复太慢了，这样合理吗",  # speaks to the service
        "我要投诉，窗口让我们来回跑了三趟，这合理吗",  # a complaint in so many words
        "窗口的办事员态度太差了",  # asks nothing
        "等了一个多月还没批下来，到底什么时候能好",  # asks a time, not the law
        "等了一个月还没批，能不能催一下",  # asks for action on one's case
        "为什么别的区能办，我们区就不能办",  # asks why: a grievance
        "上个月来检查的说我们噪声没问题，这个月又说超标，到底哪个对",  # which answer is right
        "去年刚做完的环评，今年又要重新做，为什么",
        "能不能转人工",
        "可以让工作人员给我回电吗",
        "你们的客服这么慢，我能去哪投诉",  # where to complain about the service itself
        "能不能投诉你们",
        "我要投诉你们平台",  # a cold review's counter-examples
        "怎么投诉你",
        "客服怎么投诉",
        "如何投诉窗口工作人员",
        "这破机器人答不上来，怎么投诉",
        "问了三遍都答不对，到哪里投诉",
        "执法大队的人检查时骂人，能去哪投诉",  # a second review's
        "我问排污许可，你答的是环评，这正常吗",  # as it should be, of the assistant or of someone's conduct
        "这个机器人每次都回答一样的话，这正常吗",
        "检查的人收了我们一条烟，这正常吗",
        "你们非得让我们跑三趟窗口吗",  # whether one must, asked of the service
        "办个登记为什么非得跑三趟",  # asks why
        "窗口非得让我拿原件，真离谱",  # says, does not ask
        "必须这么麻烦",
        "窗口说必须交原件不然不受理",
    ],
)
def test_a_grievance_about_the_service_or_that_asks_nothing_of_the_law_goes_to_a_person(text: str) -> None:
    assert not law_before_handoff(text)


@pytest.mark.parametrize(
    "text",
    ["客房的一次性拖鞋还能主动提供吗", "拖车上的危废桶要不要贴标签", "拖布池的水能接雨水管吗", "拖拉管夜里能施工吗"],
)
def test_a_thing_dragged_or_worn_is_no_delay(text: str) -> None:
    assert not voices_grievance(text) and complaint_unsure(text, 0.5)
    assert voices_grievance("审批一拖再拖") and voices_grievance("办事拖拉")
