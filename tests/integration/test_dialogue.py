"""Dialogue through the real system: buttons, feedback stored by the gateway, hand-off payload."""

from __future__ import annotations

from api.store.database import open_database
from api.store.feedback import list_feedback
from tests.integration.chat_client import chat
from tests.integration.system import RunningSystem


def test_answer_offers_feedback_and_feedback_is_stored(system: RunningSystem) -> None:
    answer = chat(system, "it-feedback", "临港的两证合一试点是什么意思？").json()["messages"][0]
    # the feedback buttons, then the walk-through of the item that rests on this clause
    titles = [b["title"] for b in answer["buttons"]]
    assert titles == ["有用", "没用", "相关条款", "转人工", "预审『排污许可证申请与延续』"]

    reply = chat(system, "it-feedback", "/feedback_useful").json()
    assert reply["messages"][0]["text"] == "谢谢您的反馈！"
    rows = [r for r in list_feedback(open_database(system.database)) if r["query"] == "临港的两证合一试点是什么意思？"]
    assert [(r["value"], r["clause_id"].endswith(":（二）")) for r in rows] == [("useful", True)]


def test_asking_for_a_person_emits_a_handoff_payload(system: RunningSystem) -> None:
    chat(system, "it-handoff", "免罚清单会动态调整吗")
    response = chat(system, "it-handoff", "转人工").json()
    assert response["state"] == "waiting" and response["status"]["escalation_id"]
    messages = response["messages"]
    handoff = next(m["custom"]["handoff"] for m in messages if "handoff" in m["custom"])
    assert handoff == {
        "reason": "request",
        "topic": "免罚清单会动态调整吗",
        "departments": ["执法处", "执法总队", "各区生态环境局"],
    }
    follow_up = chat(system, "it-handoff", "我的企业在浦东").json()
    assert follow_up["state"] == "waiting" and [m["sender"] for m in follow_up["messages"]] == ["system"]


def test_two_misses_in_a_row_offer_a_person(system: RunningSystem) -> None:
    [first] = chat(system, "it-misses", "公积金贷款额度是多少").json()["messages"]
    assert "住房公积金管理部门" in first["text"] and first["citations"] == []
    # a second matter of another department, which the NLU hands to search (a tax question such as
    # 「个人所得税汇算清缴怎么操作」 now gets the out-of-scope reply from the NLU, no search)
    [second] = chat(system, "it-misses", "公积金提取需要什么材料").json()["messages"]
    assert [b["title"] for b in second["buttons"]] == ["转人工", "继续提问"]


def test_not_sure_offers_a_person_and_the_candidates(system: RunningSystem) -> None:
    # A question of the bureau's that the seed alone cannot answer surely. 「排污费的减免比例是多少」
    # served here until the outside questions on the bureau's subjects (price, progress …) came:
    # against the seed's few everyday questions it now leans outside and is declined, while with
    # the statutes, as installed by default, it is answered (docs/benchmarks.md, 13th session).
    [message] = chat(system, "it-unsure", "企业环境信息依法披露要披露什么").json()["messages"]
    titles = [b["title"] for b in message["buttons"]]
    assert titles[0] == "转人工" and len(titles) == 3
    assert all(t.startswith("《") for t in titles[1:])
