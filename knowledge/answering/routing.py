"""Where a question goes: a service item's own facts, an answer from a clause, an offer of the
item the user seems to mean, or the consultation ladder (not sure, not found). Whether a
message is a report is :mod:`knowledge.answering.reporting`'s.

Pure functions over what the searcher, the service recogniser and the NLU found, so the Rasa
actions stay thin and every branch is tested without Rasa. :func:`route`:

1. the message clearly names an item, asks about one of its aspects (材料、时限、费用、在哪办、
   流程) and is the bureau's → the item's facts and the walk-through offered, even when search
   found a confident answer, mostly a loosely related clause then (on the dialogue dev part, the
   clause instead of the facts dropped item questions answered right from 19 to 14 of 20);
   whether the item is needed (要不要办), and what the catalogue does not state, the law
   answers: a confident clause comes first, with the item's button, and the facts follow;
   when no clause answers, or the confident clause is that item's own legal basis, the one item
   the message plausibly names counts as named (:func:`likely_item`), rather than offering it
   back to a user who asked about it (「环评报告表交上去了，审批大概要等多久」); of two or three
   close items, the one whose legal basis the confident clause is (:func:`settled_by`), after
   that clause;
2. a request no article serves (a speech to draft, a market price:
   :mod:`knowledge.search.request_kind`) or another department's question → the consultation
   decision (beyond the remit, or the department to ask), and no offer of an item it names:
   「推荐几家靠谱的环评公司」 does not want the 环评 walk-through, nor 「公司刚拿到环评批复。营业执照
   经营范围变更去哪里办？」 the approval's 在哪办; a message the scope check finds nearer other
   matters gets no facts of an item it does not clearly name (a work visa's renewal is no
   permit's), though the item may be offered;
3. search found a confident answer → the clause, and the walk-through of the item the message
   clearly names, else of the one item whose legal basis is that clause;
4. no confident answer, but one item is clearly meant → offer it (「您是想办理『…』吗？」); but a
   message that asks a question and has candidate clauses gets "not sure" with the candidates
   and the item's button (「工地打桩的泥浆能不能排到河里」 names 打桩 but asks about the law);
5. no confident answer, two or three items (or one, less clearly) are plausible → offer them;
   but, as in 4, a question with candidate clauses gets "not sure" with the candidates and the
   items' buttons (「两年多以前的违规排放现在才发现，还能罚吗」 asks the law, not for 免罚自查);
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
from knowledge.services.catalogue import ServiceItem
from knowledge.services.enquiry import Aspect, states
from knowledge.services.recognition import Recognition
from knowledge.services.references import ItemLinks

RouteKind = Literal["item_facts", "answer_and_facts", "answer", "offer_item", "offer_items", "not_sure", "no_answer"]
# The aspect whose answer is in the law rather than in the item's own facts.
LEGAL_ASPECT = "need"
# Below this NLU confidence, a complaint that is another department's matter or a request no
# article serves is that request (:func:`complaint_declined`), and one that search answers with
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
ABOUT_THE_SERVICE_RE = re.compile(SERVICE + r"|人工|真人|工作人员|客服|转人|找个人|联系我|回电")
# Staff's conduct, a wait, displeasure with the answers (窗口、索要; 等了; 套话、答错) ...
DISPLEASURE = r"人员|窗口|办事员|索要|红包|好处费|吃拿卡要|刁难|没消息|没下文|等了|拖|套话|废话|生气|气死|火大|折腾"
DISPLEASURE += r"|占线|不耐烦|不满|失望|离谱|坑|搞什么|干嘛|答错|不准|错了|不对|凭什么"
# ... in more words: a complaint for a person, whatever else it asks (:func:`complaint_unsure`).
CONDUCT_RE = re.compile(
    rf"{DISPLEASURE}|环保局的人|执法的人|检查的人|机器人|客服|为难|不给受理|不受理"
    r"|(还|都|也)没(批|回|处理|受理|办|下来|消息|人)|没人(来|管|理|处理|回)|差劲|智障|你说|你这"
)
# What a grievance says (太慢、套话、态度、有没有人管 …): a "complaint" that says none of it and
# clearly names an item asks for the item (「举报核实了说有奖励，钱什么时候发给我」).
GRIEVANCE_RE = re.compile(
    rf"{DISPLEASURE}|太|差|慢|低|烂|没用|没有用|推诿|扯皮|敷衍|态度|听不懂|答非所问|投诉|骗|有没有人管|没人管|没人理"
    r"|老是|总是|老给|怎么老|怎么总|一直|好几|几遍|几次|三遍|还没|还不|这么久|多久了|为什么|到底|究竟|！|!"
    r"|推来推去|克扣|不给|不发|扣了"
)


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
    # a loosely named item counts as named unless a confident clause answers that is not its basis,
    # or the scope check finds the message nearer other matters: 「外籍员工的工作签证快到期了，续签要
    # 准备哪些材料」 sounds like a renewal, of no permit of ours (an offer of the item may follow)
    own = (
        likely is not None
        and not decision.beyond_remit
        and (decision.kind != "answer" or (basis is not None and basis.id == likely.id))
    )
    named = clear or (likely if own else None)
    asked_about = named or settled_by(recognition, decision, basis)
    declined = decision.elsewhere is not None or decision.unserved is not None  # not the bureau's to answer
    if asked_about is not None and aspect is not None and aspect.applies_to(asked_about) and not declined:
        # an item the clause settled was not named: the clause may answer it (「环评分类名录是哪个部门定的」)
        first = law_first(decision, aspect, asked_about) or named is None
        kind: RouteKind = "answer_and_facts" if first else "item_facts"
        return Route(kind, decision, (asked_about,), aspect)
    if declined:
        return Route(decision.kind, decision)
    if decision.kind == "answer" and decision.best is not None:
        # the item the answer concerns; else the two or three a loosely worded message calls to
        # mind, as buttons under the answer (「开个汽修店要做环评吗」: the law, then the self-check)
        offer = clear or basis
        nearby = tuple(recognition.offered) if recognition.kind == "ambiguous" else ()
        return Route(decision.kind, decision, (offer,) if offer is not None else nearby)
    if clear is not None:
        if asks and decision.kind == "not_sure":
            return Route("not_sure", decision, (clear,))
        return Route("offer_item", decision, (clear,))
    if recognition.kind == "ambiguous":
        if asks and decision.kind == "not_sure":  # a question with candidates, as for a clear item
            return Route("not_sure", decision, tuple(recognition.offered))
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


def law_first(decision: Decision, aspect: Aspect, item: ServiceItem) -> bool:
    """Whether a question about ``item``'s ``aspect`` is answered from a confident clause before its
    facts: whether it is needed, or what the catalogue leaves to a placeholder and the clause states.

    >>> from knowledge.services.catalogue import load_catalogue
    >>> from knowledge.services.enquiry import aspect_of
    >>> permit = load_catalogue().get("pollutant_permit")
    >>> law_first(Decision("no_answer"), aspect_of("也要办吗"), permit)
    False
    """
    best = decision.best if decision.kind == "answer" else None
    unstated = best is not None and not states(item, aspect) and aspect.stated_in(best.clause.text)
    return best is not None and (aspect.id == LEGAL_ASPECT or unstated)


def complaint_declined(text: str, confidence: float, *, elsewhere: str | None, unserved: str | None) -> bool:
    """Whether a message the NLU took for a complaint about the service (or for a request for a
    person) is rather a request the assistant declines: the NLU is unsure of it, its words make it another department's
    matter (``elsewhere``) or a request no article serves (``unserved``), and it addresses
    neither the service nor its people (:data:`ABOUT_THE_SERVICE_RE`). It then hears why there
    is no answer here, not an apology and a person (「外籍员工工作签证快到期了，怎么续签？」 is for
    公安部门; 「帮我写一封催款函」 is drafting). A complaint the NLU is sure of keeps its apology,
    whatever it mentions; so does one that speaks to the service.

    >>> complaint_declined("签证快到期了，怎么续签", 0.41, elsewhere="公安部门", unserved=None)
    True
    >>> complaint_declined("帮我写一封催款函", 0.6, elsewhere=None, unserved="drafting")
    True
    >>> complaint_declined("签证快到期了，怎么续签", 0.95, elsewhere="公安部门", unserved=None)
    False
    >>> complaint_declined("你们互相推诿，超速罚单到底谁管", 0.41, elsewhere="公安部门", unserved=None)
    False
    >>> complaint_declined("签证快到期了", 0.41, elsewhere=None, unserved=None)
    False
    """
    if confidence >= COMPLAINT_CONFIDENCE or ABOUT_THE_SERVICE_RE.search(text):
        return False
    return elsewhere is not None or unserved is not None


def complaint_unsure(text: str, confidence: float) -> bool:
    """Whether a message the NLU took for a complaint about the service (or for a 没用 with no
    answer to judge) may be a question after all: the NLU is unsure of it, and it speaks neither
    to the service (:data:`ABOUT_THE_SERVICE_RE`) nor of staff's conduct or a wait
    (:data:`CONDUCT_RE`). It is answered only if search is sure of it: a question about a
    penalty that goes on, or about correcting a record, reads to the NLU like a grievance.

    >>> complaint_unsure("罚款已经交了，可整改一直没做完，还会按日计罚吗", 0.52)
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
