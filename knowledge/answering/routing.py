"""Where a question goes: a service item's own facts, an answer from a clause, an offer of the
item the user seems to mean, or the consultation ladder (not sure, not found); and whether a
message the NLU heard as a report is one (:func:`heard_as_report`).

Pure functions over what the searcher, the service recogniser and the NLU found, so the Rasa
actions stay thin and every branch is tested without Rasa. :func:`route`:

1. the message clearly names an item, asks about one of its aspects (材料、时限、费用、在哪办、
   流程) and is the bureau's → the item's facts, and the walk-through offered, even when search found a
   confident answer: for such questions that is mostly a loosely related clause (tried on the
   dialogue dev part: letting a confident clause from outside the item's references win
   dropped item questions answered right from 19 to 14 of 20 and gained no consultation);
   whether the item is needed (要不要办) is a question the law answers, so a confident clause
   comes first there, with the item's button, and the item's facts follow it (「只有一台空压机，
   也要办排污许可证吗」: the article that says which units need a permit, then the item);
   when no clause answers, or the confident clause is that item's own legal basis, the one item
   the message plausibly names counts as named (:func:`likely_item`), rather than offering it
   back to a user who asked about it (「环评报告表交上去了，审批大概要等多久」); of two or three
   close items, the one whose legal basis the confident clause is (:func:`settled_by`), after
   that clause;
2. a request no article serves (a speech to draft, a market price:
   :mod:`knowledge.search.request_kind`) or another department's question → the consultation
   decision (beyond the remit, or the department to ask), and no offer of an item it names:
   「推荐几家靠谱的环评公司」 does not want the 环评 walk-through, nor 「公司刚拿到环评批复。营业执照
   经营范围变更去哪里办？」 the approval's 在哪办;
3. search found a confident answer → the clause, and the walk-through of the item the message
   clearly names, else of the one item whose legal basis is that clause;
4. no confident answer, but one item is clearly meant → offer it (「您是想办理『…』吗？」); but a
   message that asks a question and has candidate clauses gets "not sure" with the candidates
   and the item's button (「工地打桩的泥浆能不能排到河里」 names 打桩 but asks about the law);
5. no confident answer, two or three items are plausible → offer them;
6. otherwise the consultation decision as it stands (not sure, with candidates, or not found).

>>> from knowledge.answering.consultation import Decision
>>> from knowledge.services.catalogue import load_catalogue
>>> from knowledge.services.recognition import ItemScore, Recognition
>>> permit = load_catalogue().get("pollutant_permit")
>>> clear = Recognition("clear", (ItemScore(permit, 1.5, 1.0, 0.1),))
>>> route(Decision("no_answer"), clear, aspect=None).kind
'offer_item'
>>> route(Decision("no_answer"), Recognition("none"), aspect=None).kind
'no_answer'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from knowledge.answering.consultation import Decision
from knowledge.search.focus import asks_something
from knowledge.services.catalogue import ServiceItem
from knowledge.services.enquiry import Aspect
from knowledge.services.recognition import Recognition
from knowledge.services.references import ItemLinks

RouteKind = Literal["item_facts", "answer_and_facts", "answer", "offer_item", "offer_items", "not_sure", "no_answer"]
# The aspect whose answer is in the law rather than in the item's own facts.
LEGAL_ASPECT = "need"


@dataclass(frozen=True)
class Route:
    kind: RouteKind
    decision: Decision
    items: tuple[ServiceItem, ...] = ()  # the item(s) to offer (or whose facts to give)
    aspect: Aspect | None = None

    @property
    def offer(self) -> ServiceItem | None:
        """The one item whose walk-through follows the reply, if any."""
        return self.items[0] if len(self.items) == 1 else None


def route(
    decision: Decision,
    recognition: Recognition,
    *,
    aspect: Aspect | None,
    asks: bool = False,
    links: ItemLinks | None = None,
) -> Route:
    """What to reply; ``asks``: whether the message asks a question at all
    (:func:`knowledge.search.focus.asks_something`); ``links``: how items and clauses meet."""
    links = links or ItemLinks()
    clear = recognition.clear
    likely = likely_item(recognition)
    # the one item whose legal basis the best clause is, if any
    basis = links.resting_on.get(decision.best.clause.clause_id) if decision.best is not None else None
    # a loosely named item counts as named unless a confident clause answers that is not its basis
    own = likely is not None and (decision.kind != "answer" or (basis is not None and basis.id == likely.id))
    named = clear or (likely if own else None)
    asked_about = named or settled_by(recognition, decision, basis)
    declined = decision.elsewhere is not None or decision.unserved is not None  # not the bureau's to answer
    if asked_about is not None and aspect is not None and aspect.applies_to(asked_about) and not declined:
        # an item the clause settled was not named: the clause may answer the question itself
        # (「环评分类名录是哪个部门定的」 asks 哪个部门 of the law), so it comes first
        first = law_first(decision, aspect) or named is None
        kind: RouteKind = "answer_and_facts" if first else "item_facts"
        return Route(kind, decision, (asked_about,), aspect)
    if declined:
        return Route(decision.kind, decision)
    if decision.kind == "answer" and decision.best is not None:
        offer = clear or basis
        return Route(decision.kind, decision, (offer,) if offer is not None else ())
    if clear is not None:
        if asks and decision.kind == "not_sure":
            return Route("not_sure", decision, (clear,))
        return Route("offer_item", decision, (clear,))
    if recognition.kind == "ambiguous":
        return Route("offer_items", decision, tuple(recognition.offered))
    return Route(decision.kind, decision)


def likely_item(recognition: Recognition) -> ServiceItem | None:
    """The one item a message plausibly means though not clearly (the only one offered): when
    the message asks about an aspect of it and no clause answers, or the confident clause is
    the item's own legal basis (the one item resting on it: :class:`ItemLinks`), its facts are
    the answer (「报告书送审以后一般多少个工作日能拿到批复」 names the approval only loosely).

    >>> from knowledge.services.catalogue import load_catalogue
    >>> from knowledge.services.recognition import ItemScore
    >>> permit, eia = load_catalogue().get("pollutant_permit"), load_catalogue().get("eia_approval")
    >>> likely_item(Recognition("ambiguous", (ItemScore(permit, 0.66, 0.4, 0.07), ItemScore(eia, 0.4, 0.2, 0.05)))).id
    'pollutant_permit'
    >>> likely_item(Recognition("ambiguous", (ItemScore(permit, 0.9, 0.5, 0.1), ItemScore(eia, 0.8, 0.5, 0.1)))) is None
    True
    """
    offered = recognition.offered if recognition.kind == "ambiguous" else []
    return offered[0] if len(offered) == 1 else None


def settled_by(recognition: Recognition, decision: Decision, basis: ServiceItem | None) -> ServiceItem | None:
    """Of two or three items a message could mean, the one whose legal basis is the confident
    clause search found: the clause tells them apart. 「环评分类自查这个功能收钱吗」 could be the
    category check or the approval, and the article on the categories is the check's own basis.
    The message did not name the item, so its question is answered from the clause first and
    the item's facts follow.

    >>> from knowledge.services.catalogue import load_catalogue
    >>> from knowledge.services.recognition import ItemScore
    >>> check, eia = load_catalogue().get("eia_category_check"), load_catalogue().get("eia_approval")
    >>> both = Recognition("ambiguous", (ItemScore(eia, 0.9, 0.5, 0.1), ItemScore(check, 0.8, 0.5, 0.1)))
    >>> settled_by(both, Decision("answer"), check).id, settled_by(both, Decision("not_sure"), check)
    ('eia_category_check', None)
    """
    if decision.kind != "answer" or basis is None:
        return None
    return basis if any(item.id == basis.id for item in recognition.offered) else None


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


def law_first(decision: Decision, aspect: Aspect) -> bool:
    """Whether a question about an item's ``aspect`` is answered from a clause before the item's
    facts: when it asks whether the item is needed and search found a confident answer.

    >>> from knowledge.services.enquiry import aspect_of
    >>> law_first(Decision("no_answer"), aspect_of("也要办吗")), law_first(Decision("answer"), aspect_of("要什么材料"))
    (False, False)
    """
    return decision.kind == "answer" and decision.best is not None and aspect.id == LEGAL_ASPECT


# Words that report someone or name where reports go. A report names a wrongdoer (隔壁、有人、
# 某公司) in as many ways as there are neighbours, so these are not required; they rescue a
# report the NLU is unsure of.
REPORTING_RE = re.compile(r"举报|反映|投诉|检举|揭发|曝光|告发|报警|12369|12345")
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
    rf"|(有人|谁|居民|邻居|业主|群众|住户|对方|别人|同行|员工|路人|网友)[^，,。；;！!？?]{{0,6}}{REPORT_WORD}了?"
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


# The reward for a report (举报奖励、奖金): a message naming it is about the reward item, not a report.
REWARD_RE = re.compile(r"奖")
REWARD_ITEM = "report_reward"
# A question how or where to report (能举报吗、去哪举报、举报电话), as against one about the law of
# reporting (「举报人信息会保密吗」, 「举报公司被打击报复怎么办」).
HOW_TO_REPORT_RE = re.compile(
    r"(能|可以|可不可以|能不能|怎么|怎样|如何|咋|去哪|到哪|向谁|找谁|哪里|在哪)[儿里]?(实名)?(举报|检举)"
    r"|(举报|检举)[^，,。；;！!？?]{0,2}(电话|方式|渠道|途径|热线|入口|邮箱|信箱)|(举报|检举)不"
)
# The reporting channels are for violations by enterprises and people; a report about the
# administration itself, its staff or its policies (「环保局不作为向谁举报」, 「检查人员索要财物能
# 举报吗」, 「地方政策排斥外地企业可以向哪里举报」) is a question the law answers.
ADMINISTRATION_RE = re.compile(r"政府|环保局|生态环境局|主管部门|执法人员|检查人员|工作人员|政策|营商|审批|罚没")


def reports(text: str, recognition: Recognition, *, asks: bool) -> bool:
    """Whether a message the NLU took for a question is a report after all, to be told the
    reporting channels (and the reward item after them) rather than routed as a question: it
    has a word of reporting, names no reward, the user is not the one reported, it calls no
    item to mind but the reward for reporting (举报 alone brings that item to mind), and either
    it asks nothing (「实名反映一下，供应商的废水设施平时根本不开」) or asks how or where to
    report (「供应商把危废当普通垃圾卖了，可以举报吗」: offering 「有奖举报奖金发放」 to someone
    who has yet to report is no help). A question about the law of reporting
    (「举报人的信息会保密吗」), or a report about the administration itself
    (:data:`ADMINISTRATION_RE`), stays a question.

    >>> from knowledge.services.catalogue import load_catalogue
    >>> from knowledge.services.recognition import ItemScore
    >>> reward = Recognition("ambiguous", (ItemScore(load_catalogue().get("report_reward"), 0.6, 0.4, 0.05),))
    >>> reports("供应商把危废当普通垃圾卖了，可以举报吗", reward, asks=True)
    True
    >>> reports("实名反映一下，那家厂的废水设施平时根本不开", Recognition("none"), asks=False)
    True
    >>> reports("举报奖金怎么领", reward, asks=True), reports("举报人的信息会保密吗", reward, asks=True)
    (False, False)
    >>> reports("能不能告诉我是谁举报我们厂的", reward, asks=True)
    False
    """
    if not REPORTING_RE.search(text) or REWARD_RE.search(text) or ADMINISTRATION_RE.search(text):
        return False
    if was_reported(text) or any(item.id != REWARD_ITEM for item in recognition.offered):
        return False
    return not asks or bool(HOW_TO_REPORT_RE.search(text))


def heard_as_report(text: str, confidence: float) -> bool:
    """Whether a message the NLU classified as a report (at ``confidence``) should get the
    reporting channels: a confident classification, or any reporting word. Otherwise it is most
    likely a question about the user's own plans that mentions residents or a river, and is
    answered as one (a reply with the reporting channels would not help such a user at all).

    >>> heard_as_report("隔壁厂晚上往河里排黑水", 0.95), heard_as_report("我要举报", 0.48)
    (True, True)
    >>> heard_as_report("想在小区边上开个饭店，这种能开吗", 0.52)
    False

    A user who was reported and asks what follows is asking a question:

    >>> heard_as_report("食堂油烟被周边居民投诉了，会不会被罚", 0.93)
    False
    """
    if was_reported(text):
        return False
    return confidence >= REPORT_CONFIDENCE or bool(REPORTING_RE.search(text))
