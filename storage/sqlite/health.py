"""A database looked at without changing it: ``libbot check`` opens it read-only."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from storage.models import BranchChangeRow
from storage.sqlite.migrations import available_migrations


@dataclass(frozen=True, slots=True)
class DatabaseHealth:
    """What a look at the file found; ``problem`` is None when it can be used."""

    version: int
    latest: int
    integrity: str  # "ok", or SQLite's first complaint
    unhandled: int  # inbox entries waiting to be handled
    problem: str | None
    branch_changes: tuple[BranchChangeRow, ...] = ()  # branches added, renamed, closed in chat


def inspect_database(path: Path) -> DatabaseHealth:
    """Open ``path`` read-only: its schema version, integrity and waiting updates."""
    latest = len(available_migrations())
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return DatabaseHealth(0, latest, "unknown", 0, f"cannot be opened: {error}")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        integrity = str(conn.execute("PRAGMA integrity_check(1)").fetchone()[0])
        unhandled = 0
        if version >= 6:
            row = conn.execute("SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL").fetchone()
            unhandled = int(row[0])
        changes = _branch_changes(conn, version)
    except sqlite3.Error as error:
        return DatabaseHealth(0, latest, "unknown", 0, f"cannot be read: {error}")
    finally:
        conn.close()
    problem = None
    if integrity != "ok":
        problem = f"is damaged: {integrity}"
    elif version > latest:
        problem = f"is at schema version {version}, newer than this libbot ({latest})"
    return DatabaseHealth(version, latest, integrity, unhandled, problem, changes)


def read_branch_changes(path: Path) -> tuple[BranchChangeRow, ...]:
    """The branch changes made in chat, in order, read from ``path`` opened read-only
    (none when it cannot be read: a missing, damaged or foreign file)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return ()
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        return _branch_changes(conn, version)
    except sqlite3.Error:
        return ()
    finally:
        conn.close()


def _branch_changes(conn: sqlite3.Connection, version: int) -> tuple[BranchChangeRow, ...]:
    if version < 8:  # before migration 0008 there were none
        return ()
    return tuple(
        BranchChangeRow(action, code, name, kind, parent,
                        dt.date.fromisoformat(day) if day else None,
                        changed_by, dt.datetime.fromisoformat(changed_at))
        for action, code, name, kind, parent, day, changed_by, changed_at in conn.execute(
            "SELECT action, code, name, kind, parent, day, changed_by, changed_at"
            " FROM branch_changes ORDER BY id"
        )
    )  # fmt: skip
