"""Classes a question asks a named thing to be in, and what a named list holds, when the clauses found do not say.

Enterprises ask which class of a catalogue their thing is in: whether spent cutting fluid is
hazardous waste, which class of radiation device an industrial CT is, whether an injection
moulding plant files an EIA report form or a registration form, whether a milk-tea cup is dry or
wet refuse. The law sets up the classes and says who lists them (国家危险废物名录, the EIA
category list, the classification of radiation devices, 本市生活垃圾分类); the listing itself is
in catalogues the knowledge base does not hold. Search found the article that sets up the
classes and quoted it as the answer, which does not say which class the thing is in.

:func:`unclassed` reads whether the question inside a message asks a class (属于几类, 在不在…名录里,
算不算危废, 报告表还是登记表) and, when it does, whether the clauses it would be quoted from name
the thing asked about: an article that lists 废灯管 among 有害垃圾 answers whether a spent tube
is hazardous refuse (when it is among the best three found); one that only says there are
three classes of device does not. A question
about how a class is decided (怎么判断, 有没有名录, 谁来定, 定义) asks the law, which answers it;
a question that names no thing in particular (「我们厂属于哪类排污许可管理」) is left to search.

>>> unclassed("CT机属于几类射线装置", ["国家对放射源和射线装置实行分类管理。"])
'unclassed'
>>> unclassed("废电池算不算有害垃圾", ["有害垃圾，是指废电池、废灯管、废药品等生活废弃物。"]) is None
True
>>> unclassed("怎么判断是不是危险废物，有名录吗", ["国家危险废物名录由国务院生态环境主管部门制定。"]) is None
True

The converse is asked too: which things a named list holds (免罚清单有哪几项, 强制回收名录里列了哪些产品, 白名单企业
有哪些). The law sets such lists up and says who draws them; an article naming the list answers what it contains only
when it lists the contents itself (下列, （一）…). :func:`unlisted` reads whether the question asks a list's contents
and whether the best clause enumerates any; a question about which kinds of unit a list takes in (哪些单位要列入名录),
how it is drawn or where it is published asks the law, which answers it.

>>> unlisted("免罚清单里具体有哪几项", ["落实《生态环境轻微违法违规行为免罚清单》，动态调整免罚清单事项范围。"])
'unlisted'
>>> unlisted("哪些单位要列入重点排污单位名录", ["重点排污单位名录由设区的市级人民政府生态环境主管部门确定。"]) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from knowledge.search.focus import question_focus
from knowledge.search.tokenizer import normalise

# The request kinds such questions are (their replies: ``utter_unserved_unclassed`` and ``…_unlisted`` in
# bot/domain.yml).
UNCLASSED = "unclassed"
UNLISTED = "unlisted"

# The classes catalogues assign: wastes, refuse, EIA documents, permit management, key units.
# Not when the class word names a licence, a plan or a place (危废经营许可证, 危废贮存).
CLASS = (
    r"(危废|危险废物|医疗废物|医废|一般固废|一般工业固体废物|一般固体废物|有害垃圾|可回收物|干垃圾|湿垃圾|其他垃圾|厨余垃圾"
    r"|报告书|报告表|登记表|重点管理|简化管理|登记管理|重点排污单位|剧毒化学品|危险化学品|危化品)"
    r"(?!许可|经营|贮存|转移|管理计划|台账|标签|标识|名录|鉴别|后|以后|之后|的话"
    r"|企业|单位|仓库|运输|车辆|生产|使用|泄漏|事故|码头|园区|项目)"
)
# What a catalogue classes, named near a bare 哪类 / 几类.
LISTED_RE = re.compile(r"(射线装置|放射源|垃圾|废物|危废|固废|环评|排污许可|类别|功能区)")
ONE_OF = r"(哪一?类|几类|第几类|哪个类别|什么类别|哪种类别)"
ASKED_RE = re.compile(
    rf"(属于|算|算是|归|归为|归于|划为|划入|列为|列入|是|在)([^，,。？?]{{0,8}}(名录|目录)里?)?{ONE_OF}(?!的)"
    # ... which of the classes a catalogue numbers (Ⅰ类、Ⅱ类还是Ⅲ类), or its code for the thing
    r"|[ⅠⅡⅢⅣⅤ]类[^，,。？?]{0,8}还是[^，,。？?]{0,3}[ⅠⅡⅢⅣⅤ]类|(废物|危废|危险废物)代码(是多少|是什么|是啥|多少)"
    rf"|(算不算|属不属于|是不是|算|属于|归|归为|划为|列为|列入|(?<!不)按)(是)?{CLASS}(?![^，,。？?]{{0,6}}的)"
    rf"|(?<=[^是不])是{CLASS}(?=[吗么伐不呢])"
    rf"|{CLASS}还是{CLASS}"
    # ... or whether it is in a catalogue (在不在…名录里, 有没有列入…目录); not a list of firms or
    # of measures (正面清单, 负面清单), which the reply does not speak of
    r"|(在不在|在没在|是不是在|是否在|有没有在|列没列入|有没有列入|是否列入|进没进)[^，,。？?]{0,14}(名录|目录)"
)
# How a class is decided, or where it is listed: the law answers these.
HOW_RE = re.compile(
    r"(怎么|如何|怎样|咋)(判断|认定|确定|区分|界定|分|查)|(哪里|哪儿|去哪|在哪)(能|可以)?查|什么是|啥是|啥样|什么样|哪些|啥情况|什么情况|定义|标准是"
    r"|鉴别|谁来定|谁定|谁认定|谁说了算|看什么|依据|根据什么|分几类|几个类|(有|有没有|看|查|哪个|什么|哪本)名录|名录(在哪|哪里|是什么|有哪些)"
)
# Words that name no thing in particular (the asker, the place, the catalogue, the asking).
GENERIC_RE = re.compile(
    r"我们|我司|公司|厂里|工厂|企业|单位|项目|生产|加工|行业|上海|本市|现在|到底|这个|那个|这种|那种|这些|那些"
    r"|用完的|产生的|用过的|用的|请问|想问|问下|问一下|一下|设备|环评|名录|分类|管理|类别|排污许可"
    r"|垃圾|废物|废弃物|废弃|固废|危废|装置|射线|放射源|污染|医院|诊所"
    r"|[的在按要做是里中把被了啊呢吗呀哪几类算属于归列为入，,。？?！!、；;：:\s]"
)


# How many of the best clauses are read for the thing: the article that lists it (废纸张 among
# 可回收物) may rank below the ones on sorting and collecting.
READ = 3
# How informative a bigram must be to name a thing (:meth:`LexicalIndex.informativeness`, looked up
# folded as the index holds it): above 检测 (0.40), 工业 (0.31) and 处理 (0.18), below 实验 (0.51)
# and 污泥 (0.53) in the default knowledge, where it was set; a share of the largest idf, so it
# moves little as documents are added, but a knowledge base of other subjects should set it anew.
NAMING = 0.45


def asked_class(question: str) -> str | None:
    """The words by which ``question`` asks which class a thing is in, if it does.

    >>> asked_class("注塑件生产在环评名录里是做报告表还是登记表"), asked_class("沾了机油的手套算不算危废")
    ('报告表还是登记表', '算不算危废')
    >>> asked_class("三氯乙烯在不在有毒有害大气污染物名录里")
    '在不在有毒有害大气污染物名录'
    >>> asked_class("不按危废许可证规定经营会被吊证吗"), asked_class("被列为重点排污单位的企业要公开什么")
    (None, None)
    """
    if HOW_RE.search(question):
        return None
    found = ASKED_RE.search(question)
    if found is None or (found.group(0).endswith(("类", "类别")) and not LISTED_RE.search(question)):
        return None
    return found.group(0)


def named_things(message: str, asked: str) -> list[str]:
    """The words of ``message`` before the class ``asked`` that name something in particular.

    >>> named_things("我们用的工业CT检测设备属于几类射线装置", "属于几类")
    ['工业CT检测']
    >>> named_things("我们厂属于哪类排污许可管理", "属于哪类")
    []
    """
    before = message[: message.rfind(asked)] if asked in message else message
    return [part for part in GENERIC_RE.split(before) if len(part) >= 2]


def unclassed(
    message: str, found: Sequence[str], held: Iterable[str] = (), informative: Callable[[str], float] | None = None
) -> str | None:
    """:data:`UNCLASSED` when ``message`` asks which class a thing is in and the clauses do not name
    it; ``None`` otherwise.

    The thing asked about is the last one named before the class (「旧蓄电池拆下来的隔板」: the
    separator): it is named when the clauses found (best first; the best :data:`READ`) or any
    clause ``held`` that names the class asked (the article listing 废纸张 among 可回收物, wherever
    search ranked it) hold a bigram of it. Words before it (实验室的废液, 研发的废试剂) are
    named by the clauses found alone: among all the articles on hazardous waste some mention 电池
    or 车间 in passing. A bigram counts only when ``informative`` (its informativeness in the
    knowledge base, 0–1) rates it at least :data:`NAMING`: 检测 or 处理 in a clause names no CT
    scanner and no sludge.

    >>> unclassed("旧蓄电池拆下来的隔板算不算危险废物", ["危险废物应当分类收集"], ["废铅蓄电池属于危险废物"])
    'unclassed'
    >>> unclassed("实验室的废液算不算危废", ["实验室产生的废液应当按照危险废物管理"]) is None
    True
    """
    focus = question_focus(message)
    asked = asked_class(focus)
    if asked is None or not found:
        return None
    things = named_things(message, asked)
    if not things:
        return None
    classes = [m.group(1) for m in re.finditer(CLASS, asked)] or LISTED_RE.findall(focus)
    best = "".join(found[:READ])
    said = best + "".join(text for text in held if any(c in text for c in classes))

    def named(thing: str, text: str) -> bool:
        grams = (thing[i : i + 2] for i in range(len(thing) - 1))
        return any(g in text for g in grams if informative is None or informative(normalise(g)) >= NAMING)

    if named(things[-1], said) or any(named(thing, best) for thing in things[:-1]):
        return None
    return UNCLASSED


# A list named and the things on it asked (名录里有哪些, 清单列了哪几项, 白名单企业有哪些, 名单上有哪几家); not
# what follows from being on it (有哪些限制, 有什么好处), what it is about (有哪些内容: the article setting it up says),
# nor which kinds of unit it takes in, how it is drawn, who publishes it or where to look (要, 应, 怎么, 谁, 哪里).
# A list, by the words the law calls one.
LIST = r"(名录|名单|清单|目录)"
LIST_ASKED_RE = re.compile(
    LIST + r"(里|中|上|内)?[^。？?！!]{0,16}(有哪些|有哪几|哪几项|哪几家|哪几种|哪几个|包括哪些|包含哪些"
    r"|列了哪些|(新增|增加|新列入|新纳入)了?哪些|都有什么|都有啥|有什么|有啥|(一共|总共)有?(多少|几)(条|项))"
    # ... the things themselves, ending the question (有哪几家？, 列了哪些产品和包装物), not something about them
    # (有哪些公开义务, 有什么处理, 有啥不同) nor what the list is about (有哪些内容: the article setting it up says)
    r"(?![^，,。？?！!]{0,8}(内容|限制|后果|影响|惩戒|好处|要求|义务|责任|措施|规定|程序|流程|作用|区别|条件|标准|管理|监管"
    r"|优惠|政策|待遇|用|处理|处罚|手段|管控|不同|变化|公开|监测|标注|开发|任务|规矩))[^，,。？?！!]{0,8}(?=[？?，,。！!吗呢啊呀]|$)"
)
# Things on a list taken as given (列入名录的企业, 名录里的单位): what follows for them is asked, not who is on it.
ON_LIST_RE = re.compile(rf"(列入|纳入|进了|进入|上了|列进)[^，,。？?]{{0,16}}{LIST}|{LIST}(里|中|内|上)?的")
LIST_RULE_RE = re.compile(r"要|需|须|应|会被|可以|能|条件|标准|怎么|如何|谁|哪个部门|制定|公布|发布|在哪|哪里|查")
# ... save what the things asked for let one do (哪些情形可以免罚, 哪几项能享受): that describes them, it asks no rule
ITEM_DOES_RE = re.compile(r"(哪些|哪几)[^，,。？?]{0,6}(可以|能)(免|不予|不被|享受)")
# Things listed: items numbered, 下列 or 以下 ahead of them, a series after a colon or one ending in 等
# (产业、项目、区域等). :mod:`knowledge.search.figures` reads a pilot's trades by it too.
LISTED = r"（一）|下列|以下|：[^。]{0,40}、|、[^。；]{0,40}等"
# A clause that lists things, or says what a list includes (包括, 列明); read in the sentences that name a list and
# the ones after them, as a series elsewhere in the article is of other things (「审慎采取查封、扣押和限制生产等措施」
# beside the 免罚清单).
ENUMERATED_RE = re.compile(LISTED + r"|包括|包含|列明")
LIST_RE = re.compile(LIST)


def unlisted(message: str, found: Sequence[str]) -> str | None:
    """:data:`UNLISTED` when the question inside ``message`` asks which things a named list holds and the best
    clause found lists none where it names a list (or in the sentence after); ``None`` otherwise.

    >>> unlisted("国家强制回收名录里目前列了哪些产品", ["生产列入强制回收名录的产品的企业，必须负责回收。"])
    'unlisted'
    >>> unlisted("严重失信名单有哪些限制", ["对严重失信主体，可以采取下列惩戒措施。"]) is None
    True
    >>> unlisted("免罚清单里具体有哪些情形可以免罚", ["推行轻微违法违规行为免罚清单。"])
    'unlisted'
    >>> unlisted("免征清单里有哪些情形可以免征", ["下列情形，暂予免征环境保护税：（一）农业生产"]) is None
    True
    """
    focus = question_focus(message)
    sentence = _sentence_of(message, focus)
    asking = ITEM_DOES_RE.sub("", focus)
    if not found or LIST_RULE_RE.search(asking) or ON_LIST_RE.search(sentence) or not LIST_ASKED_RE.search(sentence):
        return None
    parts = re.split(r"[。；]", found[0])
    if asking != focus:  # things asked by what they let one do (哪些情形可以免征): listed anywhere, they are stated
        naming = [found[0]]
    else:
        naming = [" ".join(parts[i : i + 2]) for i, part in enumerate(parts) if LIST_RE.search(part)]
    return None if any(ENUMERATED_RE.search(part) for part in naming) else UNLISTED


def _sentence_of(message: str, focus: str) -> str:
    """The sentence that ends with the question ``focus``: the list is often named before a comma
    (「现在执行的免罚清单，具体包括哪几项」).

    >>> _sentence_of("我们被罚了。免罚清单，具体有哪几项？会影响信用吗", "具体有哪几项")
    '免罚清单，具体有哪几项'
    """
    at = message.find(focus)
    if at < 0:
        return focus
    start = max(message.rfind(mark, 0, at) for mark in "。？?！!") + 1
    return message[start : at + len(focus)]
