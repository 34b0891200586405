"""Requests no article serves: the data's own examples and counter-examples, search, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.search.request_kind import RequestKindError, RequestKinds
from knowledge.search.searcher import Searcher

KINDS = RequestKinds.load()


def test_every_kind_has_cues_and_recognises_its_own_examples() -> None:
    assert set(KINDS.examples) >= {"drafting", "market", "case_status"}
    for kind, examples in KINDS.examples.items():
        assert examples, kind
        assert [e for e in examples if KINDS.unserved(e) != kind] == [], kind


def test_no_cue_matches_a_question_the_kinds_list_as_the_bureaus() -> None:
    meant_not = [q for questions in KINDS.not_meant.values() for q in questions]
    assert len(meant_not) >= 30
    assert [(q, KINDS.unserved(q)) for q in meant_not if KINDS.unserved(q)] == []


@pytest.mark.parametrize(
    "question",
    [
        "办排污许可证要多少钱",
        "环评审批一般要多久",
        "自行监测的数据要保存几年",
        "环评报告由谁来编写",
        "排污许可证延续一般几个工作日能批下来",
        "监测结果超标了会怎么处罚",
    ],
)
def test_the_bureaus_own_questions_are_served(question: str) -> None:
    """Fees, time limits and records of the bureau's own items are no market price or case status."""
    assert KINDS.unserved(question) is None


def test_a_searcher_answers_no_request_it_cannot_serve(searcher: Searcher) -> None:
    result = searcher.search("帮我写一篇关于排污许可的演讲稿")
    assert (result.answered, result.beyond_remit, result.unserved, result.candidates) == (False, True, "drafting", ())


def test_a_question_whether_something_is_allowed_is_the_laws(searcher: Searcher) -> None:
    """「批了没」 is a case's status, but 「还没批下来就开工，合法吗」 asks the law."""
    assert searcher.search("环评批了没？").unserved == "case_status"
    assert searcher.search("项目的环评到底批了没，没批下来就开工合法吗").unserved is None


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("食堂的油烟净化器想换个新的，换一套大概要花多少", "market"),  # a thing bought, its price
        ("换一套油烟净化器能抵多少环保税", None),  # a tax is the law's
        ("我们公司的排污证延续有消息没", "case_status"),  # one's own case, its progress
        ("我们的排污许可证延续申请，法定多少个工作日办完", None),  # the time limit is the law's
        ("现在闵行的PM2.5多少啊", "data_request"),  # a live reading
        ("现在PM2.5超标了吗？工地要不要停止土方作业", None),  # the heavy-pollution measures are the law's
        ("现在PM2.5多少算超标？", None),  # a standard, not a reading
        ("哪个检测站排队少", "market"),  # a provider's queue
        ("排污许可证网上办和窗口办哪个快一点？", None),  # a way of applying is the bureau's
        ("对面那家印染厂最近是不是被环保约谈了", "gossip"),  # another company's case
        ("隔壁那家厂上次偷排罚了多少钱", "gossip"),  # its fine, however much 罚 it says
        ("隔壁厂偷排被查，我们共用一根排污管，会不会被连带处罚", None),  # the asker's own liability
        ("被环保罚过的企业，处罚信息在哪里查得到", None),  # where records are published
        ("这家检测公司的法人是谁", "gossip"),
        ("公司换了法人，排污许可证要不要变更", None),
        ("你估计明年督察会不会重点查印染行业", "opinion"),  # a forecast
        ("现在的执法查得严不严啊", "opinion"),
        ("废气超标排放，处罚严不严？罚款幅度多少", None),  # the law's penalty
        ("VOCs在线监测设备现在市场价大概多少", "market"),
        ("排污权交易的价格是市场价还是政府定价", None),
        ("哪家环评公司做的报告最容易通过审批", "market"),
    ],
)
def test_a_frame_recognises_a_shape_of_request_no_cue_lists(message: str, kind: str | None) -> None:
    assert KINDS.unserved(message) == kind


@pytest.mark.parametrize(("flag", "kind"), [("true", "gossip"), ("false", None)])
def test_a_frame_whatever_asked_holds_where_the_question_asks_what_follows(
    tmp_path: Path, flag: str, kind: str | None
) -> None:
    """「罚了多少」 asks the law unless the frame says another company's fine is its case's fact."""
    path = tmp_path / "request_kinds.yml"
    frame = f"    - match: '那家.{{0,6}}罚了'\n      whatever_asked: {flag}\n"
    path.write_text(f"gossip:\n  cues: [老板是谁]\n  frames:\n{frame}", "utf-8")
    kinds = RequestKinds.load(path)
    assert kinds.unserved("那家电镀厂罚了多少钱") == kind
    # the frame is read in the question inside the message, which here asks the law
    assert kinds.unserved("那家电镀厂被罚了。我们的罚款可以分期交吗？") is None


@pytest.mark.parametrize(("flag", "kind"), [("true", None), ("false", "contract")])
def test_a_frame_may_read_its_unless_in_the_whole_message(tmp_path: Path, flag: str, kind: str | None) -> None:
    """「新买的叉车排放不达标，卖家要给我们退货吗」: the vehicle, before the question, makes it the law's."""
    path = tmp_path / "request_kinds.yml"
    frame = f"    - match: 退货\n      unless: 叉车\n      whatever_asked: true\n      unless_in_message: {flag}\n"
    path.write_text(f"contract:\n  cues: []\n  frames:\n{frame}", "utf-8")
    kinds = RequestKinds.load(path)
    assert kinds.unserved("新买的叉车排放不达标，卖家要给我们退货吗？") == kind
    assert kinds.unserved("设备一直不达标，能要求退货吗？") == "contract"


def test_a_frame_with_a_context_holds_only_when_the_message_says_it(tmp_path: Path) -> None:
    """「啥时候能发下来」 asks after one's own case only when the message says it was filed."""
    path = tmp_path / "request_kinds.yml"
    frame = "    - match: 啥时候能发下来\n      context: 报的|提交了\n"
    path.write_text(f"case_status:\n  cues: []\n  frames:\n{frame}", "utf-8")
    kinds = RequestKinds.load(path)
    assert kinds.unserved("我们前天在网上报的环保标志，啥时候能发下来？") == "case_status"
    assert kinds.unserved("环保标志啥时候能发下来？") is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("我们上周提交的排污许可变更，啥时候能批下来？", "case_status"),
        ("我们上周交了环评报告表，审批一般要多少个工作日？", None),  # the law's time limit
        ("排污许可证申请提交了，还没批下来之前能不能先生产？", None),  # what may be done meanwhile
        ("工单号 SH20250101 那个投诉，你帮我看看办得怎么样", "case_status"),  # one's own record's number
        ("受理号20250101xx，这种号码在哪里能查进度？", None),  # how to look it up
    ],
)
def test_the_bundled_own_case_frame(text: str, kind: str | None) -> None:
    assert KINDS.unserved(text) == kind


def test_the_bundled_vehicle_and_street_exceptions_hold() -> None:
    assert KINDS.unserved("新买的叉车排放不达标，卖家要给我们退货吗？") is None  # the air law's
    assert KINDS.unserved("南京西路的餐厅油烟排放有什么要求") is None  # a Shanghai street
    assert KINDS.unserved("深圳的垃圾分类罚款是多少") == "jurisdiction"


def test_no_file_means_every_request_is_served(tmp_path: Path) -> None:
    assert RequestKinds.load(tmp_path / "absent.yml").unserved("帮我写篇演讲稿") is None


def test_a_cue_under_two_kinds_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "request_kinds.yml"
    path.write_text("drafting:\n  cues: [帮我写]\nmarket:\n  cues: [帮我写, 报价单]\n", "utf-8")
    with pytest.raises(RequestKindError, match="帮我写 listed under market and drafting"):
        RequestKinds.load(path)


def test_a_kind_may_be_frames_alone(tmp_path: Path) -> None:
    path = tmp_path / "request_kinds.yml"
    path.write_text('tips:\n  cues: []\n  frames:\n    - match: "妙招"\n', "utf-8")
    assert RequestKinds.load(path).unserved("有啥除臭小妙招") == "tips"


def test_a_term_is_written_once_for_the_frames_of_its_kind(tmp_path: Path) -> None:
    path = tmp_path / "request_kinds.yml"
    path.write_text(
        "jurisdiction:\n  cues: []\n  terms:\n    places: 深圳|杭州\n  frames:\n"
        "    - match: '({places})的地方规定'\n    - match: '({places})跟上海比'\n",
        "utf-8",
    )
    kinds = RequestKinds.load(path)
    assert kinds.unserved("杭州的地方规定是什么") == kinds.unserved("深圳跟上海比哪个严") == "jurisdiction"
    assert kinds.unserved("南京的地方规定是什么") is None


@pytest.mark.parametrize(
    "text",
    [
        "- 不是映射\n",
        "drafting: [帮我写]\n",
        "drafting:\n  cues: 帮我写\n",
        "drafting:\n  cues: [帮我写\n",
        "drafting:\n  examples: [帮我写]\n",
        "drafting:\n  cues: [帮我写]\n  frames: [买.*多少钱]\n",
        "drafting:\n  cues: [帮我写]\n  frames:\n    - match: '买(多少钱'\n",
        "gossip:\n  cues: [老板是谁]\n  frames:\n    - match: '那家.{0,6}罚了多少'\n      whatever_asked: 'true'\n",
        "contract:\n  cues: []\n  frames:\n    - match: 退货\n      unless: 4S店\n",  # never matches folded text
        "contract:\n  cues: []\n  frames:\n    - match: 退货\n      unless_in_message: yes please\n",
        "jurisdiction:\n  cues: []\n  frames:\n    - match: '({places})的规定'\n",  # a term it lacks
        "jurisdiction:\n  cues: []\n  terms: [深圳]\n  frames:\n    - match: '({places})的规定'\n",
    ],
)
def test_a_malformed_file_is_a_clear_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "request_kinds.yml"
    path.write_text(text, "utf-8")
    with pytest.raises(RequestKindError, match=r"request_kinds\.yml"):
        RequestKinds.load(path)


@pytest.mark.parametrize(
    "message",
    [
        "客户问：“系统一直登录不上，执行报告能延期提交吗？”这个怎么回复",
        "老板让我问一下：“隔壁厂是不是被罚过？我们要不要也整改”，怎么答复他",
    ],
)
def test_a_question_passed_on_in_quotes_is_read_as_asked(message: str) -> None:
    assert RequestKinds.load().unserved(message) is None


def test_material_quoted_to_be_translated_is_not_what_is_asked() -> None:
    assert RequestKinds.load().unserved("帮我把这句翻成英文：“项目落实各项措施后，从环保角度分析可行。”") == "drafting"


@pytest.mark.parametrize(
    "message",
    [
        "这几句帮我润色一下：项目投产后废水纳管排放，能不能达标还要看监测。",
        "翻译成英文：项目建成后污染物可达标排放，不会违法吗？",
        "帮我润色：\n本项目废水经处理后达标排放，对周边环境影响较小，从环保角度可行。",  # pasted on a new line
    ],
)
def test_material_after_a_colon_is_not_what_is_asked(message: str) -> None:
    assert RequestKinds.load().unserved(message) == "drafting"


def test_a_question_after_a_colon_is_still_asked() -> None:
    assert RequestKinds.load().unserved("我想问一下：我们厂排污许可证到期了要怎么延续") is None
