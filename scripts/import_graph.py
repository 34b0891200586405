"""Print the import graph inside a package: each module, its size and what it imports.

Imports inside functions count too (a lazy import is still a dependency). With
``--parts`` the graph is folded to the package's subpackages, which is the view
``docs/architecture.md`` draws.

    .venv/bin/python scripts/import_graph.py knowledge
    .venv/bin/python scripts/import_graph.py knowledge --parts
"""

from __future__ import annotations

import argparse
import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, package: str) -> set[str]:
    """The modules of ``package`` that ``path`` imports (absolute imports only)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == package:
                found.update(f"{package}.{a.name}" for a in node.names)
            elif node.module.startswith(package + "."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith(package + "."))
    return found


def graph(package: str) -> dict[str, tuple[int, set[str]]]:
    """Module → (line count, imported modules of the same package)."""
    out: dict[str, tuple[int, set[str]]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        name = module_name(path)
        lines = len(path.read_text("utf-8").splitlines())
        out[name] = (lines, imports_of(path, package) - {name})
    return out


def part_of(module: str, package: str) -> str:
    """``knowledge.search.lexical`` → ``search``; a top-level module is its own part."""
    if module == package:
        return "(package)"
    return module.removeprefix(package + ".").split(".")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package")
    parser.add_argument("--parts", action="store_true", help="fold modules into their subpackages")
    args = parser.parse_args()
    modules = graph(args.package)
    if not args.parts:
        for name, (lines, deps) in modules.items():
            short = sorted(d.removeprefix(args.package + ".") for d in deps)
            label = "(package)" if name == args.package else name.removeprefix(args.package + ".")
            print(f"{label:28s} {lines:4d}  → {', '.join(short)}")
        print(f"{len(modules)} modules, {sum(n for n, _ in modules.values())} lines")
        return
    folded: dict[str, set[str]] = defaultdict(set)
    sizes: dict[str, int] = defaultdict(int)
    for name, (lines, deps) in modules.items():
        part = part_of(name, args.package)
        sizes[part] += lines
        folded[part].update(p for d in deps if (p := part_of(d, args.package)) != part)
    for part in sorted(sizes):
        print(f"{part:14s} {sizes[part]:5d} lines  → {', '.join(sorted(folded[part]))}")


if __name__ == "__main__":
    main()
