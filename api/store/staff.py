"""Bureau staff: accounts with argon2 password hashes, roles, departments and login sessions.

An ``agent`` works the escalations routed to their departments and the general queue
(escalations with no department); an ``admin`` sees everything and manages accounts
and knowledge. Session tokens are stored only as SHA-256 digests.

>>> from api.store.database import open_database
>>> db = open_database(":memory:")
>>> member = add_staff(db, name="wangfang", password="s3cret-pass", departments=["环评处"], role="agent")
>>> authenticate(db, name="wangfang", password="s3cret-pass").departments
['环评处']
>>> token, csrf = open_session(db, staff_id=member.id, hours=1)
>>> find_session(db, token=token).staff.name
'wangfang'
>>> member.may_handle("环评处"), member.may_handle(""), member.may_handle("执法处")
(True, True, False)
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.store.conversations import now

Role = Literal["agent", "admin"]
ROLES: tuple[Role, ...] = ("agent", "admin")
MIN_PASSWORD_CHARS = 10
SEEN_EVERY_S = 60
_hasher = PasswordHasher()


class StaffError(Exception):
    """A staff account operation that cannot be done; the message says why."""


class BadCredentials(StaffError):
    """Unknown name, wrong password or a disabled account (deliberately not told apart)."""


@dataclass(frozen=True)
class StaffMember:
    id: int
    name: str
    role: Role
    departments: list[str]
    disabled: bool
    created_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StaffMember:
        return cls(
            id=row["id"],
            name=row["name"],
            role=row["role"],
            departments=json.loads(row["departments"] or "[]"),
            disabled=bool(row["disabled"]),
            created_at=row["created_at"],
        )

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def may_handle(self, department: str) -> bool:
        """Whether an escalation routed to ``department`` ("" = the general queue) is theirs to work."""
        return self.is_admin or not department or department in self.departments


@dataclass(frozen=True)
class StaffSession:
    staff: StaffMember
    csrf_token: str
    expires_at: str


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise StaffError(f"password must have at least {MIN_PASSWORD_CHARS} characters")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_staff(db: sqlite_utils.Database, *, name: str) -> StaffMember | None:
    rows = list(db.table("staff").rows_where("name = ?", [name]))
    return StaffMember.from_row(rows[0]) if rows else None


def list_staff(db: sqlite_utils.Database) -> list[StaffMember]:
    return [StaffMember.from_row(r) for r in db.table("staff").rows_where(order_by="name")]


def add_staff(
    db: sqlite_utils.Database, *, name: str, password: str, departments: list[str], role: Role
) -> StaffMember:
    """Create an account; the name must be new and the password at least 10 characters."""
    if role not in ROLES:
        raise StaffError(f"role must be one of {', '.join(ROLES)}")
    if not name.strip():
        raise StaffError("name must not be empty")
    if find_staff(db, name=name) is not None:
        raise StaffError(f"staff member {name!r} already exists")
    _check_password(password)
    row = {
        "name": name,
        "password_hash": _hasher.hash(password),
        "role": role,
        "departments": json.dumps(departments, ensure_ascii=False),
        "disabled": 0,
        "created_at": now(),
    }
    with db.atomic():
        db.conn.execute(
            "insert into staff (name, password_hash, role, departments, disabled, created_at)"
            " values (?, ?, ?, ?, ?, ?)",
            list(row.values()),
        )
    member = find_staff(db, name=name)
    assert member is not None
    return member


def set_password(db: sqlite_utils.Database, *, name: str, password: str) -> None:
    """Replace the password and end the member's open sessions."""
    member = find_staff(db, name=name)
    if member is None:
        raise StaffError(f"no staff member {name!r}")
    _check_password(password)
    with db.atomic():
        db.conn.execute("update staff set password_hash = ? where id = ?", [_hasher.hash(password), member.id])
        db.conn.execute("delete from staff_sessions where staff_id = ?", [member.id])


def disable_staff(db: sqlite_utils.Database, *, name: str) -> None:
    """Lock the account and end its open sessions; escalations it worked keep its name."""
    member = find_staff(db, name=name)
    if member is None:
        raise StaffError(f"no staff member {name!r}")
    with db.atomic():
        db.conn.execute("update staff set disabled = 1 where id = ?", [member.id])
        db.conn.execute("delete from staff_sessions where staff_id = ?", [member.id])


def login_record(db: sqlite_utils.Database, *, name: str) -> tuple[StaffMember, str] | None:
    """The active member with this name and their password hash (``None`` when there is none)."""
    rows = list(db.table("staff").rows_where("name = ? and not disabled", [name]))
    return (StaffMember.from_row(rows[0]), rows[0]["password_hash"]) if rows else None


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; without a hash it spends the same time and says no.

    argon2 takes tens of milliseconds of CPU on purpose: the gateway runs this on a worker
    thread, never on its event loop or its database thread.

    >>> verify_password(None, "anything")
    False
    """
    if password_hash is None:
        _hasher.hash(password)  # spend the same time as a real check
        return False
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def authenticate(db: sqlite_utils.Database, *, name: str, password: str) -> StaffMember:
    """The active member with this name and password, or :class:`BadCredentials` (for the command line)."""
    found = login_record(db, name=name)
    if not verify_password(found[1] if found else None, password) or found is None:
        raise BadCredentials(name)
    return found[0]


def open_session(db: sqlite_utils.Database, *, staff_id: int, hours: float) -> tuple[str, str]:
    """A new login session: ``(token for the cookie, CSRF token for the page)``."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    expires = datetime.now(timezone.utc) + timedelta(hours=hours)
    with db.atomic():
        db.conn.execute(
            "insert into staff_sessions (token_hash, staff_id, csrf_token, created_at, expires_at)"
            " values (?, ?, ?, ?, ?)",
            [_digest(token), staff_id, csrf, now(), expires.isoformat(timespec="seconds")],
        )
    return token, csrf


def _stamp(at: datetime) -> str:
    return at.isoformat(timespec="seconds")


def find_session(db: sqlite_utils.Database, *, token: str, idle_minutes: float | None = None) -> StaffSession | None:
    """The live session of an active member for this cookie token, if any.

    A session past its expiry, or idle for more than ``idle_minutes``, is deleted and not
    found. Use marks it seen (at most once a minute, to spare the database a write per request).
    """
    rows = list(db.table("staff_sessions").rows_where("token_hash = ?", [_digest(token)]))
    if not rows:
        return None
    row, at = rows[0], datetime.now(timezone.utc)
    seen = row.get("last_seen_at") or row["created_at"]
    idle = idle_minutes is not None and datetime.fromisoformat(seen) < at - timedelta(minutes=idle_minutes)
    if row["expires_at"] < _stamp(at) or idle:
        with db.atomic():
            db.conn.execute("delete from staff_sessions where token_hash = ?", [row["token_hash"]])
        return None
    member = db.table("staff").get(row["staff_id"])
    if member["disabled"]:
        return None
    if datetime.fromisoformat(seen) < at - timedelta(seconds=SEEN_EVERY_S):
        with db.atomic():
            db.conn.execute(
                "update staff_sessions set last_seen_at = ? where token_hash = ?", [now(), row["token_hash"]]
            )
    return StaffSession(StaffMember.from_row(member), row["csrf_token"], row["expires_at"])


def delete_stale_sessions(db: sqlite_utils.Database, *, idle_minutes: float) -> int:
    """Delete the sessions that expired or went idle; returns how many."""
    at = datetime.now(timezone.utc)
    with db.atomic():
        cursor = db.conn.execute(
            "delete from staff_sessions where expires_at < ? or coalesce(last_seen_at, created_at) < ?",
            [_stamp(at), (at - timedelta(minutes=idle_minutes)).isoformat(timespec="milliseconds")],
        )
    return int(cursor.rowcount)


def close_session(db: sqlite_utils.Database, *, token: str) -> None:
    with db.atomic():
        db.conn.execute("delete from staff_sessions where token_hash = ?", [_digest(token)])
