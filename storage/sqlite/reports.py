"""Reports and figures: one value per (branch, day, metric), every change in the history.

Each write is one ``BEGIN IMMEDIATE … COMMIT``: the report row and its figures are written,
the history appended and the Telegram update id claimed together, or nothing is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import aiosqlite

from storage.models import ReportOutcome, ReportStatus, ReportWrite
from storage.sqlite.db import Database
from storage.sqlite.figure_writes import (
    AlreadyHandled,
    Held,
    Key,
    apply_closure,
    apply_target,
    claim_update,
    fetchone,
    pre_report_values,
    replace_event_titles,
)


class SqliteReportsRepo:
    """Reports, their figures and history: ``reports``, ``figures``, ``figure_history``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def record_report(self, write: ReportWrite) -> ReportOutcome:
        """Store a report, or apply a newer revision (an edit) of one already stored.

        The same update twice changes nothing (``duplicate``); an older revision of a
        message whose newer edit is already applied changes nothing (``stale``). The common
        case, a new message, costs seven statements in one transaction (one more when it
        names event titles). An edit replaces the report's event titles with its own.
        """
        now = write.now.isoformat(timespec="seconds")
        day = write.day.isoformat()
        try:
            async with self._db.transaction() as conn:
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
                        await claim_update(conn, write.update_id, report_id, now)
                        return ReportOutcome(action, report_id)  # type: ignore[arg-type]
                    target = await pre_report_values(conn, report_id)
                for metric, value in write.figures.items():
                    target[(write.branch, day, metric)] = (value, report_id)
                changes = await apply_target(conn, target, report_id, write, action, now)
                if action == "report" and not write.closed:
                    closed = False  # a new report has no closure to withdraw
                else:
                    closed = await apply_closure(conn, report_id, write, now)
                await replace_event_titles(conn, report_id, write, action)
                await claim_update(conn, write.update_id, report_id, now)
        except AlreadyHandled:
            assert write.update_id is not None
            return await self._duplicate_outcome(write.update_id)
        status: ReportStatus = (
            "recorded" if changes or closed or action == "report" else "unchanged"
        )
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
        self, report_id: int, user_id: int, now: dt.datetime, update_id: int | None = None
    ) -> ReportOutcome:
        """Take back what a report set: each figure returns to its value before the report.

        The outcome's ``changes`` are old (taken back) → new (held now); ``closed`` says a
        closure of the report was taken back.

        The same update twice undoes once (``duplicate``), even though "the last report"
        is another one by the second time.
        """
        stamp = now.isoformat(timespec="seconds")
        try:
            return await self._undo(report_id, user_id, now, stamp, update_id)
        except AlreadyHandled:
            return ReportOutcome("duplicate", report_id)

    async def _undo(
        self,
        report_id: int,
        user_id: int,
        now: dt.datetime,
        stamp: str,
        update_id: int | None,
    ) -> ReportOutcome:
        async with self._db.transaction() as conn:
            await claim_update(conn, update_id, report_id, stamp)
            row = await fetchone(
                conn,
                "SELECT chat_id, message_id, branch, day, undone_at FROM reports WHERE id = ?",
                (report_id,),
            )
            if row is None or row["undone_at"] is not None:
                return ReportOutcome("undone", report_id)
            target = await pre_report_values(conn, report_id)
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
            changes = await apply_target(conn, target, report_id, undo, "undo", stamp)
            reopened = await conn.execute("DELETE FROM closures WHERE report_id = ?", (report_id,))
            await conn.execute("UPDATE reports SET undone_at = ? WHERE id = ?", (stamp, report_id))
        return ReportOutcome(
            "recorded", report_id, undo.branch, undo.day, tuple(changes), reopened.rowcount > 0
        )

    async def last_report_id(self, user_id: int) -> int | None:
        """The newest report of ``user_id`` that has not been undone."""
        row = await self._db.fetchone(
            "SELECT id FROM reports WHERE user_id = ? AND undone_at IS NULL"
            " ORDER BY id DESC LIMIT 1",
            (user_id,),
        )
        return int(row["id"]) if row else None

    async def report_owner(self, report_id: int) -> int | None:
        """Who sent the report, or None when there is no such report."""
        row = await self._db.fetchone("SELECT user_id FROM reports WHERE id = ?", (report_id,))
        return int(row["user_id"]) if row else None

    async def _duplicate_outcome(self, update_id: int) -> ReportOutcome:
        """The stored state of a report whose update was handled already."""
        row = await self._db.fetchone(
            "SELECT r.id, r.branch, r.day, r.undone_at FROM handled_updates h"
            " JOIN reports r ON r.id = h.report_id WHERE h.update_id = ?",
            (update_id,),
        )
        if row is None:
            return ReportOutcome("duplicate", None)
        figures = {
            r["metric"]: int(r["value"])
            for r in await self._db.fetchall(
                "SELECT metric, value FROM figures WHERE report_id = ?", (row["id"],)
            )
        }
        closed = await self._db.fetchone("SELECT 1 FROM closures WHERE report_id = ?", (row["id"],))
        return ReportOutcome(
            "duplicate",
            int(row["id"]),
            row["branch"],
            dt.date.fromisoformat(row["day"]),
            figures=figures,
            closed=closed is not None,
        )

    async def import_figures(
        self, rows: Iterable[tuple[str, dt.date, str, int]], user_id: int, now: dt.datetime
    ) -> int:
        """Bulk-load figures for days with no value yet (earlier records, generated data).

        Each new value gets an ``import`` history row; existing values are left alone.
        Returns how many figures were added.
        """
        stamp = now.isoformat(timespec="seconds")
        added = 0
        async with self._db.transaction() as conn:
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
                        " action, changed_by, changed_at)"
                        " VALUES (?, ?, ?, NULL, ?, 'import', ?, ?)",
                        (branch, day.isoformat(), metric, value, user_id, stamp),
                    )
        return added


async def _existing_report(conn: aiosqlite.Connection, write: ReportWrite) -> tuple[int, str]:
    """The report already stored for the message, and what this revision does to it."""
    row = await fetchone(
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
