"""Rule, penalty and defining articles, and which a question asks for.

A statute usually says a thing twice: once as a rule (「禁止夜间进行产生噪声的建筑施工作业」)
and once in its 法律责任 chapter, where a penalty article enumerates the behaviours it
punishes. A penalty article that lists many behaviours matches many questions, so it
outranks the rule for "is it allowed / what must I do" questions. The searcher therefore
scales a penalty clause's fused score down unless the question asks about consequences
(罚、处罚、责任、后果、会怎样 …), and up when it does (``SearchConfig.penalty_preference`` and
``consequence_preference``). The searcher reads the question inside a message for this
(:func:`knowledge.search.focus.question_focus`): 「上个月夜间施工被罚过一次，这次夜间能不能
进行建筑施工？」 tells of a fine and asks about the rule; a question that only points back at its
context (「被查到了。怎么办？」) is read with it. A question about how the penalty regime itself
works (免罚、从轻、分期缴纳、时效、听证 …, :func:`asks_principle`) asks 行政处罚法's general
rules, not what a penalty article imposes, so penalty articles are scaled down for it too.

>>> is_penalty(("第八章 法律责任",), "第七十七条 违反本法规定……")
True
>>> is_penalty((), "未取得排污许可证排放污染物的，由生态环境主管部门责令改正，处20万元以上100万元以下的罚款。")
True
>>> is_penalty(("第三章 排污管理",), "排污单位应当按照排污许可证规定排放污染物。")
False
>>> asks_consequence("没有排污证就排污会被罚多少钱"), asks_consequence("晚上施工噪声有什么规定")
(True, False)
>>> asks_consequence("超标排放要承担什么责任"), asks_consequence("企业的主体责任有哪些")
(True, False)
>>> asks_the_law("这样可行吗？有什么风险"), asks_the_law("现在可以开工吗"), asks_the_law("大概多少")
(True, True, False)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from knowledge.documents.records import Clause
from knowledge.search.config import SearchConfig
from knowledge.search.medium import Media

PENALTY_HEADING_RE = re.compile(r"法律责任|罚\s*则")
# The shape of a sanction: a fine, detention, revocation or an order to stop, imposed by someone.
PENALTY_TEXT_RE = re.compile(
    r"(处|并处|可以处)[^。；]{0,40}(罚款|拘留)|没收违法所得|吊销[^。；]{0,10}(许可证|执照)|依法追究刑事责任"
)
# 责任 alone is not a consequence (「企业主体责任有哪些」 asks for duties): only liability is.
CONSEQUENCE_RE = re.compile(
    r"罚|处分|法律责任|(承担|负|担)\S{0,3}责任|什么责任|后果|会怎(样|么样|么办|么整)|(会|被|将)\S{0,3}怎么处理|查处|吊销|拘留|坐牢|违法了|"
    r"被(查|抓|逮)|追究|没收(?!到)|制裁|惩"
)


# How the penalty regime itself works (whether a fine may be waived, reduced, imposed twice or
# years later, paid in instalments, heard or reviewed) is 行政处罚法's general rules, not what a
# statute's penalty article imposes: 「被罚了5万，能不能分几次交」, 「三年前台账不全，现在还会罚吗」.
# Words that also say other things (两次, 年前, 时效, 减轻) count only beside a penalty word, so
# 「被查到两次超标会怎样」 and 「没采取减轻噪声的措施要承担什么责任」 stay consequence questions;
# 罚不罚, 罚还是不罚 and 各罚多少 (what the unit and its head are each fined) ask the consequence.
# Whether something may serve to fine (普查数据会不会被拿来罚, 外地查到的证据能不能拿来罚) is a
# rule on what a penalty may rest on, not a sanction.
PRINCIPLE_RE = re.compile(
    r"(?<![罚是或])不(能再?)?罚|免罚|不予(行政)?处罚|从轻|减轻(处罚|罚款|[点些]|一[点些])|罚轻|少罚点|"
    r"罚\S{0,2}两次|两次\S{0,3}罚|两[边头]\S{0,6}罚|各罚(?!\S{0,2}(多少(?!次|回|遍)|几[万千百十块元]))|重复(处)?罚|一事\S{0,2}罚|"
    r"年前\S{0,12}(罚|追究)|(罚|追究)\S{0,8}时效|时效\S{0,8}(罚|追究)|追溯期|追诉期|"
    r"分期|分几次|延期缴|缓交|交不起|听证(?!会)|复议|申辩|"
    r"(?<!不)(拿|用)[来去]\S{0,2}罚|用于处罚|(作为|当作|当成)\S{0,8}(处罚|罚款)\S{0,3}(依据|证据)"
)

# Whether an old offence may still be fined (行政处罚法's limitation period) is told across the
# message: the years or the offence going unnoticed in the context, the fine in the question
# (「三年前有一次排放超标，当时没被发现，现在还会被追究处罚吗？」), so it is read in the whole message.
# The fine is asked again (还, 再, 仍) and nobody noticed (没被, 没人): 「一年前买的机械没登记，现在用
# 会被罚吗」 and 「自行监测没发现超标，这次超标了还会罚吗」 ask what a statute's article imposes.
# So do years passed asked right before the fine (两年后还能罚吗, 超过两年还罚不罚; not 整改一年后还超标
# 会罚吗) and how long until none is (几年就不追究了, 多久不追究).
LIMITATION_RE = re.compile(
    r"(年前|年以前|年多前|年多以前|过了\S{0,3}年|过去\S{0,3}年|老事)\S{0,30}(还|再|仍)\S{0,6}(罚|追究|追责|翻出来)|"
    r"(年后|年以后|超过\S{0,3}年)(还|再|仍)(能|会|要)?\S{0,2}(罚|追究|处罚)|"
    r"(没|未)有?(被|人)\S{0,3}(查到|发现|查出)\S{0,20}(还|再|仍)\S{0,10}(罚|追究|追责)|"
    r"((几|多少)年|多久)(以后|之后|后|内)?[^，,。？?]{0,8}?就?(不|不再|不会)(被)?(追究|罚|处罚)"
)

# A first offence put right at once, or a fault reported or mended unasked, and then whether it is
# fined (「头一回被查到危废桶没贴标签，当场就补上了，这样也要罚钱吗？」, 「发现后第一时间主动报告了，
# 也马上处理好了，还会被罚款吗」) asks 行政处罚法's rules on not fining or fining less, not what the
# statute's article imposes; told across the message like the limitation. Only a correction
# made counts (补好, 改了, 整改完, 报告了): one ordered or not made (被责令改正，没有改正会怎么罚,
# 整改不到位, 不报告罚多少) asks the statute's fine, as a first report late does, and so does waste
# one dealt with oneself (危废自己处理好了会罚吗): by oneself only a report counts.
MITIGATION_RE = re.compile(
    r"(头一回|头一次|第一次|首次|初次|初犯|首违)\S{0,40}(?<![没未不])(?<!没有)"
    r"(补上|补好|补齐|补办了|贴好|改好|改了|改正了|及时改正|整改完|整改好|整改了|纠正了|修好|处理好)(?!之前|以前)\S{0,40}罚|"
    r"(?<![没未不要应须该得])(?<!没有)(主动\S{0,20}(报告了|上报了|报了|改正了|整改了|纠正了|消除了|修好|处理好|清理干净)|"
    r"自己\S{0,20}(报告了|上报了|报了))\S{0,40}罚"
)


def is_penalty(headings: Sequence[str], text: str) -> bool:
    """Whether a clause sanctions (a 法律责任 chapter, or a fine/detention/revocation in its text)."""
    return any(PENALTY_HEADING_RE.search(h) for h in headings) or bool(PENALTY_TEXT_RE.search(text))


def asks_principle(query: str) -> bool:
    """Whether a question about a penalty asks how the penalty regime works (:data:`PRINCIPLE_RE`).

    >>> asks_principle("被罚了5万，能不能分几次交"), asks_principle("办公室垃圾没分类 罚不罚 罚多少")
    (True, False)
    >>> asks_principle("一个月被查到两次超标会怎样"), asks_principle("同一件事会不会罚两次")
    (False, True)
    >>> asks_principle("普查填报的数据会不会被拿来罚我们"), asks_principle("偷排被发现会被怎么处理")
    (True, False)
    >>> asks_principle("监控照片能作为处罚依据吗"), asks_principle("超标排放罚款以什么作为计算依据")
    (True, False)
    >>> asks_principle("会不会被两个部门各罚一次"), asks_principle("没证排污，单位和负责人各罚多少")
    (True, False)
    """
    return bool(PRINCIPLE_RE.search(query))


def asks_consequence(query: str) -> bool:
    """Whether a question asks what happens to whoever breaks a rule; 咋 is read as 怎么.

    >>> asks_consequence("没办证就排，被发现了会咋整"), asks_consequence("重点管理跟简化管理咋区分")
    (True, False)
    >>> asks_consequence("偷排被发现会被怎么处理"), asks_consequence("废活性炭咋处理")
    (True, False)
    >>> asks_consequence("地块被发现有污染，要调查吗"), asks_consequence("验证码一直没收到")
    (False, False)
    """
    return bool(CONSEQUENCE_RE.search(query.replace("咋", "怎么")))


# Whether something is allowed: with the consequences, what a question asks of the law rather
# than of a service item (「窗口让我们补了三次材料，这样合理吗」, 「材料都交齐了，现在可以开工吗」).
PERMISSION_RE = re.compile(r"合理|合法|合规|违法|违规|可行|行不行|风险|允许|算不算|可以|能不能|能否|能先|让不让")


# 「能不能用大白话给我讲一下」, 「能不能推荐几家」 ask the assistant to say or write something; they are
# requests, not questions whether something is allowed. 「能不能给我们延期」, 「可以帮我线下提交吗」
# and 「能不能先开工再说」 are such questions: no speaking verb follows, or 我们 is the company.
ASKING = r"(能不能|能否|可不可以|可否|可以|麻烦)"
SPEAKING = r"(讲|说|解释|介绍|科普|写|列|整理|总结|翻译|推荐|画)"
DOING = rf"({SPEAKING[1:-1]}|设计|发|算|催|加急)"  # only for someone: 可以发往外省吗
TO_ME = r"(给我|帮我|跟我|为我|替我|帮忙|发我)(?![们司厂公单企])"
POLITE_RE = re.compile(
    rf"{ASKING}{SPEAKING}"  # 能不能推荐几家
    rf"|{ASKING}[^，,。；;！!？?]{{0,6}}?{TO_ME}[^，,。；;！!？?]{{0,2}}?{DOING}"  # 能不能用大白话给我讲一下
    rf"|{ASKING}(把[^，,。；;！!？?]{{0,20}}?(发给|发|给)|发给|发)我(?![们司厂公单企])"  # 能不能把去年的监测数据发我
)


def asks_the_law(query: str) -> bool:
    """Whether a question asks whether something is allowed, or what follows from doing it.

    >>> asks_the_law("活性污泥法的原理能不能用大白话给我讲一下"), asks_the_law("能不能推荐几家检测公司")
    (False, False)
    >>> asks_the_law("能不能给我们延期"), asks_the_law("可以帮我线下提交吗"), asks_the_law("能不能先开工再说")
    (True, True, True)
    >>> asks_the_law("危废可以发往外省处置吗"), asks_the_law("这可以算超标吗"), asks_the_law("能不能给我延期")
    (True, True, True)
    """
    return asks_consequence(query) or bool(PERMISSION_RE.search(POLITE_RE.sub("", query)))


# An article that says what a word means (本法所称…，是指), why the law was made (为…，制定本法)
# or what it covers (本条例适用于…) names its subject plainly, so it matches every question about
# that subject: 「晚上施工噪声有什么规定」 found 「本法所称建筑施工噪声，是指…」 before the rule. Such an
# article answers a question about what a word means or whom the law covers (:data:`MEANING_RE`);
# 项目的 is no 目的, 规定义务 no 定义, 计税依据是什么 asks the rule, not a meaning.
LABEL_RE = re.compile(r"^第[零一二三四五六七八九十百千]+条(之[一二三四五六七八九十]+)?\s*")
THIS_LAW = r"本(法|条例|办法|规定|决定|细则)"
DEFINITION_RE = re.compile(
    rf"^{THIS_LAW}中?(所称|下列用语|相关用语)|^[^。；]{{0,60}}所称[^。；]{{0,40}}，是指"
    rf"|^[为根][^。]{{0,150}}，制定{THIS_LAW}。|^{THIS_LAW}适用于|^[^。]{{0,80}}，适用{THIS_LAW}。"
)
MEANING_RE = re.compile(
    r"什么是|是什么(意思|东西|概念)|是指|指什么|指的是|指哪些|什么意思|啥意思|"
    r"含义|(?<!规)定义|概念|界定|什么叫|啥叫|何谓|算不算|算是|属不属于|属于[^，。？?]{0,10}[吗么]|包括哪些|"
    r"包不包括|包含|哪些算|多少[^，,。？?]{0,6}(才)?算|适用(本|于|范围)|适不适用|是否适用|管不管|立法目的|目的是|宗旨"
)


def is_definition(text: str) -> bool:
    """Whether a clause defines words, states the law's purpose or what it applies to.

    >>> is_definition("第三十九条 本法所称建筑施工噪声，是指在建筑施工过程中产生的干扰周围生活环境的声音。")
    True
    >>> is_definition("第一条 为保护和改善环境，防治大气污染，保障公众健康，制定本法。")
    True
    >>> is_definition("第四十三条 在噪声敏感建筑物集中区域，禁止夜间进行产生噪声的建筑施工作业。")
    False
    """
    return bool(DEFINITION_RE.search(LABEL_RE.sub("", text, count=1)))


def asks_meaning(query: str) -> bool:
    """Whether a question asks what a word means, what the law covers or what it is for.

    >>> asks_meaning("夜间施工是指几点以后"), asks_meaning("晚上施工噪声有什么规定")
    (True, False)
    >>> asks_meaning("餐饮店适不适用这个条例"), asks_meaning("危废能放多久")
    (True, False)
    >>> asks_meaning("入园项目的环评怎么办"), asks_meaning("环保税的计税依据是什么")
    (False, False)

    How much makes something one of the law's kinds asks its definition's threshold:

    >>> asks_meaning("年用能多少算重点用能单位"), asks_meaning("超标排放罚多少")
    (True, False)
    """
    return bool(MEANING_RE.search(query))


@dataclass(frozen=True)
class ClauseKinds:
    """Which clauses of an index sanction (:func:`is_penalty`), which define
    (:func:`is_definition`), which belong to a law on penalties itself, and which to a law of one
    environmental medium (:mod:`knowledge.search.medium`), and the factors they give a
    question's fused scores."""

    penalty: np.ndarray
    definition: np.ndarray
    regime: np.ndarray  # in a document on penalties itself (its title names 处罚)
    # the index in media.titles of the medium its law governs, or -1; built by hand without
    # them (as in tests of the other kinds), no clause is scaled for a medium
    medium: np.ndarray | None = None
    media: Media = field(default_factory=Media)

    @classmethod
    def of(cls, clauses: Sequence[Clause], titles: Mapping[str, str], *, media: Media | None = None) -> ClauseKinds:
        """``titles``: each document's title by its id; ``media``: the bundled lexicon by default."""
        media = Media.load() if media is None else media
        names = list(media.titles)
        governed = {doc_id: media.governed(title) for doc_id, title in titles.items()}
        return cls(
            np.array([is_penalty(c.headings, c.text) for c in clauses], dtype=bool),
            np.array([is_definition(c.text) for c in clauses], dtype=bool),
            np.array(["处罚" in titles.get(c.doc_id, "") for c in clauses], dtype=bool),
            np.array([names.index(m) if (m := governed.get(c.doc_id)) else -1 for c in clauses], dtype=np.int16),
            media,
        )

    def factors(self, query: str, config: SearchConfig, *, message: str = "") -> np.ndarray:
        """Per-clause factors for the fused scores: penalty clauses × (1 − penalty preference)
        for a question about a rule or about how penalties work (:func:`asks_principle`),
        × (1 + consequence preference) for a question about consequences; defining clauses
        × (1 − definition preference) unless the question asks what a word means; for a question
        on how penalties work in a ``message`` (the whole message; ``query`` alone if empty) about
        a penalty, clauses of a law on penalties also × (1 + regime preference): 「审批前能要求听证
        吗」 asks about permits. When the message names environmental media, the clauses of laws
        that govern another medium are also × (1 − medium preference).

        >>> kinds = ClauseKinds(np.array([True, False, False]), np.array([False, True, False]), np.zeros(3, bool))
        >>> config = SearchConfig(penalty_preference=0.15, consequence_preference=0.5, definition_preference=0.1)
        >>> kinds.factors("要不要办证", config).round(2).tolist()
        [0.85, 0.9, 1.0]
        >>> kinds.factors("不办证罚多少", config).round(2).tolist()
        [1.5, 0.9, 1.0]
        >>> kinds.factors("被罚了，还能从轻吗", config).round(2).tolist()
        [0.85, 0.9, 1.0]
        >>> kinds.factors("排污许可证是指什么", config).round(2).tolist()
        [0.85, 1.0, 1.0]
        >>> regime = ClauseKinds(np.zeros(2, bool), np.zeros(2, bool), np.array([True, False]))
        >>> regime.factors("想申请听证", SearchConfig(regime_preference=0.3), message="被罚了，想申请听证").tolist()
        [1.3, 1.0]
        >>> regime.factors("审批前能要求听证吗", SearchConfig(regime_preference=0.3)).tolist()
        [1.0, 1.0]
        >>> none, media = np.zeros(3, bool), Media.load()
        >>> air, water = list(media.titles).index("air"), list(media.titles).index("water")
        >>> by_medium = ClauseKinds(none, none, none, np.array([air, water, -1]), media)
        >>> by_medium.factors("废水在线监测设备必须装吗", SearchConfig(medium_preference=0.2)).round(2).tolist()
        [0.8, 1.0, 1.0]
        >>> by_medium.factors("在线监测设备必须装吗", SearchConfig(medium_preference=0.2)).tolist()
        [1.0, 1.0, 1.0]
        >>> told = "废水的在线监测设备，必须装吗"  # the medium is read in the whole message
        >>> by_medium.factors("必须装吗", SearchConfig(medium_preference=0.2), message=told).round(2).tolist()
        [0.8, 1.0, 1.0]
        """
        told = message or query
        principle = asks_principle(query) or bool(LIMITATION_RE.search(told) or MITIGATION_RE.search(told))
        consequence = asks_consequence(query) and not principle
        penalty = 1.0 + config.consequence_preference if consequence else 1.0 - config.penalty_preference
        definition = 1.0 if asks_meaning(query) else 1.0 - config.definition_preference
        factors = np.where(self.penalty, penalty, np.where(self.definition, definition, 1.0))
        if principle and asks_consequence(told):
            factors = np.where(self.regime, factors * (1.0 + config.regime_preference), factors)
        named = self.media.named(told)
        if named and config.medium_preference and self.medium is not None:
            asked = [i for i, medium in enumerate(self.media.titles) if medium in named]
            foreign = (self.medium >= 0) & ~np.isin(self.medium, asked)
            factors = np.where(foreign, factors * (1.0 - config.medium_preference), factors)
        return factors
