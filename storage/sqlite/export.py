"""Exports: every figure, and the figures as they stand at one moment, for long reads
that run in a worker thread.

An export reads every figure of a year: a million rows and more. Streamed through the
shared read connection, its open statement would hold that connection's read transaction
for the whole export, and every other read in the bot would see the database as it was
when the export began. So the export gets a connection of its own, in its own thread,
and one read transaction: the monthly summary and the raw rows describe the same data.
Work that is long and pure Python (a year's workbook) goes further, to a short-lived
process of its own: in a thread it would hold the GIL against the event loop for seconds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import multiprocessing
import os
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TypeVar

from storage.models import FigureRow, FigureValues, MonthFigureRow, MonthFigures, MonthSpan
from storage.sqlite.db import Database

T = TypeVar("T")


class SqliteFigureSnapshot:
    """Read-only queries on one consistent view of the figures."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def months(self, year: int | None = None) -> list[MonthFigures]:
        """Every (branch, metric, month) with figures, optionally within one year."""
        where, params = _year_filter(year)
        # With a single max() aggregate, SQLite takes the bare column ``value`` from the
        # row holding that maximum: the value of the month's latest day.
        rows = self._conn.execute(
            "SELECT branch, metric, substr(day, 1, 7) AS month, SUM(value) AS total,"
            f" MAX(day) AS last_day, value AS latest FROM figures{where}"
            " GROUP BY metric, branch, month",
            params,
        )
        months = [MonthFigures(r[0], r[1], r[2], int(r[3]), int(r[5])) for r in rows]
        return _with_monthly(months, self.monthly(year))

    def monthly(self, year: int | None = None) -> list[MonthFigureRow]:
        """Every monthly figure (opening balance), by months, branch and metric."""
        return [
            MonthFigureRow(MonthSpan(r[0], r[1]), r[2], r[3], int(r[4]))
            for r in self._conn.execute(*_monthly_query(year))
        ]

    def rows(self, year: int | None = None) -> Iterator[FigureRow]:
        """Every figure in date, branch, metric order, streamed (optionally one year)."""
        for day, branch, metric, value in self.values(year):
            yield FigureRow(dt.date.fromisoformat(day), branch, metric, value)

    def values(self, year: int | None = None) -> Iterator[FigureValues]:
        """``rows()`` as plain tuples, the day in ISO form: what a million-row export
        writes without making a date and an object of each."""
        where, params = _year_filter(year)
        cursor = self._conn.execute(
            f"SELECT day, branch, metric, value FROM figures{where} ORDER BY day, branch, metric",
            params,
        )
        cursor.arraysize = 4096
        while batch := cursor.fetchmany():
            yield from batch


@contextmanager
def figure_snapshot(path: Path) -> Iterator[SqliteFigureSnapshot]:
    """A read-only view of the database at ``path``, for use in one thread."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA query_only=ON")
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("BEGIN")  # one read transaction: every query sees the same figures
        try:
            yield SqliteFigureSnapshot(conn)
        finally:
            conn.execute("ROLLBACK")


def _monthly_query(year: int | None) -> tuple[str, tuple[str, ...]]:
    sql = "SELECT first_month, last_month, branch, metric, value FROM month_figures"
    params: tuple[str, ...] = ()
    if year is not None:
        sql += " WHERE last_month BETWEEN ? AND ?"
        params = (f"{year:04d}-01", f"{year:04d}-12")
    return sql + " ORDER BY first_month, last_month, branch, metric", params


def _with_monthly(months: list[MonthFigures], monthly: list[MonthFigureRow]) -> list[MonthFigures]:
    """The month summary with the monthly figures added in their last month (where the
    running totals count them)."""
    cells = {(m.branch, m.metric, m.month): m for m in months}
    for row in monthly:
        key = (row.branch, row.metric, row.months.last)
        held = cells.get(key)
        total = row.value + (held.total if held else 0)
        cells[key] = MonthFigures(row.branch, row.metric, row.months.last, total, total)
    return list(cells.values())


def _year_filter(year: int | None) -> tuple[str, tuple[str, ...]]:
    if year is None:
        return "", ()
    return " WHERE day BETWEEN ? AND ?", (f"{year:04d}-01-01", f"{year:04d}-12-31")


class SqliteExportRepo:
    """The export's reads: every figure, and one snapshot read in a worker thread."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def holds(self, year: int) -> bool:
        """Whether any figure belongs to ``year``: a day's, or a monthly figure's ending in it."""
        where, days = _year_filter(year)
        row = await self._db.fetchone(
            f"SELECT EXISTS (SELECT 1 FROM figures{where})"
            " OR EXISTS (SELECT 1 FROM month_figures WHERE last_month BETWEEN ? AND ?)",
            (*days, f"{year:04d}-01", f"{year:04d}-12"),
        )
        return bool(row and row[0])

    async def read_snapshot(self, read: Callable[[SqliteFigureSnapshot], T]) -> T:
        """Run ``read`` in a worker thread on a connection of its own, in one transaction."""
        return await asyncio.to_thread(_read_snapshot, self._db.path, read)

    async def read_snapshot_apart(self, read: Callable[[SqliteFigureSnapshot], T]) -> T:
        """Run ``read`` in a short-lived process of its own, at a lower priority, on one
        snapshot: it holds no lock the bot needs. ``read`` and its result must pickle (a
        module-level function, or a ``functools.partial`` of one)."""
        spawn = multiprocessing.get_context("spawn")  # forking a process with threads is unsafe
        # Niced: on one core, the bot's handlers go first and the export takes what is left.
        pool = ProcessPoolExecutor(1, mp_context=spawn, initializer=os.nice, initargs=(10,))
        try:
            return await asyncio.wrap_future(pool.submit(_read_snapshot, self._db.path, read))
        finally:
            await asyncio.to_thread(pool.shutdown)


def _read_snapshot(path: Path, read: Callable[[SqliteFigureSnapshot], T]) -> T:
    with figure_snapshot(path) as snapshot:
        return read(snapshot)
