"""Reports and figures: one value per (branch, day, metric), every change in the history.

Each write is one ``BEGIN IMMEDIATE … COMMIT``: the update id is claimed, the report row
and its figures are written and the history appended together, or nothing is.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable

import aiosqlite

from storage.db import Database
from storage.models import FigureChange, ReportOutcome, ReportWrite

Key = tuple[str, str, str]  # (branch, ISO day, metric)
Held = tuple[int | None, int | None]  # (value or None, the report it came from)


async def record_report(db: Database, write: ReportWrite) -> ReportOutcome:
    """Store a report, or apply a newer revision (an edit) of one already stored.

    The same update twice changes nothing (``duplicate``); an older revision of a
    message whose newer edit is already applied changes nothing (``stale``).
    """
    now = write.now.isoformat(timespec="seconds")
    async with db.transaction() as conn:
        if write.update_id is not None and not await _claim_update(conn, write.update_id, now):
            return await _duplicate_outcome(conn, write.update_id)
        existing = await _fetchone(
            conn,
            "SELECT id, revision, undone_at FROM reports WHERE chat_id = ? AND message_id = ?",
            (write.chat_id, write.message_id),
        )
        if existing is not None:
            report_id = int(existing["id"])
            if existing["undone_at"] is not None:
                return ReportOutcome("undone", report_id)
            if write.revision <= existing["revision"]:
                return ReportOutcome("stale", report_id)
            await conn.execute(
                "UPDATE reports SET revision = ?, branch = ?, day = ? WHERE id = ?",
                (write.revision, write.branch, write.day.isoformat(), report_id),
            )
            target = await _pre_report_values(conn, report_id)
            action = "edit"
        else:
            cursor = await conn.execute(
                "INSERT INTO reports (user_id, branch, day, chat_id, message_id, revision,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    write.user_id,
                    write.branch,
                    write.day.isoformat(),
                    write.chat_id,
                    write.message_id,
                    write.revision,
                    now,
                ),
            )
            report_id = int(cursor.lastrowid or 0)
            target: dict[Key, Held] = {}
            action = "report"
        day = write.day.isoformat()
        for metric, value in write.figures.items():
            target[(write.branch, day, metric)] = (value, report_id)
        changes = await _apply(conn, target, report_id, write, action, now)
        closed = await _apply_closure(conn, report_id, write, now)
        if write.update_id is not None:
            await conn.execute(
                "UPDATE handled_updates SET report_id = ? WHERE update_id = ?",
                (report_id, write.update_id),
            )
    status = "recorded" if changes or closed or action == "report" else "unchanged"
    return ReportOutcome(
        status,
        report_id,
        write.branch,
        write.day,
        tuple(changes),
        write.closed,
        dict(write.figures),
    )


async def undo_report(
    db: Database, report_id: int, user_id: int, now: dt.datetime, update_id: int | None = None
) -> ReportOutcome:
    """Take back what a report set: each figure returns to its value before the report."""
    stamp = now.isoformat(timespec="seconds")
    async with db.transaction() as conn:
        if update_id is not None and not await _claim_update(conn, update_id, stamp):
            return ReportOutcome("duplicate", report_id)
        row = await _fetchone(
            conn,
            "SELECT chat_id, message_id, branch, day, undone_at FROM reports WHERE id = ?",
            (report_id,),
        )
        if row is None or row["undone_at"] is not None:
            return ReportOutcome("undone", report_id)
        target = await _pre_report_values(conn, report_id)
        undo = ReportWrite(
            user_id=user_id,
            chat_id=row["chat_id"],
            message_id=row["message_id"],
            revision=0,
            branch=row["branch"],
            day=dt.date.fromisoformat(row["day"]),
            figures={},
            closed=False,
            now=now,
        )
        changes = await _apply(conn, target, report_id, undo, "undo", stamp)
        await conn.execute("DELETE FROM closures WHERE report_id = ?", (report_id,))
        await conn.execute("UPDATE reports SET undone_at = ? WHERE id = ?", (stamp, report_id))
    return ReportOutcome("recorded", report_id, undo.branch, undo.day, tuple(changes))


async def last_report_id(db: Database, user_id: int) -> int | None:
    """The newest report of ``user_id`` that has not been undone."""
    row = await db.fetchone(
        "SELECT id FROM reports WHERE user_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
        (user_id,),
    )
    return int(row["id"]) if row else None


async def report_owner(db: Database, report_id: int) -> int | None:
    """Who sent the report, or None when there is no such report."""
    row = await db.fetchone("SELECT user_id FROM reports WHERE id = ?", (report_id,))
    return int(row["user_id"]) if row else None


async def mark_replied(db: Database, update_id: int) -> None:
    """Note that the answer to ``update_id`` went out (after its commit)."""
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO handled_updates (update_id, handled_at, reply_sent)"
            " VALUES (?, datetime('now'), 1)"
            " ON CONFLICT (update_id) DO UPDATE SET reply_sent = 1",
            (update_id,),
        )


async def already_answered(db: Database, update_id: int) -> bool:
    """True when this update was handled and answered before."""
    row = await db.fetchone(
        "SELECT reply_sent FROM handled_updates WHERE update_id = ?", (update_id,)
    )
    return bool(row and row["reply_sent"])


async def _claim_update(conn: aiosqlite.Connection, update_id: int, now: str) -> bool:
    cursor = await conn.execute(
        "INSERT INTO handled_updates (update_id, handled_at) VALUES (?, ?)"
        " ON CONFLICT (update_id) DO NOTHING",
        (update_id, now),
    )
    return cursor.rowcount == 1


async def _duplicate_outcome(conn: aiosqlite.Connection, update_id: int) -> ReportOutcome:
    """The stored state of a report whose update was handled already."""
    row = await _fetchone(
        conn,
        "SELECT r.id, r.branch, r.day, r.undone_at FROM handled_updates h"
        " JOIN reports r ON r.id = h.report_id WHERE h.update_id = ?",
        (update_id,),
    )
    if row is None:
        return ReportOutcome("duplicate", None)
    figures = {
        r["metric"]: int(r["value"])
        for r in await conn.execute_fetchall(
            "SELECT metric, value FROM figures WHERE report_id = ?", (row["id"],)
        )
    }
    closed = await _fetchone(conn, "SELECT 1 FROM closures WHERE report_id = ?", (row["id"],))
    return ReportOutcome(
        "duplicate",
        int(row["id"]),
        row["branch"],
        dt.date.fromisoformat(row["day"]),
        figures=figures,
        closed=closed is not None,
    )


async def _pre_report_values(conn: aiosqlite.Connection, report_id: int) -> dict[Key, Held]:
    """For every figure the report still holds: the value before it, and that value's report."""
    rows = await conn.execute_fetchall(
        "SELECT f.branch, f.day, f.metric, first.old_value AS before,"
        " (SELECT p.report_id FROM figure_history p WHERE p.branch = f.branch"
        "  AND p.day = f.day AND p.metric = f.metric AND p.id < first.id"
        "  ORDER BY p.id DESC LIMIT 1) AS owner"
        " FROM figures f JOIN figure_history first ON first.id = ("
        "  SELECT h.id FROM figure_history h WHERE h.report_id = f.report_id"
        "  AND h.branch = f.branch AND h.day = f.day AND h.metric = f.metric"
        "  ORDER BY h.id LIMIT 1)"
        " WHERE f.report_id = ?",
        (report_id,),
    )
    return {(r["branch"], r["day"], r["metric"]): (r["before"], r["owner"]) for r in rows}


async def _apply(
    conn: aiosqlite.Connection,
    target: dict[Key, Held],
    report_id: int,
    write: ReportWrite,
    action: str,
    now: str,
) -> list[FigureChange]:
    """Make the figures hold ``target``; append one history row per real change.

    A value put back (undo, an edit dropping a figure) returns to the report it came from,
    so undoing that report later takes it back too.
    """
    if not target:
        return []
    current = await _current_values(conn, target.keys())
    changes: list[FigureChange] = []
    history = []
    owners: dict[Key, int | None] = {}
    for key, (new, owner) in target.items():
        old = current.get(key)
        if old == new:
            continue
        owners[key] = owner
        branch, day, metric = key
        changes.append(FigureChange(branch, dt.date.fromisoformat(day), metric, old, new))
        history.append(
            (branch, day, metric, old, new, action, report_id, write.user_id, now,
             write.chat_id, write.message_id)
        )  # fmt: skip
    if not history:
        return []
    await conn.executemany(
        "INSERT INTO figure_history (branch, day, metric, old_value, new_value, action,"
        " report_id, changed_by, changed_at, chat_id, message_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        history,
    )
    await conn.executemany(
        "INSERT INTO figures (branch, day, metric, value, report_id, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (branch, day, metric)"
        " DO UPDATE SET value = excluded.value, report_id = excluded.report_id,"
        " updated_at = excluded.updated_at",
        [(c.branch, c.day.isoformat(), c.metric, c.new,
          owners[(c.branch, c.day.isoformat(), c.metric)], now)
         for c in changes if c.new is not None],
    )  # fmt: skip
    removed = [(c.branch, c.day.isoformat(), c.metric) for c in changes if c.new is None]
    if removed:
        await conn.executemany(
            "DELETE FROM figures WHERE branch = ? AND day = ? AND metric = ?", removed
        )
    return changes


async def _current_values(conn: aiosqlite.Connection, keys: Iterable[Key]) -> dict[Key, int]:
    keys = list(keys)
    clauses = " OR ".join(["(branch = ? AND day = ? AND metric = ?)"] * len(keys))
    params = [part for key in keys for part in key]
    rows = await conn.execute_fetchall(
        f"SELECT branch, day, metric, value FROM figures WHERE {clauses}", params
    )
    return {(r["branch"], r["day"], r["metric"]): int(r["value"]) for r in rows}


async def _apply_closure(
    conn: aiosqlite.Connection, report_id: int, write: ReportWrite, now: str
) -> bool:
    """Record or withdraw the closure this report states; True when something changed."""
    if write.closed:
        cursor = await conn.execute(
            "INSERT INTO closures (branch, day, report_id, reported_by, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (branch, day) DO NOTHING",
            (write.branch, write.day.isoformat(), report_id, write.user_id, now),
        )
        return cursor.rowcount == 1
    cursor = await conn.execute("DELETE FROM closures WHERE report_id = ?", (report_id,))
    return cursor.rowcount > 0


async def _fetchone(
    conn: aiosqlite.Connection, sql: str, params: tuple[object, ...]
) -> sqlite3.Row | None:
    async with conn.execute(sql, params) as cursor:
        row: sqlite3.Row | None = await cursor.fetchone()
        return row


async def import_figures(
    db: Database, rows: Iterable[tuple[str, dt.date, str, int]], user_id: int, now: dt.datetime
) -> int:
    """Bulk-load figures for days with no value yet (earlier records, generated data).

    Each new value gets an ``import`` history row; existing values are left alone.
    Returns how many figures were added.
    """
    stamp = now.isoformat(timespec="seconds")
    added = 0
    async with db.transaction() as conn:
        for branch, day, metric, value in rows:
            cursor = await conn.execute(
                "INSERT INTO figures (branch, day, metric, value, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (branch, day.isoformat(), metric, value, stamp),
            )
            if cursor.rowcount == 1:
                added += 1
                await conn.execute(
                    "INSERT INTO figure_history (branch, day, metric, old_value, new_value,"
                    " action, changed_by, changed_at) VALUES (?, ?, ?, NULL, ?, 'import', ?, ?)",
                    (branch, day.isoformat(), metric, value, user_id, stamp),
                )
    return added
