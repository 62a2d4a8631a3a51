"""The layers keep to their side (ARCHITECTURE.md): what may import what, SQL only in `db/`, and
no import cycle anywhere in the product. Read from the source, so a new module is checked too."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "services", "db")
# The composition root wires routers into the dispatcher; the sandbox is the fake Telegram.
WIRING = {"bot.factory"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


MODULES = _modules()
GRAPH = {name: {m for m in _imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def _imported_roots(name: str) -> set[str]:
    return {m.split(".")[0] for m in _imports(MODULES[name])}


def test_there_is_no_import_cycle() -> None:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in GRAPH[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in sorted(GRAPH):
        if name not in index:
            visit(name)
    assert cycles == []


def test_the_domain_and_the_database_know_nothing_of_telegram() -> None:
    offenders = {
        n for n in MODULES if n.split(".")[0] in ("services", "db") and "aiogram" in _imported_roots(n)
    }
    assert offenders == set()


def test_the_database_layer_imports_no_layer_above_it() -> None:
    above = {"services", "handlers", "bot"}
    assert {n for n in MODULES if n.startswith("db") and _imported_roots(n) & above} == set()


def test_services_import_no_telegram_layer() -> None:
    assert {
        n for n in MODULES if n.startswith("services") and _imported_roots(n) & {"handlers", "bot"}
    } == set()


def test_handlers_import_nothing_from_the_database() -> None:
    assert {n for n in MODULES if n.startswith("handlers") and "db" in _imported_roots(n)} == set()


def test_the_bots_workers_do_not_reach_into_handlers() -> None:
    offenders = {
        n
        for n in MODULES
        if n.startswith("bot")
        and n not in WIRING
        and not n.startswith("bot.sandbox")
        and "handlers" in _imported_roots(n)
    }
    assert offenders == set()


SQL = re.compile(r"\bselect\(|(?<![\w.])session\.")


def test_sql_lives_only_in_the_database_layer() -> None:
    offenders = {
        f"{name}:{number}"
        for name, path in MODULES.items()
        if not name.startswith(("db", "bot.sandbox"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SQL.search(line.split("#")[0])
    }
    assert offenders == set()


def test_handlers_stay_thin() -> None:
    """A handler parses the press, asks a service and renders: nothing in `handlers/` needs
    more than 40 lines."""
    long = set()
    for name, path in MODULES.items():
        if not name.startswith("handlers"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                and node.end_lineno - node.lineno >= 40
            ):
                long.add(f"{name}.{node.name}")
    assert long == set()
