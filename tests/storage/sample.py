"""The sample organisation and helpers that read tables directly (no repository code)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from storage.models import BranchRow, FigureChange, ReportOutcome, RosterEntry
from storage.sqlite.db import Database

Record = Callable[..., Awaitable[ReportOutcome]]  # the ``record`` fixture

NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.UTC)
DAY = dt.date(2026, 11, 20)

# The child comes first: sync_roster must insert parents before children.
BRANCHES = (
    BranchRow("jiaolou", "角楼图书馆", "branch", "main", frozenset()),
    BranchRow("main", "东城区第一图书馆（总馆）", "central", None, frozenset({0})),
)
PEOPLE = (
    RosterEntry(1001, "王芳", "staff", ("jiaolou",)),
    RosterEntry(2001, "李强", "manager", ("main", "jiaolou")),
    RosterEntry(3001, "赵敏", "admin", ()),
)


async def stored_figures(db: Database) -> dict[tuple[str, str, str], int]:
    """Every figure: (branch, ISO day, metric) -> value."""
    rows = await db.fetchall("SELECT branch, day, metric, value FROM figures")
    return {(r["branch"], r["day"], r["metric"]): r["value"] for r in rows}


async def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """The content of every table, for "nothing changed" assertions."""
    tables = await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return {
        t["name"]: [tuple(r) for r in await db.fetchall(f'SELECT * FROM "{t["name"]}" ORDER BY 1')]
        for t in tables
    }


async def history(db: Database, report_id: int | None = None) -> list[dict[str, Any]]:
    """History rows (oldest first), optionally only those of one report."""
    sql = (
        "SELECT branch, day, metric, old_value, new_value, action, report_id, changed_by,"
        " changed_at, chat_id, message_id FROM figure_history"
    )
    params: tuple[int, ...] = ()
    if report_id is not None:
        sql += " WHERE report_id = ?"
        params = (report_id,)
    return [dict(r) for r in await db.fetchall(sql + " ORDER BY id", params)]


def moves(changes: tuple[FigureChange, ...]) -> set[tuple[str, str, str, int | None, int | None]]:
    """Changes as comparable tuples: (branch, ISO day, metric, old, new)."""
    return {(c.branch, c.day.isoformat(), c.metric, c.old, c.new) for c in changes}


async def closures(db: Database) -> set[tuple[str, str, int]]:
    """Every closure: (branch, ISO day, report id)."""
    rows = await db.fetchall("SELECT branch, day, report_id FROM closures")
    return {(r["branch"], r["day"], r["report_id"]) for r in rows}
