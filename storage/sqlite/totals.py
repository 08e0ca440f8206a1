"""Totals over date ranges, read from the running totals the triggers keep (migration 0003).

A range is split into whole months, read from ``figure_months``, and the partial months
at its ends, read from ``figures`` (or ``figure_days`` for the whole organisation). Monthly
totals (opening balances, migration 0007) are in ``figure_months`` only, in their last
month: a range counts them when it holds that month whole, and a week never does.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence

from storage.models import MonthSpan, MonthTotal, Totals
from storage.sqlite.db import Database

MANY_BRANCHES = 200
"""Beyond this many branches named, a query reads every branch and the caller's are kept in
Python: SQLite probes a long list of parameters more slowly than it sums the rest."""


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


class SqliteTotalsRepo:
    """Range totals from ``figure_months``, ``figure_days`` and ``figures``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def organisation_totals(
        self, metrics: Sequence[str], start: dt.date, end: dt.date
    ) -> dict[str, int]:
        """Every branch's figures of each flow metric from ``start`` to ``end`` inclusive."""
        result: dict[str, int] = {}
        if not metrics or start > end:
            return result
        whole, edges = _split_months(start, end)
        if whole:
            rows = await self._db.fetchall(
                "SELECT metric, SUM(total) AS total FROM figure_months"
                f" WHERE metric IN ({_marks(metrics)}) AND month BETWEEN ? AND ? GROUP BY metric",
                (*metrics, whole[0], whole[1]),
            )
            _add_up(result, rows)
        for first, last in edges:
            rows = await self._db.fetchall(
                "SELECT metric, SUM(total) AS total FROM figure_days"
                f" WHERE metric IN ({_marks(metrics)}) AND day BETWEEN ? AND ? GROUP BY metric",
                (*metrics, first.isoformat(), last.isoformat()),
            )
            _add_up(result, rows)
        return result

    async def organisation_days(
        self, metrics: Sequence[str], start: dt.date, end: dt.date
    ) -> dict[str, dict[dt.date, int]]:
        """The organisation's total of each metric on each day with figures:
        metric -> day -> total."""
        result: dict[str, dict[dt.date, int]] = {m: {} for m in metrics}
        if not metrics:
            return result
        rows = await self._db.fetchall(
            f"SELECT metric, day, total FROM figure_days WHERE metric IN ({_marks(metrics)})"
            " AND day BETWEEN ? AND ? AND total != 0",
            (*metrics, start.isoformat(), end.isoformat()),
        )
        for r in rows:
            result[r["metric"]][dt.date.fromisoformat(r["day"])] = int(r["total"])
        return result

    async def branch_totals(
        self,
        metrics: Sequence[str],
        start: dt.date,
        end: dt.date,
        branches: Sequence[str] | None = None,
    ) -> Totals:
        """Each branch's own figures of each flow metric from ``start`` to ``end`` inclusive."""
        result: Totals = {}
        if not metrics or start > end:
            return result
        whole, edges = _split_months(start, end)
        wanted = None
        if branches is not None and len(branches) > MANY_BRANCHES:
            wanted, branches = set(branches), None  # read them all, keep these below
        branch_sql, branch_params = _branch_filter(branches)
        if whole:
            rows = await self._db.fetchall(
                "SELECT branch, metric, SUM(total) AS total FROM figure_months"
                f" WHERE metric IN ({_marks(metrics)}) AND month BETWEEN ? AND ?{branch_sql}"
                " GROUP BY branch, metric",
                (*metrics, whole[0], whole[1], *branch_params),
            )
            _add(result, rows)
        for first, last in edges:
            rows = await self._db.fetchall(
                "SELECT branch, metric, SUM(value) AS total FROM figures"
                f" WHERE metric IN ({_marks(metrics)}) AND day BETWEEN ? AND ?{branch_sql}"
                " GROUP BY branch, metric",
                (*metrics, first.isoformat(), last.isoformat(), *branch_params),
            )
            _add(result, rows)
        if wanted is not None:
            result = {b: totals for b, totals in result.items() if b in wanted}
        return result

    async def latest_levels(
        self, metric: str, end: dt.date, after: dt.date | None = None
    ) -> dict[str, int]:
        """Each branch's latest value of a level (stock) metric on or before ``end``.

        With ``after``, only values later than that day count.
        """
        rows = await self._db.fetchall(
            "SELECT b.code AS branch, (SELECT value FROM figures f WHERE f.metric = ?"
            " AND f.branch = b.code AND f.day <= ? AND f.day > ? ORDER BY f.day DESC LIMIT 1)"
            " AS value FROM branches b",
            (metric, end.isoformat(), after.isoformat() if after else ""),
        )
        return {r["branch"]: int(r["value"]) for r in rows if r["value"] is not None}

    async def reported_days(self, start: dt.date, end: dt.date) -> dict[str, set[dt.date]]:
        """The days from ``start`` to ``end`` on which each branch reported any figure."""
        # Every figure's branch is in ``branches`` (a foreign key); naming them lets SQLite
        # seek the primary key (branch, day, metric) per branch instead of scanning every figure.
        rows = await self._db.fetchall(
            "SELECT DISTINCT branch, day FROM figures"
            " WHERE branch IN (SELECT code FROM branches) AND day BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        )
        return _days_by_branch(rows)

    async def month_totals(
        self, metrics: Sequence[str], start: dt.date, end: dt.date
    ) -> list[MonthTotal]:
        """The organisation's monthly totals (opening balances) of spans inside the range."""
        if not metrics:
            return []
        rows = await self._db.fetchall(
            "SELECT metric, first_month, last_month, SUM(value) AS total FROM month_figures"
            f" WHERE metric IN ({_marks(metrics)}) AND first_month >= ? AND last_month <= ?"
            " GROUP BY metric, first_month, last_month",
            (*metrics, start.isoformat()[:7], end.isoformat()[:7]),
        )
        return [
            MonthTotal(r["metric"], MonthSpan(r["first_month"], r["last_month"]), int(r["total"]))
            for r in rows
        ]

    async def covered_months(self, start: dt.date, end: dt.date) -> dict[str, list[MonthSpan]]:
        """Each branch's months with a monthly total touching the range: neither reported
        nor missing days."""
        rows = await self._db.fetchall(
            "SELECT DISTINCT branch, first_month, last_month FROM month_figures"
            " WHERE first_month <= ? AND last_month >= ?",
            (end.isoformat()[:7], start.isoformat()[:7]),
        )
        result: dict[str, list[MonthSpan]] = {}
        for r in rows:
            result.setdefault(r["branch"], []).append(MonthSpan(r["first_month"], r["last_month"]))
        return result

    async def closures(self, start: dt.date, end: dt.date) -> dict[str, set[dt.date]]:
        """Closure notices from ``start`` to ``end``: branch -> days."""
        rows = await self._db.fetchall(
            "SELECT branch, day FROM closures WHERE day BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        )
        return _days_by_branch(rows)

    async def monthly_totals_ending(self, metrics: Sequence[str], month: str) -> Totals:
        """Each branch's monthly figures (opening balances) whose months end in ``month``."""
        result: Totals = {}
        if not metrics:
            return result
        rows = await self._db.fetchall(
            "SELECT branch, metric, SUM(value) AS total FROM month_figures"
            f" WHERE metric IN ({_marks(metrics)}) AND last_month = ? GROUP BY branch, metric",
            (*metrics, month),
        )
        _add(result, rows)
        return result


def _days_by_branch(rows: Iterable[sqlite3.Row]) -> dict[str, set[dt.date]]:
    result: dict[str, set[dt.date]] = {}
    for r in rows:
        result.setdefault(r["branch"], set()).add(dt.date.fromisoformat(r["day"]))
    return result


def _split_months(
    start: dt.date, end: dt.date
) -> tuple[tuple[str, str] | None, list[tuple[dt.date, dt.date]]]:
    """Whole months inside [start, end] as ('YYYY-MM', 'YYYY-MM'), and the partial edges."""
    first_whole = start if start.day == 1 else _next_month(start)
    after_last_whole = _next_month(end) if _is_month_end(end) else end.replace(day=1)
    if first_whole >= after_last_whole:
        return None, [(start, end)]
    last_whole = after_last_whole - dt.timedelta(days=1)
    edges = []
    if start < first_whole:
        edges.append((start, first_whole - dt.timedelta(days=1)))
    if after_last_whole <= end:
        edges.append((after_last_whole, end))
    return (first_whole.strftime("%Y-%m"), last_whole.strftime("%Y-%m")), edges


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def _branch_filter(branches: Sequence[str] | None) -> tuple[str, tuple[str, ...]]:
    if branches is None:
        # Every figure's branch is in ``branches`` (a foreign key); naming them lets SQLite
        # seek (metric, branch, day) per branch instead of reading a metric's every day. On
        # ``figure_months`` the condition is one probe a row, cheap beside the sum.
        return " AND branch IN (SELECT code FROM branches)", ()
    return f" AND branch IN ({_marks(branches)})", tuple(branches)


def _add(result: Totals, rows: Iterable[sqlite3.Row]) -> None:
    for r in rows:
        per_branch = result.setdefault(r["branch"], {})
        per_branch[r["metric"]] = per_branch.get(r["metric"], 0) + int(r["total"])


def _add_up(result: dict[str, int], rows: Iterable[sqlite3.Row]) -> None:
    for r in rows:
        result[r["metric"]] = result.get(r["metric"], 0) + int(r["total"] or 0)
