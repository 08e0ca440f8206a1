"""The one command table: each command's handler, who it is for, its menu line and its
/help line. The registration, the command menus and /help are all read from it."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import Update

from bot.core.org import Role
from bot.telegram.context import BotContext
from handlers import (
    branches,
    deadlines,
    digest,
    export,
    missing,
    opening,
    people,
    progress,
    reminders,
    reporting,
    year,
)
from handlers.common import ROLE_RANK

Callback = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs; it is translated for each reader when shown."""
    return message


@dataclass(frozen=True, slots=True)
class Command:
    """One slash command. ``menu`` and ``help`` are msgids, translated for each reader; a
    menu line may hold ``{figures}`` and ``{opening}``, filled with the reader's examples."""

    name: str
    callback: Callback
    role: Role  # the least role it is offered to (the handler still checks)
    menu: str  # its line in Telegram's command menu
    help: str | None = None  # its line in /help; None: said in another command's line
    private: bool = False  # only in private chats
    manager_menu: str | None = None  # managers' and admins' menu line, when it differs
    manager_help: str | None = None  # managers' and admins' /help line, when it differs

    def menu_for(self, role: Role) -> str:
        """The menu line a person with ``role`` sees."""
        return (self.manager_menu if _manages(role) else None) or self.menu

    def help_for(self, role: Role) -> str | None:
        """The /help line a person with ``role`` sees."""
        return (self.manager_help if _manages(role) else None) or self.help


# In menu order; /help lists the lines that have one in the same order.
COMMANDS: tuple[Command, ...] = (
    Command("start", people.start, "staff", N_("Start and see how to report"),
            N_("/start · /help — this help")),
    Command("help", people.help_command, "staff", N_("How to report figures")),
    Command("report", reporting.on_report, "staff", N_("Report figures: /report {figures}"),
            N_("/report &lt;figures&gt; — the same as sending them as a message"), private=True),
    Command("today", reporting.today, "staff", N_("What my branches reported today"),
            N_("/today — what your branches reported today"),
            manager_menu=N_("Today's figures of every branch, mine first"),
            manager_help=N_("/today — today's figures of every branch, yours first")),
    Command("undo", reporting.undo, "staff", N_("Take back my last report"),
            N_("/undo — take back your last report")),
    Command("progress", progress.progress, "staff", N_("The year so far against the plan"),
            N_("/progress — the year so far against the plan")),
    Command("year", year.year, "staff", N_("The year's statistics (年报): /year [2025]"),
            N_("/year [year] — the year's statistics, with the report as a workbook")),
    Command("deadlines", deadlines.deadlines, "staff", N_("Open task deadlines"),
            N_("/deadlines — open task deadlines · /done &lt;id&gt; — my part is done")),
    Command("done", deadlines.done, "staff",
            N_("My branch's part of a task is done: /done <id>")),
    Command("mute", reminders.mute, "staff", N_("Pause my reminders: /mute [days]"),
            N_("/mute [days] · /unmute — pause or resume your reminders")),
    Command("unmute", reminders.unmute, "staff", N_("Turn my reminders back on")),
    Command("lang", people.lang, "staff", N_("Language: 中文 / English"),
            N_("/lang — 中文 / English")),
    Command("missing", missing.missing, "manager",
            N_("Open branches that have not reported today"),
            N_("/missing — open branches that have not reported today")),
    Command("digest", digest.digest, "manager",
            N_("Preview the weekly digest: /digest [2026-W47]"),
            N_("/digest [week] — a preview of the weekly digest")),
    Command("export", export.export, "manager", N_("The figures as an Excel workbook"),
            N_("/export [year] — the figures as an Excel workbook")),
    Command("deadline", deadlines.deadline, "manager",
            N_("Set a task deadline: /deadline 12月5日 提交材料"),
            N_("/deadline &lt;date&gt; [#branch] &lt;task&gt; — set a task deadline")),
    Command("invite", people.invite, "admin", N_("Make a join link for a branch"),
            N_("/invite &lt;branch&gt; [staff|manager|admin] — a join link")),
    Command("opening", opening.opening, "admin",
            N_("Totals for months before the bot: /opening {opening}"),
            N_("/opening &lt;branch&gt; 1-11月 &lt;metric&gt; &lt;number&gt; … — "
               "totals for months before the bot")),
    Command("branch", branches.branch, "admin", N_("Add, rename or close a branch"),
            N_("/branch add|rename|close … — add, rename or close a branch")),
)  # fmt: skip


def offered_to(role: Role) -> tuple[Command, ...]:
    """The commands a person with ``role`` is offered, in menu order."""
    return tuple(c for c in COMMANDS if ROLE_RANK[c.role] <= ROLE_RANK[role])


def help_lines(role: Role) -> tuple[str, ...]:
    """The msgids of the /help lines a person with ``role`` sees."""
    return tuple(line for c in offered_to(role) if (line := c.help_for(role)) is not None)


def _manages(role: Role) -> bool:
    return ROLE_RANK[role] >= ROLE_RANK["manager"]
