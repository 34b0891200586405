"""Whether a message is a report of a violation, to be told the reporting channels and the
reward item: one the NLU classified as a report (:func:`heard_as_report`), or one it took for a
question (:func:`reports`). Whose conduct the message tells of (the user's as the one reported,
their own plan, someone else's) is read by :mod:`knowledge.answering.parties`.

A report about pollution is neither a complaint about the service nor a question about the law.
Pure functions over the message's words, the NLU's confidence and the service recogniser's
result, tested without Rasa.

>>> heard_as_report("隔壁厂晚上往河里排黑水", 0.95), heard_as_report("被周边小区的居民投诉了噪声，会被罚款吗", 0.9)
(True, False)
"""

from __future__ import annotations

import re

from knowledge.answering.consultation import Decision
from knowledge.answering.parties import (
    OTHERS_RE,
    OWN_RE,
    REPORTED_RE,
    asks_of_own_plan,
    names_someone_else,
    own_incident,
    was_reported,
)
from knowledge.search.catalogues import asked_class
from knowledge.search.clause_kind import asks_consequence, asks_the_law
from knowledge.search.focus import question_focus
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


# Requests that a report does not make (knowledge/data/request_kinds.yml): work to be done, a
# product, a tip, a count. Asking why (explanation), whether anyone acted (case_status) or what
# will happen (opinion) is often part of a report.
NOT_REPORTS = frozenset({"drafting", "market", "engineering", "tips", "statistics", "tech_support", "data_request"})
# A rumour of another company's case to be confirmed or named (「听说有个厂偷排被罚了几百万，是哪一家」):
# gossip, whatever violation it tells of, unless a reporting word makes it a report. Without
# hearsay (「隔壁厂是不是被查了？他们天天偷排」) the violation may still be going on.
GOSSIP = "gossip"
HEARSAY_RE = re.compile(r"听说|据说|听人说|网上说|网传|新闻说|朋友圈|群里说|传言|传闻")  # as the rumour frame's
# A violation or a nuisance suffered (吵得睡不着, 熏得): someone else's doing, reported.
VIOLATION_RE = re.compile(r"偷|违法|违规|超标|直排|乱排|乱倒|冒黑烟|没人管|吵|扰民|睡不着|熏得")


def heard_as_report(text: str, confidence: float, *, unserved: str | None = None, elsewhere: str | None = None) -> bool:
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

    >>> heard_as_report("听说有家电镀厂偷排被罚了几百万，是哪一家", 0.95, unserved="gossip")
    False

    Nor is another department's matter told without a reporting word (``elsewhere``: the
    department whose topic the whole message names, :meth:`knowledge.search.remit.Remit.names`:
    「楼上卫生间漏水把我家天花板泡了」), or a question which list a thing is on
    (:func:`~knowledge.search.catalogues.asked_class`) that names no one else and no violation:

    >>> heard_as_report("楼上卫生间漏水把我家天花板泡了", 0.9, elsewhere="住房和城乡建设管理部门")
    False
    >>> heard_as_report("苯乙烯在不在有毒有害大气污染物名录里", 0.9)
    False
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
    >>> heard_as_report("想在厂后面的河浜边开个排口，要找哪个部门批", 0.9)
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
    if own_incident(text) or (unserved == GOSSIP and HEARSAY_RE.search(text)):
        return False
    focus = question_focus(text)
    others = names_someone_else(text) or bool(VIOLATION_RE.search(text))
    if elsewhere is not None or (asked_class(focus) and not others):
        return False  # another department's matter, or which list a thing is on: no violation told
    if unserved in NOT_REPORTS and not others:
        return False
    if confidence < REPORT_CONFIDENCE:
        return False
    if asks_of_own_plan(text):
        return False
    own = asks_consequence(focus) or (bool(OWN_RE.search(text)) and asks_the_law(focus))
    return bool(OTHERS_RE.search(text)) or not own
