"""Requests the assistant cannot serve by their nature, whatever environmental topic they name.

Some messages are on topic but ask for something no article answers: a speech for World
Environment Day, a PPT outline of the year's energy savings, the market price of activated
carbon, a recommendation of an EIA consultancy, whether last month's application has been
approved, the incinerator's monitoring data, the volume of a buffer tank. Their words match
articles about the same subjects (节能、环评、活性炭、排污许可), so neither the remit's
departments (:mod:`knowledge.search.remit`) nor the similarity to other departments' questions
(:mod:`knowledge.search.scope`) turns them away, and search answered them with an article.

``knowledge/data/request_kinds.yml`` lists, per kind of request, cue phrases that mark it
(written without the evaluation sets, with in-scope questions each cue must not match, which
``tests/knowledge/search/test_request_kind.py`` checks), and a few frames (:class:`Frame`):
patterns for the shapes no list of phrases covers, such as a thing bought and then its price
asked. A message with a cue or a frame is beyond the remit: the assistant says it cannot help
with that here instead of quoting an article.

>>> kinds = RequestKinds.load()
>>> kinds.unserved("世界环境日要搞活动，帮我写篇环保演讲稿")
'drafting'
>>> kinds.unserved("办排污许可证要多少钱") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.documents.questions import read_yaml
from knowledge.search.clause_kind import asks_the_law
from knowledge.search.focus import question_focus
from knowledge.search.tokenizer import normalise

DEFAULT_REQUEST_KINDS = Path(__file__).parents[1] / "data" / "request_kinds.yml"
LISTS = ("cues", "examples", "not_meant")


class RequestKindError(ValueError):
    """``request_kinds.yml`` cannot be read; the message says what is wrong."""


# A question inside a message that names one of the law's instruments or duties asks the law,
# whatever the message describes before it: 「平台一直登录不上，执行报告能延期提交吗」,
# 「处理原理变了，要重新环评吗」. Only that question is then read for cues; otherwise the whole
# message is (「……页面一直转圈，是不是系统出故障了？」, 「……检测结果出来没有，超没超标？」).
LAW_WORDS = re.compile(
    r"期限|逾期|超期|延期|截止|滞纳|补报|报告|许可|有效|罚|申报|环评|备案|登记|验收|变更|资质|责任|义务"
)

# Material quoted (「帮我把这句翻成英文：“本项目……分析可行。”」, 「客户问：“……能延期提交吗？”这个怎么
# 回复」): what it says is not what the message asks, so neither its question nor its words are
# read for a request no article serves.
MATERIAL_RE = re.compile(r"[“\"「『][^”\"」』]{12,}[”\"」』]")
# Material may follow a colon instead, after asking for work on it (「这段结论帮我润色一下：本项目……可以
# 接受。」): the words after the colon are then the material.
WORKED_ON_RE = re.compile(
    r"(润色|翻译|翻成|译成|改写|校对|概括|缩写|扩写|改得|专业点|正式点|通顺)[^：:？?]{0,12}([：:]|——)(?P<material>.{12,})$",
    re.DOTALL,
)

# A cue that ends in 没 asks whether something has happened (「批了没」) only at the end of a
# clause: 「环评批了没有就开工」 asks about the law.
OPEN_END = r"(?=有?[呢啊呀吗]?(?:[\s,，.。!！?？;；~～]|$))"


def _pattern(cue: str) -> re.Pattern[str]:
    """
    >>> bool(_pattern("批了没").search("环评批了没有？")), bool(_pattern("批了没").search("环评批了没有就开工"))
    (True, False)
    """
    return re.compile(re.escape(cue) + (OPEN_END if cue.endswith("没") else ""))


def _flag(source: str, kind: str, name: str, value: Any) -> bool:
    """A frame's yes/no option, refused unless it is one (a quoted "true" is a typo to report)."""
    if not isinstance(value, bool):
        raise RequestKindError(f"{source}: a frame of {kind} has {name} {value!r}, not true or false")
    return value


# A kind's named term in a frame's pattern (``{places}``), written once under the kind's ``terms:``.
TERM_RE = re.compile(r"\{([a-z_]+)\}")


def _compiled(source: str, kind: str, pattern: str, terms: Mapping[str, str] | None = None) -> re.Pattern[str]:
    """A frame's pattern with the kind's ``terms`` put in; refused when it names a term the kind
    does not have, or holds an upper-case Latin letter, which the folded text it runs on never
    does (「4S店」 would never match).

    >>> _compiled("f", "k", "(?:{places})的规定", {"places": "深圳|杭州"}).pattern
    '(?:深圳|杭州)的规定'
    """
    terms = terms or {}
    if unknown := sorted({t for t in TERM_RE.findall(pattern) if t not in terms}):
        raise RequestKindError(f"{source}: a frame of {kind} names {', '.join(unknown)}, not among its terms")
    pattern = TERM_RE.sub(lambda m: terms[m.group(1)], pattern)
    if re.search(r"(?<!\\)[A-Z]", pattern):
        raise RequestKindError(f"{source}: a frame of {kind} has upper-case letters; the text it reads is lower-case")
    return re.compile(pattern)


@dataclass(frozen=True)
class Frame:
    """A shape of request that no list of fixed cues covers: a pattern (``match``) over the
    folded text, e.g. a thing bought or a service hired, then its price asked within a few
    characters (「净化器买个多少钱合适」, 「托给第三方运维一年得多少钱」), unless the text also
    names what makes it the law's (``unless``: a tax, a fee standard, a permit).

    A frame ``whatever_asked`` holds even when the question asks what follows from something:
    how much another company was fined, or whether it was punished, is a fact of that company's
    case, not the law's (「隔壁那家厂是不是被罚过？罚了多少？」). It is read in the question inside
    the message only: 「那家是不是被罚了，罚款交到哪里？」 asks the law. A frame
    ``unless_in_message`` reads its ``unless`` in the whole message: what makes it the law's may
    come before the question (「新买的叉车排放不达标，卖家要给我们退货吗」). A frame with a
    ``context`` holds only when the whole message also says that (one's own application filed
    before 「什么时候能发下来」 asks after one's case, not the law's time limit).

    >>> frame = Frame("market", re.compile("买[^，。？]{0,6}多少钱"), re.compile("税"))
    >>> frame.said("净化器买个多少钱合适"), frame.said("买设备抵税多少钱")
    ('买个多少钱', '')
    """

    kind: str
    match: re.Pattern[str]
    unless: re.Pattern[str] | None = None
    whatever_asked: bool = False
    unless_in_message: bool = False
    context: re.Pattern[str] | None = None

    def said(self, folded: str, message: str = "") -> str:
        """The words of ``folded`` that make it this kind of request ('' when none do);
        ``message`` (folded) is where a frame ``unless_in_message`` reads its ``unless``."""
        found = self.match.search(folded)
        if found and self.context and not self.context.search(message or folded):
            return ""
        where = message if self.unless_in_message and message else folded
        return found.group(0) if found and not (self.unless and self.unless.search(where)) else ""

    @classmethod
    def read(cls, source: str, kind: str, entries: Any, terms: Any = None) -> list[Frame]:
        """The frames of one kind's ``frames:`` list (each ``match:``, an optional ``unless:``,
        ``context:``, ``whatever_asked: true`` and ``unless_in_message: true``); ``{name}`` in a
        pattern is the kind's term ``name`` (its ``terms:``, a word list several frames share)."""
        if entries is None:
            return []
        if terms is not None and not (
            isinstance(terms, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in terms.items())
        ):
            raise RequestKindError(f"{source}: {kind}'s terms must map names to patterns")
        frames = []
        for entry in entries if isinstance(entries, list) else [None]:
            if not isinstance(entry, dict) or not isinstance(entry.get("match"), str) or len(entry["match"]) < 2:
                raise RequestKindError(f"{source}: each of {kind}'s frames needs a `match:` pattern")
            try:
                unless, context = entry.get("unless"), entry.get("context")
                frames.append(
                    cls(
                        kind,
                        _compiled(source, kind, entry["match"], terms),
                        _compiled(source, kind, unless, terms) if unless else None,
                        whatever_asked=_flag(source, kind, "whatever_asked", entry.get("whatever_asked", False)),
                        unless_in_message=_flag(
                            source, kind, "unless_in_message", entry.get("unless_in_message", False)
                        ),
                        context=_compiled(source, kind, context, terms) if context else None,
                    )
                )
            except (re.error, TypeError) as exc:
                raise RequestKindError(f"{source}: a frame of {kind} is no pattern ({exc})") from exc
        return frames


@dataclass(frozen=True)
class RequestKinds:
    """Cue (folded) → the kind of request it marks; and per kind, the data file's examples of
    it and the in-scope questions no cue may match (for the tests that hold the file honest)."""

    cues: Mapping[str, str] = field(default_factory=dict)
    examples: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    not_meant: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    frames: tuple[Frame, ...] = ()
    _patterns: tuple[tuple[re.Pattern[str], str, str], ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_patterns", tuple((_pattern(c), c, k) for c, k in self.cues.items()))

    @classmethod
    def load(cls, path: Path = DEFAULT_REQUEST_KINDS) -> RequestKinds:
        """The kinds in ``path`` (none when it is absent: every request can be served)."""
        if not path.exists():
            return cls()
        data = read_yaml(path, RequestKindError)
        if not isinstance(data, dict):
            raise RequestKindError(f"{path.name}: needs one entry per kind, each with `cues:`")
        cues: dict[str, str] = {}
        examples: dict[str, tuple[str, ...]] = {}
        not_meant: dict[str, tuple[str, ...]] = {}
        frames: list[Frame] = []
        for kind, entry in data.items():
            given = entry if isinstance(entry, dict) else {}
            own_frames = Frame.read(path.name, str(kind), given.get("frames"), given.get("terms"))
            frames.extend(own_frames)
            lists = {key: entry.get(key) or [] for key in LISTS} if isinstance(entry, dict) else {}
            if not lists or not all(isinstance(v, list) and all(isinstance(t, str) for t in v) for v in lists.values()):
                raise RequestKindError(f"{path.name}: {kind} needs {', '.join(LISTS)}, each a list of text")
            own = {normalise(c).strip() for c in lists["cues"] if len(c.strip()) >= 2}
            if not own and not own_frames:
                raise RequestKindError(f"{path.name}: {kind} has neither a frame nor a cue of two characters or more")
            if twice := sorted(c for c in own if cues.get(c, kind) != kind):
                raise RequestKindError(f"{path.name}: {', '.join(twice)} listed under {kind} and {cues[twice[0]]}")
            cues.update(dict.fromkeys(own, str(kind)))
            examples[str(kind)] = tuple(lists["examples"])
            not_meant[str(kind)] = tuple(lists["not_meant"])
        return cls(cues, examples, not_meant, tuple(frames))

    def unserved(self, query: str) -> str | None:
        """The kind of request ``query`` is, if it is one the assistant cannot serve; of several
        cues, the longest's. Never when the question inside the message asks whether something is
        allowed or what follows, and only that question when it names the law's instruments or
        duties (:data:`LAW_WORDS`): the message before it then describes the asker's situation.
        A frame ``whatever_asked`` (another company's case) is read first, in that question.

        >>> kinds = RequestKinds.load()
        >>> kinds.unserved("页面一直转圈，点提交没反应"), kinds.unserved("系统一直登录不上，执行报告能延期提交吗")
        ('tech_support', None)
        >>> kinds.unserved("帮我把这句翻成英文：“本项目落实各项措施后，从环境保护角度分析可行。”")
        'drafting'
        >>> kinds.unserved("客户问：“系统一直登录不上，执行报告能延期提交吗？”这个怎么回复")  # a question passed on
        """
        own = MATERIAL_RE.sub("", query)  # the message's own words, without material quoted
        own = own[: worked.start("material")] if (worked := WORKED_ON_RE.search(own)) else own
        focus = question_focus(own)
        asked, message = normalise(focus), normalise(own)
        if others := [(said, f.kind) for f in self.frames if f.whatever_asked and (said := f.said(asked, message))]:
            return _longest(others)
        if asks_the_law(focus):
            return None
        folded = asked if LAW_WORDS.search(focus) else message
        found = [(cue, kind) for pattern, cue, kind in self._patterns if pattern.search(folded)]
        found += [(said, frame.kind) for frame in self.frames if (said := frame.said(folded, message))]
        return _longest(found)


def _longest(found: list[tuple[str, str]]) -> str | None:
    """The kind of the longest of the (words, kind) pairs found, if any."""
    return max(found, key=lambda f: len(f[0]))[1] if found else None
