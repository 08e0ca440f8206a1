"""The figures as they stand at one moment, for long reads that run in a worker thread.

An export reads every figure of a year: a million rows and more. Streamed through the
shared read connection, its open statement would hold that connection's read transaction
for the whole export, and every other read in the bot would see the database as it was
when the export began. So the export gets a connection of its own, in its own thread,
and one read transaction: the monthly summary and the raw rows describe the same data.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from storage.queries import FigureRow


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """One branch's figures of one metric in one month."""

    branch: str
    metric: str
    month: str  # 'YYYY-MM'
    total: int  # the daily values added up (what a flow metric means)
    latest: int  # the value of the month's last day with a figure (what a level means)


class FigureSnapshot:
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
        return [MonthFigures(r[0], r[1], r[2], int(r[3]), int(r[5])) for r in rows]

    def rows(self, year: int | None = None) -> Iterator[FigureRow]:
        """Every figure in date, branch, metric order, streamed (optionally one year)."""
        where, params = _year_filter(year)
        cursor = self._conn.execute(
            f"SELECT day, branch, metric, value FROM figures{where} ORDER BY day, branch, metric",
            params,
        )
        cursor.arraysize = 2048
        while batch := cursor.fetchmany():
            for day, branch, metric, value in batch:
                yield FigureRow(dt.date.fromisoformat(day), branch, metric, int(value))


@contextmanager
def figure_snapshot(path: Path) -> Iterator[FigureSnapshot]:
    """A read-only view of the database at ``path``, for use in one thread."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA query_only=ON")
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("BEGIN")  # one read transaction: every query sees the same figures
        try:
            yield FigureSnapshot(conn)
        finally:
            conn.execute("ROLLBACK")


def _year_filter(year: int | None) -> tuple[str, tuple[str, ...]]:
    if year is None:
        return "", ()
    return " WHERE day BETWEEN ? AND ?", (f"{year:04d}-01-01", f"{year:04d}-12-31")
