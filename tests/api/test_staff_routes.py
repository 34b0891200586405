"""Every staff route: anonymous → 401, missing CSRF → 403, wrong role or department → 403, and the work itself."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from api.store.conversations import get_or_create_conversation, list_messages
from api.store.database import open_database
from api.store.escalations import get_escalation, open_escalation, status_of
from api.store.service_records import create_record
from api.store.staff import add_staff

PASSWORD = "correct-horse-1"
ROUTES = [
    ("GET", "/api/staff/me", None),
    ("GET", "/api/staff/accounts", None),
    ("GET", "/api/staff/colleagues", None),
    ("GET", "/api/staff/canned-replies", None),
    ("POST", "/api/staff/faq", {"question": "q", "answer": "a"}),
    ("POST", "/api/staff/logout", None),
    ("GET", "/api/staff/escalations", None),
    ("GET", "/api/staff/escalations/ID", None),
    ("POST", "/api/staff/escalations/ID/claim", None),
    ("POST", "/api/staff/escalations/ID/assign", {"staff_name": "wang"}),
    ("POST", "/api/staff/escalations/ID/reply", {"text": "您好"}),
    ("POST", "/api/staff/escalations/ID/resolve", None),
    ("POST", "/api/staff/escalations/ID/notes", {"text": "备注"}),
    ("GET", "/api/staff/records", None),
    ("GET", "/api/staff/records/HB-20261129-0001", None),
]


@pytest.fixture
def escalations(settings_env: Settings) -> dict[str, int]:
    """Staff in two departments and an admin; one escalation routed to each department and one general."""
    db = open_database(settings_env.database_path)
    add_staff(db, name="wang", password=PASSWORD, departments=["环评处"], role="agent")
    add_staff(db, name="zhao", password=PASSWORD, departments=["环评处"], role="agent")
    add_staff(db, name="li", password=PASSWORD, departments=["执法处"], role="agent")
    add_staff(db, name="admin", password=PASSWORD, departments=[], role="admin")
    ids = {}
    for session, departments in (("a", ["环评处", "各区生态环境局"]), ("b", ["执法处"]), ("c", [])):
        conv = get_or_create_conversation(db, channel="web", session_id=session)
        esc = open_escalation(
            db, conversation_id=conv.id, reason="request", topic="", departments=departments, summary=""
        )
        ids[esc.department or "general"] = esc.id
    return ids


@pytest.fixture
def client(settings_env: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings_env)) as client:
        yield client


def login(client: TestClient, name: str) -> dict[str, str]:
    response = client.post("/api/staff/login", json={"name": name, "password": PASSWORD})
    assert response.status_code == 200
    return {"X-CSRF-Token": response.json()["csrf_token"]}


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_anonymous_callers_get_401(
    client: TestClient, escalations: dict[str, int], method: str, path: str, body: object
) -> None:
    path = path.replace("ID", str(escalations["环评处"]))
    response = client.request(method, path, json=body)
    assert (response.status_code, response.json()["detail"]) == (401, "请先登录工作人员账号。")


@pytest.mark.parametrize(("method", "path", "body"), [r for r in ROUTES if r[0] == "POST"])
def test_changes_without_the_csrf_token_get_403(
    client: TestClient, escalations: dict[str, int], method: str, path: str, body: object
) -> None:
    login(client, "wang")
    path = path.replace("ID", str(escalations["环评处"]))
    response = client.request(method, path, json=body, headers={"X-CSRF-Token": "forged"})
    assert (response.status_code, response.json()["detail"]) == (403, "页面已过期，请刷新后重试。")


@pytest.mark.parametrize(("method", "path", "body"), [r for r in ROUTES if "ID" in r[1]])
def test_another_departments_escalation_is_403(
    client: TestClient, escalations: dict[str, int], method: str, path: str, body: object
) -> None:
    headers = login(client, "li")
    response = client.request(method, path.replace("ID", str(escalations["环评处"])), json=body, headers=headers)
    assert (response.status_code, response.json()["detail"]) == (403, "您没有处理该事项的权限。")


def test_agents_only_see_their_departments_and_the_general_queue(
    client: TestClient, escalations: dict[str, int]
) -> None:
    login(client, "wang")
    assert {e["department"] for e in client.get("/api/staff/escalations").json()} == {"环评处", ""}
    assert client.get("/api/staff/accounts").status_code == 403


def test_admins_see_everything_and_the_accounts(client: TestClient, escalations: dict[str, int]) -> None:
    login(client, "admin")
    assert {e["department"] for e in client.get("/api/staff/escalations").json()} == {"环评处", "执法处", ""}
    assert [a["name"] for a in client.get("/api/staff/accounts").json()] == ["admin", "li", "wang", "zhao"]


def test_login_sets_a_safe_cookie_and_bad_passwords_are_401(client: TestClient, escalations: dict[str, int]) -> None:
    bad = client.post("/api/staff/login", json={"name": "wang", "password": "wrong-password"})
    assert (bad.status_code, bad.json()["detail"]) == (401, "账号或密码不正确，或账号已停用。")
    good = client.post("/api/staff/login", json={"name": "wang", "password": PASSWORD})
    cookie = good.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    assert client.get("/api/staff/me").json()["staff"]["name"] == "wang"


def test_claim_reply_resolve_reaches_the_user(
    client: TestClient, escalations: dict[str, int], settings_env: Settings
) -> None:
    headers = login(client, "wang")
    esc = escalations["环评处"]
    assert client.post(f"/api/staff/escalations/{esc}/claim", headers=headers).json()["staff_name"] == "wang"
    reply = client.post(f"/api/staff/escalations/{esc}/reply", json={"text": "请问项目在哪个区？"}, headers=headers)
    assert reply.status_code == 200 and reply.json()["sender"] == "staff"
    detail = client.get(f"/api/staff/escalations/{esc}").json()
    assert [m["sender"] for m in detail["messages"]] == ["system", "staff"]
    assert (detail["channel"], detail["user"]) == ("web", "a…")  # masked: a session id opens the chat
    note = client.post(f"/api/staff/escalations/{esc}/notes", json={"text": "企业在临港"}, headers=headers)
    assert note.status_code == 200
    assert [n["text"] for n in client.get(f"/api/staff/escalations/{esc}").json()["notes"]] == ["企业在临港"]
    assert client.post(f"/api/staff/escalations/{esc}/resolve", headers=headers).json()["status"] == "resolved"
    again = client.post(f"/api/staff/escalations/{esc}/resolve", headers=headers)
    assert (again.status_code, again.json()["detail"]) == (409, "该会话当前状态不允许此操作，请刷新后查看。")
    db = open_database(settings_env.database_path)
    conversation_id = get_escalation(db, escalation_id=esc).conversation_id
    assert status_of(db, conversation_id=conversation_id).awaiting_rating
    assert list_messages(db, conversation_id=conversation_id)[1].text == "请问项目在哪个区？"


def test_only_the_member_serving_may_reply(client: TestClient, escalations: dict[str, int]) -> None:
    headers = login(client, "wang")
    esc = escalations["环评处"]
    client.post(f"/api/staff/escalations/{esc}/assign", json={"staff_name": "zhao"}, headers=headers)
    response = client.post(f"/api/staff/escalations/{esc}/reply", json={"text": "您好"}, headers=headers)
    assert response.status_code == 403


@pytest.mark.parametrize(("assignee", "status"), [("zhao", 200), ("li", 403), ("nobody", 404)])
def test_assign_only_to_a_colleague_who_may_work_it(
    client: TestClient, escalations: dict[str, int], assignee: str, status: int
) -> None:
    headers = login(client, "wang")
    esc = escalations["环评处"]
    response = client.post(f"/api/staff/escalations/{esc}/assign", json={"staff_name": assignee}, headers=headers)
    assert response.status_code == status


def test_unknown_escalation_is_404_and_logout_ends_the_session(client: TestClient, escalations: dict[str, int]) -> None:
    headers = login(client, "admin")
    missing = client.get("/api/staff/escalations/9999")
    assert (missing.status_code, missing.json()["detail"]) == (404, "没有找到这条人工服务记录。")
    assert client.post("/api/staff/logout", headers=headers).status_code == 200
    assert client.get("/api/staff/me").status_code == 401


def test_a_refused_login_sets_no_cookie_and_logout_clears_it(client: TestClient, escalations: dict[str, int]) -> None:
    refused = client.post("/api/staff/login", json={"name": "wang", "password": "wrong-password"})
    assert "set-cookie" not in refused.headers
    headers = login(client, "wang")
    logout = client.post("/api/staff/logout", headers=headers)
    assert logout.json() == {
        "detail": "",
        "status": {"state": "bot", "staff_name": "", "escalation_id": None, "awaiting_rating": False},
    }
    assert 'ecoassist_staff="";' in logout.headers["set-cookie"] and "max-age=0" in logout.headers["set-cookie"].lower()


def test_every_staff_route_is_checked_above(settings_env: Settings) -> None:
    """The tables above are enumerated against the app's routes (its OpenAPI paths, which list
    every included route), so a new staff route cannot be forgotten."""
    paths = create_app(settings_env).openapi()["paths"]
    served = {
        (method.upper(), re.sub(r"\{[^}]+\}", "{}", path))
        for path, operations in paths.items()
        if path.startswith("/api/staff") and path != "/api/staff/login"
        for method in operations
    }
    listed = {(method, re.sub(r"/ID|/HB-[0-9-]+", "/{}", path)) for method, path, _ in ROUTES}
    assert served == listed


def test_agents_read_only_the_records_of_conversations_routed_to_them(
    client: TestClient, escalations: dict[str, int], settings_env: Settings
) -> None:
    db = open_database(settings_env.database_path)
    references = {}
    for department, escalation_id in escalations.items():
        escalation = get_escalation(db, escalation_id=escalation_id)
        record = {"item_id": "x", "item": "事项", "outcome": "eligible", "headline": department}
        created = create_record(db, conversation_id=escalation.conversation_id, record=record, message_id=None)
        references[department] = created.reference
    login(client, "li")
    assert {r["reference"] for r in client.get("/api/staff/records").json()} == {
        references["执法处"],
        references["general"],
    }
    assert client.get(f"/api/staff/records/{references['环评处']}").status_code == 404
    assert client.get(f"/api/staff/records/{references['执法处']}").status_code == 200
    login(client, "admin")
    assert len(client.get("/api/staff/records").json()) == 3


def test_a_session_idle_too_long_ends_and_is_deleted(
    client: TestClient, escalations: dict[str, int], settings_env: Settings
) -> None:
    login(client, "wang")
    assert client.get("/api/staff/me").status_code == 200
    db = open_database(settings_env.database_path)
    long_ago = (datetime.now(timezone.utc) - timedelta(minutes=settings_env.staff_idle_minutes + 1)).isoformat()
    with db.conn:
        db.conn.execute("update staff_sessions set last_seen_at = ?", [long_ago])
    assert client.get("/api/staff/me").status_code == 401
    assert db["staff_sessions"].count == 0


def test_the_closed_queue_reads_on_from_the_last_id_shown(client: TestClient, escalations: dict[str, int]) -> None:
    login(client, "admin")
    newest = client.get("/api/staff/escalations", params={"status": "all"}).json()
    ids = [e["id"] for e in newest]
    assert ids == sorted(ids, reverse=True)
    older = client.get("/api/staff/escalations", params={"status": "all", "before": ids[0]}).json()
    assert [e["id"] for e in older] == ids[1:]
