"""Reports and figures: one value per (branch, day, metric), every change in the history.

Each write is one ``BEGIN IMMEDIATE … COMMIT``: the report row and its figures are written,
the history appended and the Telegram update id claimed together, or nothing is.
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

_NO_ROW_YET = 2**63 - 1  # above every figure_history id


class _AlreadyHandled(Exception):
    """Raised inside a write to roll it back: the update was handled before."""


async def record_report(db: Database, write: ReportWrite) -> ReportOutcome:
    """Store a report, or apply a newer revision (an edit) of one already stored.

    The same update twice changes nothing (``duplicate``); an older revision of a
    message whose newer edit is already applied changes nothing (``stale``). The common
    case, a new message, costs seven statements in one transaction (one more when it
    names event titles). An edit replaces the report's event titles with its own.
    """
    now = write.now.isoformat(timespec="seconds")
    day = write.day.isoformat()
    try:
        async with db.transaction() as conn:
            inserted = await conn.execute_fetchall(
                "INSERT INTO reports (user_id, branch, day, chat_id, message_id, revision,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (chat_id, message_id) DO NOTHING RETURNING id",
                (write.user_id, write.branch, day, write.chat_id, write.message_id,
                 write.revision, now),
            )  # fmt: skip
            if inserted:
                report_id, action = int(next(iter(inserted))["id"]), "report"
                target: dict[Key, Held] = {}
            else:
                report_id, action = await _existing_report(conn, write)
                if action != "edit":
                    await _claim_update(conn, write.update_id, report_id, now)
                    return ReportOutcome(action, report_id)  # type: ignore[arg-type]
                target = await _pre_report_values(conn, report_id)
            for metric, value in write.figures.items():
                target[(write.branch, day, metric)] = (value, report_id)
            changes = await _apply(conn, target, report_id, write, action, now)
            if action == "report" and not write.closed:
                closed = False  # a new report has no closure to withdraw
            else:
                closed = await _apply_closure(conn, report_id, write, now)
            await _replace_event_titles(conn, report_id, write, action)
            await _claim_update(conn, write.update_id, report_id, now)
    except _AlreadyHandled:
        assert write.update_id is not None
        return await _duplicate_outcome(db, write.update_id)
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


async def _existing_report(conn: aiosqlite.Connection, write: ReportWrite) -> tuple[int, str]:
    """The report already stored for the message, and what this revision does to it."""
    row = await _fetchone(
        conn,
        "SELECT id, revision, undone_at FROM reports WHERE chat_id = ? AND message_id = ?",
        (write.chat_id, write.message_id),
    )
    assert row is not None
    report_id = int(row["id"])
    if row["undone_at"] is not None:
        return report_id, "undone"
    if write.revision <= row["revision"]:
        return report_id, "stale"
    await conn.execute(
        "UPDATE reports SET revision = ?, branch = ?, day = ? WHERE id = ?",
        (write.revision, write.branch, write.day.isoformat(), report_id),
    )
    return report_id, "edit"


async def undo_report(
    db: Database, report_id: int, user_id: int, now: dt.datetime, update_id: int | None = None
) -> ReportOutcome:
    """Take back what a report set: each figure returns to its value before the report.

    The same update twice undoes once (``duplicate``), even though "the last report"
    is another one by the second time.
    """
    stamp = now.isoformat(timespec="seconds")
    try:
        return await _undo(db, report_id, user_id, now, stamp, update_id)
    except _AlreadyHandled:
        return ReportOutcome("duplicate", report_id)


async def _undo(
    db: Database,
    report_id: int,
    user_id: int,
    now: dt.datetime,
    stamp: str,
    update_id: int | None,
) -> ReportOutcome:
    async with db.transaction() as conn:
        await _claim_update(conn, update_id, report_id, stamp)
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


async def mark_replied(db: Database, update_id: int, now: dt.datetime) -> None:
    """Note that the answer to ``update_id`` went out (after its commit)."""
    await db.execute(
        "INSERT INTO handled_updates (update_id, handled_at, reply_sent) VALUES (?, ?, 1)"
        " ON CONFLICT (update_id) DO UPDATE SET reply_sent = 1",
        (update_id, now.isoformat(timespec="seconds")),
    )


async def newest_answered(db: Database) -> int:
    """The highest update id answered so far (0: none). Telegram's ids only grow."""
    row = await db.fetchone("SELECT MAX(update_id) FROM handled_updates WHERE reply_sent = 1")
    return int(row[0]) if row and row[0] is not None else 0


async def already_answered(db: Database, update_id: int) -> bool:
    """True when this update was handled and answered before."""
    row = await db.fetchone(
        "SELECT reply_sent FROM handled_updates WHERE update_id = ?", (update_id,)
    )
    return bool(row and row["reply_sent"])


async def _claim_update(
    conn: aiosqlite.Connection, update_id: int | None, report_id: int, now: str
) -> None:
    """Record the update as handled by this write; raise :class:`_AlreadyHandled` if it was."""
    if update_id is None:
        return
    cursor = await conn.execute(
        "INSERT INTO handled_updates (update_id, handled_at, report_id) VALUES (?, ?, ?)"
        " ON CONFLICT (update_id) DO NOTHING",
        (update_id, now, report_id),
    )
    if cursor.rowcount != 1:
        raise _AlreadyHandled


async def _duplicate_outcome(db: Database, update_id: int) -> ReportOutcome:
    """The stored state of a report whose update was handled already."""
    row = await db.fetchone(
        "SELECT r.id, r.branch, r.day, r.undone_at FROM handled_updates h"
        " JOIN reports r ON r.id = h.report_id WHERE h.update_id = ?",
        (update_id,),
    )
    if row is None:
        return ReportOutcome("duplicate", None)
    figures = {
        r["metric"]: int(r["value"])
        for r in await db.fetchall(
            "SELECT metric, value FROM figures WHERE report_id = ?", (row["id"],)
        )
    }
    closed = await db.fetchone("SELECT 1 FROM closures WHERE report_id = ?", (row["id"],))
    return ReportOutcome(
        "duplicate",
        int(row["id"]),
        row["branch"],
        dt.date.fromisoformat(row["day"]),
        figures=figures,
        closed=closed is not None,
    )


async def _pre_report_values(conn: aiosqlite.Connection, report_id: int) -> dict[Key, Held]:
    """For every figure the report still holds: the value it would have without the report."""
    rows = await conn.execute_fetchall(
        "SELECT branch, day, metric FROM figures WHERE report_id = ?", (report_id,)
    )
    keys = [(r["branch"], r["day"], r["metric"]) for r in rows]
    return {key: await _held_without(conn, key, report_id) for key in keys}


async def _held_without(conn: aiosqlite.Connection, key: Key, report_id: int) -> Held:
    """The value (and its report) that ``report_id`` last took ``key`` over from.

    When that report has been undone since, or is ``report_id`` itself, go on to what
    *it* took over, and so on: the figure returns to the newest report still standing.
    """
    holder, before = report_id, _NO_ROW_YET
    while True:
        row = await _fetchone(
            conn,
            "SELECT id, old_value, old_report_id FROM figure_history"
            " WHERE branch = ? AND day = ? AND metric = ? AND report_id = ?"
            " AND old_report_id IS NOT ? AND id < ? ORDER BY id DESC LIMIT 1",
            (*key, holder, holder, before),
        )
        if row is None:  # no write of it on record: nothing to go back to
            return None, None
        value, previous = row["old_value"], row["old_report_id"]
        if previous is None or (previous != report_id and not await _undone(conn, previous)):
            return value, previous
        holder, before = previous, row["id"]


async def _undone(conn: aiosqlite.Connection, report_id: int) -> bool:
    row = await _fetchone(conn, "SELECT undone_at FROM reports WHERE id = ?", (report_id,))
    return row is not None and row["undone_at"] is not None


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
    handed_back = []
    for key, (new, owner) in target.items():
        old, old_owner = current.get(key, (None, None))
        branch, day, metric = key
        if old == new:
            if new is not None and owner not in (report_id, old_owner):
                handed_back.append((owner, branch, day, metric))  # same value, its own report
            continue
        owners[key] = owner
        changes.append(FigureChange(branch, dt.date.fromisoformat(day), metric, old, new))
        history.append(
            (branch, day, metric, old, new, old_owner, action, report_id, write.user_id, now,
             write.chat_id, write.message_id)
        )  # fmt: skip
    if handed_back:
        await conn.executemany(
            "UPDATE figures SET report_id = ? WHERE branch = ? AND day = ? AND metric = ?",
            handed_back,
        )
    if not history:
        return []
    await conn.executemany(
        "INSERT INTO figure_history (branch, day, metric, old_value, new_value, old_report_id,"
        " action, report_id, changed_by, changed_at, chat_id, message_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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


async def _current_values(conn: aiosqlite.Connection, keys: Iterable[Key]) -> dict[Key, Held]:
    keys = list(keys)
    clauses = " OR ".join(["(branch = ? AND day = ? AND metric = ?)"] * len(keys))
    params = [part for key in keys for part in key]
    rows = await conn.execute_fetchall(
        f"SELECT branch, day, metric, value, report_id FROM figures WHERE {clauses}", params
    )
    return {(r["branch"], r["day"], r["metric"]): (int(r["value"]), r["report_id"]) for r in rows}


async def _apply_closure(
    conn: aiosqlite.Connection, report_id: int, write: ReportWrite, now: str
) -> bool:
    """Record or withdraw the closure this report states; True when something changed."""
    if write.closed:
        # An edit may have moved the report to another day or branch: move its closure too.
        moved = await conn.execute(
            "DELETE FROM closures WHERE report_id = ? AND NOT (branch = ? AND day = ?)",
            (report_id, write.branch, write.day.isoformat()),
        )
        cursor = await conn.execute(
            "INSERT INTO closures (branch, day, report_id, reported_by, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (branch, day) DO NOTHING",
            (write.branch, write.day.isoformat(), report_id, write.user_id, now),
        )
        return moved.rowcount > 0 or cursor.rowcount == 1
    cursor = await conn.execute("DELETE FROM closures WHERE report_id = ?", (report_id,))
    return cursor.rowcount > 0


async def _replace_event_titles(
    conn: aiosqlite.Connection, report_id: int, write: ReportWrite, action: str
) -> None:
    """Make the report's event titles those of ``write`` (a new report has none to drop)."""
    if action != "report":
        await conn.execute("DELETE FROM event_titles WHERE report_id = ?", (report_id,))
    if write.event_titles:
        day = write.day.isoformat()
        await conn.executemany(
            "INSERT INTO event_titles (report_id, branch, day, position, title)"
            " VALUES (?, ?, ?, ?, ?)",
            [(report_id, write.branch, day, position, title)
             for position, title in enumerate(write.event_titles)],
        )  # fmt: skip


async def _fetchone(
    conn: aiosqlite.Connection, sql: str, params: tuple[object, ...]
) -> sqlite3.Row | None:
    """One row from ``conn`` (inside its transaction), in one round trip to its thread."""
    rows = await conn.execute_fetchall(sql, params)
    return next(iter(rows), None)


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
