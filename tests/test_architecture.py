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


# Inside knowledge: each part may import only the parts listed (and itself). The top-level
# modules compose them: settings and rebuild may import any part; texts and payloads are
# leaves the parts share.
KNOWLEDGE_PARTS = {
    "documents": {"texts"},
    "search": {"documents"},
    "services": {"documents", "search", "texts", "payloads"},  # search: the tokenizer recognition shares
    "answering": {"documents", "search", "services", "texts", "payloads"},
    "texts": set(),
    "contacts": {"services", "texts"},
    "payloads": {"documents"},
    "settings": {"documents", "search", "services"},
    "rebuild": {"documents", "search", "services", "settings", "texts", "contacts"},
}


def knowledge_imports(path: Path) -> set[str]:
    """The parts of knowledge that ``path`` imports, at any depth of the module (lazy imports count)."""
    parts: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] if node.module != "knowledge" else [f"knowledge.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        parts.update(n.split(".")[1] for n in names if n.startswith("knowledge."))
    return parts


def part_of(path: Path) -> str:
    relative = path.relative_to(PROJECT_ROOT / "knowledge")
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def test_knowledge_parts_import_only_the_layers_below() -> None:
    offenders = {}
    for path in (PROJECT_ROOT / "knowledge").rglob("*.py"):
        part = part_of(path)
        if part == "__init__":
            continue
        assert part in KNOWLEDGE_PARTS, f"{path}: a new part of knowledge needs its place in KNOWLEDGE_PARTS"
        wrong = knowledge_imports(path) - KNOWLEDGE_PARTS[part] - {part}
        if wrong:
            offenders[str(path.relative_to(PROJECT_ROOT))] = sorted(wrong)
    assert offenders == {}


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


def route_imports(path: Path) -> set[str]:
    """The modules of ``api/routes`` that the route module at ``path`` imports (relative imports resolved)."""
    package = ["api", "routes"]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names: list[list[str]] = []
        if isinstance(node, ast.Import):
            names = [alias.name.split(".") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = base + (node.module.split(".") if node.module else [])
            names = [[*module, alias.name] for alias in node.names]
        for name in names:
            if name[:2] == package:
                found.add(".".join(name[:3]))
    return found


def test_route_modules_do_not_import_each_other() -> None:
    """Routes share code through api.deps, api.errors and api.schemas, never through another route module."""
    routes = sorted((PROJECT_ROOT / "api" / "routes").glob("*.py"))
    offenders = {path.stem: sorted(found) for path in routes if (found := route_imports(path))}
    assert offenders == {}
