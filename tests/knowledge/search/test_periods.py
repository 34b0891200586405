"""When and how often a question asks, and what states it (knowledge/search/periods.py)."""

from __future__ import annotations

import pytest

from knowledge.search.figures import asked_figure
from knowledge.search.periods import ASKED, READ_IN_TWO, STATED


def test_every_period_asked_has_what_states_it() -> None:
    assert set(ASKED) == set(STATED)
    assert READ_IN_TWO.issubset(ASKED) and "hour" not in READ_IN_TWO


@pytest.mark.parametrize(
    ("clause", "kind", "states"),
    [
        ("应当在规定期限内批准转移。", "duration", False),  # 定期 only as letters of 规定期限
        ("推进放射源当日作业备案等事项快办。", "duration", False),  # 当日 naming a service
        ("应当及时处理。", "duration", False),
        ("备案当日办结。", "duration", True),
        ("贮存危险废物不得超过一年。", "frequency", False),  # a span is no frequency
        ("纳入生态环境执法年度计划。", "frequency", False),
        ("应当编制年度报告。", "frequency", True),
        ("每季度至少比对一次。", "frequency", True),
        ("实行一次性告知。", "frequency", False),
        ("适时修订排放标准。", "frequency", True),
        ("每年6月5日为环境日。", "date", True),
        ("按照规定的频次提交。", "date", False),  # how often is no date
    ],
)
def test_what_states_a_period(clause: str, kind: str, states: bool) -> None:
    assert bool(STATED[kind].search(clause)) is states


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("备案要在作业开始前几个小时提交", "duration"),  # hours ahead
        ("要提前多少小时跟海事报告", "duration"),
        ("个人剂量计多久送检一次", "frequency"),
        ("执行报告今年几月几号截止", "date"),
        ("许可证有效期几年", "years"),
        ("垃圾房几点关门", "hour"),
        ("前几个小时的监测数据异常怎么办", None),
        ("提出异议的期限是几天", "duration"),  # a time limit put in days
        ("申请行政复议的期限是几天", "appeal"),  # an appeal's, read before any wait
        ("调查报告交上去以后评审一般要多长时间", "duration"),  # how long a review takes
        ("监测数据要保存多久", None),  # a keeping term, not a review's
        ("今年的扶持资金什么时候开始申报", "date"),  # when a call for applications comes
        ("试点项目今年申报截止到什么时候", "date"),
        ("什么时候需要申请排污许可证", None),  # when a duty arises is the law's
    ],
)
def test_what_a_question_asks(question: str, kind: str | None) -> None:
    assert asked_figure(question) == kind  # the periods' patterns, in the order figures reads them
