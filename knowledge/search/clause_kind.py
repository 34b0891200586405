"""Rule articles and penalty articles, and which of the two a question asks for.

A statute usually says a thing twice: once as a rule (「禁止夜间进行产生噪声的建筑施工作业」)
and once in its 法律责任 chapter, where a penalty article enumerates the behaviours it
punishes. A penalty article that lists many behaviours matches many questions, so it
outranks the rule for "is it allowed / what must I do" questions. The searcher therefore
scales a penalty clause's fused score down unless the question asks about consequences
(罚、处罚、责任、后果、会怎样 …), and up when it does (``SearchConfig.penalty_preference`` and
``consequence_preference``).

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
from collections.abc import Sequence

import numpy as np

PENALTY_HEADING_RE = re.compile(r"法律责任|罚\s*则")
# The shape of a sanction: a fine, detention, revocation or an order to stop, imposed by someone.
PENALTY_TEXT_RE = re.compile(
    r"(处|并处|可以处)[^。；]{0,40}(罚款|拘留)|没收违法所得|吊销[^。；]{0,10}(许可证|执照)|依法追究刑事责任"
)
# 责任 alone is not a consequence (「企业主体责任有哪些」 asks for duties): only liability is.
CONSEQUENCE_RE = re.compile(
    r"罚|处分|法律责任|(承担|负|担)\S{0,3}责任|什么责任|后果|会怎(样|么样|么办|么整)|怎么处理|查处|吊销|拘留|坐牢|违法了|"
    r"被(查|发现|抓|逮)|追究|没收|制裁|惩"
)


def is_penalty(headings: Sequence[str], text: str) -> bool:
    """Whether a clause sanctions (a 法律责任 chapter, or a fine/detention/revocation in its text)."""
    return any(PENALTY_HEADING_RE.search(h) for h in headings) or bool(PENALTY_TEXT_RE.search(text))


def asks_consequence(query: str) -> bool:
    """Whether a question asks what happens to whoever breaks a rule; 咋 is read as 怎么.

    >>> asks_consequence("没办证就排，被发现了会咋整"), asks_consequence("重点管理跟简化管理咋区分")
    (True, False)
    """
    return bool(CONSEQUENCE_RE.search(query.replace("咋", "怎么")))


# Whether something is allowed: with the consequences, what a question asks of the law rather
# than of a service item (「窗口让我们补了三次材料，这样合理吗」, 「材料都交齐了，现在可以开工吗」).
PERMISSION_RE = re.compile(r"合理|合法|合规|违法|违规|可行|行不行|风险|允许|算不算|可以|能不能|能否|能先|让不让")


# 「能不能给我讲一下」, 「可以帮我写一份吗」 ask the assistant for something; they are requests, not
# questions whether something is allowed (「能不能给我们延期」 is one: 我们 is the company).
POLITE_RE = re.compile(r"(能不能|能否|可不可以|可否|可以)[^，,。；;！!？?]{0,8}(给我|帮我|替我|跟我|为我)(?![们司厂])")


def asks_the_law(query: str) -> bool:
    """Whether a question asks whether something is allowed, or what follows from doing it.

    >>> asks_the_law("活性污泥法的原理能不能用大白话给我讲一下"), asks_the_law("能不能给我们延期")
    (False, True)
    """
    return asks_consequence(query) or bool(PERMISSION_RE.search(POLITE_RE.sub("", query)))


def preference(query: str, penalty_rows: np.ndarray, strength: float, boost: float | None = None) -> np.ndarray:
    """Per-clause factors for the fused scores: penalty clauses × (1 − strength) for a question
    about a rule, × (1 + boost) for a question about consequences (``boost`` defaults to
    ``strength``); other clauses × 1.

    >>> preference("要不要办证", np.array([True, False]), 0.3).round(2).tolist()
    [0.7, 1.0]
    >>> preference("不办证罚多少", np.array([True, False]), 0.3).round(2).tolist()
    [1.3, 1.0]
    >>> preference("不办证罚多少", np.array([True, False]), 0.15, 0.5).round(2).tolist()
    [1.5, 1.0]
    """
    factor = 1.0 + (strength if boost is None else boost) if asks_consequence(query) else 1.0 - strength
    return np.where(penalty_rows, factor, 1.0)
