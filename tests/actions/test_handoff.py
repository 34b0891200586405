from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Action, Tracker

from actions.handoff import TOPIC_CHARS, ActionConfirm, ActionHandoff
from tests.actions.trackers import events_of, run, tracker_for

AFTER_ANSWER = {"last_clause_id": "f7347583969f:（二）", "last_query": "两证合一试点"}


def test_explicit_request_reports_topic_and_departments() -> None:
    [message], slots = run(ActionHandoff(), tracker_for("转人工", "request_human", slots=AFTER_ANSWER))
    assert message["response"] == "utter_handoff"
    assert message["custom"] == {
        "handoff": {"reason": "request", "topic": "两证合一试点", "departments": ["环评处", "各区生态环境局"]}
    }
    assert slots["pending_offer"] is None


def test_complaint_apologises_then_hands_off() -> None:
    complaint = "你们窗口的工作人员态度太差了，我要投诉"
    messages, _ = run(ActionHandoff(), tracker_for(complaint, "complain"))
    assert [m["response"] for m in messages] == ["utter_complaint", "utter_handoff"]
    assert messages[1]["custom"]["handoff"] == {"reason": "complaint", "topic": complaint, "departments": []}


@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("公司外籍工程师的签证下个月到期，续签签证去哪办", "utter_elsewhere"),  # 公安部门's
        ("帮我起草一份给供应商的对账函，写得正式一点", "utter_unserved_drafting"),
    ],
)
def test_a_complaint_that_is_not_the_bureaus_matter_is_declined(text: str, response: str) -> None:
    """No apology and no person for what is another department's matter or a request no
    article serves, when the NLU only guessed it was a complaint (grievance.complaint_declined)."""
    messages, slots = run(ActionHandoff(), tracker_for(text, "complain", confidence=0.45))
    assert [m["response"] for m in messages] == [response]
    assert slots == {"pending_offer": None}


def test_a_sure_complaint_is_declined_only_as_another_departments_matter_without_a_grievance() -> None:
    """However sure the NLU is, another department's matter voicing no grievance is declined; a
    request no article serves (one's own case) and a voiced grievance keep the apology and person."""
    visa = "公司外籍工程师的签证下个月到期，续签签证去哪办"
    messages, _ = run(ActionHandoff(), tracker_for(visa, "complain", confidence=0.95))
    assert [m["response"] for m in messages] == ["utter_elsewhere"]
    for text in (visa + "，问了三遍了", "帮我起草一份给供应商的对账函，写得正式一点"):
        messages, _ = run(ActionHandoff(), tracker_for(text, "complain", confidence=0.95))
        assert [m["response"] for m in messages] == ["utter_complaint", "utter_handoff"]


def test_a_request_for_a_person_the_nlu_is_unsure_of_that_is_another_departments_is_declined() -> None:
    """Staff cannot serve another department's matter either; a request no article serves (one's
    own case) is what staff are for, and a request the NLU is sure of gets its person."""
    visa = "公司要请外籍工程师来常驻，工作签证怎么弄"
    messages, slots = run(ActionHandoff(), tracker_for(visa, "request_human", confidence=0.5))
    assert [m["response"] for m in messages] == ["utter_elsewhere"] and slots == {"pending_offer": None}
    messages, _ = run(ActionHandoff(), tracker_for(visa, "request_human", confidence=0.9))
    assert [m["response"] for m in messages] == ["utter_handoff"]
    own_case = "帮我催一下，我们上个月交的环评批了没"
    messages, _ = run(ActionHandoff(), tracker_for(own_case, "request_human", confidence=0.5))
    # the person, after the approval's time limit when the catalogue recognises the item
    responses = [m["response"] for m in messages]
    assert responses[-1] == "utter_handoff" and set(responses[:-1]) <= {"utter_service_facts"}


@pytest.mark.parametrize(
    "text",
    [
        "我们厂废水超标了，另外员工社保补缴怎么办？请安排工作人员联系我",
        "转人工，社保补缴怎么办",
        "麻烦找个真人，我们的排污许可证要变更，营业执照地址也变了怎么弄",
    ],
)
def test_an_unsure_request_that_asks_for_a_person_in_words_gets_one(text: str) -> None:
    """Whatever department's topic it names, a message that asks for a person is handed over
    (after what the catalogue states about an item it names: 排污许可证要变更)."""
    messages, _ = run(ActionHandoff(), tracker_for(text, "request_human", confidence=0.6))
    responses = [m["response"] for m in messages]
    assert responses[-1] == "utter_handoff" and "utter_elsewhere" not in responses


def test_a_sure_request_for_a_person_needs_no_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hand-off is the fallback of last resort: it must work before any index is built."""

    def no_index() -> None:
        raise RuntimeError("no index")

    monkeypatch.setattr("actions.handoff.get_searcher", no_index)
    messages, _ = run(ActionHandoff(), tracker_for("社保补缴的事我要找人问", "request_human", confidence=0.9))
    assert [m["response"] for m in messages] == ["utter_handoff"]
    # nor does a sure complaint that voices a grievance
    messages, _ = run(ActionHandoff(), tracker_for("回复太慢了，等了一上午", "complain", confidence=0.9))
    assert [m["response"] for m in messages] == ["utter_complaint", "utter_handoff"]


@pytest.mark.parametrize(
    ("text", "confidence"),
    [
        ("问了三遍续签签证的事你都答非所问，太差劲了", 0.95),  # the NLU is sure
        ("你们和公安互相推诿，续签签证的事到底谁管", 0.45),  # unsure, but it speaks to the service
    ],
)
def test_a_complaint_keeps_its_apology_whatever_department_it_names(text: str, confidence: float) -> None:
    messages, _ = run(ActionHandoff(), tracker_for(text, "complain", confidence=confidence))
    assert [m["response"] for m in messages] == ["utter_complaint", "utter_handoff"]


def test_a_complaint_that_asks_whether_something_is_allowed_gets_the_law_before_its_person() -> None:
    """Staff follow the grievance up; what the law says need not wait for them
    (grievance.law_before_handoff). A complaint about the service itself gets no clause."""
    window = "电子证照网上都传过了，窗口还让我们再交一套纸质复印件，这样合理吗"
    messages, slots = run(ActionHandoff(), tracker_for(window, "complain", confidence=0.95))
    responses = [m["response"] for m in messages]
    assert responses[0].startswith("utter_policy_answer") and responses[1:] == ["utter_complaint", "utter_handoff"]
    assert slots["last_clause_id"] == "f7347583969f:（十一）"  # the seed's measure on 一网通办 and 免于提交
    service = "你们答得这么慢，电子证照网上都传过了还让再交纸质的，这样合理吗"
    messages, _ = run(ActionHandoff(), tracker_for(service, "complain", confidence=0.95))
    assert [m["response"] for m in messages] == ["utter_complaint", "utter_handoff"]


@pytest.mark.parametrize("intent", ["complain", "feedback_useless"])
@pytest.mark.parametrize(("confidence", "answered"), [(0.5, True), (0.9, False)])
def test_a_weak_complaint_that_search_answers_gets_the_answer(intent: str, confidence: float, answered: bool) -> None:
    """A question the NLU only guessed was a grievance (「一直」) is answered when search is sure
    of it (routing.complaint_unsure); a complaint it is sure of keeps its apology and person, after
    the answer when it is a complaint that asks the law (grievance.law_before_handoff)."""
    text = "临港的两证合一试点一直没搞懂，到底是什么意思"
    messages, _ = run(ActionHandoff(), tracker_for(text, intent, confidence=confidence))
    responses = [m["response"] for m in messages]
    assert responses[0].startswith("utter_policy_answer") is (answered or intent == "complain")
    assert ("utter_handoff" in responses) is not answered


@pytest.mark.parametrize(
    "text",
    [
        "你们说的两证合一试点我一直没搞懂",  # speaks to the service
        "窗口的人说两证合一试点不归他们管，到底是什么意思",  # staff's conduct
        "两证合一试点申请交了两个月还没批，到底是什么意思",  # a wait
    ],
)
def test_a_weak_complaint_about_the_service_its_staff_or_a_wait_keeps_its_person(text: str) -> None:
    messages, _ = run(ActionHandoff(), tracker_for(text, "complain", confidence=0.5))
    assert [m["response"] for m in messages] == ["utter_complaint", "utter_handoff"]


def test_a_complaint_that_asks_about_an_item_gets_its_facts_before_the_person() -> None:
    """What the catalogue states need not wait for staff; the apology and the hand-off follow."""
    complaint = "有奖举报的奖金多久能发下来？等了一个多月了，太不像话了"
    messages, slots = run(ActionHandoff(), tracker_for(complaint, "complain"))
    assert [m["response"] for m in messages] == ["utter_service_facts", "utter_complaint", "utter_handoff"]
    assert messages[0]["item"] == "有奖举报奖金发放" and messages[0]["title"] == "办理时限"
    assert messages[2]["custom"]["handoff"]["reason"] == "complaint" and "pending_offer" in slots


def test_a_complaint_that_clearly_names_an_item_and_voices_no_grievance_asks_for_the_item() -> None:
    """The NLU took such messages for complaints (a reward to claim, a first violation to check)."""
    tracker = tracker_for("举报核实以后说有奖励，有奖举报的奖金找谁领", "complain", confidence=0.8)
    messages, _ = run(ActionHandoff(), tracker)
    responses = [m["response"] for m in messages]
    assert "utter_complaint" not in responses and "utter_handoff" not in responses
    assert any("有奖举报奖金发放" in str(m) for m in messages)
    assert "pause" not in events_of(ActionHandoff(), tracker)


@pytest.mark.parametrize(
    "text", ["排污许可证的审批人员吃拿卡要", "有奖举报的奖金拖着不给", "排污许可证申请交了一个月没消息"]
)
def test_a_complaint_naming_an_item_with_a_grievance_keeps_its_apology_and_person(text: str) -> None:
    """A cold review's counterexamples: misconduct and delays about an item are complaints."""
    messages, _ = run(ActionHandoff(), tracker_for(text, "complain", confidence=0.95))
    assert [m["response"] for m in messages][-2:] == ["utter_complaint", "utter_handoff"]


def test_a_request_for_a_person_that_asks_about_an_item_gets_its_facts_first() -> None:
    messages, _ = run(ActionHandoff(), tracker_for("转人工，我想问排污许可证申请要带哪些材料", "request_human"))
    assert [m["response"] for m in messages] == ["utter_service_facts", "utter_handoff"]
    assert messages[0]["item"] == "排污许可证申请与延续" and messages[0]["title"] == "申请材料"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("排污许可证审批太慢了，我要投诉", "complain"),  # names an item, asks nothing about it
        ("你们窗口的人态度太差了，材料交了三次都说不对", "complain"),  # asks nothing of an item
        ("转人工", "request_human"),
    ],
)
def test_a_complaint_or_request_that_asks_nothing_of_an_item_goes_straight_to_a_person(text: str, intent: str) -> None:
    messages, _ = run(ActionHandoff(), tracker_for(text, intent))
    assert "utter_service_facts" not in [m["response"] for m in messages]


def _user(text: str, intent: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def topic_of(action: Action, tracker: Tracker) -> str:
    [*_, message], _ = run(action, tracker)
    return str(message["custom"]["handoff"]["topic"])


@pytest.mark.parametrize(
    ("text", "intent", "slots", "earlier", "expected"),
    [
        # the last question comes first, whatever the user wrote since
        ("我要投诉", "complain", {"last_query": "两证合一试点"}, [], "两证合一试点"),
        # a bare 转人工 or complaint, no question in hand: what the user wrote
        ("转人工", "request_human", {}, [], "转人工"),
        ("  排污许可证审批太慢了，我要投诉  ", "complain", {}, [], "排污许可证审批太慢了，我要投诉"),
        # a button tap is not writing: the message before it
        (
            "/request_human",
            "request_human",
            {},
            [_user("公积金贷款额度是多少", "nlu_fallback")],
            "公积金贷款额度是多少",
        ),
        ("/request_human", "request_human", {}, [], ""),  # nothing was written
        # a typed 转人工 after an unanswered question names that question, as the button does
        ("转人工", "request_human", {}, [_user("公积金贷款额度是多少", "nlu_fallback")], "公积金贷款额度是多少"),
        # a long complaint names the topic by its beginning
        ("投" * 200, "complain", {}, [], "投" * TOPIC_CHARS),
    ],
)
def test_the_topic_falls_back_to_what_the_user_wrote(
    text: str, intent: str, slots: dict[str, Any], earlier: list[dict[str, Any]], expected: str
) -> None:
    events = [*earlier, _user(text, intent)]
    assert topic_of(ActionHandoff(), tracker_for(text, intent, slots=slots, events=events)) == expected


def test_yes_to_an_offer_names_the_question_that_went_unanswered() -> None:
    """After two misses last_query is cleared; the 是的 names nothing, the question before it does."""
    events = [
        _user("公积金贷款额度是多少", "nlu_fallback"),
        {"event": "action", "name": "action_search_policy"},
        {"event": "action", "name": "action_listen"},
        _user("是的", "affirm"),
    ]
    tracker = tracker_for("是的", "affirm", slots={"pending_offer": "human"}, events=events)
    assert topic_of(ActionConfirm(), tracker) == "公积金贷款额度是多少"
    alone = tracker_for("是的", "affirm", slots={"pending_offer": "human"}, events=events[-1:])
    assert topic_of(ActionConfirm(), alone) == "是的"  # never empty when the user wrote something


def test_a_service_item_in_progress_is_the_topic() -> None:
    slots = {"service_item": "pollutant_permit", "last_query": "两证合一试点"}
    assert topic_of(ActionHandoff(), tracker_for("我要投诉", "complain", slots=slots)) == "排污许可证申请与延续"


def test_yes_to_an_offer_hands_off() -> None:
    [message], _ = run(ActionConfirm(), tracker_for("好的", "affirm", slots={"pending_offer": "human"}))
    assert message["custom"]["handoff"]["reason"] == "offer_accepted"


def test_no_to_an_offer_continues() -> None:
    [message], slots = run(ActionConfirm(), tracker_for("不用了", "deny", slots={"pending_offer": "human"}))
    assert message["response"] == "utter_continue"
    assert slots == {"pending_offer": None}


def test_plain_yes_and_no() -> None:
    assert run(ActionConfirm(), tracker_for("好的", "affirm"))[0][0]["response"] == "utter_anything_else"
    assert run(ActionConfirm(), tracker_for("不是", "deny"))[0][0]["response"] == "utter_continue"


def _after(action: str) -> list[dict[str, Any]]:
    """Events of a turn: the bot's ``action``, then the user's latest message."""
    return [
        {"event": "user", "text": "排污许可证有效期多久"},
        {"event": "action", "name": action},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "不是"},
    ]


@pytest.mark.parametrize(
    ("previous", "clause", "expected"),
    [
        ("action_search_policy", "c-1", "utter_feedback_sorry"),  # 不是 judges the answer just given
        ("action_related_clauses", "c-1", "utter_feedback_sorry"),
        ("action_search_policy", None, "utter_continue"),  # nothing was answered
        ("utter_greet", "c-1", "utter_continue"),  # an older answer is not what 不是 refers to
    ],
)
def test_no_right_after_an_answer_is_negative_feedback(previous: str, clause: str | None, expected: str) -> None:
    tracker = tracker_for(
        "不是", "deny", slots={"last_clause_id": clause, "last_query": "有效期"}, events=_after(previous)
    )
    [message], _ = run(ActionConfirm(), tracker)
    assert message["response"] == expected
    if expected == "utter_feedback_sorry":
        assert message["custom"]["feedback"] == {"value": "useless", "clause_id": "c-1", "query": "有效期"}


def test_handoff_pauses_the_conversation_and_declining_does_not() -> None:
    assert events_of(ActionHandoff(), tracker_for("转人工", "request_human"))[-1] == "pause"
    declined = tracker_for("不用了", "deny", slots={"pending_offer": "human"})
    assert "pause" not in events_of(ActionConfirm(), declined)


def test_yes_to_an_offered_walk_through_starts_it() -> None:
    tracker = tracker_for("好的", "affirm", slots={"pending_offer": "service:nonroad_machinery"})
    messages, slots = run(ActionConfirm(), tracker)
    assert messages == []
    assert slots == {
        "pending_offer": None,
        "service_item": "nonroad_machinery",
        "service_answers": {},
        "service_notice": "intro",
    }
    assert events_of(ActionConfirm(), tracker)[-1] == "followup"


def test_no_to_an_offered_walk_through_continues() -> None:
    tracker = tracker_for("不用", "deny", slots={"pending_offer": "service:nonroad_machinery", "last_clause_id": "x"})
    [message], slots = run(ActionConfirm(), tracker)
    assert message["response"] == "utter_continue" and slots == {"pending_offer": None}


def test_an_offer_of_an_item_no_longer_in_the_catalogue_says_so() -> None:
    [message], slots = run(ActionConfirm(), tracker_for("好", "affirm", slots={"pending_offer": "service:gone"}))
    assert message["response"] == "utter_service_unknown" and slots == {"pending_offer": None}
