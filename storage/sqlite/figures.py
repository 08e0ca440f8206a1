"""Read-side queries: a day's figures, year-to-date, the event titles reports named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from storage.models import EventTitle
from storage.sqlite.db import Database


class SqliteFiguresRepo:
    """Read queries on ``figures``, ``closures`` and ``event_titles``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def day_figures(self, branches: Sequence[str], day: dt.date) -> dict[str, dict[str, int]]:
        """Figures stored for ``day``: branch -> metric -> value."""
        if not branches:
            return {}
        marks = ",".join("?" * len(branches))
        rows = await self._db.fetchall(
            f"SELECT branch, metric, value FROM figures WHERE day = ? AND branch IN ({marks})",
            (day.isoformat(), *branches),
        )
        result: dict[str, dict[str, int]] = {}
        for r in rows:
            result.setdefault(r["branch"], {})[r["metric"]] = int(r["value"])
        return result

    async def closed_branches(self, branches: Sequence[str], day: dt.date) -> set[str]:
        """Which of ``branches`` sent a closure notice for ``day``."""
        if not branches:
            return set()
        marks = ",".join("?" * len(branches))
        rows = await self._db.fetchall(
            f"SELECT branch FROM closures WHERE day = ? AND branch IN ({marks})",
            (day.isoformat(), *branches),
        )
        return {r["branch"] for r in rows}

    async def day_notes(self, branches: Sequence[str], day: dt.date) -> dict[str, list[str]]:
        """The reasons senders gave with the figures held for ``day``: branch -> notes."""
        if not branches:
            return {}
        marks = ",".join("?" * len(branches))
        rows = await self._db.fetchall(
            "SELECT r.branch, r.note FROM reports r WHERE r.note IS NOT NULL"
            f" AND r.undone_at IS NULL AND r.day = ? AND r.branch IN ({marks})"
            " AND EXISTS (SELECT 1 FROM figures f WHERE f.report_id = r.id) ORDER BY r.id",
            (day.isoformat(), *branches),
        )
        notes: dict[str, list[str]] = {}
        for r in rows:
            notes.setdefault(r["branch"], []).append(r["note"])
        return notes

    async def year_to_date(
        self,
        flow: Sequence[str],
        stock: Sequence[str],
        start: dt.date,
        end: dt.date,
        branches: Sequence[str] | None = None,
    ) -> dict[str, int]:
        """Totals from ``start`` to ``end`` inclusive: flow metrics summed, stock metrics'
        latest level per branch added up over branches."""
        where_branch, branch_params = _branch_filter(branches)
        totals: dict[str, int] = {}
        if flow:
            marks = ",".join("?" * len(flow))
            rows = await self._db.fetchall(
                f"SELECT metric, SUM(value) AS total FROM figures WHERE metric IN ({marks})"
                f" AND day BETWEEN ? AND ?{where_branch} GROUP BY metric",
                (*flow, start.isoformat(), end.isoformat(), *branch_params),
            )
            totals.update({r["metric"]: int(r["total"]) for r in rows})
        if stock:
            marks = ",".join("?" * len(stock))
            rows = await self._db.fetchall(
                "SELECT metric, SUM(value) AS total FROM ("
                "  SELECT metric, branch, value, ROW_NUMBER() OVER ("
                "    PARTITION BY metric, branch ORDER BY day DESC) AS newest"
                f"  FROM figures WHERE metric IN ({marks}) AND day BETWEEN ? AND ?{where_branch}"
                ") WHERE newest = 1 GROUP BY metric",
                (*stock, start.isoformat(), end.isoformat(), *branch_params),
            )
            totals.update({r["metric"]: int(r["total"]) for r in rows})
        return totals

    async def event_titles(self, start: dt.date, end: dt.date) -> list[EventTitle]:
        """Titles named for the days ``start`` to ``end`` inclusive, by day, branch and order
        in the report; undone reports are left out, a title a branch names again for the same
        day (in a second report) is listed once."""
        rows = await self._db.fetchall(
            "SELECT t.day, t.branch, t.title FROM event_titles AS t"
            " JOIN reports AS r ON r.id = t.report_id"
            " WHERE t.day BETWEEN ? AND ? AND r.undone_at IS NULL"
            " ORDER BY t.day, t.branch, t.report_id, t.position",
            (start.isoformat(), end.isoformat()),
        )
        titles: list[EventTitle] = []
        seen: set[tuple[str, str, str]] = set()
        for r in rows:
            key = (r["day"], r["branch"], r["title"].casefold())
            if key not in seen:
                seen.add(key)
                titles.append(EventTitle(r["branch"], dt.date.fromisoformat(r["day"]), r["title"]))
        return titles


def _branch_filter(branches: Sequence[str] | None) -> tuple[str, tuple[str, ...]]:
    if branches is None:
        return "", ()
    return f" AND branch IN ({','.join('?' * len(branches))})", tuple(branches)
