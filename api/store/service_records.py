"""Pre-application records from service walk-throughs, numbered per day in Shanghai time.

The action reports the record (item, outcome, answers, materials, legal basis) as a
``service_record`` payload; the gateway stores it here and gives it its reference.

>>> from datetime import datetime, timezone
>>> from api.store.database import open_database
>>> from api.store.conversations import get_or_create_conversation
>>> db = open_database(":memory:")
>>> conv = get_or_create_conversation(db, channel="web", session_id="s")
>>> at = datetime(2026, 11, 29, 2, 0, tzinfo=timezone.utc)
>>> r = create_record(db, conversation_id=conv.id, record={"item_id": "credit_repair", "item": "环保信用修复",
...                   "outcome": "eligible", "headline": "可以申请信用修复"}, prefix="HB", at=at)
>>> r.reference
'HB-20261129-0001'
>>> create_record(db, conversation_id=conv.id, record={"item_id": "x", "outcome": "review"}, at=at).reference
'HB-20261129-0002'
>>> [x.reference for x in list_records(db, conversation_id=conv.id)]
['HB-20261129-0002', 'HB-20261129-0001']
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils

SHANGHAI = ZoneInfo("Asia/Shanghai")
OUTCOMES = {"eligible", "not_eligible", "review"}


class RecordNotFound(LookupError):
    """No pre-application record with that reference."""


@dataclass(frozen=True)
class ServiceRecord:
    id: int
    reference: str
    conversation_id: str
    item_id: str
    item: str
    category: str
    outcome: str
    headline: str
    record: dict[str, Any]
    created_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ServiceRecord:
        fields = {k: row[k] for k in cls.__dataclass_fields__ if k != "record"}
        return cls(**fields, record=json.loads(row["record"]))


def create_record(
    db: sqlite_utils.Database,
    *,
    conversation_id: str,
    record: dict[str, Any],
    message_id: int | None = None,
    prefix: str = "HB",
    at: datetime | None = None,
) -> ServiceRecord:
    """Store a record under the next reference of its day (``PREFIX-YYYYMMDD-NNNN``)."""
    moment = at or datetime.now(timezone.utc)
    day = moment.astimezone(SHANGHAI).strftime("%Y%m%d")
    outcome = str(record.get("outcome"))
    row = {
        "day": day,
        "conversation_id": conversation_id,
        "message_id": message_id,
        "item_id": str(record.get("item_id") or ""),
        "item": str(record.get("item") or ""),
        "category": str(record.get("category") or ""),
        "outcome": outcome if outcome in OUTCOMES else "review",
        "headline": str(record.get("headline") or ""),
        "record": json.dumps(record, ensure_ascii=False),
        "created_at": moment.isoformat(timespec="seconds"),
    }
    for _ in range(5):  # two gateways numbering the same day at once: the unique index decides
        (last,) = db.execute("select coalesce(max(sequence), 0) from service_records where day = ?", [day]).fetchone()
        sequence = int(last) + 1
        try:
            with db.atomic():
                row_id = (
                    db.table("service_records")
                    .insert({**row, "sequence": sequence, "reference": f"{prefix}-{day}-{sequence:04d}"})
                    .last_pk
                )
            return get_record_by_id(db, record_id=int(row_id or 0))
        except sqlite3.IntegrityError:
            continue
    raise RuntimeError(f"could not number a service record for {day}")


def get_record_by_id(db: sqlite_utils.Database, *, record_id: int) -> ServiceRecord:
    return ServiceRecord.from_row(db.table("service_records").get(record_id))


def _visible_to(departments: list[str] | None) -> tuple[str, list[str]]:
    """SQL limiting records to those an agent of these departments serves (``None``: all).

    An agent reads the records of conversations handed to their departments or to the general
    queue, the people they serve; admins read all.
    """
    if departments is None:
        return "", []
    marks = ", ".join("?" for _ in ["", *departments])
    return f"conversation_id in (select conversation_id from escalations where department in ({marks}))", [
        "",
        *departments,
    ]


def get_record(db: sqlite_utils.Database, *, reference: str, departments: list[str] | None = None) -> ServiceRecord:
    """The record by its reference, if these departments may read it (:class:`RecordNotFound` otherwise)."""
    where, args = _visible_to(departments)
    rows = list(
        db.table("service_records").rows_where(" and ".join(filter(None, ["reference = ?", where])), [reference, *args])
    )
    if not rows:
        raise RecordNotFound(reference)
    return ServiceRecord.from_row(rows[0])


def list_records(
    db: sqlite_utils.Database,
    *,
    conversation_id: str | None = None,
    outcome: str | None = None,
    departments: list[str] | None = None,
    limit: int = 50,
) -> list[ServiceRecord]:
    """Newest first, optionally for one conversation, one outcome, or the departments' conversations."""
    clauses, args = [], []
    if conversation_id is not None:
        clauses.append("conversation_id = ?")
        args.append(conversation_id)
    if outcome is not None:
        clauses.append("outcome = ?")
        args.append(outcome)
    where, visible = _visible_to(departments)
    if where:
        clauses.append(where)
        args.extend(visible)
    rows = db.table("service_records").rows_where(" and ".join(clauses) or None, args, order_by="id desc", limit=limit)
    return [ServiceRecord.from_row(r) for r in rows]
