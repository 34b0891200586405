"""Where a question goes: a service item's own facts, an answer from a clause, an offer of the
item the user seems to mean, or the consultation ladder (not sure, not found). Whether a
message is a report is :mod:`knowledge.answering.reporting`'s; what a complaint calls for,
:mod:`knowledge.answering.grievance`'s.

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
   permit's), though the item may be offered; a figure no clause states
   (:mod:`knowledge.search.figures`) is declined too, unless the message clearly names an item
   whose facts it asks about (「叉车办环保标志要交钱吗，多少钱一台」: the item's fee);
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

from dataclasses import dataclass
from typing import Literal

from knowledge.answering.consultation import Decision
from knowledge.search.figures import UNSTATED
from knowledge.services.catalogue import ServiceItem
from knowledge.services.enquiry import Aspect, states
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
    # a figure no clause states may be the item's own (「叉车办环保标志要交钱吗，多少钱一台」: its fee)
    facts_may = not declined or (decision.unserved == UNSTATED and clear is not None)
    if asked_about is not None and aspect is not None and aspect.applies_to(asked_about) and facts_may:
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
