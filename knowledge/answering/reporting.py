"""Whether a message is a report of a violation, to be told the reporting channels and the
reward item: one the NLU classified as a report (:func:`heard_as_report`), or one it took for a
question (:func:`reports`); and whether the user is the one reported, who asks a question
(:func:`was_reported`).

A report about pollution is neither a complaint about the service nor a question about the law.
Pure functions over the message's words, the NLU's confidence and the service recogniser's
result, tested without Rasa.

>>> was_reported("被周边小区的居民投诉了噪声，会被罚款吗"), was_reported("我要举报隔壁厂偷排")
(True, False)
"""

from __future__ import annotations

import re

from knowledge.answering.consultation import Decision
from knowledge.search.clause_kind import asks_consequence, asks_the_law
from knowledge.search.focus import asks_something, question_focus
from knowledge.services.recognition import Recognition

# The verbs of reporting someone (反映 also says what the report is about).
REPORT_VERBS = "举报|反映|投诉|检举|揭发|告发"
# Words that report someone or name where reports go: the verbs, and 曝光, 报警 and the hotlines. A
# report names a wrongdoer (隔壁、有人、某公司) in as many ways as there are neighbours, so these
# are not required; they rescue a report the NLU is unsure of.
REPORTING_RE = re.compile(rf"{REPORT_VERBS}|曝光|报警|12369|12345")
# Below this NLU confidence, a report without a reporting word is taken for a question. On the
# dialogue dev part, with the classifier of config.yml (C 100, e5 weight 2), every question the
# NLU wrongly took for a report (「想在居民楼一楼开个炒菜馆，楼上都是住户……这种能开吗」,
# 「要报备一下」 for a radioactive-source filing) scored 0.50-0.62 and had no reporting word; the
# weakest report without one scored 0.81. (With C 10 and weight 3 the two ranges were 0.44-0.58
# and 0.74, and the threshold 0.6.)
REPORT_CONFIDENCE = 0.7
# The user is the one reported (「被周边居民投诉了」, 「有人举报我们厂」, 「收到了邻居的投诉」): a
# question about what follows for them, however sure the NLU is that the message is about
# reporting. Between 被 and the reporting word stand who reported and how, never a second verb
# (「被人骗了怎么举报」) nor the user (「被我们举报过」); 「举报我们…」 needs someone else as
# the subject (「我想投诉我们小区旁边的工地」 is a report).
REPORT_WORD = r"(举报|投诉|检举|揭发|曝光|告发)(?!奖)"  # 收到举报奖励通知 is no report against the user
REPORTED_RE = re.compile(
    rf"被[^，,。；;！!？?了怎想要去能如何我]{{0,10}}{REPORT_WORD}"
    rf"|(遭到|收到|接到|遭)[^，,。；;！!？?]{{0,8}}{REPORT_WORD}"
    rf"|(有人|(?<![向找跟给对与和问])谁|居民|邻居|业主|群众|住户|对方|别人|同行|员工|路人|网友)"
    rf"[^，,。；;！!？?]{{0,6}}{REPORT_WORD}了?"
    r"(我们|我司|我厂|我公司|本公司|咱们|俺们|我家|我店|我单位)"
)


def was_reported(text: str) -> bool:
    """Whether the user is the one reported and asks something about it.

    >>> was_reported("被周边小区的居民投诉了噪声，会被罚款吗"), was_reported("邻居举报了我家饭店油烟，怎么办")
    (True, True)
    >>> was_reported("我想投诉我们小区旁边的工地夜间施工，打什么电话"), was_reported("我被人骗了，怎么举报")
    (False, False)
    """
    return bool(REPORTED_RE.search(text)) and asks_something(text)


# The reward for a report (举报奖励、奖金): a message naming it (奖) is about the reward item, not a report.
REWARD = "奖"
REWARD_ITEM = "report_reward"
# What makes a message the consultation route got a report: a reporting verb (not 报警, which
# also means an alarm going off, nor a hotline's number alone) ...
REPORT_VERB_RE = re.compile(REPORT_VERBS)
# ... and, in a message that asks nothing, a report being made (「实名反映一下」) or a
# violation described (偷排、乱倒 …), rather than keywords about reporting (「举报人保护规定」) ...
REPORT_STATEMENT_RE = re.compile(
    rf"(我要|我想|想要|想|要|实名|匿名)({REPORT_VERBS})"
    r"|偷排|直排|乱排|偷倒|乱倒|倾倒|偷烧|焚烧|暗管|不开|不运行|冒黑烟|排黑水|超标排"
)
# ... or, in a question, asking how or where to report (能举报吗、去哪举报、举报电话), as against
# one about the law of reporting (「举报人信息会保密吗」, 「举报不实要担责吗」).
HOW_TO_REPORT_RE = re.compile(
    r"(能|可以|可不可以|能不能|怎么|怎样|如何|咋|去哪|到哪|向谁|找谁|哪里|在哪)[儿里]?(实名)?(举报|检举)"
    r"|(举报|检举)[^，,。；;！!？?]{0,2}(电话|方式|渠道|途径|热线|入口|邮箱|信箱)"
    r"|(举报|检举)不[吗呢]?[？?。!！]?$"
)
# The reporting channels are for violations by enterprises and people; a report about the
# administration itself, its staff, its policies or this service (「环保局不作为向谁举报」,
# 「检查人员索要财物能举报吗」, 「我要投诉你们窗口态度差」), or keywords about the law of reporting
# (「举报处理时限」), is for search or for a person.
NOT_A_REPORT_RE = re.compile(
    r"政府|环保局|生态环境局|主管部门|执法人员|检查人员|工作人员|办事员|窗口|客服|态度|政策|营商|审批|罚没"
    r"|规定|责任|程序|时限|期限|受理|举报人保护|保护举报|条例|法律"
)


def reports(text: str, recognition: Recognition, decision: Decision, *, asks: bool) -> bool:
    """Whether a message the NLU took for a question, and that search could not answer, is a
    report after all, to be told the reporting channels (and the reward item after them): it has
    a reporting verb, names no reward, the user is not the one reported, it calls no item but
    the reward for reporting to mind (举报 alone brings that item to mind), and either it asks
    nothing and makes a report or describes a violation (「实名反映一下，供应商的废水设施平时根
    本不开」) or it asks how or where to report (「供应商把危废当普通垃圾卖了，可以举报吗」:
    offering 「有奖举报奖金发放」 to someone who has yet to report is no help). A question about
    the law of reporting (「举报人的信息会保密吗」), or a report about the administration or this
    service (:data:`NOT_A_REPORT_RE`), is not one; nor is a message search answered or declined
    (「楼上邻居装修太吵，能举报吗」 may be another department's).

    >>> from knowledge.services.catalogue import load_catalogue
    >>> from knowledge.services.recognition import ItemScore
    >>> reward = Recognition("ambiguous", (ItemScore(load_catalogue().get("report_reward"), 0.6, 0.4, 0.05),))
    >>> unsure, none = Decision("not_sure"), Recognition("none")
    >>> reports("供应商把危废当普通垃圾卖了，可以举报吗", reward, unsure, asks=True)
    True
    >>> reports("实名反映一下，那家厂的废水设施平时根本不开", none, unsure, asks=False)
    True
    >>> reports("举报奖金怎么领", reward, unsure, asks=True), reports("举报人的信息会保密吗", reward, unsure, asks=True)
    (False, False)
    >>> reports("我们厂被人举报了。", none, unsure, asks=False), reports("举报人保护规定", reward, unsure, asks=False)
    (False, False)
    >>> reports("供应商把危废当普通垃圾卖了，可以举报吗", reward, Decision("answer"), asks=True)
    False
    """
    if decision.kind == "answer" or decision.elsewhere or decision.unserved or decision.beyond_remit:
        return False
    if not REPORT_VERB_RE.search(text) or REWARD in text or NOT_A_REPORT_RE.search(text):
        return False
    if REPORTED_RE.search(text) or any(item.id != REWARD_ITEM for item in recognition.offered):
        return False
    return bool(HOW_TO_REPORT_RE.search(text) if asks else REPORT_STATEMENT_RE.search(text))


# What a report without a reporting word tells of: someone else (隔壁、对面那家店、有人: OTHERS_RE),
# or pollution or a violation seen (倒、冒黑烟、油烟、发臭、堆着: SEEN_RE). Every report of the dialogue
# dev part without a reporting word has one. Only a weak report whose question search cannot
# answer needs one to get the channels after all (actions.information): a confident report may
# tell of what no list foresees (「河里的鱼都翻白肚了」).
OTHERS_RE = re.compile(r"隔壁|对面|旁边|附近|周边|周围|楼上|楼下|上游|下游|邻居|有人|有车|有[个家辆]|那[家个辆]|某")
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
)
OWN_RE = re.compile(
    rf"(我们|咱们|咱|俺们)(厂|公司|单位|车间|工地|店|饭店|企业|工厂|项目)|我司|我厂|本厂|本公司|本单位|{PLAN}"
)


# A plan (想开、打算、准备) is the user's when no one else (:data:`OTHERS_RE`, :data:`THEY`) is
# named before it (「看中一个底商想开烧烤店」, not 「隔壁那家电镀厂，打算晚上排河里」); and a plain
# 「能…吗」 asks whether the plan may go ahead as 可以 does (not 可能…吗, 功能, 能做什么).
PLAN_RE = re.compile(PLAN)
THEY = re.compile(r"他们|他家|人家|物业|对方|孩子|别人")
MAY_RE = re.compile(r"(?<![可功节性])能[^，,。；;！!？?]{1,4}(?<![什怎这那多])[吗么伐]")


def names_someone_else(text: str) -> bool:
    """Whether ``text`` names someone other than the user (a neighbour, another shop, 他们):
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
    """
    found = PLAN_RE.search(text)
    if found is None:
        return False
    before = text[: found.start()]
    return not names_someone_else(before)


# Requests that a report does not make (knowledge/data/request_kinds.yml): work to be done, a
# product, a tip, a count. Asking why (explanation), whether anyone acted (case_status) or what
# will happen (opinion) is often part of a report.
NOT_REPORTS = frozenset({"drafting", "market", "engineering", "tips", "statistics", "tech_support", "data_request"})
# A violation or a nuisance suffered (吵得睡不着, 熏得): someone else's doing, reported.
VIOLATION_RE = re.compile(r"偷|违法|违规|超标|直排|乱排|乱倒|冒黑烟|没人管|吵|扰民|睡不着|熏得")

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
    r"|(需要|要|应该|应当|得)向(谁|哪里|哪儿|哪个部门)报告"
)
PARTY_RE = re.compile(
    r"隔壁|对面|邻居|有人|被人|别人|有车|有[个家辆]|那[家个辆]|某|楼上|楼下|老板让|领导让|偷|暗管|直排"
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


def heard_as_report(text: str, confidence: float, *, unserved: str | None = None) -> bool:
    """Whether a message the NLU classified as a report (at ``confidence``) should get the
    reporting channels: any reporting word, or a confident classification. Otherwise it is most
    likely a question about the user's own plans that mentions residents or a river, and is
    answered as a question (a reply with the reporting channels would not help such a user).

    An incident at the user's own site, asking what they must now do (:func:`own_incident`), is a
    question about their duty, whatever river it may reach.

    A request for work, a tip, a product or a count (``unserved``, one of :data:`NOT_REPORTS`,
    the kinds of :mod:`knowledge.search.request_kind`) is no report, however sure the NLU is of
    its smells and pipes, when it names no one else, no violation and no reporting word:
    「家里垃圾桶有异味，有啥除臭小妙招」 asks for a tip, 「给我们车间设计一套废气收集管道方案」 for a
    design (both taken for reports in a blind wave), and the reply for that kind says what the
    assistant does instead. Asking why the water is black, or whether anyone has acted, goes
    with reports (「工业区的厂子烟囱一直冒黑烟，为什么会发黑」):

    >>> heard_as_report("家里垃圾桶有异味，有啥除臭小妙招", 0.9, unserved="tips")
    False
    >>> heard_as_report("工业区的厂子烟囱一直冒黑烟，为什么会发黑", 0.9, unserved="explanation")
    True

    >>> heard_as_report("隔壁厂晚上往河里排黑水", 0.95), heard_as_report("我要举报", 0.48)
    (True, True)
    >>> heard_as_report("想在小区边上开个饭店，这种能开吗", 0.52), heard_as_report("河里的鱼都翻白肚了", 0.9)
    (False, True)

    A user who was reported and asks what follows is asking a question; so is one who, with no
    reporting word and naming nobody else, asks what follows from something done
    (「废液倒进雨水井，要是被查到会怎样」: the NLU took a question like it for a report at 0.70 in a
    blind wave). Asked of someone else (「隔壁厂往河里倒废液，不会被罚吗」), it is a report:

    >>> heard_as_report("食堂油烟被周边居民投诉了，会不会被罚", 0.93)
    False
    >>> heard_as_report("把废液倒进雨水井，要是被查到会怎么罚", 0.8)
    False
    >>> heard_as_report("隔壁厂往雨水井里倒废液，不会被罚吗", 0.8)
    True

    So is one that asks whether its own plan is allowed, whoever else it names (the residents
    upstairs of a shop to be let, 「看中一个底商想开烧烤店，楼上就是住户，没有烟道，这样能开吗」: a
    blind wave's question the NLU took for a report at 0.81):

    >>> heard_as_report("打算把车间的废酸倒进后面的河沟里冲淡，这样可以吗", 0.99)
    False
    >>> heard_as_report("想在小区底商开个烧烤店，楼上都是住户，这样能开吗", 0.9)
    False
    >>> heard_as_report("隔壁厂想把废酸倒进河里，这样可以吗", 0.9)
    True
    >>> heard_as_report("河沟里天天有人倒废酸，这样可以吗", 0.99)
    True
    >>> heard_as_report("我们村的养殖场粪水直接流进河里，这样可以吗", 0.99)
    True
    """
    if was_reported(text):
        return False
    if REPORTING_RE.search(text):
        return True
    if own_incident(text):
        return False
    if unserved in NOT_REPORTS and not (names_someone_else(text) or VIOLATION_RE.search(text)):
        return False
    if confidence < REPORT_CONFIDENCE:
        return False
    focus = question_focus(text)
    if plans(text) and (asks_the_law(focus) or MAY_RE.search(focus)):
        return False
    own = asks_consequence(focus) or (bool(OWN_RE.search(text)) and asks_the_law(focus))
    return bool(OTHERS_RE.search(text)) or not own
