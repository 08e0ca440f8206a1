"""Loading figures from a file or an opening balance: checked whole, written whole.

Every row is compared with what is stored, in the transaction that writes it: a value
already held is left alone (importing a file twice changes nothing), a value reported in
chat is kept unless the import replaces it, and a row that would count something twice (a
day inside a month that has a monthly total, overlapping totals) refuses the whole import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from storage.models import ImportAction, ImportChange, ImportResult, ImportRow, MonthSpan
from storage.sqlite.db import Database
from storage.sqlite.writer import Statements


@dataclass(frozen=True, slots=True)
class _Held:
    value: int
    report_id: int | None  # the chat report that set it (None: an import)
    reported_by: int | None  # who reported it in chat (None: a file)


@dataclass(frozen=True, slots=True)
class _HeldMonths:
    span: MonthSpan
    value: int
    entered_by: int | None


class SqliteImportsRepo:
    """Imports into ``figures`` and ``month_figures``, each value in ``figure_history``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def load(
        self,
        rows: Sequence[ImportRow],
        *,
        user_id: int,
        now: dt.datetime,
        replace: bool = False,
        dry_run: bool = False,
        entered_in_chat: bool = False,
    ) -> ImportResult:
        """Compare ``rows`` with what is stored and, unless ``dry_run`` or a row is
        refused, write them in one transaction.

        ``user_id`` is who imports (0: the command line); ``entered_in_chat`` marks monthly
        figures as sent in chat by that person (``/opening``), so a file does not replace
        them silently later. With ``replace``, values reported in chat give way.
        """
        stamp = now.isoformat(timespec="seconds")
        async with self._db.transaction() as conn:
            days = await _held_days(conn, rows)
            spans = await _held_spans(conn, rows)
            refusals = _overlaps(rows, spans) + await _daily_inside_months(conn, rows, spans)
            if refusals:
                return ImportResult(refusals=tuple(refusals))
            changes = [_change(row, days, spans, replace) for row in rows]
            if not dry_run:
                entered_by = user_id if entered_in_chat else None
                await _write(conn, changes, user_id, stamp, entered_by)
        return ImportResult(changes=tuple(changes), written=not dry_run)


async def _held_days(
    conn: Statements, rows: Sequence[ImportRow]
) -> dict[tuple[str, str, str], _Held]:
    """The stored daily figures in the days the rows cover."""
    days = sorted(r.day.isoformat() for r in rows if r.day is not None)
    if not days:
        return {}
    found = await conn.execute_fetchall(
        "SELECT f.branch, f.day, f.metric, f.value, f.report_id, r.user_id FROM figures f"
        " LEFT JOIN reports r ON r.id = f.report_id WHERE f.day BETWEEN ? AND ?",
        (days[0], days[-1]),
    )
    return {
        (r["branch"], r["day"], r["metric"]): _Held(int(r["value"]), r["report_id"], r["user_id"])
        for r in found
    }


async def _held_spans(
    conn: Statements, rows: Sequence[ImportRow]
) -> dict[tuple[str, str], list[_HeldMonths]]:
    """The stored monthly figures of the rows' years: (branch, metric) -> spans."""
    years = sorted({int(r.period[:4]) for r in rows})
    if not years:
        return {}
    found = await conn.execute_fetchall(
        "SELECT branch, metric, first_month, last_month, value, entered_by FROM month_figures"
        " WHERE last_month BETWEEN ? AND ?",
        (f"{years[0]:04d}-01", f"{years[-1]:04d}-12"),
    )
    held: dict[tuple[str, str], list[_HeldMonths]] = {}
    for r in found:
        span = MonthSpan(r["first_month"], r["last_month"])
        held.setdefault((r["branch"], r["metric"]), []).append(
            _HeldMonths(span, int(r["value"]), r["entered_by"])
        )
    return held


def _overlap(a: MonthSpan, b: MonthSpan) -> bool:
    return a.first <= b.last and b.first <= a.last


def _overlaps(
    rows: Sequence[ImportRow], held: dict[tuple[str, str], list[_HeldMonths]]
) -> list[str]:
    """Monthly totals that would overlap a stored total with other months or one another,
    and days inside a month that has a total."""
    refusals: list[str] = []
    incoming: dict[tuple[str, str], list[tuple[int, MonthSpan]]] = {}
    for index, row in enumerate(rows):
        if row.months is not None:
            incoming.setdefault((row.branch, row.metric), []).append((index, row.months))
    for index, row in enumerate(rows):
        key = (row.branch, row.metric)
        stored = [s.span for s in held.get(key, [])]
        if row.months is not None:
            refusals.extend(
                f"{row.source}: {row.branch} {row.metric} {row.months.label} overlaps the"
                f" stored total for {span.label}; a month is counted once"
                for span in stored
                if span != row.months and _overlap(span, row.months)
            )
            refusals.extend(
                f"{row.source}: {row.branch} {row.metric} {row.months.label} overlaps"
                f" {span.label} given at {rows[other].source}"
                for other, span in incoming[key]
                if other < index and _overlap(span, row.months)
            )
        elif row.day is not None:
            month = row.day.isoformat()[:7]
            covering = stored + [span for _, span in incoming.get(key, [])]
            for span in covering:
                if span.first <= month <= span.last:
                    refusals.append(
                        f"{row.source}: {row.branch} {row.metric} on {row.day.isoformat()} falls"
                        f" in {span.label}, which has a monthly total; a day is counted once"
                    )
                    break
    return refusals


async def _daily_inside_months(
    conn: Statements, rows: Sequence[ImportRow], held: dict[tuple[str, str], list[_HeldMonths]]
) -> list[str]:
    """Monthly totals for months that already have daily figures of the branch."""
    refusals = []
    for row in rows:
        if row.months is None:
            continue
        if any(s.span == row.months for s in held.get((row.branch, row.metric), [])):
            continue  # the same months again: checked when they were stored
        found = await conn.execute_fetchall(
            "SELECT MIN(day) AS day FROM figures WHERE branch = ? AND metric = ?"
            " AND day BETWEEN ? AND ?",
            (row.branch, row.metric, row.months.start.isoformat(), row.months.end.isoformat()),
        )
        first = found[0]["day"] if found else None
        if first is not None:
            refusals.append(
                f"{row.source}: {row.branch} has daily figures of {row.metric} in"
                f" {row.months.label} (from {first}); a monthly total would count them twice"
            )
    return refusals


def _change(
    row: ImportRow,
    days: dict[tuple[str, str, str], _Held],
    spans: dict[tuple[str, str], list[_HeldMonths]],
    replace: bool,
) -> ImportChange:
    if row.day is not None:
        held = days.get((row.branch, row.day.isoformat(), row.metric))
        old = None if held is None else held.value
        from_chat = held is not None and held.report_id is not None
        reported_by = held.reported_by if held is not None else None
    else:
        stored = [s for s in spans.get((row.branch, row.metric), []) if s.span == row.months]
        old = stored[0].value if stored else None
        from_chat = bool(stored) and stored[0].entered_by is not None
        reported_by = stored[0].entered_by if stored else None
    action: ImportAction
    if old is None:
        action = "added"
    elif old == row.value:
        action = "unchanged"
    elif from_chat:
        action = "replaced" if replace else "kept"
    else:
        action = "updated"
    return ImportChange(row, action, old, reported_by if from_chat else None)


async def _write(
    conn: Statements,
    changes: Sequence[ImportChange],
    user_id: int,
    stamp: str,
    entered_by: int | None,
) -> None:
    """The figures and their history rows, for every change that writes."""
    daily: list[tuple[object, ...]] = []
    monthly: list[tuple[object, ...]] = []
    history: list[tuple[object, ...]] = []
    for change in changes:
        if change.action not in ("added", "updated", "replaced"):
            continue
        row = change.row
        if row.day is not None:
            daily.append((row.branch, row.day.isoformat(), row.metric, row.value, stamp))
            history.append((row.branch, row.day.isoformat(), row.metric, change.old, row.value,
                            user_id, stamp, row.source, None, row.branch, row.day.isoformat(),
                            row.metric))  # fmt: skip
        else:
            assert row.months is not None
            monthly.append((row.branch, row.metric, row.months.first, row.months.last,
                            row.value, entered_by, stamp))  # fmt: skip
            history.append((row.branch, row.months.start.isoformat(), row.metric, change.old,
                            row.value, user_id, stamp, row.source, row.months.label, None,
                            None, None))  # fmt: skip
    # The history first: it names the chat report whose value an import replaced.
    await conn.executemany(
        "INSERT INTO figure_history (branch, day, metric, old_value, new_value, action,"
        " changed_by, changed_at, source, months, old_report_id)"
        " VALUES (?, ?, ?, ?, ?, 'import', ?, ?, ?, ?,"
        " (SELECT report_id FROM figures WHERE branch = ? AND day = ? AND metric = ?))",
        history,
    )
    await conn.executemany(
        "INSERT INTO figures (branch, day, metric, value, updated_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (branch, day, metric) DO UPDATE SET value = excluded.value,"
        " report_id = NULL, updated_at = excluded.updated_at",
        daily,
    )
    await conn.executemany(
        "INSERT INTO month_figures (branch, metric, first_month, last_month, value, entered_by,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (branch, metric, last_month) DO UPDATE SET value = excluded.value,"
        " first_month = excluded.first_month, entered_by = excluded.entered_by,"
        " updated_at = excluded.updated_at",
        monthly,
    )
