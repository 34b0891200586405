"""Pre-application records: numbering, the staff routes and the console's escalation detail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from api.store.conversations import get_or_create_conversation
from api.store.database import open_database
from api.store.escalations import open_escalation
from api.store.service_records import create_record
from api.store.staff import add_staff

PASSWORD = "correct-horse-1"


@pytest.mark.parametrize(
    ("utc", "reference"),
    [
        (datetime(2026, 11, 29, 15, 59, tzinfo=timezone.utc), "HB-20261129-0001"),
        (datetime(2026, 11, 29, 16, 0, tzinfo=timezone.utc), "HB-20261130-0001"),  # midnight in Shanghai
    ],
)
def test_references_count_per_day_in_shanghai_time(utc: datetime, reference: str) -> None:
    db = open_database(":memory:")
    conv = get_or_create_conversation(db, channel="web", session_id="s")
    assert create_record(db, conversation_id=conv.id, record={"outcome": "eligible"}, at=utc).reference == reference


def test_numbers_are_unique_across_many_records() -> None:
    db = open_database(":memory:")
    conv = get_or_create_conversation(db, channel="web", session_id="s")
    at = datetime(2026, 11, 29, 3, 0, tzinfo=timezone.utc)
    refs = [
        create_record(db, conversation_id=conv.id, record={"outcome": "review"}, at=at).reference for _ in range(25)
    ]
    assert len(set(refs)) == 25 and refs[-1] == "HB-20261129-0025"


def test_an_unknown_outcome_is_kept_for_review() -> None:
    db = open_database(":memory:")
    conv = get_or_create_conversation(db, channel="web", session_id="s")
    assert create_record(db, conversation_id=conv.id, record={"outcome": "maybe"}).outcome == "review"


@pytest.fixture
def client(settings_env: Settings) -> Iterator[TestClient]:
    db = open_database(settings_env.database_path)
    add_staff(db, name="wang", password=PASSWORD, departments=["环评处"], role="agent")
    conv = get_or_create_conversation(db, channel="web", session_id="s")
    record = {"item_id": "pollutant_permit", "item": "排污许可证申请与延续", "outcome": "review", "headline": "需核实"}
    create_record(db, conversation_id=conv.id, record=record, at=datetime(2026, 11, 29, 2, 0, tzinfo=timezone.utc))
    open_escalation(
        db, conversation_id=conv.id, reason="review", topic="排污许可证申请与延续", departments=[], summary=""
    )
    with TestClient(create_app(settings_env)) as client:
        client.post("/api/staff/login", json={"name": "wang", "password": PASSWORD}).raise_for_status()
        yield client


def test_staff_list_records_and_open_one_by_reference(client: TestClient) -> None:
    listed = client.get("/api/staff/records", params={"outcome": "review"}).json()
    assert [r["reference"] for r in listed] == ["HB-20261129-0001"]
    one = client.get("/api/staff/records/HB-20261129-0001").json()
    assert one["record"]["headline"] == "需核实" and one["item"] == "排污许可证申请与延续"
    assert client.get("/api/staff/records", params={"outcome": "eligible"}).json() == []


@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/staff/records/HB-19990101-0001", 404), ("/api/staff/records?outcome=maybe", 422)],
)
def test_bad_record_requests_are_explained(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    if status == 404:
        assert response.json()["detail"] == "没有找到这份预审单，请核对编号。"


def test_the_escalation_detail_carries_the_conversations_records(client: TestClient) -> None:
    [escalation] = client.get("/api/staff/escalations").json()
    detail = client.get(f"/api/staff/escalations/{escalation['id']}").json()
    assert [r["reference"] for r in detail["records"]] == ["HB-20261129-0001"]
