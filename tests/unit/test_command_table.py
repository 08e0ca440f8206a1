"""bot.app.command_table: one row per command gives its handler, menu and /help line."""

from __future__ import annotations

import inspect
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
    assert staff[0].startswith("/today") and all("/export" not in line for line in staff)
    admin = help_lines("admin")
    assert admin[: len(staff)] == staff and admin[-3].startswith("/invite")
    assert admin[-2].startswith("/opening") and admin[-1].startswith("/branch")


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_menu_and_help_line_is_in_both_catalogs(locale: str) -> None:
    path = ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    for command in COMMANDS:
        for msgid in filter(None, (command.menu, command.help)):
            message = catalog.get(msgid)
            assert message is not None and message.string, f"/{command.name}: {msgid!r}"
