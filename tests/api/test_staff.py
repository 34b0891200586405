"""Staff accounts and sessions in the store."""

from __future__ import annotations

import pytest
import sqlite_utils

from api.store.database import open_database
from api.store.staff import (
    BadCredentials,
    StaffError,
    add_staff,
    authenticate,
    close_session,
    disable_staff,
    find_session,
    open_session,
    set_password,
)

PASSWORD = "correct-horse-1"


@pytest.fixture
def db() -> sqlite_utils.Database:
    db = open_database(":memory:")
    add_staff(db, name="wang", password=PASSWORD, departments=["环评处"], role="agent")
    return db


def test_the_password_is_stored_only_as_an_argon2_hash(db: sqlite_utils.Database) -> None:
    [row] = list(db["staff"].rows)
    assert row["password_hash"].startswith("$argon2id$") and PASSWORD not in row["password_hash"]


@pytest.mark.parametrize(
    ("name", "password", "role", "message"),
    [
        ("wang", PASSWORD, "agent", "already exists"),
        ("li", "short", "agent", "at least 10"),
        ("li", PASSWORD, "boss", "role must be"),
        ("  ", PASSWORD, "agent", "must not be empty"),
    ],
)
def test_bad_accounts_are_refused(db: sqlite_utils.Database, name: str, password: str, role: str, message: str) -> None:
    with pytest.raises(StaffError, match=message):
        add_staff(db, name=name, password=password, departments=[], role=role)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "password"), [("wang", "wrong-password"), ("nobody", PASSWORD)])
def test_wrong_name_or_password_is_refused(db: sqlite_utils.Database, name: str, password: str) -> None:
    with pytest.raises(BadCredentials):
        authenticate(db, name=name, password=password)


def test_disabling_locks_the_account_and_ends_its_sessions(db: sqlite_utils.Database) -> None:
    member = authenticate(db, name="wang", password=PASSWORD)
    token, _ = open_session(db, staff_id=member.id, hours=1)
    disable_staff(db, name="wang")
    assert find_session(db, token=token) is None
    with pytest.raises(BadCredentials):
        authenticate(db, name="wang", password=PASSWORD)


def test_a_new_password_ends_old_sessions(db: sqlite_utils.Database) -> None:
    member = authenticate(db, name="wang", password=PASSWORD)
    token, _ = open_session(db, staff_id=member.id, hours=1)
    set_password(db, name="wang", password="another-pass-2")
    assert find_session(db, token=token) is None
    assert authenticate(db, name="wang", password="another-pass-2").name == "wang"


def test_sessions_expire_and_close(db: sqlite_utils.Database) -> None:
    member = authenticate(db, name="wang", password=PASSWORD)
    expired, _ = open_session(db, staff_id=member.id, hours=-1)
    assert find_session(db, token=expired) is None
    token, csrf = open_session(db, staff_id=member.id, hours=1)
    session = find_session(db, token=token)
    assert session is not None and session.csrf_token == csrf
    assert token not in {r["token_hash"] for r in db["staff_sessions"].rows}
    close_session(db, token=token)
    assert find_session(db, token=token) is None
