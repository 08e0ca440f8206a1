"""The write path under every report: figures made to hold a target, one history row per
change, closures and event titles, the Telegram update claimed — all inside the caller's
``BEGIN IMMEDIATE`` transaction (``conn``)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable

from storage.models import FigureChange, ReportWrite
from storage.sqlite.one_hop import OneHop

Key = tuple[str, str, str]  # (branch, ISO day, metric)
Held = tuple[int | None, int | None]  # (value or None, the report it came from)

_NO_ROW_YET = 2**63 - 1  # above every figure_history id


class AlreadyHandled(Exception):
    """Raised inside a write to roll it back: the update was handled before."""


async def claim_update(conn: OneHop, update_id: int | None, report_id: int, now: str) -> None:
    """Record the update as handled by this write; raise :class:`AlreadyHandled` if it was."""
    if update_id is None:
        return
    cursor = await conn.execute(
        "INSERT INTO handled_updates (update_id, handled_at, report_id) VALUES (?, ?, ?)"
        " ON CONFLICT (update_id) DO NOTHING",
        (update_id, now, report_id),
    )
    if cursor.rowcount != 1:
        raise AlreadyHandled


async def pre_report_values(conn: OneHop, report_id: int) -> dict[Key, Held]:
    """For every figure the report still holds: the value it would have without the report."""
    rows = await conn.execute_fetchall(
        "SELECT branch, day, metric FROM figures WHERE report_id = ?", (report_id,)
    )
    keys = [(r["branch"], r["day"], r["metric"]) for r in rows]
    return {key: await _held_without(conn, key, report_id) for key in keys}


async def removed_values(conn: OneHop, report_id: int) -> dict[Key, Held]:
    """Figures the report removed (a closure that cleared its days) and that nothing has
    written since: what each would be without the report."""
    rows = await conn.execute_fetchall(
        "SELECT DISTINCT h.branch, h.day, h.metric FROM figure_history h"
        " WHERE h.report_id = ? AND h.action = 'report' AND h.new_value IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM figures f"
        "  WHERE f.branch = h.branch AND f.day = h.day AND f.metric = h.metric)",
        (report_id,),
    )
    keys = [(r["branch"], r["day"], r["metric"]) for r in rows]
    return {key: await _held_without(conn, key, report_id) for key in keys}


async def _held_without(conn: OneHop, key: Key, report_id: int) -> Held:
    """The value (and its report) that ``report_id`` last took ``key`` over from.

    When that report has been undone since, or is ``report_id`` itself, go on to what
    *it* took over, and so on: the figure returns to the newest report still standing.
    """
    holder, before = report_id, _NO_ROW_YET
    while True:
        row = await fetchone(
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


async def _undone(conn: OneHop, report_id: int) -> bool:
    row = await fetchone(conn, "SELECT undone_at FROM reports WHERE id = ?", (report_id,))
    return row is not None and row["undone_at"] is not None


async def apply_target(
    conn: OneHop,
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


async def _current_values(conn: OneHop, keys: Iterable[Key]) -> dict[Key, Held]:
    keys = list(keys)
    clauses = " OR ".join(["(branch = ? AND day = ? AND metric = ?)"] * len(keys))
    params = [part for key in keys for part in key]
    rows = await conn.execute_fetchall(
        f"SELECT branch, day, metric, value, report_id FROM figures WHERE {clauses}", params
    )
    return {(r["branch"], r["day"], r["metric"]): (int(r["value"]), r["report_id"]) for r in rows}


async def apply_closure(conn: OneHop, report_id: int, write: ReportWrite, now: str) -> bool:
    """Record or withdraw the closure this report states (each day of a range); True when
    something changed."""
    if write.closed:
        first, last = write.day, write.closed_until or write.day
        # An edit may have moved the report to other days or a branch: move its closure too.
        moved = await conn.execute(
            "DELETE FROM closures WHERE report_id = ? AND NOT (branch = ? AND day BETWEEN ? AND ?)",
            (report_id, write.branch, first.isoformat(), last.isoformat()),
        )
        days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
        if write.closure_removes_figures is False:  # the days with figures stay open
            with_figures = await _days_with_figures(conn, write)
            days = [day for day in days if day not in with_figures]
        cursor = await conn.executemany(
            "INSERT INTO closures (branch, day, report_id, reported_by, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (branch, day) DO NOTHING",
            [(write.branch, day.isoformat(), report_id, write.user_id, now) for day in days],
        )
        return moved.rowcount > 0 or cursor.rowcount > 0
    cursor = await conn.execute("DELETE FROM closures WHERE report_id = ?", (report_id,))
    return cursor.rowcount > 0


async def lift_closure(conn: OneHop, report_id: int, write: ReportWrite) -> bool:
    """Figures for a day another message closed: the branch opened after all. The closure
    is set aside (undoing this report restores it); True when there was one."""
    if write.closed or not write.figures:
        return False
    key = (write.branch, write.day.isoformat(), report_id)
    moved = await conn.execute(
        "INSERT INTO lifted_closures (branch, day, report_id, reported_by, created_at, lifted_by)"
        " SELECT branch, day, report_id, reported_by, created_at, ? FROM closures"
        " WHERE branch = ? AND day = ? AND report_id IS NOT ?",
        (report_id, *key),
    )
    if moved.rowcount < 1:
        return False
    await conn.execute("DELETE FROM closures WHERE branch = ? AND day = ?", key[:2])
    return True


async def restore_lifted(conn: OneHop, report_id: int) -> bool:
    """Put back the closures that ``report_id``'s figures lifted (where none stands now);
    True when one was."""
    cursor = await conn.execute(
        "INSERT INTO closures (branch, day, report_id, reported_by, created_at)"
        " SELECT branch, day, report_id, reported_by, created_at FROM lifted_closures"
        " WHERE lifted_by = ? ON CONFLICT (branch, day) DO NOTHING",
        (report_id,),
    )
    return cursor.rowcount > 0


async def _days_with_figures(conn: OneHop, write: ReportWrite) -> set[dt.date]:
    rows = await conn.execute_fetchall(
        "SELECT DISTINCT day FROM figures WHERE branch = ? AND day BETWEEN ? AND ?",
        (write.branch, write.day.isoformat(), (write.closed_until or write.day).isoformat()),
    )
    return {dt.date.fromisoformat(r["day"]) for r in rows}


async def replace_event_titles(
    conn: OneHop, report_id: int, write: ReportWrite, action: str
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


async def fetchone(conn: OneHop, sql: str, params: tuple[object, ...]) -> sqlite3.Row | None:
    """One row from ``conn`` (inside its transaction)."""
    rows = await conn.execute_fetchall(sql, params)
    return next(iter(rows), None)
