"""DESIGN §1 layering, read off the folders: who may import whom, where SQL may live.

Each rule names a folder, so a module added there is checked without being listed here.
Imports are followed through the project, so a layer cannot reach a forbidden package by
way of another module either.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = {"bot", "handlers", "storage"}
# Storage's public face: the repository protocols and the typed rows they pass.
STORAGE_PUBLIC = {"storage", "storage.models"}
# The only places that may name python-telegram-bot: the adapters, the composition root
# that builds the Application, and the offline stand-in that plays the Bot API.
TELEGRAM_ALLOWED = ("handlers", "bot/telegram", "bot/app", "bot/offline")


def modules(folder: str) -> list[Path]:
    """Every Python module under ``folder``."""
    return sorted((ROOT / folder).rglob("*.py"))


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def source_of(module: str) -> Path | None:
    path = ROOT / (module.replace(".", "/") + ".py")
    if path.exists():
        return path
    package = ROOT / module.replace(".", "/") / "__init__.py"
    return package if package.exists() else None


@cache
def imports(path: Path) -> frozenset[str]:
    """Every module ``path`` imports, by its full dotted name (``from a import b`` gives
    ``a`` and ``a.b``, since ``b`` may be a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return frozenset(found)


def reached(path: Path) -> dict[str, Path]:
    """Every module reachable from ``path`` by imports, with the project module that
    imports it first (outside packages are not followed further)."""
    seen: dict[str, Path] = {}
    todo = [path]
    visited: set[Path] = set()
    while todo:
        current = todo.pop()
        if current in visited:
            continue
        visited.add(current)
        for name in imports(current):
            seen.setdefault(name, current)
            if name.split(".")[0] in PROJECT and (found := source_of(name)) is not None:
                todo.append(found)
    return seen


def top(name: str) -> str:
    return name.split(".", maxsplit=1)[0]


def storage_internal(name: str) -> bool:
    """A storage module outside the public face. A name taken from a public module
    (``from storage.models import Person`` gives ``storage.models.Person``) is public."""
    if top(name) != "storage" or name in STORAGE_PUBLIC:
        return False
    return source_of(name) is not None or name.rsplit(".", 1)[0] not in STORAGE_PUBLIC


def offending(path: Path, bad: object) -> list[str]:
    assert callable(bad)
    return sorted(
        f"{name} (imported by {module_name(by)})" for name, by in reached(path).items() if bad(name)
    )


@pytest.mark.parametrize("path", modules("storage"), ids=module_name)
def test_storage_imports_nothing_of_the_bot(path: Path) -> None:
    assert not offending(path, lambda n: top(n) in {"bot", "handlers", "telegram"})


@pytest.mark.parametrize("path", [*modules("bot/core"), *modules("bot/render")], ids=module_name)
def test_core_and_render_import_neither_telegram_nor_storage_internals(path: Path) -> None:
    assert not offending(path, lambda n: top(n) == "telegram" or storage_internal(n))


@pytest.mark.parametrize("path", modules("bot/core"), ids=module_name)
def test_core_imports_no_other_layer(path: Path) -> None:
    others = ("bot.services", "bot.render", "bot.telegram", "bot.jobs", "bot.app", "bot.cli")
    assert not offending(path, lambda n: n.startswith(others) or top(n) == "handlers")


@pytest.mark.parametrize("path", [*modules("bot/services"), *modules("bot/jobs")], ids=module_name)
def test_services_and_jobs_never_reach_telegram(path: Path) -> None:
    assert not offending(path, lambda n: top(n) == "telegram" or n.startswith("bot.telegram"))


@pytest.mark.parametrize("path", modules("bot/services"), ids=module_name)
def test_services_know_storage_only_by_its_protocols(path: Path) -> None:
    assert not offending(path, storage_internal)


@pytest.mark.parametrize(
    "path",
    [p for p in modules("bot") if not str(p.relative_to(ROOT)).startswith(TELEGRAM_ALLOWED)],
    ids=module_name,
)
def test_only_the_adapters_import_telegram(path: Path) -> None:
    assert not any(top(name) == "telegram" for name in imports(path))


@pytest.mark.parametrize("path", modules("handlers"), ids=module_name)
def test_handlers_run_no_sql(path: Path) -> None:
    source = path.read_text("utf-8")
    direct = {n for n in imports(path) if storage_internal(n) or top(n) in {"sqlite3", "aiosqlite"}}
    assert not direct, "handlers may name storage's protocols and rows, nothing more"
    for word in ("SELECT ", "INSERT ", "UPDATE ", "DELETE "):
        assert word not in source


def test_nothing_stands_beside_the_layers() -> None:
    loose = {p.name for p in (ROOT / "bot").iterdir() if p.is_file()}
    assert loose <= {"__init__.py", "__main__.py", "settings.py"}


@pytest.mark.parametrize(
    "package", sorted(p.parent for p in (ROOT / "bot").rglob("__init__.py")), ids=str
)
def test_every_layer_says_what_belongs_in_it(package: Path) -> None:
    if package == ROOT / "bot":
        return
    docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text("utf-8")))
    assert docstring, f"{package.relative_to(ROOT)}/__init__.py needs a one-line docstring"
