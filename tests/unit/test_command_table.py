"""bot.app.command_table: one row per command gives its handler, menu and /help line."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.app.command_table import COMMANDS, help_lines, offered_to

ROOT = Path(__file__).resolve().parents[2]
STAFF = {"start", "help", "report", "today", "undo", "progress", "year", "deadlines", "done",
         "mute", "unmute", "lang"}  # fmt: skip
MANAGER = STAFF | {"missing", "digest", "export", "deadline"}


def test_names_are_unique_and_every_handler_is_a_coroutine() -> None:
    names = [c.name for c in COMMANDS]
    assert len(names) == len(set(names))
    assert all(inspect.iscoroutinefunction(c.callback) for c in COMMANDS)


@pytest.mark.parametrize(
    ("role", "names"),
    [("staff", STAFF), ("manager", MANAGER), ("admin", MANAGER | {"invite", "opening", "branch"})],
)
def test_each_role_is_offered_its_commands(role: str, names: set[str]) -> None:
    assert {c.name for c in offered_to(role)} == names  # type: ignore[arg-type]


def test_help_lists_lines_in_menu_order_and_never_a_command_above_the_role() -> None:
    staff = help_lines("staff")
    assert staff[0].startswith("/start") and staff[1].startswith("/report")
    assert not any(f"/{name}" in line for line in staff for name in ("export", "missing"))
    admin = help_lines("admin")
    assert admin[-3].startswith("/invite")
    assert admin[-2].startswith("/opening") and admin[-1].startswith("/branch")


@pytest.mark.parametrize("role", ["staff", "manager", "admin"])
def test_help_names_every_command_the_role_may_use(role: str) -> None:
    """A manager's /help once left out /missing and /digest: every command is named."""
    lines = help_lines(role)  # type: ignore[arg-type]
    named = {word.lstrip("/") for line in lines for word in re.findall(r"/[a-z]+", line)}
    assert {c.name for c in offered_to(role)} <= named  # type: ignore[arg-type]


def test_managers_see_their_own_today_line() -> None:
    """A manager's /today is the whole system's day, and the menu and /help say so."""
    [today] = [c for c in COMMANDS if c.name == "today"]
    assert today.help_for("manager") == today.help_for("admin") != today.help_for("staff")
    assert today.menu_for("manager") != today.menu_for("staff")
    assert "every branch" in (today.help_for("manager") or "")


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_menu_and_help_line_is_in_both_catalogs(locale: str) -> None:
    path = ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    for command in COMMANDS:
        lines = (command.menu, command.help, command.manager_menu, command.manager_help)
        for msgid in filter(None, lines):
            message = catalog.get(msgid)
            assert message is not None and message.string, f"/{command.name}: {msgid!r}"
