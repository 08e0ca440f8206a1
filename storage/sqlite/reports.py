"""Reports and figures: one value per (branch, day, metric), every change in the history.

Each write is one transaction (or, committed together with others ready at the same time,
one savepoint of it): the history checked, the report row and its figures written, the
history appended and the Telegram update id claimed together, or nothing is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from storage.models import (
    FigureChange,
    HeldReport,
    ReportOutcome,
    ReportStatus,
    ReportWrite,
)
from storage.sqlite.db import Database
from storage.sqlite.figure_writes import (
    AlreadyHandled,
    Held,
    Key,
    apply_closure,
    apply_target,
    claim_update,
    fetchone,
    lift_closure,
    pre_report_values,
    removed_values,
    replace_event_titles,
    restore_lifted,
)
from storage.sqlite.one_hop import OneHop
from storage.sqlite.report_checks import (
    figures_on_closed_days,
    questioned,
    refusal,
    values_on,
)


class SqliteReportsRepo:
    """Reports, their figures and history: ``reports``, ``figures``, ``figure_history``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def record_report(self, write: ReportWrite) -> ReportOutcome:
        """Store a report, or apply a newer revision (an edit) of one already stored.

        The same update twice changes nothing (``duplicate``); an older revision of a
        message whose newer edit is already applied changes nothing (``stale``). A report
        its history check does not accept writes nothing (``questioned``); nor does a new
        message that would replace another person's figure (``contested``), close a day
        that has figures (``closure_conflict``) or finds the figures changed since its
        sender was asked (``outdated``): the check and the write are one transaction. An
        edit changes the figures the message still holds and those the edit itself
        changed; a figure a later message replaced stays (``kept``). The common case, a
        new message, costs about ten statements (the history check's read included) in
        one transaction, sent to the writer's thread in one hop.
        """
        try:
            return await self._db.in_one_hop(lambda conn: _record(conn, write))
        except AlreadyHandled:
            assert write.update_id is not None
            return await self._duplicate_outcome(write.update_id)

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
            assert update_id is not None
            return await self._undo_told_again(update_id)

    async def _undo_told_again(self, update_id: int) -> ReportOutcome:
        """What the update's undo took back, read from the history (``duplicate``): its
        answer is being sent again, and "the last report" is another one by now."""
        row = await self._db.fetchone(
            "SELECT r.id, r.branch, r.day FROM handled_updates h"
            " JOIN reports r ON r.id = h.report_id"
            " WHERE h.update_id = ? AND r.undone_at IS NOT NULL",
            (update_id,),
        )
        if row is None:
            return ReportOutcome("duplicate", None)
        history = await self._db.fetchall(
            "SELECT branch, day, metric, old_value, new_value FROM figure_history"
            " WHERE report_id = ? AND action = 'undo' ORDER BY id",
            (row["id"],),
        )
        changes = tuple(
            FigureChange(h["branch"], dt.date.fromisoformat(h["day"]), h["metric"],
                         h["old_value"], h["new_value"])
            for h in history
        )  # fmt: skip
        day = dt.date.fromisoformat(row["day"])
        return ReportOutcome("duplicate", int(row["id"]), row["branch"], day, changes)

    async def _undo(
        self,
        report_id: int,
        user_id: int,
        now: dt.datetime,
        stamp: str,
        update_id: int | None,
    ) -> ReportOutcome:
        return await self._db.in_one_hop(
            lambda conn: _undo(conn, report_id, user_id, now, stamp, update_id)
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

    async def message_report(self, chat_id: int, message_id: int) -> HeldReport | None:
        """The report a message made, with what it still holds (None: none, or undone)."""
        row = await self._db.fetchone(
            "SELECT id, user_id, branch, day FROM reports"
            " WHERE chat_id = ? AND message_id = ? AND undone_at IS NULL",
            (chat_id, message_id),
        )
        if row is None:
            return None
        figures = await self._db.fetchall(
            "SELECT metric, value FROM figures WHERE report_id = ?", (row["id"],)
        )
        closed = await self._db.fetchone("SELECT 1 FROM closures WHERE report_id = ?", (row["id"],))
        return HeldReport(
            int(row["id"]),
            int(row["user_id"]),
            row["branch"],
            dt.date.fromisoformat(row["day"]),
            {r["metric"]: int(r["value"]) for r in figures},
            closed is not None,
        )

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


async def _existing_report(conn: OneHop, write: ReportWrite) -> tuple[int, str] | None:
    """The report already stored for the message and what this revision does to it, or
    None for a new message."""
    row = await fetchone(
        conn,
        "SELECT id, revision, undone_at FROM reports WHERE chat_id = ? AND message_id = ?",
        (write.chat_id, write.message_id),
    )
    if row is None:
        return None
    report_id = int(row["id"])
    if row["undone_at"] is not None:
        return report_id, "undone"
    if write.revision <= row["revision"]:
        return report_id, "stale"
    return report_id, "edit"


async def _insert_report(conn: OneHop, write: ReportWrite, now: str) -> int:
    rows = await conn.execute_fetchall(
        "INSERT INTO reports (user_id, branch, day, chat_id, message_id, revision, created_at,"
        " note) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (write.user_id, write.branch, write.day.isoformat(), write.chat_id, write.message_id,
         write.revision, now, write.note),
    )  # fmt: skip
    return int(next(iter(rows))["id"])


async def _move_report(conn: OneHop, report_id: int, write: ReportWrite) -> None:
    """An edit's revision, branch and day become the report's."""
    await conn.execute(
        "UPDATE reports SET revision = ?, branch = ?, day = ? WHERE id = ?",
        (write.revision, write.branch, write.day.isoformat(), report_id),
    )


async def _stated_at(conn: OneHop, report_id: int, write: ReportWrite) -> dict[str, int]:
    """What the message said before this edit, when it was about the same branch and day
    (an edit that moves the report to another day or branch changes all its figures)."""
    rows = await conn.execute_fetchall(
        "SELECT s.metric, s.value FROM report_figures s JOIN reports r ON r.id = s.report_id"
        " WHERE s.report_id = ? AND r.branch = ? AND r.day = ?",
        (report_id, write.branch, write.day.isoformat()),
    )
    return {r["metric"]: int(r["value"]) for r in rows}


async def _replace_stated(conn: OneHop, report_id: int, write: ReportWrite, action: str) -> None:
    """Record what the message says now (a new report has nothing to replace)."""
    if action != "report":
        await conn.execute("DELETE FROM report_figures WHERE report_id = ?", (report_id,))
    stated = write.figures if write.stated is None else write.stated
    if stated:
        await conn.executemany(
            "INSERT INTO report_figures (report_id, metric, value) VALUES (?, ?, ?)",
            [(report_id, metric, value) for metric, value in stated.items()],
        )


async def _record(conn: OneHop, write: ReportWrite) -> ReportOutcome:
    """:meth:`SqliteReportsRepo.record_report` inside its transaction."""
    now = write.now.isoformat(timespec="seconds")
    day = write.day.isoformat()
    kept: dict[str, int] = {}
    shown: dict[str, int] = {}  # untouched figures the message holds, as they are held
    questions = await questioned(conn, write)
    if questions is not None:
        return questions
    existing = await _existing_report(conn, write)
    if existing is None:
        refused = await refusal(conn, write)
        if refused is not None:
            return refused
        report_id, action = await _insert_report(conn, write, now), "report"
        target: dict[Key, Held] = {}
        stated_before: dict[str, int] = {}
    else:
        report_id, action = existing
        if action != "edit":
            await claim_update(conn, write.update_id, report_id, now)
            return ReportOutcome(action, report_id)  # type: ignore[arg-type]
        target = await pre_report_values(conn, report_id)
        stated_before = await _stated_at(conn, report_id, write)
        await _move_report(conn, report_id, write)
    untouched = []  # figures the edit did not change: left as they are held
    for metric, value in write.figures.items():
        key = (write.branch, day, metric)
        if stated_before.get(metric) == value:
            untouched.append(metric)
            if target.pop(key, None) is None:
                kept[metric] = value  # a later message replaced it
        else:
            target[key] = (value, report_id)
    if untouched:
        held_now = await values_on(conn, write.branch, day, untouched)
        kept = {m: held_now[m] for m in kept if m in held_now}
        shown = {m: held_now[m] for m in untouched if m in held_now and m not in kept}
    if write.closed and write.closure_removes_figures:
        for closed_key in await figures_on_closed_days(conn, write):
            target.setdefault(closed_key, (None, None))
    changes = await apply_target(conn, target, report_id, write, action, now)
    if action == "report" and not write.closed:
        closed = False  # a new report has no closure to withdraw
    else:
        closed = await apply_closure(conn, report_id, write, now)
    lifted = await lift_closure(conn, report_id, write)
    await _replace_stated(conn, report_id, write, action)
    await replace_event_titles(conn, report_id, write, action)
    await claim_update(conn, write.update_id, report_id, now)
    status: ReportStatus = (
        "recorded" if changes or closed or lifted or action == "report" else "unchanged"
    )
    held = {m: v for m, v in write.figures.items() if m not in kept} | shown
    return ReportOutcome(
        status, report_id, write.branch, write.day, tuple(changes), write.closed, held,
        kept=kept, lifted=lifted,
    )  # fmt: skip


async def _undo(
    conn: OneHop,
    report_id: int,
    user_id: int,
    now: dt.datetime,
    stamp: str,
    update_id: int | None,
) -> ReportOutcome:
    """:meth:`SqliteReportsRepo.undo_report` inside its transaction."""
    await claim_update(conn, update_id, report_id, stamp)
    row = await fetchone(
        conn,
        "SELECT chat_id, message_id, branch, day, undone_at FROM reports WHERE id = ?",
        (report_id,),
    )
    if row is None or row["undone_at"] is not None:
        return ReportOutcome("undone", report_id)
    target = await removed_values(conn, report_id)
    target.update(await pre_report_values(conn, report_id))
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
    closed_again = await restore_lifted(conn, report_id)
    await conn.execute("UPDATE reports SET undone_at = ? WHERE id = ?", (stamp, report_id))
    return ReportOutcome(
        "recorded", report_id, undo.branch, undo.day, tuple(changes), reopened.rowcount > 0,
        lifted=closed_again,
    )  # fmt: skip
