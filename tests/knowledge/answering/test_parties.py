from __future__ import annotations

import pytest

from knowledge.answering.parties import names_someone_else, own_incident, plans, was_reported, witnessed


@pytest.mark.parametrize(
    "message",
    [
        "车间噪声被周边居民投诉了，会被罚吗",
        "有人举报我们厂晚上排废水，接下来会怎么处理",
        "冷却塔晚上响，对面小区业主一直投诉，我们公司要承担什么",  # the comma before 我们 and a duty
    ],
)
def test_the_user_is_the_one_reported(message: str) -> None:
    assert was_reported(message)


@pytest.mark.parametrize(
    "message",
    [
        "我想投诉我们小区旁边的工地夜里施工",
        "邻居们都在投诉，我们也很头疼，那家厂天天冒烟",  # residents' 我们, no duty asked of them
        "被人骗了，怎么举报",
    ],
)
def test_someone_else_is_reported(message: str) -> None:
    assert not was_reported(message)


def test_a_plan_is_the_users_unless_someone_else_is_named_before_it() -> None:
    assert plans("厂边上有条河，想在河边开个排口，要找谁批")
    assert plans("我们的厂打算在旁边那条小河上新开一个排口")  # 旁边 after the plan names a place
    assert not plans("隔壁那家电镀厂打算晚上把废水排进河里")
    assert not plans("没想到油烟这么大")


def test_others_pollution_seen_and_an_own_incident() -> None:
    assert names_someone_else("对面那家店门口天天堆着东西") and not names_someone_else("废液倒进雨水井会怎么罚")
    assert witnessed("河里天天有人倒东西") and not witnessed("营业执照丢了怎么补")
    assert own_incident("厂里储罐漏了，我们应该先做什么")
    assert not own_incident("隔壁厂的储罐漏了，我们应该向哪里报告")
    assert own_incident("车间反应釜泄漏了，柴油流进了雨水井，要先报给哪个部门")  # 报给, not 报告
    assert not own_incident("隔壁厂的罐子漏了，要报给谁")
