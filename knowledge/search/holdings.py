"""Laws and standards a message names that the knowledge base does not hold.

A question about what 《野生动物保护法》 says, or about a limit in GB 8978, asks of a document
the assistant does not have. Search quoted whatever held article shared its words (the Yangtze
law on wildlife, the water law on standards), which answers nothing and cites the wrong law.
:class:`Holdings` finds the documents a message names and says which one is not held, so the
assistant can say so instead. What is held is read from the live index's titles and 文号: a
document staff import is held from its next build.

Names are found in three shapes:

- in book-title marks, ending like a law, regulation, rule or standard: 《安全生产法》;
- bare, ending in 法 or 条例, where what follows cites it (里、中、规定、第…条、要求 …):
  「职业病防治法里」, 「危险化学品安全管理条例规定」, when it ends as Chinese laws' names do
  (保护法、防治法、安全法 …): not a method (活性污泥法) or a word that ends in 法 (违法、办法);
- a standard's code: GB 8978, GB/T 14848, HJ 2.2, DB31/933. The law says what follows from
  exceeding a standard, so a code counts only when the question does not ask whether something
  is allowed or what follows (「超过GB 8978会怎么罚」 is the law's).

A name is held when most of it (65 % of its characters, in order) is in one held title, after
中华人民共和国 and 上海市 are set aside, or when it ends in four or more characters of one as
they stand: 环保法 is 环境保护法's, 上海垃圾分类条例 the Shanghai regulation's, 违反水污染防治法
the water law; 安全生产法 shares only 生产法 with 清洁生产促进法. Declining a held law's question
costs more than answering an unheld one's, so a name that ends like a held title counts as held
(海洋环境保护法).

>>> held = Holdings.of(["中华人民共和国环境保护法", "中华人民共和国清洁生产促进法", "上海市环境保护条例"])
>>> held.unheld("环保法里对企业有什么要求"), held.unheld("按照《上海市环保条例》，台账保存几年")
(None, None)
>>> held.unheld("安全生产法规定负责人每年培训多少学时"), held.unheld("《森林法》对厂区里砍树有什么规定")
('安全生产法', '森林法')
>>> held.unheld("企业违反环境保护法规定的，会怎么处罚")

>>> held.unheld("GB 8978里COD的一级标准是多少"), held.unheld("超过GB 8978排放会怎么罚")
('GB8978', None)
>>> held.unheld("活性污泥法里污泥龄怎么控制"), held.unheld("违法排污会怎样")
(None, None)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.search.clause_kind import asks_consequence
from knowledge.search.focus import question_focus

# Set aside on both sides: who enacted it says nothing about which law it is.
ENACTOR_RE = re.compile(r"中华人民共和国|上海市|上海|本市|全国|国家")
# Names of no particular document: 「地方条例对…规定了罚款」, 「这部法里」.
GENERIC_RE = re.compile(
    r"(地方|这部|那部|该|本|此|这个|那个|相关|有关|上位|下位|单行|新|老|旧|现行)?(法律|法规|条例|法)"
)
BRACKETED_RE = re.compile(r"《([^《》]{2,40})》")
# What a document's name ends in, when it is one (名录 and 目录 left out: the EIA category list is a
# service item's subject, and a question about it is the bureau's).
DOCUMENT_END_RE = re.compile(r"(法|法典|条例|办法|规定|细则|决定|标准|规范|导则|指南|总则|通则)$")
# A bare name: up to 16 characters ending in 法, 法典, 条例 or a rule's 办法, then words that cite it.
BARE_RE = re.compile(
    r"([\u4e00-\u9fff]{1,15}?(?:法典|条例|(?:管理|实施|暂行|试行)办法|法))"
    r"(?=里|中|上|规定|第[一二三四五六七八九十百千零〇\d]+条|要求|明确|关于|对|怎么|有关|有没有|是否|说的|讲的|提到|写的)"
)
# Where a bare name starts: after the last of these (a name seldom holds them; one that does,
# 放射性同位素与射线装置安全和防护条例, keeps a part that is still in order in its title).
LEAD_RE = re.compile(
    r".*(?:按照|根据|依据|依照|对照|关于|请问|问下|问一下|听说|以及|或者|还是|那个|这个|新版|新的|现行|最新|"
    r"违反|违背|执行|落实|贯彻|符合|遵守|遵照|适用|参照|触犯|满足|企业|公司|单位|我们|你们|"
    r"[说是的在了和与及跟看查按据照问把被从向给让请])"
)
# How a bare name of a law ends (a method, 活性污泥法, or a word, 违法、办法, ends in 法 too;
# 「运核材料法里没写的」 means the law on it): the endings of Chinese laws' names.
LAW_END_RE = re.compile(
    r"(保护|防治|促进|管理|安全|监督|评价|许可|处罚|复议|诉讼|强制|征收|规划|登记|统计|节约|利用|卫生|"
    r"检疫|计量|认证|标准化|公开|税|资源|生产|劳动|合同|公司|消防|森林|草原|渔业|海关|食品|药品|教育|"
    r"刑|民|水|土地|矿产|海洋|海域|气象|测绘|建筑|交通安全|招标投标|会计|审计|价格|广告|垄断|竞争|质量|"
    r"应对|防震减灾|防洪|航道|港口|铁路|公路|民用航空|电力|煤炭|石油天然气|能源|野生动物|动物防疫)法$|法典$|条例$|办法$"
)
CODE_RE = re.compile(r"(?<![A-Za-z])(GBZ|GB|HJ|DB\s*31|DB|CJ|HG|JB)\s*(?:/\s*T)?\s*/?\s*(\d{2,5}(?:\.\d+)?|\d\.\d+)")
HELD_SHARE = 0.65
# The kind of document a name ends in: an ending that is nothing more (管理办法) names no held document,
# however many titles end so (「《正面清单管理办法》里…」 is not the 危险废物经营许可证管理办法).
KIND_END_RE = re.compile(r"(管理|实施|暂行|试行)?(办法|条例|规定|细则|法)$")
# The request kind such a question is (its reply: ``utter_unserved_unheld`` in bot/domain.yml).
UNHELD = "unheld"


def _core(name: str) -> str:
    return ENACTOR_RE.sub("", re.sub(r"\s", "", name))


def _in_order(name: str, title: str) -> int:
    """How many characters of ``name`` ``title`` has in order (longest common subsequence).

    >>> _in_order("环保法", "环境保护法"), _in_order("安全生产法", "清洁生产促进法")
    (3, 3)
    """
    previous = [0] * (len(title) + 1)
    for char in name:
        current = [0]
        for j, other in enumerate(title):
            current.append(previous[j] + 1 if char == other else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


@dataclass(frozen=True)
class Holdings:
    """The held documents' titles (their core) and standard codes."""

    titles: tuple[str, ...]
    codes: frozenset[str]

    @classmethod
    def of(cls, titles: Iterable[str], numbers: Iterable[str] = ()) -> Holdings:
        titles = tuple(titles)
        codes = {"".join(m.groups()).replace(" ", "") for t in (*titles, *numbers) for m in CODE_RE.finditer(t)}
        return cls(tuple(_core(t) for t in titles), frozenset(codes))

    def holds(self, name: str) -> bool:
        """Whether a held title has most of ``name`` in order, or the last four characters or more
        of ``name`` as they are (a bare name's start is a guess: 「这些算核安全法里说的」). A name
        that ends like a held one counts as held: 海洋环境保护法 is missed rather than 企业违反
        环境保护法 declined.

        >>> held = Holdings.of(["中华人民共和国核安全法", "中华人民共和国环境保护法", "危险废物经营许可证管理办法"])
        >>> held.holds("这些算核安全法"), held.holds("核安全"), held.holds("安全生产法"), held.holds("野生动物保护法")
        (True, True, False, False)
        >>> held.holds("危废经营许可证管理办法"), held.holds("生态环境监督执法正面清单管理办法")
        (True, False)
        >>> Holdings.of(["上海市排水与污水处理条例"]).holds("上海市排水与污水处理管理办法")
        True
        """
        core = _core(name)
        if any(_in_order(core, t) >= HELD_SHARE * len(core) for t in self.titles):
            return True
        # a held law's subject named with the wrong kind of document (《上海市排水与污水处理管理办法》 for the 条例)
        subject = KIND_END_RE.sub("", core)
        if len(subject) >= 4 and any(_in_order(subject, KIND_END_RE.sub("", t)) == len(subject) for t in self.titles):
            return True
        ends = (core[i:] for i in range(1, len(core) - 3) if len(KIND_END_RE.sub("", core[i:])) >= 2)
        return any(end in t for end in ends for t in self.titles)

    def unheld(self, text: str) -> str | None:
        """The first law, regulation or standard ``text`` names that is not held, if any."""
        text = ENACTOR_RE.sub("", text)
        for match in BRACKETED_RE.finditer(text):
            name = match.group(1).strip()
            if DOCUMENT_END_RE.search(name) and not CODE_RE.search(name) and self._unheld(name):
                return name
        for match in BARE_RE.finditer(text):
            name = LEAD_RE.sub("", match.group(1))
            if len(name) >= 2 and LAW_END_RE.search(name) and self._unheld(name):
                return name
        asked = question_focus(text)  # a code only in the context (「我们执行GB 16297，…」) asks nothing of it
        codes = ["".join(m.groups()).replace(" ", "") for m in CODE_RE.finditer(asked)]
        if (unheld := [c for c in codes if c not in self.codes]) and not asks_consequence(asked):
            return unheld[0]
        return None

    def _unheld(self, name: str) -> bool:
        core = _core(name)
        return len(core) >= 2 and not GENERIC_RE.fullmatch(core) and not self.holds(core)
