"""``ecoassist staff …`` against a real database file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import main
from api.settings import get_settings
from api.store.database import open_database
from api.store.staff import authenticate


def run(*args: str, stdin: str = "") -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.output


def test_add_list_passwd_disable(home: Path) -> None:
    assert run("staff", "add", "wang", "--department", "环评处", "--password-stdin", stdin="first-pass-1\n")[0] == 0
    code, out = run("staff", "add", "admin", "--admin", stdin="admin-pass-1\nadmin-pass-1\n")
    assert code == 0 and "added admin admin" in out
    assert run("staff", "list")[1].splitlines() == ["admin\tadmin\t-\tactive", "wang\tagent\t环评处\tactive"]
    assert run("staff", "passwd", "wang", "--password-stdin", stdin="second-pass-2\n")[0] == 0
    db = open_database(get_settings().database_path)
    assert authenticate(db, name="wang", password="second-pass-2").name == "wang"
    assert run("staff", "disable", "wang")[0] == 0
    assert "wang\tagent\t环评处\tdisabled" in run("staff", "list")[1]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["staff", "add", "wang", "--password-stdin"], "first-pass-1\n", "needs at least one --department"),
        (["staff", "add", "wang", "--department", "环评处", "--password-stdin"], "short\n", "at least 10"),
        (["staff", "passwd", "nobody", "--password-stdin"], "first-pass-1\n", "no staff member 'nobody'"),
        (["staff", "disable", "nobody"], "", "no staff member 'nobody'"),
    ],
)
def test_mistakes_are_explained(home: Path, args: list[str], stdin: str, message: str) -> None:
    code, out = run(*args, stdin=stdin)
    assert code != 0 and message in out
