"""Questions for another department: recognised, so the assistant says so instead of answering.

Enterprises ask the bureau's assistant about business licences, VAT invoices, social insurance
or fire inspections too. The knowledge base holds general administrative law (行政许可法,
优化营商环境条例, 一网通办), so 「营业执照地址变更需要哪些材料」 shares many words with articles
about applications in general, and the 优化营商环境条例 even mentions 营业执照: search would
answer it with one of them. ``knowledge/data/remit.yml`` lists, per department, topics that are
unmistakably its own (written without the evaluation sets), and the bureau's own subjects. A
question naming another department's topic and none of the bureau's subjects is that
department's: 「超标排放会被吊销营业执照吗」 names 排放, so it stays the bureau's. So is a message
whose question (:func:`~knowledge.search.focus.question_focus`) does, whatever its context says
about the asker: 「我们厂管废气设备的员工要离职，社保补缴怎么办」 asks 人社's question, though 废气
tells who is asking; unless the question asks whether something is allowed or what follows
(「我们厂超标排放了，会不会被吊销营业执照？」 stays the bureau's).

Some questions the bureau's documents answer are told in another department's words: a paper
business licence demanded although an electronic one is at hand is the 一网通办 decision's. The
file's ``bureau_shapes`` are patterns of such questions; a message matching one stays the bureau's.
Tried first: also keeping a question whose found clauses name the topic. On the dev parts that
let 7 of the 28 out-of-scope questions naming a topic through (the 优化营商环境条例 mentions
营业执照, 商标 and 规划许可) and kept no in-scope question that the bureau's subjects do not.

>>> remit = Remit.load()
>>> remit.elsewhere("营业执照注册地址变更要准备什么")
'市场监督管理部门'
>>> remit.elsewhere("办了营业执照还要办排污许可证吗") is None
True
>>> remit.elsewhere("危废仓库要做哪些标识") is None
True
>>> remit.elsewhere("我们是做电镀的，废水排放口边上的厂房想加建一层，施工许可证去哪办？")
'住房和城乡建设管理部门'
>>> remit.elsewhere("噪声被投诉了，夜间施工许可怎么申请") is None
True
>>> remit.elsewhere("后天会下雨吗？厂里想把屋顶刷一遍"), remit.elsewhere("入梅以后基坑积水能直接抽到河里吗")
('气象部门', None)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.documents.questions import read_yaml
from knowledge.search.clause_kind import asks_the_law
from knowledge.search.focus import question_focus
from knowledge.search.tokenizer import normalise

DEFAULT_REMIT = Path(__file__).parents[1] / "data" / "remit.yml"


class RemitError(ValueError):
    """``remit.yml`` cannot be read; the message says what is wrong."""


@dataclass(frozen=True)
class Remit:
    """Topic (folded) → the department it belongs to; the bureau's own subjects (folded); and the
    shapes of questions that stay the bureau's whatever topic they name (``bureau_shapes``)."""

    topics: Mapping[str, str] = field(default_factory=dict)
    bureau: frozenset[str] = frozenset()
    shapes: tuple[re.Pattern[str], ...] = ()  # questions the bureau's documents answer in others' words

    @classmethod
    def load(cls, path: Path = DEFAULT_REMIT) -> Remit:
        """The departments file (none: an empty remit, every question is the bureau's)."""
        if not path.exists():
            return cls()
        data = read_yaml(path, RemitError)
        if not isinstance(data, dict):
            raise RemitError(f"{path.name}: needs `bureau:` and `departments:`")
        bureau = data.get("bureau") or []
        if not isinstance(bureau, list) or not all(isinstance(t, str) for t in bureau):
            raise RemitError(f"{path.name}: `bureau:` must be a list of words")
        shapes = data.get("bureau_shapes") or []
        if not isinstance(shapes, list) or not all(isinstance(t, str) for t in shapes):
            raise RemitError(f"{path.name}: `bureau_shapes:` must be a list of patterns")
        try:
            compiled = tuple(re.compile(normalise(t)) for t in shapes)
        except re.error as exc:
            raise RemitError(f"{path.name}: a pattern of `bureau_shapes:` is not valid: {exc}") from exc
        topics: dict[str, str] = {}
        for entry in data.get("departments") or []:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise RemitError(f"{path.name}: each department needs a name and topics")
            names = entry.get("topics") or []
            if not isinstance(names, list) or not all(isinstance(t, str) for t in names):
                raise RemitError(f"{path.name}: {entry['name']}'s topics must be a list of words")
            topics.update({normalise(t).strip(): entry["name"] for t in names if len(t.strip()) >= 2})
        return cls(topics, frozenset(normalise(t).strip() for t in bureau if t.strip()), compiled)

    def elsewhere(self, query: str) -> str | None:
        """The department whose topic ``query``, or the question inside it, names when that text
        names none of the bureau's subjects; else ``None``. Of several, the most specific
        topic's (the longest). A message the bureau's shapes match stays the bureau's, whichever
        of its parts names the topic (「罚款逾期不交，会被限制高消费吗」)."""
        folded = normalise(query)
        if self._kept(folded):
            return None
        if department := self._named(folded):
            return department
        focus = question_focus(query)
        # what follows from a breach (会不会被吊销营业执照) or whether it may (能先办施工许可吗)
        # is the bureau's question, whichever department's document it names
        if focus != query.strip() and not asks_the_law(focus):
            return self._named(normalise(focus))
        return None

    def names(self, text: str) -> str | None:
        """The department whose topic the whole of ``text`` names when it names none of the
        bureau's subjects (not one named in a side question only: 「隔壁厂天天偷排，他们有营业执照吗」
        tells of a discharge); else ``None``."""
        folded = normalise(text)
        return None if self._kept(folded) else self._named(folded)

    def _kept(self, folded: str) -> bool:
        """Whether one of the bureau's shapes matches ``folded`` (the whole message: a part of it
        matches none that the whole does not)."""
        return any(shape.search(folded) for shape in self.shapes)

    def _named(self, folded: str) -> str | None:
        named = [(topic, department) for topic, department in self.topics.items() if topic in folded]
        if not named or any(subject in folded for subject in self.bureau):
            return None
        return max(named, key=lambda n: len(n[0]))[1]
