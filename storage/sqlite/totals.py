"""Totals over date ranges, read from the running totals the triggers keep (migrations
0003 and 0009).

The whole organisation's range is its days from ``figure_days`` (a few thousand rows a
year, however many branches) and the monthly totals of the months it holds whole. A
branch's range is whole years, months and week parts from ``figure_years``,
``figure_months`` and ``figure_weeks``, and the days left from ``figures``
(``spans.pieces``); a range from 1 January may be read as the year less what follows it.
Monthly totals (opening balances, migration 0007) are in the year's and their last
month's totals only: a range counts them when it holds that month whole, and a week never
does.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Sequence

from storage.models import MonthSpan, MonthTotal, Totals
from storage.sqlite.db import Database
from storage.sqlite.spans import DAY, Pieces, month_end, next_month, pieces

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
        """Every branch's figures of each flow metric from ``start`` to ``end`` inclusive:
        the daily totals, and the monthly totals of the months the range holds whole."""
        result: dict[str, int] = {}
        if not metrics or start > end:
            return result
        rows = await self._db.fetchall(
            "SELECT metric, SUM(total) AS total FROM figure_days"
            f" WHERE metric IN ({_marks(metrics)}) AND day BETWEEN ? AND ? GROUP BY metric",
            (*metrics, start.isoformat(), end.isoformat()),
        )
        _add_up(result, rows)
        whole, _ = _split_months(start, end)
        if whole:
            rows = await self._db.fetchall(
                "SELECT metric, SUM(value) AS total FROM month_figures"
                " WHERE last_month BETWEEN ? AND ?"
                f" AND metric IN ({_marks(metrics)}) GROUP BY metric",
                (whole[0], whole[1], *metrics),
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
        """Each branch's own figures of each flow metric from ``start`` to ``end`` inclusive
        (the non-zero totals).

        A range from 1 January is read forwards, or as the year's total less what comes
        after it, whichever reads fewer rows: late in the year, a week or two instead of
        every month before.
        """
        if not metrics or start > end:
            return {}
        wanted = None
        if branches is not None and len(branches) > MANY_BRANCHES:
            wanted, branches = set(branches), None  # read them all, keep these below
        forward = pieces(start, end)
        latest = await self._latest_day()
        year_end = dt.date(end.year, 12, 31)
        tail = pieces(end + DAY, year_end) if end < year_end else None
        partial = end != month_end(end)  # its month's monthly totals: in the year, not the range
        if (
            tail is not None
            and (start.month, start.day) == (1, 1)
            and start.year == end.year
            and 1 + tail.cost(latest) + partial < forward.cost(latest)
        ):
            month = f"{end:%Y-%m}" if partial else None
            assert latest is not None  # a tail cheaper than the range: there are figures
            rows = await self._year_less(metrics, end.year, tail, month, branches, latest)
        else:
            rows = await self._sum_pieces(metrics, [(forward, 1)], None, branches)
        result: Totals = {}
        for metric, column in rows:
            for branch, total in json.loads(column).items():
                if total and (wanted is None or branch in wanted):
                    result.setdefault(branch, {})[metric] = total
        return result

    async def _latest_day(self) -> dt.date | None:
        """The newest day any branch has a figure for."""
        row = await self._db.fetchone("SELECT MAX(day) AS day FROM branch_days")
        return dt.date.fromisoformat(row["day"]) if row and row["day"] else None

    async def _year_less(
        self,
        metrics: Sequence[str],
        year: int,
        tail: Pieces,
        month: str | None,
        branches: Sequence[str] | None,
        latest: dt.date,
    ) -> list[sqlite3.Row]:
        """(metric, each branch's total) (:func:`_by_metric`): each year's row less the
        tail's pieces, and less the monthly totals counted in ``month`` when given, each a
        lookup by (metric, branch) beside the year's row, not rows to sort and sum. Every
        figure of the year is in its (branch, metric) year row, kept even at 0, so the
        year's rows are all there are; weeks and days after ``latest`` hold no figure and
        are not looked up."""
        marks = _marks(metrics)
        newest = latest.isoformat()
        weeks = [w for w in tail.weeks if w <= newest]
        days = [(first, last) for first, last in tail.days if first <= latest]
        # a month after ``latest`` holds monthly totals only, most often none
        later = [m for m in tail.months if m > newest[:7]]
        counted = [month] if month is not None else []
        lumps = await self._months_with_lumps([*later, *counted])
        months = [m for m in tail.months if m <= newest[:7] or m in lumps]
        month = month if month in lumps else None
        less: list[str] = []  # what to take from the year's total
        params: list[object] = []
        for first, last in days:
            less.append(
                "(SELECT SUM(f.value) FROM figures f WHERE f.metric = y.metric"
                " AND f.branch = y.branch AND f.day BETWEEN ? AND ?)"
            )
            params += [first.isoformat(), last.isoformat()]
        # a month's or week's total, or a monthly figure, is one row by its key: a join
        # per piece finds it by (metric, branch) faster than a subquery summing the
        # pieces' rows (a week for 3,000 branches: 39 -> 30 ms)
        joins: list[str] = []
        pieces = [("figure_months", "month", m, "total") for m in months]
        pieces += [("figure_weeks", "week", w, "total") for w in weeks]
        if month is not None:
            pieces.append(("month_figures", "last_month", month, "value"))
        for i, (table, key, value, column) in enumerate(pieces):
            joins.append(
                f" LEFT JOIN {table} p{i:d} ON p{i:d}.{key} = ?"
                f" AND p{i:d}.metric = y.metric AND p{i:d}.branch = y.branch"
            )
            less.append(f"p{i:d}.{column}")
            params.append(value)
        total = "y.total" + "".join(f" - COALESCE({sql}, 0)" for sql in less)
        branch_sql = f" AND y.branch IN ({_marks(branches)})" if branches is not None else ""
        return await self._db.fetchall(
            _by_metric(
                f"SELECT y.branch AS branch, y.metric AS metric, {total} AS total"
                f" FROM figure_years y{''.join(joins)}"
                f" WHERE y.year = ? AND y.metric IN ({marks}){branch_sql}"
            ),
            (*params, f"{year:04d}", *metrics, *(branches or ())),
        )

    async def _months_with_lumps(self, months: Sequence[str]) -> set[str]:
        """Those of ``months`` in which some monthly total is counted."""
        if not months:
            return set()
        rows = await self._db.fetchall(
            f"SELECT DISTINCT last_month FROM month_figures WHERE last_month IN ({_marks(months)})",
            tuple(months),
        )
        return {r["last_month"] for r in rows}

    async def _sum_pieces(
        self,
        metrics: Sequence[str],
        parts: Sequence[tuple[Pieces, int]],
        month: str | None,
        branches: Sequence[str] | None,
    ) -> list[sqlite3.Row]:
        """(metric, each branch's total) (:func:`_by_metric`) over the pieces, each added
        or taken away (its sign), less the monthly totals counted in ``month`` when given:
        one statement, so the sum is SQLite's."""
        marks = _marks(metrics)
        branch_sql = f" AND branch IN ({_marks(branches)})" if branches is not None else ""
        branch_params = tuple(branches or ())
        figures_sql, figures_params = _branch_filter(branches)
        selects: list[str] = []
        params: list[object] = []
        for found, sign in parts:
            for table, key, keys in (
                ("figure_years", "year", found.years),
                ("figure_months", "month", found.months),
                ("figure_weeks", "week", found.weeks),
            ):
                if keys:
                    selects.append(
                        f"SELECT branch, metric, {sign:d} * total AS total FROM {table}"
                        f" WHERE {key} IN ({_marks(keys)}) AND metric IN ({marks}){branch_sql}"
                    )
                    params += [*keys, *metrics, *branch_params]
            for first, last in found.days:
                selects.append(
                    f"SELECT branch, metric, {sign:d} * value AS total FROM figures"
                    f" WHERE metric IN ({marks}) AND day BETWEEN ? AND ?{figures_sql}"
                )
                params += [*metrics, first.isoformat(), last.isoformat(), *figures_params]
        if month is not None:
            selects.append(
                "SELECT branch, metric, -value AS total FROM month_figures"
                f" WHERE last_month = ? AND metric IN ({marks}){branch_sql}"
            )
            params += [month, *metrics, *branch_params]
        if not selects:
            return []
        return await self._db.fetchall(
            _by_metric(
                "SELECT branch, metric, SUM(total) AS total FROM ("
                + " UNION ALL ".join(selects)
                + ") GROUP BY branch, metric"
            ),
            tuple(params),
        )

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

    async def levels_at(
        self, metric: str, points: Sequence[tuple[dt.date, dt.date | None]]
    ) -> list[dict[str, int]]:
        """:meth:`latest_levels` at each (end, after) of ``points``: one statement, a
        column per point, so each branch is one row however many points are read."""
        if not points:
            return []
        columns: list[str] = []
        params: list[object] = []
        for i, (end, after) in enumerate(points):
            columns.append(
                f"(SELECT value FROM figures f WHERE f.metric = ? AND f.branch = b.code"
                f" AND f.day <= ? AND f.day > ? ORDER BY f.day DESC LIMIT 1) AS v{i:d}"
            )
            params += [metric, end.isoformat(), after.isoformat() if after else ""]
        rows = await self._db.fetchall(
            f"SELECT b.code AS branch, {', '.join(columns)} FROM branches b", tuple(params)
        )
        found: list[dict[str, int]] = [{} for _ in points]
        for r in rows:
            for i, levels in enumerate(found):
                value = r[i + 1]
                if value is not None:
                    levels[r[0]] = int(value)
        return found

    async def reported_days(self, start: dt.date, end: dt.date) -> dict[str, set[dt.date]]:
        """The days from ``start`` to ``end`` on which each branch reported any figure."""
        return await self._days_by_branch("branch_days", start, end)

    async def first_recorded(
        self, metrics: Sequence[str], start: dt.date, end: dt.date
    ) -> dict[str, dt.date]:
        """Each metric's first day from ``start`` to ``end`` with a figure (a monthly
        total's: its first month's first day)."""
        if not metrics:
            return {}
        rows = await self._db.fetchall(
            "SELECT metric, MIN(day) AS day FROM ("
            f" SELECT metric, MIN(day) AS day FROM figure_days WHERE metric IN ({_marks(metrics)})"
            " AND day BETWEEN ? AND ? AND total != 0 GROUP BY metric"
            " UNION ALL SELECT metric, MIN(first_month) || '-01' FROM month_figures"
            f" WHERE metric IN ({_marks(metrics)}) AND first_month BETWEEN ? AND ? AND value != 0"
            " GROUP BY metric) GROUP BY metric",
            (*metrics, start.isoformat(), end.isoformat(),
             *metrics, start.isoformat()[:7], end.isoformat()[:7]),
        )  # fmt: skip
        return {r["metric"]: dt.date.fromisoformat(r["day"]) for r in rows}

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
        return await self._days_by_branch("closures", start, end)

    async def _days_by_branch(
        self, table: str, start: dt.date, end: dt.date
    ) -> dict[str, set[dt.date]]:
        """Branch -> the days from ``start`` to ``end`` with a row in ``table``
        (``branch_days`` or ``closures``), read as one row a day with its branches in a
        JSON array: a week of 3,000 branches is 7 rows and 7 dates parsed, not 21,000 of
        each, in a third of the time."""
        rows = await self._db.fetchall(
            f"SELECT day, json_group_array(branch) FROM {table}"
            " WHERE day BETWEEN ? AND ? GROUP BY day",
            (start.isoformat(), end.isoformat()),
        )
        result: dict[str, set[dt.date]] = {}
        for day, branches in rows:
            date = dt.date.fromisoformat(day)
            for branch in json.loads(branches):
                result.setdefault(branch, set()).add(date)
        return result

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
        for r in rows:
            result.setdefault(r["branch"], {})[r["metric"]] = int(r["total"])
        return result


def _split_months(
    start: dt.date, end: dt.date
) -> tuple[tuple[str, str] | None, list[tuple[dt.date, dt.date]]]:
    """Whole months inside [start, end] as ('YYYY-MM', 'YYYY-MM'), and the partial edges."""
    first_whole = start if start.day == 1 else next_month(start)
    after_last_whole = next_month(end) if end == month_end(end) else end.replace(day=1)
    if first_whole >= after_last_whole:
        return None, [(start, end)]
    last_whole = after_last_whole - dt.timedelta(days=1)
    edges = []
    if start < first_whole:
        edges.append((start, first_whole - dt.timedelta(days=1)))
    if after_last_whole <= end:
        edges.append((after_last_whole, end))
    return (first_whole.strftime("%Y-%m"), last_whole.strftime("%Y-%m")), edges


def _by_metric(select: str) -> str:
    """``select``'s (branch, metric, total) rows as one row per metric, its branches'
    totals in a JSON object: 3,000 branches' totals reach Python as a string a metric for
    ``json.loads``, not 42,000 rows to build one by one (which took twice as long as
    SQLite's sums). Zeros are kept and left out in Python: a ``WHERE total != 0`` here
    would have SQLite work out every total twice."""
    return f"SELECT metric, json_group_object(branch, total) FROM ({select}) GROUP BY metric"


def _branch_filter(branches: Sequence[str] | None) -> tuple[str, tuple[str, ...]]:
    if branches is None:
        # Every figure's branch is in ``branches`` (a foreign key); naming them lets SQLite
        # seek (metric, branch, day) per branch instead of reading a metric's every day. On
        # ``figure_months`` the condition is one probe a row, cheap beside the sum.
        return " AND branch IN (SELECT code FROM branches)", ()
    return f" AND branch IN ({_marks(branches)})", tuple(branches)


def _add_up(result: dict[str, int], rows: Iterable[sqlite3.Row]) -> None:
    for r in rows:
        result[r["metric"]] = result.get(r["metric"], 0) + int(r["total"] or 0)
