"""What a complaint or a request for a person calls for besides an apology and a person.

The NLU hears grievances well, but a question about the law, another department's matter or a
request for an item can sound like one (「签证快到期了，怎么续签」, 「举报奖励找谁领」,
「窗口说不归她们管，材料都不接，可以这样吗」). These pure functions read the message, the NLU's
confidence and what search and the service recogniser found, so ``actions.handoff`` stays thin:

- :func:`complaint_declined`: an unsure complaint that is another department's matter or a
  request no article serves, or a sure one that is another department's matter and voices no
  grievance, is declined as such;
- :func:`complaint_unsure`: an unsure complaint that speaks neither to the service nor of its
  people is a question, answered when search is sure of it;
- :func:`item_not_complaint`: a complaint that clearly names an item and voices no grievance asks
  for the item;
- :func:`asked_before_handoff` and :func:`law_before_handoff`: what the catalogue states and what
  the law says come before the apology and the person, who follow up.

:func:`out_of_scope_unsure` is the same reading for a message the NLU took for one the bureau
does not handle.
"""

from __future__ import annotations

import re

from knowledge.search.clause_kind import asks_meaning, asks_the_law
from knowledge.search.focus import question_focus
from knowledge.services.catalogue import ServiceItem
from knowledge.services.enquiry import Aspect
from knowledge.services.recognition import Recognition

# Below this NLU confidence, a complaint that is another department's matter or a request no
# article serves is that request (:func:`complaint_declined`; above it, only another department's
# matter that voices no grievance), and one that search answers with
# confidence is a question (:func:`complaint_unsure`). On the dialogue dev part every
# complaint scored 0.71 or more; two out-of-scope messages of a blind wave taken for complaints
# (a work visa's renewal, a dunning letter to draft) scored 0.41 and 0.60.
COMPLAINT_CONFIDENCE = 0.7
# Below this NLU confidence, a message taken for something the bureau does not handle is answered
# when search answers it with confidence (:func:`out_of_scope_unsure`). Over the dialogue dev part
# and three blind waves, the one in-scope message the NLU took for out of scope (a keyword
# query, 0.43) was answered rightly by search; none of the 20 out-of-scope ones (0.45-0.98) was.
OUT_OF_SCOPE_CONFIDENCE = 0.7
# Words that address the service or its people (or ask for one: 转人工、联系我): a complaint or a
# request for a person, whatever department's topic it also names (「你们和公安互相推诿，超速罚单谁管」).
SERVICE = r"你们|推诿|扯皮|答非所问|听不懂|骗|不负责|不作为|敷衍|态度|差评|太差|太慢|没用|投诉"
PERSON = r"人工|真人|转人|找个人|联系我|回电"  # asking for one
ABOUT_THE_SERVICE_RE = re.compile(rf"{SERVICE}|{PERSON}|工作人员|客服")
# Staff's conduct, a wait, displeasure with the answers (窗口、索要; 等了、拖着; 套话、答错) ... A delay
# in its own forms, not a thing dragged, worn or mopped (拖鞋、拖车、拖布池、拖拉管).
DELAY = r"拖(了|着|延|沓|到|得|太|这么|那么|很久|好久|半)|拖拉(?!机|管)|一拖|一直拖|老拖|又拖|还拖|再拖"
DISPLEASURE = rf"人员|窗口|办事员|索要|红包|好处费|吃拿卡要|刁难|没消息|没下文|等了|{DELAY}"
DISPLEASURE += r"|套话|废话|生气|气死|火大|折腾"
DISPLEASURE += (
    r"|占线|不耐烦|不满|失望|离谱|坑|搞什么|干嘛|答错|不准|错了|不对|凭什么|被耽误|耽误(了)?(我|时间|工期|生产|事)"
)
# ... in more words: a complaint for a person, whatever else it asks (:func:`complaint_unsure`).
CONDUCT_RE = re.compile(
    rf"{DISPLEASURE}|环保局的人|执法的人|检查的人|机器人|客服|为难|不给受理|不受理"
    r"|(还|都|也)没(批|回|处理|受理|办|下来|消息|人)|没人(来|管|理|处理|回)|差劲|智障|你说|你这|你给的|你发的"
)
# What a grievance says (太慢、套话、态度、有没有人管 …): a "complaint" that says none of it and
# clearly names an item asks for the item (「举报核实了说有奖励，钱什么时候发给我」).
GRIEVANCE_RE = re.compile(
    rf"{DISPLEASURE}|太|差|慢|低|烂|没用|没有用|推诿|扯皮|敷衍|态度|听不懂|答非所问|投诉|骗|有没有人管|没人管|没人理"
    r"|老是|总是|老给|怎么老|怎么总|一直|好几|几遍|几次|三遍|还没|还不|这么久|多久了|为什么|到底|究竟|！|!"
    r"|推来推去|克扣|不给|不发|扣了"
)


def asked_before_handoff(recognition: Recognition, aspect: Aspect | None) -> ServiceItem | None:
    """The item whose facts a complaint or a request for a person gets before the hand-off: one
    the message clearly names, asked about one of its aspects. Staff will follow up, but what
    the catalogue states need not wait for them (「举报奖励核实以后多久能发到手？我已经等了一个多月
    了」: the time limit, then the apology and a person).

    >>> from knowledge.services.catalogue import load_catalogue
    >>> from knowledge.services.enquiry import aspect_of
    >>> from knowledge.services.recognition import ItemScore
    >>> reward = Recognition("clear", (ItemScore(load_catalogue().get("report_reward"), 1.5, 1.0, 0.1),))
    >>> asked_before_handoff(reward, aspect_of("多久能发到手")).id
    'report_reward'
    >>> asked_before_handoff(reward, None), asked_before_handoff(Recognition("none"), aspect_of("多久能发到手"))
    (None, None)
    """
    item = recognition.clear
    return item if item is not None and aspect is not None and aspect.applies_to(item) else None


def complaint_declined(text: str, confidence: float, *, elsewhere: str | None, unserved: str | None) -> bool:
    """Whether a message the NLU took for a complaint about the service (or for a request for a
    person) is rather a request the assistant declines. It addresses neither the service nor its
    people (:data:`ABOUT_THE_SERVICE_RE`), and either the NLU is unsure of it and its words make
    it another department's matter (``elsewhere``) or a request no article serves
    (``unserved``), or, however sure the NLU is, it is another department's matter and voices no
    grievance (:func:`voices_grievance`). It then hears why there is no answer here, not an
    apology and a person (「外籍员工工作签证快到期了，怎么续签？」 is for 公安部门; 「帮我写一封催款函」
    is drafting; 「商标被人抢注了，怎么提异议」 is for the 知识产权部门, though the NLU is sure 异议 is
    a grievance). A sure complaint about a request no article serves keeps its apology and
    person (「交的环评批了没，一点消息都没有」: staff can look into one's own case); so does one that
    speaks to the service or voices a grievance, whatever it mentions. Whether a sure request for
    a person is checked at all is the caller's choice (``actions.handoff`` does not: a person is
    what it asks for).

    >>> complaint_declined("签证快到期了，怎么续签", 0.41, elsewhere="公安部门", unserved=None)
    True
    >>> complaint_declined("帮我写一封催款函", 0.6, elsewhere=None, unserved="drafting")
    True
    >>> complaint_declined("签证快到期了，怎么续签", 0.95, elsewhere="公安部门", unserved=None)
    True
    >>> complaint_declined("交的环评批了没，一点消息都没有", 0.95, elsewhere=None, unserved="case_status")
    False
    >>> complaint_declined("签证的事问了三遍还没人理", 0.95, elsewhere="公安部门", unserved=None)
    False
    >>> complaint_declined("你们互相推诿，超速罚单到底谁管", 0.41, elsewhere="公安部门", unserved=None)
    False
    >>> complaint_declined("签证快到期了", 0.41, elsewhere=None, unserved=None)
    False
    """
    if ABOUT_THE_SERVICE_RE.search(text):
        return False
    if confidence >= COMPLAINT_CONFIDENCE:
        return elsewhere is not None and not voices_grievance(text)
    return elsewhere is not None or unserved is not None


def voices_grievance(text: str) -> bool:
    """Whether a message says what a grievance says (:data:`GRIEVANCE_RE`), or tells of staff's
    conduct or a wait (:data:`CONDUCT_RE`).

    >>> voices_grievance("问了三遍还没人理"), voices_grievance("机器人只会叫我去找人社")
    (True, True)
    >>> voices_grievance("商标被人抢注了，怎么提异议")
    False
    """
    return bool(GRIEVANCE_RE.search(text) or CONDUCT_RE.search(text))


def complaint_unsure(text: str, confidence: float) -> bool:
    """Whether a message the NLU took for a complaint about the service (or for a 没用 with no
    answer to judge) may be a question after all: the NLU is unsure of it, and it speaks neither
    to the service (:data:`ABOUT_THE_SERVICE_RE`) nor of staff's conduct or a wait
    (:data:`CONDUCT_RE`). It is answered only if search is sure of it: a question about a
    penalty that goes on, or about correcting a record, reads to the NLU like a grievance.

    >>> complaint_unsure("罚款已经交了，可整改一直没做完，还会按日计罚吗", 0.52)
    True
    >>> complaint_unsure("宾馆的一次性拖鞋还能放在客房里吗", 0.51)  # 拖 of 拖鞋 is no delay
    True
    >>> complaint_unsure("你们回复得太慢了", 0.55), complaint_unsure("检查的人索要好处费，这种事怎么处理", 0.6)
    (False, False)
    """
    return confidence < COMPLAINT_CONFIDENCE and not (ABOUT_THE_SERVICE_RE.search(text) or CONDUCT_RE.search(text))


def out_of_scope_unsure(confidence: float, *, elsewhere: str | None, unserved: str | None) -> bool:
    """Whether a message the NLU took for one the bureau does not handle may be answered by
    search after all: the NLU is unsure of it and no word makes it another department's matter
    or a request no article serves (a terse query such as 「示范区 跨区域 许可证 互认」 reads to
    the NLU like nothing it knows). It is answered only if search is sure of it.

    >>> out_of_scope_unsure(0.43, elsewhere=None, unserved=None)
    True
    >>> out_of_scope_unsure(0.9, elsewhere=None, unserved=None)
    False
    >>> out_of_scope_unsure(0.43, elsewhere="税务部门", unserved=None)
    False
    """
    return confidence < OUT_OF_SCOPE_CONFIDENCE and elsewhere is None and unserved is None


def item_not_complaint(text: str, recognition: Recognition) -> bool:
    """Whether a message the NLU took for a complaint about the service asks for an item: it
    clearly names one and voices no grievance (:data:`GRIEVANCE_RE`: slowness, staff, a wrong
    answer). It is then served as a consultation (the item offered or its facts given), not
    apologised for and handed off.

    >>> from knowledge.services.catalogue import load_catalogue
    >>> from knowledge.services.recognition import ItemScore
    >>> reward = Recognition("clear", (ItemScore(load_catalogue().get("report_reward"), 1.1, 0.6, 0.1),))
    >>> item_not_complaint("举报核实以后说有奖励，这钱找谁领", reward)
    True
    >>> item_not_complaint("举报奖励等了两个月还没发，太慢了", reward), item_not_complaint("举报奖金被克扣了", reward)
    (False, False)
    >>> item_not_complaint("举报奖励找谁领", Recognition("none"))
    False
    """
    return recognition.clear is not None and not GRIEVANCE_RE.search(text)


# Asking for a person or for action on one's case (能不能转人工、能不能催一下): requests, not legal questions.
REQUESTS = rf"{PERSON}|催|加急"


# What a question about the law's content asks besides its meaning (:func:`asks_meaning`): what
# something is, or which ones (是哪三个同时); not why (为什么, 凭什么), when, or which of two
# answers is right, which a grievance asks.
WHAT_IT_IS_RE = re.compile(r"是什么|是啥|是哪|哪几|哪些|包括")
# Whether what happened is as it should be (这正常吗, 他们是不是应该一次性告诉我): the law says what a
# window owes an applicant (一次性告知, 办理时限), as 合规吗 and 可以这样吗 ask (asks_the_law).
# Whether one must (非得跑窗口吗, 是不是都必须, 硬性规定吗, 是强制的吗) asks the same of the law; a
# 么 of 这么、怎么 ends no question.
ASKED = r"(?<![什怎这那多])([吗么]|不(?=[，,。；;？?！!]|$))"
ENDS = rf"[^，,。；;？?！!]{{0,12}}{ASKED}"
NORM_RE = re.compile(
    r"正常吗|正不正常|是不是应该|应不应该|该不该|是不是应当|应不应当|有没有规定|有规定吗|有这规定吗"
    rf"|(非得|必须|一定要){ENDS}|是不是[^，,。；;？?！!]{{0,8}}(必须|一定要|非得)|硬性(规定|要求)[吗么]"
    rf"|强制[^，,。；;？?！!]{{0,4}}?的?{ASKED}"
    r"|(应该|应当|该)(在)?(多少|几)个?(天|工作日|日)"  # what the window owes, and by when (一次性告知)
)
# The assistant and its answers (这个机器人…这正常吗, 你给的条文是不是应该更新了): no article is asked.
ASSISTANT_RE = re.compile(r"机器人|回答|答的|答非所问|条文")
WHY_RE = re.compile(r"为什么|为啥|凭什么|怎么回事|什么时候|啥时候|哪个对|哪个是对")


# Asking whether, how or where a grievance may be lodged (能打12345投诉吗, 去哪投诉, 投诉渠道): the law
# names the channels (营商环境投诉维权机制, 12345), and asking for them is no grievance against the service.
HOW_TO_COMPLAIN_RE = re.compile(
    r"(能|可以|可不可以|能不能|怎么|怎样|如何|咋|去哪|到哪|向谁|找谁|哪里|在哪)[儿里]?"
    r"(打\s*\d{5}|通过[^，,。；;？?！!]{0,8}|向[^，,。；;？?！!]{0,6}|到[^，,。；;？?！!]{0,6}|在[^，,。；;？?！!]{0,6})?投诉"
    r"|投诉(电话|方式|渠道|途径|热线|入口|平台)"
)


# The service or its people addressed (你、机器人、客服、执法大队的人 …), in what a message asking where to
# complain says besides.
ADDRESSED_RE = re.compile(rf"你(?!好)|您(?!好)|的人|{ABOUT_THE_SERVICE_RE.pattern}")


def law_before_handoff(text: str) -> bool:
    """Whether a complaint asks the law too, so that a confident answer comes before the apology
    and the person: it does not speak to the service itself (:data:`SERVICE`: 你们、投诉、态度 …)
    nor ask for action (:data:`REQUESTS`), and its question asks whether something is allowed or
    what follows (:func:`~knowledge.search.clause_kind.asks_the_law`), or, without telling of
    staff's conduct or a wait (:data:`CONDUCT_RE`) or asking why, what something in the law is
    (:data:`WHAT_IT_IS_RE`, :func:`~knowledge.search.clause_kind.asks_meaning`): 「老听人说三同时，
    到底是哪三个同时」 is a question that 到底 made the NLU sure was a grievance. Staff follow up
    the grievance; what the law says need not wait for them.

    >>> law_before_handoff("窗口说这个不归她们管，材料都不接，可以这样吗")
    True
    >>> law_before_handoff("说材料不全让回去补，他们是不是应该一次性告诉我补哪些？来回跑了三趟了")
    True
    >>> law_before_handoff("老听人说三同时，到底是哪三个同时")
    True
    >>> law_before_handoff("在网上能办完的事，还非得去窗口跑一趟吗")
    True
    >>> law_before_handoff("宾馆不主动提供一次性用品，是强制的吗")
    True
    >>> law_before_handoff("窗口收了材料说不齐，他们应当几个工作日内告诉我们补什么")
    True
    >>> law_before_handoff("你们非得让我跑三趟窗口吗")
    False
    >>> law_before_handoff("你们回复这么慢，这合理吗"), law_before_handoff("窗口工作人员态度太差了")
    (False, False)
    >>> law_before_handoff("等了一个多月还没批下来，到底什么时候能好")
    False
    >>> law_before_handoff("上个月说噪声没问题，这个月又说超标，到底哪个对")
    False

    Asking where a grievance may be lodged (:data:`HOW_TO_COMPLAIN_RE`) asks the law, unless the
    rest of the message speaks to the service:

    >>> law_before_handoff("营商环境方面的问题能打12345投诉吗"), law_before_handoff("你们这么慢，能去哪投诉")
    (True, False)
    >>> law_before_handoff("怎么投诉你"), law_before_handoff("窗口办事员一直刁难我们，去哪投诉")
    (False, False)
    """
    rest = HOW_TO_COMPLAIN_RE.sub("", text)
    asks_where = rest != text
    if re.search(rf"{SERVICE}|{REQUESTS}", rest):
        return False
    if asks_where and (ADDRESSED_RE.search(rest) or CONDUCT_RE.search(rest)):
        return False  # where to complain about the service or its people: the person, not a clause
    focus = question_focus(text)
    if asks_where or asks_the_law(focus):
        return True
    if NORM_RE.search(focus):  # as it should be: unless it is about the assistant or someone's conduct, or asks why
        return not (ADDRESSED_RE.search(text) or ASSISTANT_RE.search(text) or WHY_RE.search(focus))
    what = asks_meaning(focus) or bool(WHAT_IT_IS_RE.search(focus))
    return what and not (WHY_RE.search(text) or CONDUCT_RE.search(text))
