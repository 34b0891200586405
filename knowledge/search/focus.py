"""The question inside a message that comes with context.

Enterprise users write 「我们是做实木家具的，有个喷漆车间。喷漆房必须全封闭吗？」: the
context helps ranking (喷漆), but the words that must be answered are in the question. The
answer policy's coverage (the share of the query's words a clause contains) counted every
word of context against the clause, so context-heavy questions were refused as "not sure"
even when the right clause came first. :func:`question_focus` keeps the segments that ask
something (吗、什么、怎么、多少、能不能、是否、会不会、？ …); the searcher measures coverage
on the whole message and on its focus and keeps the better.

>>> question_focus("我们是做实木家具的，有个喷漆车间。喷漆房必须全封闭吗？用的油漆有要求吗")
'喷漆房必须全封闭吗？用的油漆有要求吗'
>>> question_focus("噪声超标怎么罚")
'噪声超标怎么罚'
>>> question_focus("我们厂在闵行，做电镀的")  # nothing asked: the whole message
'我们厂在闵行，做电镀的'
"""

from __future__ import annotations

import re

SEGMENT = re.compile(r"[^，,。；;！!？?\n]+[，,。；;！!？?\n]*")
ASKS = re.compile(
    r"[吗么呢？?]|什么|(?<!没)啥|怎么|咋|怎样|如何|多少|多久|多长|(?<![很许好])多[大高厚深宽远粗](?![型量数家种样])|几[天年个次]|哪|能不能|能否|可不可以|可否|是否|要不要|"
    r"需不需要|会不会|有没有|是不是|行不行|算不算|合不合|"
    # Shanghainese 伐 closing a clause is 吗 (「还能罚伐」, 「要办伐呀」; not 采伐、滥伐、步伐 or the
    # misspelt 处伐)
    r"(?<![采砍征讨步杀北攻挞盗滥间笔处])伐(?=[啊呀啦呢哦]?(?:[，,。；;！!？?\n\s」）)~～]|$))|"
    # 「批复下来没」, 「办好了没有」: a clause that ends in 没 asks whether something has happened
    r"(?<![还并])没有?[呢啊呀]?[，,。；;！!？?\n\s]*$"
)


def asks_something(text: str) -> bool:
    """Whether ``text`` asks a question at all (「叉车要办什么」) rather than states something
    (「我们工地新到了几台装载机」).

    >>> asks_something("工地的泥浆能不能排到河里"), asks_something("排污证快过期了")
    (True, False)
    >>> asks_something("叉车要带啥"), asks_something("超标了咋整"), asks_something("没啥大问题")
    (True, True, False)
    >>> asks_something("两年前的事体，现在还能罚伐"), asks_something("这个证要办伐呀")
    (True, True)
    >>> asks_something("林木采伐"), asks_something("严禁乱砍滥伐。")
    (False, False)
    """
    return bool(ASKS.search(text))


def question_focus(text: str) -> str:
    """The segments of ``text`` that ask something, in order; the whole text when none does."""
    segments = [s for s in SEGMENT.findall(text.strip()) if s.strip()]
    asking = [s for s in segments if ASKS.search(s)]
    if not asking or len(asking) == len(segments):
        return text.strip()
    return "".join(asking).strip()


# A question of at most this many characters only points back at its context (「怎么办？」,
# 「是真的吗？大概多少」); a longer one asks something of its own.
POINTING_BACK = 8


def points_back(question: str) -> bool:
    """Whether ``question`` (a message's focus) is too short to ask anything without its context.

    >>> points_back("怎么办？"), points_back("执行报告能延期提交吗")
    (True, False)
    """
    return len(re.sub(r"[\W_]", "", question)) <= POINTING_BACK
