"""Dated tasks and each branch's part of them: ``deadlines`` and ``deadline_parts``."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence

from storage.models import Deadline, NewDeadline, Part
from storage.sqlite.db import Database

_FIRST_DAY = dt.date(1, 1, 1)


def _stamp(moment: dt.datetime) -> str:
    """UTC, so stored moments compare as text whatever the clock's zone."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


class SqliteDeadlinesRepo:
    """Deadlines and their parts in ``deadlines`` and ``deadline_parts``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, deadlines: Iterable[NewDeadline], now: dt.datetime) -> list[int]:
        """Store deadlines and their parts in one transaction; returns the new ids.

        A deadline whose ``org_key`` is stored already is skipped, so applying the
        organisation file twice adds nothing.
        """
        added = []
        async with self._db.transaction() as conn:
            for new in deadlines:
                cursor = await conn.execute(
                    "INSERT INTO deadlines (title, due, remind, org_key, created_by, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (org_key) DO NOTHING",
                    (
                        new.title,
                        new.due.isoformat(),
                        ",".join(str(days) for days in new.remind),
                        new.org_key,
                        new.created_by,
                        _stamp(now),
                    ),
                )
                if cursor.rowcount != 1 or cursor.lastrowid is None:
                    continue
                added.append(cursor.lastrowid)
                await conn.executemany(
                    "INSERT INTO deadline_parts (deadline_id, branch) VALUES (?, ?)",
                    [(cursor.lastrowid, branch) for branch in new.branches],
                )
        return added

    async def get(self, deadline_id: int) -> Deadline | None:
        """The deadline with this id, cancelled or not."""
        rows = await self._db.fetchall(
            f"{_SELECT} WHERE d.id = ? ORDER BY p.branch", (deadline_id,)
        )
        found = _group(rows)
        return found[0] if found else None

    async def unfinished(
        self,
        due_to: dt.date,
        due_from: dt.date = _FIRST_DAY,
        done_before: dt.datetime | None = None,
    ) -> list[Deadline]:
        """Deadlines due from ``due_from`` to ``due_to`` that are not cancelled and have a part
        still owed — or, given ``done_before``, owed at that moment. Soonest first."""
        cut = None if done_before is None else _stamp(done_before)
        rows = await self._db.fetchall(
            f"{_SELECT} WHERE d.cancelled_at IS NULL AND d.due BETWEEN ? AND ?"
            " AND EXISTS (SELECT 1 FROM deadline_parts o WHERE o.deadline_id = d.id"
            " AND (o.done_at IS NULL OR o.done_at >= ?))"
            " ORDER BY d.due, d.id, p.branch",
            (due_from.isoformat(), due_to.isoformat(), cut),
        )
        return _group(rows)

    async def mark_done(
        self, deadline_id: int, branches: Sequence[str], user_id: int, now: dt.datetime
    ) -> tuple[str, ...]:
        """Mark these branches' parts done by ``user_id``; returns those that were still owed.

        A cancelled deadline's parts are left alone.
        """
        marked = []
        async with self._db.transaction() as conn:
            for branch in branches:
                cursor = await conn.execute(
                    "UPDATE deadline_parts SET done_at = ?, done_by = ?"
                    " WHERE deadline_id = ? AND branch = ? AND done_at IS NULL AND EXISTS"
                    " (SELECT 1 FROM deadlines WHERE id = ? AND cancelled_at IS NULL)",
                    (_stamp(now), user_id, deadline_id, branch, deadline_id),
                )
                if cursor.rowcount == 1:
                    marked.append(branch)
        return tuple(marked)

    async def cancel(self, deadline_id: int, now: dt.datetime) -> bool:
        """Cancel a deadline; False when there is none by that id or it was cancelled before."""
        changed = await self._db.execute(
            "UPDATE deadlines SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL",
            (_stamp(now), deadline_id),
        )
        return changed == 1


_SELECT = (
    "SELECT d.id, d.title, d.due, d.remind, d.org_key, d.created_by, d.cancelled_at,"
    " p.branch, p.done_at, p.done_by"
    " FROM deadlines d JOIN deadline_parts p ON p.deadline_id = d.id"
)


def _group(rows: list[sqlite3.Row]) -> list[Deadline]:
    """Joined rows (ordered by deadline) as deadlines with their parts."""
    heads: dict[int, sqlite3.Row] = {}
    parts: dict[int, list[Part]] = {}
    for row in rows:
        heads.setdefault(row["id"], row)
        done_at = None if row["done_at"] is None else dt.datetime.fromisoformat(row["done_at"])
        parts.setdefault(row["id"], []).append(Part(row["branch"], done_at, row["done_by"]))
    return [
        Deadline(
            id=key,
            title=row["title"],
            due=dt.date.fromisoformat(row["due"]),
            remind=tuple(int(days) for days in row["remind"].split(",") if days),
            org_key=row["org_key"],
            created_by=row["created_by"],
            cancelled=row["cancelled_at"] is not None,
            parts=tuple(parts[key]),
        )
        for key, row in heads.items()
    ]
