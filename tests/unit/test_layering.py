"""DESIGN §1 layering, checked on the source: who may import whom, where SQL may live."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE_CORE = [
    "bot/chart.py",
    "bot/clock.py",
    "bot/dates.py",
    "bot/deadline_outcomes.py",
    "bot/deadline_rules.py",
    "bot/digest.py",
    "bot/event_titles.py",
    "bot/i18n.py",
    "bot/metrics.py",
    "bot/numbers.py",
    "bot/outcomes.py",
    "bot/parsing.py",
    "bot/plausibility.py",
    "bot/progress.py",
    "bot/weeks.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "bot/render").glob("*.py")),
]


def imports(path: Path) -> set[str]:
    """Top-level package names a module imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def project_closure(module: str) -> set[str]:
    """Every project module reachable from ``module`` by imports."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = ROOT / (name.replace(".", "/") + ".py")
        if not path.exists():
            path = ROOT / name.replace(".", "/") / "__init__.py"
        if not path.exists():
            continue
        todo.extend(i for i in imports(path) if i.split(".")[0] in {"bot", "storage", "handlers"})
    return seen


@pytest.mark.parametrize("path", sorted((ROOT / "storage").rglob("*.py")), ids=str)
def test_storage_never_imports_telegram(path: Path) -> None:
    assert not any(i.split(".")[0] in {"telegram", "handlers"} for i in imports(path))


@pytest.mark.parametrize("relative", PURE_CORE)
def test_pure_core_imports_neither_telegram_nor_storage(relative: str) -> None:
    module = relative.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    reached = project_closure(module)
    for name in reached:
        path = ROOT / (name.replace(".", "/") + ".py")
        if not path.exists():
            path = ROOT / name.replace(".", "/") / "__init__.py"
        bad = {i for i in imports(path) if i.split(".")[0] in {"telegram", "storage"}}
        assert not bad, f"{relative} reaches {name}, which imports {bad}"


@pytest.mark.parametrize("path", sorted((ROOT / "handlers").glob("*.py")), ids=str)
def test_handlers_run_no_sql(path: Path) -> None:
    source = path.read_text("utf-8")
    reached = {i for i in imports(path) if i.split(".")[0] in {"storage", "sqlite3", "aiosqlite"}}
    assert reached <= {"storage.models"}, "handlers may name storage's typed rows, nothing more"
    for word in ("SELECT ", "INSERT ", "UPDATE ", "DELETE "):
        assert word not in source
