"""Whether a message is a report (of a violation by others) or a question, without Rasa."""

from __future__ import annotations

import pytest

from knowledge.answering.consultation import Decision
from knowledge.answering.parties import was_reported
from knowledge.answering.reporting import heard_as_report, reports
from knowledge.search.remit import Remit
from knowledge.search.request_kind import RequestKinds
from knowledge.services.catalogue import load_catalogue
from knowledge.services.recognition import ItemScore, Recognition

CATALOGUE = load_catalogue()
UNSURE = Decision("not_sure")
NONE = Recognition("none")


def reward_in_mind() -> Recognition:
    reward = CATALOGUE.get("report_reward")
    assert reward is not None
    return Recognition("ambiguous", (ItemScore(reward, 0.62, 0.4, 0.05),))


def test_a_report_without_a_reporting_word_needs_a_confident_classification() -> None:
    """The NLU's questions about one's own plans reached 0.62 as reports; real reports 0.81."""
    assert not heard_as_report("打算在小区底商开一家烧烤店，这样能开吗", 0.65)
    assert heard_as_report("厂房后面那家化工厂的烟囱一直冒黄烟", 0.81)
    assert heard_as_report("我要反映一个问题", 0.3)


@pytest.mark.parametrize(
    ("message", "report"),
    [
        ("准备把清洗槽的废碱水放到厂边的沟渠里，这么处理可不可以", False),
        ("我们想把仓库里的旧油漆桶拉去后山埋了，合法吗", False),
        ("工地半夜还在打桩，这合法吗", True),  # nobody's own plan: a report
        ("我们厂边上的河沟天天有人倒废碱水，这样可以吗", True),  # someone else
        ("我们小区门口的工地晚上施工到凌晨，这样允许吗", True),  # a resident's 我们, a cold review's
        ("想问一下，工地晚上十点以后还施工，合法吗", True),  # 想问 is no plan
        ("租了个底商想开火锅店，楼上楼下都是住户，没有烟道，这种能开吗", False),  # one's plan, neighbours named
        ("隔壁厂想把废碱水倒进河沟里，这样可以吗", True),  # someone else's plan
        ("隔壁那家电镀厂，打算晚上把废水直接排进河里，这样能行吗", True),  # named in the clause before
        ("楼下饭店油烟直排，熏得我们都不想开窗，这样合法吗", True),  # 不想 is no plan
        ("附近工地天天半夜施工，孩子准备高考，这样可以吗", True),  # the child's plan
    ],
)
def test_a_confident_report_asking_whether_its_own_plan_is_allowed_is_a_question(message: str, report: bool) -> None:
    """The NLU took a plan to dilute waste liquid in a river for a report at 0.99."""
    assert heard_as_report(message, 0.99) is report


def test_a_request_no_article_serves_is_no_report_however_sure_the_nlu_is() -> None:
    assert not heard_as_report("车间废气味道大，给我们设计一套收集管道", 0.97, unserved="engineering")
    assert heard_as_report("车间废气味道大，给我们设计一套收集管道", 0.97)  # without the kind, as before
    assert not heard_as_report("家里厨房下水道有股臭味，有啥土办法", 0.97, unserved="tips")


@pytest.mark.parametrize(
    "message",
    [
        "我要举报，帮我写一封举报信",  # a reporting word
        "河水为什么会变黑，上游化工厂是不是在偷排？",  # someone else named
        "隔壁工厂晚上偷偷排废气，臭得睡不着，有什么土办法能挡一下味道吗",
        "工业区的厂子烟囱一直冒黑烟，为什么会发黑",  # why, not a request a report never makes
        "这个工厂天天晚上偷排废水，到现在还没人处理，有结果了吗",
        "马路上的渣土车撒得到处都是，你觉得以后会不会管",
    ],
)
def test_a_report_that_also_asks_what_no_article_serves_stays_a_report(message: str) -> None:
    """Two cold reviews' counter-examples: the request does not unmake the report."""
    kind = RequestKinds.load().unserved(message)
    assert heard_as_report(message, 0.95, unserved=kind), kind


@pytest.mark.parametrize(
    "message",
    [
        "河里漂着一层油，是不是工厂偷排，有什么土办法先挡一挡",
        "有人把废油乱倒在路边，全市一共有多少这种人",
        "工地半夜还在打桩，吵得睡不着，有没有什么土办法",
    ],
)
def test_a_report_of_a_violation_with_a_tip_or_a_count_stays_a_report(message: str) -> None:
    assert heard_as_report(message, 0.95, unserved="tips")


@pytest.mark.parametrize(
    "message",
    [
        "有人举报我们厂晚上排烟，环保局要来查，会怎么处理",
        "被小区业主实名投诉噪声了，我们需要做什么",
        "被周边小区的居民投诉了噪声，会被罚款吗",
        "邻居举报了我家饭店油烟，怎么办",
        "收到了居民的投诉，我们需要整改吗",
        "是谁举报了我们饭店？能告诉我吗",
    ],
)
def test_a_user_who_was_reported_asks_a_question(message: str) -> None:
    assert was_reported(message) and not heard_as_report(message, 0.95)


@pytest.mark.parametrize(
    "message",
    [
        "我被人骗了，怎么举报这家公司",
        "隔壁化工厂被我们举报过好几次了还在偷排，还能找谁",
        "我要投诉隔壁厂噪声",
        "我想投诉我们小区旁边的工地夜间施工，打什么电话？",
        "上周举报了我们厂隔壁的化工厂，怎么到现在还没人来查？",
        "我要举报我们村里的小作坊偷偷排废水，怎么举报？",
        "应该找谁举报我们镇上的非法电镀作坊？",  # 找谁 asks where to report, nobody reported the user
        "可以向谁投诉我们小区旁边工地的夜间噪声？",
    ],
)
def test_a_report_about_others_stays_a_report(message: str) -> None:
    assert not was_reported(message) and heard_as_report(message, 0.95)


@pytest.mark.parametrize(
    ("message", "report"),
    [
        ("车间的废液桶倒了，流了一些到旁边的雨水沟，我们应该先做什么？要向哪里报告？", False),
        ("如果厂里的污水站出了事故，废水可能流到附近河里，需要向哪个部门报告", False),
        ("隔壁厂的储罐漏了，气味很大，我们该向哪里报告", True),  # another's incident
        ("河里死了好多鱼，我们应该向哪里报告", True),  # no site of the user's
        ("我在化工厂上班，厂里晚上偷偷把废水直排到河里，我应该向哪里报告", True),  # wrong done on purpose
        ("我们工地旁边的搅拌站晚上偷偷排泥浆水，我们要向谁报告", True),
        ("我们厂区附近的河里死了很多鱼，需要向哪里报告", True),  # no accident of the user's
        ("要是车间的储罐漏了，第一时间得通知哪些部门", False),  # whom to notify, as whom to report to
        ("厂里的废液管道破裂了，向谁报告", False),
    ],
)
def test_an_incident_at_the_users_own_site_asks_their_duty(message: str, report: bool) -> None:
    """What to do and whom to tell after one's own leak is the law's; a river nearby names no one."""
    assert heard_as_report(message, 0.95) is report


@pytest.mark.parametrize(
    ("message", "asks"),
    [
        ("河对面那个洗车场天天往雨水井里倒污水，能举报吗", True),
        ("想反映一下，园区里一家喷漆作坊晚上从来不开废气设备", False),
        ("我要检举一家偷偷焚烧电路板的小厂", False),
        ("隔壁厂的污水直排进河里，举报电话是多少", True),
        ("附近有个作坊天天往河里倒废酸，能举报不？", True),
    ],
)
def test_a_report_the_nlu_took_for_a_question_gets_the_channels(message: str, asks: bool) -> None:
    assert reports(message, reward_in_mind(), UNSURE, asks=asks)
    assert reports(message, NONE, UNSURE, asks=asks)


@pytest.mark.parametrize(
    ("message", "asks"),
    [
        ("举报查实以后奖金怎么领", True),  # the reward item
        ("举报人的身份会不会被泄露", True),  # the law of reporting
        ("举报不实要承担法律责任吗", True),
        ("举报不受理怎么办", True),
        ("举报人保护规定", False),  # keywords about the law of reporting
        ("投诉举报处理时限", False),
        ("邻居举报了我们厂的噪声，会怎么处理", True),  # the user was reported
        ("我们饭店被邻居投诉油烟扰民了", False),
        ("我们的在线监测设备今天一直报警", False),  # an alarm, not a report
        ("我要投诉你们窗口办事员态度很差", False),  # a complaint about the service
        ("区生态环境局接到举报一直不处理，还能向哪里举报", True),  # the administration itself
        ("排污许可证怎么申请", True),  # no reporting at all
    ],
)
def test_a_question_about_reporting_stays_a_question(message: str, asks: bool) -> None:
    assert not reports(message, reward_in_mind(), UNSURE, asks=asks)


@pytest.mark.parametrize("decision", [Decision("answer"), Decision("no_answer", elsewhere="公安机关")])
def test_a_message_search_answered_or_declined_is_left_to_search(decision: Decision) -> None:
    assert not reports("河对面那个洗车场天天往雨水井里倒污水，能举报吗", NONE, decision, asks=True)


def test_a_report_that_calls_another_item_to_mind_is_routed_as_a_question() -> None:
    """Reporting words beside an item the user may want leave routing to decide."""
    permit, reward = CATALOGUE.get("pollutant_permit"), CATALOGUE.get("report_reward")
    assert permit is not None and reward is not None
    both = Recognition("ambiguous", (ItemScore(permit, 0.7, 0.4, 0.05), ItemScore(reward, 0.62, 0.4, 0.05)))
    assert not reports("排污证过期了，怕有人举报，现在怎么补办", both, UNSURE, asks=True)


@pytest.mark.parametrize(
    "message",
    [
        "我想找人管管，楼下饭店油烟直排，找哪个部门",  # a plan to report, not a plan the law governs
        "我打算去找城管，门口那家店天天占道烧烤，找哪个部门管",
        "计划明天去现场拍照取证，那家厂在偷排，要向谁报告",
        "对面工地天天半夜施工，业主们都投诉了，我们要打哪个电话",  # residents' 我们
    ],
)
def test_a_plan_to_report_and_residents_who_complained_stay_reports(message: str) -> None:
    assert heard_as_report(message, 0.9)


@pytest.mark.parametrize(
    "message", ["厂区围墙外有条小河，想在河边开个排水口，需要找谁同意", "我们厂打算扩建一条喷涂线，要重新环评吗"]
)
def test_ones_own_plan_asking_its_approval_is_a_question(message: str) -> None:
    assert not heard_as_report(message, 0.9)


@pytest.mark.parametrize(
    ("message", "report"),
    [
        ("写字楼下面的底商能不能开烧烤店，要排油烟的", False),  # a place, not the neighbours downstairs
        ("可不可以在厂里建个危废仓库", False),
        ("楼下那家烧烤店能不能开到半夜，油烟都飘上来了", True),  # someone else's shop
    ],
)
def test_asking_leave_to_open_something_is_a_question_of_ones_own_plan(message: str, report: bool) -> None:
    assert heard_as_report(message, 0.9) is report


@pytest.mark.parametrize(
    ("message", "report"),
    [
        ("听说园区里有家电镀厂偷排被罚了好几百万，是哪一家", False),  # a rumour to be named
        ("隔壁厂是不是被查了？他们天天晚上偷排", True),  # no hearsay: it may be going on
        ("听说有家厂偷排被罚了，我想举报另一家也在偷排的", True),  # a reporting word
    ],
)
def test_a_rumour_of_another_companys_case_is_no_report(message: str, report: bool) -> None:
    assert heard_as_report(message, 0.9, unserved=RequestKinds.load().unserved(message)) is report


@pytest.mark.parametrize(
    ("message", "report"),
    [
        ("我要告我们隔壁的电镀厂偷排废水，怎么告", True),  # the user sues
        ("邻居们都说要告我们村口那个养猪场，粪水直接排河里，找哪个部门", True),  # a resident's 我们村
        ("楼上几户居民说要去告我们店，油烟的事怎么处理才合规", False),  # the user is the one sued
        ("能不能在居民区开这种喷漆厂啊，味道熏死人了", True),  # a nuisance suffered, not leave asked
        ("车间的除尘器坏了半个月了老板也不修，灰直接往外飘，向谁报告", True),  # a worker's report of neglect
        ("隔壁厂把废机油直接倒进下水道，废机油算不算危废", True),  # a class asked beside a violation
        ("住宅楼下面的饭店油烟直排，不会被罚吗", True),  # someone else's shop below the flats
    ],
)
def test_a_cold_reviews_counterexamples_stay_what_they_are(message: str, report: bool) -> None:
    assert heard_as_report(message, 0.9) is report


def test_a_report_with_a_side_question_for_another_department_stays_a_report() -> None:
    message = "隔壁厂天天晚上偷排废水，河都黑了，他们是不是连营业执照都没有"
    assert heard_as_report(message, 0.9, elsewhere=Remit.load().names(message))
