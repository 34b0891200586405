"""House rules that code review would otherwise have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

FORBIDDEN = {
    "knowledge": {"rasa", "rasa_sdk", "fastapi", "starlette", "uvicorn", "api", "actions"},
    "actions": {"api", "fastapi", "rasa"},
    # Pipeline components run inside Rasa's own environment, which has none of the project's.
    "bot": {"api", "actions", "knowledge", "fastapi", "rasa_sdk"},
}


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_flow_one_way(package: str) -> None:
    offenders = {
        str(path.relative_to(PROJECT_ROOT)): sorted(imported_roots(path) & FORBIDDEN[package])
        for path in (PROJECT_ROOT / package).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_grab_bag_modules() -> None:
    names = {p.stem for pkg in ("bot", "knowledge", "actions", "api") for p in (PROJECT_ROOT / pkg).rglob("*.py")}
    assert not names & {"utils", "helpers", "misc", "common"}


@pytest.mark.parametrize("package", ["bot", "knowledge", "actions", "api"])
def test_modules_stay_small(package: str) -> None:
    too_long = {
        str(p.relative_to(PROJECT_ROOT)): n
        for p in (PROJECT_ROOT / package).rglob("*.py")
        if (n := len(p.read_text("utf-8").splitlines())) > 300
    }
    assert too_long == {}
