"""Whose conduct a message tells of: the user's as the one reported (:func:`was_reported`), the
user's own plan (:func:`plans`) or incident at their site (:func:`own_incident`), or someone
else's (:func:`names_someone_else`) and pollution seen (:func:`witnessed`).

A report is about someone else; a question about what follows for the user, or whether their
own plan may go ahead, is not, however many neighbours and rivers it names.
:mod:`knowledge.answering.reporting` decides from these readings whether a message gets the
reporting channels. Pure functions over the message's words, tested without Rasa.

>>> was_reported("被周边小区的居民投诉了噪声，会被罚款吗"), plans("打算在厂后面的河边开个排口")
(True, True)
>>> names_someone_else("隔壁厂晚上排黑水"), witnessed("工业区的锅炉冒黄烟好几天了")
(True, True)
"""

from __future__ import annotations

import re

from knowledge.search.clause_kind import asks_the_law
from knowledge.search.focus import asks_something, question_focus

# The user is the one reported (「被周边居民投诉了」, 「有人举报我们厂」, 「收到了邻居的投诉」): a
# question about what follows for them, however sure the NLU is that the message is about
# reporting. Between 被 and the reporting word stand who reported and how, never a second verb
# (「被人骗了怎么举报」) nor the user (「被我们举报过」); 「举报我们…」 needs someone else as
# the subject (「我想投诉我们小区旁边的工地」 is a report).
REPORT_WORD = r"(举报|投诉|检举|揭发|曝光|告发)(?!奖)"  # 收到举报奖励通知 is no report against the user
# Taking the user to law or to the authorities (「还说要去告我们」: someone else, named or not, never
# 「我要告我们隔壁的厂」), not telling or announcing (告诉, 公告); a resident's 我们村 is no firm.
SUED = r"(?<![公广预通报宣忠劝警转控被原])告(?![诉知示别])"
REPORTED_RE = re.compile(
    rf"被[^，,。；;！!？?了怎想要去能如何我]{{0,10}}{REPORT_WORD}"
    rf"|(遭到|收到|接到|遭)[^，,。；;！!？?]{{0,8}}{REPORT_WORD}"
    rf"|(有人|(?<![向找跟给对与和问])谁|居民|邻居|业主|群众|住户|对方|别人|同行|员工|路人|网友)"
    rf"[^，,。；;！!？?]{{0,6}}({REPORT_WORD}|{SUED})了?"
    r"((我们(?!小区|村|镇|楼|隔壁|旁边|对面|附近|那|这边的)|我司|我厂|我公司|本公司|咱们|俺们|我家|我店|我单位)"
    r"|[，,](我们|我司|咱们)(这边|公司|厂|单位|物业|店|饭店|企业|工地|项目))"
    rf"|(?<!我)(要|去|会|扬言)去?{SUED}了?(我们(?!小区|村|镇|楼|隔壁|旁边|对面|附近|那|这边的)|我司|我厂|我公司|本公司|咱们)"
)


def was_reported(text: str) -> bool:
    """Whether the user is the one reported and asks something about it.

    >>> was_reported("被周边小区的居民投诉了噪声，会被罚款吗"), was_reported("邻居举报了我家饭店油烟，怎么办")
    (True, True)
    >>> was_reported("我想投诉我们小区旁边的工地夜间施工，打什么电话"), was_reported("我被人骗了，怎么举报")
    (False, False)
    >>> was_reported("楼顶水泵晚上吵，对面居民一直投诉，我们物业要担什么责任")
    True
    >>> was_reported("邻居都在投诉，我们也很苦恼，那家厂天天冒烟怎么办")
    False
    >>> was_reported("楼上几户居民老说有味道，还说要去告我们，有什么部门能调解")
    True
    >>> was_reported("居民告诉我们河水发黑了，怎么办")
    False
    """
    return bool(REPORTED_RE.search(text)) and asks_something(text)


# What a report without a reporting word tells of: someone else (隔壁、对面那家店、有人: OTHERS_RE),
# or pollution or a violation seen (倒、冒黑烟、油烟、发臭、堆着: SEEN_RE). Every report of the dialogue
# dev part without a reporting word has one. Only a weak report whose question search cannot
# answer needs one to get the channels after all (actions.information): a confident report may
# tell of what no list foresees (「河里的鱼都翻白肚了」).
# 哪里有人收, 有没有人收 ask for a buyer, not of someone else.
OTHERS_RE = re.compile(
    r"隔壁|对面|旁边|附近|周边|周围|楼上|楼下|上游|下游|邻居|(?<!哪里)(?<!哪儿)(?<!没)有人|有车|有[个家辆]|那[家个辆]|某"
)
SEEN_RE = re.compile(r"排|倒|倾|烧|冒|烟|尘|灰|臭|味|吵|噪|震|污|脏|黑|浑|漏|渗|堆|违法|违规|偷|乱|死鱼")


def witnessed(text: str) -> bool:
    """Whether a message tells of someone else or of pollution seen, as a report does.

    >>> witnessed("有人往河里倒垃圾"), witnessed("工业区的锅炉冒黄烟好几天了")
    (True, True)
    >>> witnessed("家里的狗老掉毛，用什么清洁剂比较环保"), witnessed("来个段子，聚餐想热热场子")
    (False, False)
    """
    return bool(OTHERS_RE.search(text) or SEEN_RE.search(text))


# The user's own firm or plan (我们厂、我司、打算、想把 …): a message that has one and asks whether
# something is allowed (「想把废液倒进厂后面的河里稀释一下，行不行」) asks about its own conduct.
# A resident's 我们 (我们小区、我们村), 想问一下, 不想, 没想到 or 想不通 is no plan of the user's.
PLAN = (
    r"(?<![不没别理思感猜梦回])(打算|准备|计划"
    r"|想(?!问|了解|咨询|知道|请教|确认|反映|举报|投诉|不通|到|必|请|让|求|起|法|象|像))"
    # ... and not a plan to report, complain, gather evidence or move away (想找人管管, 打算去找城管,
    # 准备拍视频, 打算搬家): a report's, not a plan of the user's own that the law governs
    r"(?!去?(找|打电话|打12|上报|取证|拍|起诉|说|搬|报警|举报|投诉|反映|曝光|联名))"
)
OWN_RE = re.compile(
    rf"(我们|咱们|咱|俺们)(厂|公司|单位|车间|工地|店|饭店|企业|工厂|项目)|我司|我厂|本厂|本公司|本单位|{PLAN}"
)


# A plan (想开、打算、准备) is the user's when no one else (:data:`OTHERS_RE`, :data:`THEY`) is
# named before it (「看中一个底商想开烧烤店」, not 「隔壁那家电镀厂，打算晚上排河里」); and a plain
# 「能…吗」 asks whether the plan may go ahead as 可以 does (not 可能…吗, 功能, 能做什么).
PLAN_RE = re.compile(PLAN)
# Asking leave to open, build or set something up (能不能开火锅店, 可不可以在厂里建个仓库) tells of a
# plan too, unless a nuisance already suffered is told (能不能在居民区开这种喷漆厂，味道熏死人了: a
# resident's report) or what is there goes on (天天, 半夜).
LEAVE_RE = re.compile(
    r"(能不能|能否|可不可以|可否|让不让|准不准|允不允许)(?=(在[^，,。；;！!？?]{0,8})?[开建办设摆养])(?!开窗|开票|开发票|开证明)"
)
SUFFERED_RE = re.compile(r"熏|飘进|飘到|吵|睡不着|臭|味道|受不了|天天|半夜|整天|一直")
# A place named by its building (居民楼下面的底商, 写字楼下的餐厅), not the neighbours downstairs.
BUILDING_RE = re.compile(r"(居民|住宅|写字|办公|商务|综合)楼[上下]")
# Asking whose approval or what procedure a plan needs (找谁同意、向哪个部门申请、要办什么手续); a bare
# 找哪个部门 is how a report asks where to go.
PROCEDURE_RE = re.compile(
    r"(找|向|去|到)(谁|哪个部门|哪里|哪儿|什么部门)[^，,。；;！!？?]{0,4}(批|审批|同意|点头|申请|备案|登记|办|盖章)"
    r"|谁(来)?(批|审批|同意|点头)|手续|审批|报批|批准|办[^，,。；;！!？?]{0,3}证"
    r"|(要|需要|得)[^，,。；;！!？?]{0,4}(批|同意|许可|备案|申请|环评|登记|验收|报备)"
)
THEY = re.compile(r"他们|他家|人家|物业|对方|孩子|别人")
MAY_RE = re.compile(r"(?<![可功节性])能[^，,。；;！!？?]{1,4}(?<![什怎这那多])[吗么伐]")


def names_someone_else(text: str) -> bool:
    """Whether ``text`` names someone other than the user (a neighbour, another shop, 他们).

    >>> names_someone_else("对面那家店门口天天堆着一堆东西"), names_someone_else("把废液倒进雨水井会怎么罚")
    (True, False)
    """
    return bool(OTHERS_RE.search(text) or THEY.search(text))


def plans(text: str) -> bool:
    """Whether the user tells of a plan of their own (:data:`PLAN_RE`).

    >>> plans("看中一个小区底商想开烧烤店，楼上就是住户"), plans("隔壁那家电镀厂，打算晚上把废水排进河里")
    (True, False)
    >>> plans("楼下饭店油烟直排，熏得我们都不想开窗"), plans("油烟这么大，真没想到")
    (False, False)
    >>> plans("居民楼下面的底商能不能开火锅店"), plans("居民楼里能不能开饭店，油烟都飘进我家了")
    (True, False)
    """
    found = PLAN_RE.search(text)
    if found is None and not SUFFERED_RE.search(text):
        found = LEAVE_RE.search(text)
    if found is None:
        return False
    before = BUILDING_RE.sub("", text[: found.start()])
    return not names_someone_else(before)


def asks_of_own_plan(text: str) -> bool:
    """Whether the user tells of a plan of their own (:func:`plans`) and asks whether it may go
    ahead (:func:`~knowledge.search.clause_kind.asks_the_law`, 「能…吗」) or whose approval or what
    procedure it needs (:data:`PROCEDURE_RE`): a question, however many neighbours or rivers it
    names.

    >>> asks_of_own_plan("厂边有条河，想在河边开个排水口，要找谁同意"), asks_of_own_plan("想在底商开烧烤店，能开吗")
    (True, True)
    >>> asks_of_own_plan("我想找人管管，楼下饭店油烟直排，找哪个部门"), asks_of_own_plan("本来打算开窗，油烟冲进来了")
    (False, False)
    """
    if not plans(text):
        return False
    focus = question_focus(text)
    return bool(asks_the_law(focus) or MAY_RE.search(focus) or PROCEDURE_RE.search(focus))


# The user's own incident and what they must now do (「万一厂里储罐泄漏，废液可能流进旁边河里，我们
# 第一时间该做什么，要向谁报告」): the duty to act and to report is the law's (水污染防治法 第七十八条,
# 环境保护法 第四十七条), whatever river the leak may reach. Their own site (厂里、罐区、车间 …), an
# accident (泄漏、着火、倒了 …) and a duty asked of them, with no one else named or doing wrong on
# purpose (隔壁, 搅拌站, 被人, 偷排, 暗管): a worker's 「厂里晚上偷偷把废水直排到河里，我应该向哪里
# 报告」 and a resident's dead fish stay reports.
OWN_SITE_RE = re.compile(
    r"厂里|厂区|车间|罐区|储罐|仓库里|污水站|我们(厂|公司|单位|企业|工厂|工地)|我司|我厂|本厂|本公司|安环|EHS|环保专员"
)
ACCIDENT_RE = re.compile(
    r"泄漏|泄露|漏了|漏出|溢出|溢流|冒罐|着火|起火|火灾|爆炸|事故|故障|倒了|打翻|洒了|洒落|破裂|爆管|坏了"
)
OWN_DUTY_RE = re.compile(
    r"(我们|我司|咱们|厂里|公司)[^，,。；;！!？?]{0,6}(应该|应当|该|要|需要|得)先?"
    r"(做什么|干什么|怎么办|怎么做|怎么处理|采取什么|做哪些|向谁报告|向哪里?报告|报告给谁|找谁报告)"
    r"|(需要|要|应该|应当|得)?(向|给)(谁|哪里|哪儿|哪个部门|哪些部门|哪些人)(报告|上报)"
    r"|(需要|要|应该|应当|得)先?(报给|上报给|报告给|通知|告知)(谁|哪里|哪儿|哪个部门|哪些部门|哪些人)"
)
PARTY_RE = re.compile(
    r"隔壁|对面|邻居|有人|被人|别人|有车|有[个家辆]|那[家个辆]|某|楼上|楼下|老板|领导|偷|暗管|直排"
    r"|不管|不修|没修|没人修|好几天|半个月|一直没|上班"  # a worker telling of neglect reports it
    r"|(旁边|附近|周边|周围|上游|下游)的?[^，,。；;！!？?的]{0,4}(厂|公司|企业|工地|饭店|店|单位|站|场)"
)


def own_incident(text: str) -> bool:
    """Whether the user tells of an incident at their own site and asks what they must do.

    >>> own_incident("万一厂里储罐泄漏，废液可能流进旁边河里，我们第一时间该做什么，要向谁报告")
    True
    >>> own_incident("隔壁厂的储罐漏了，味道很大，我们该向哪里报告"), own_incident("我们村河里死了好多鱼，该向哪里报告")
    (False, False)
    """
    own = OWN_SITE_RE.search(text) and ACCIDENT_RE.search(text) and OWN_DUTY_RE.search(text)
    return bool(own) and not (PARTY_RE.search(text) or THEY.search(text))
