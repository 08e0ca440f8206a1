"""What a report is checked against inside its transaction, before anything is written:
the branch's recent history, the figures the sender was shown, other people's figures,
figures on the days a closure names."""

from __future__ import annotations

import datetime as dt

from storage.models import Contest, FigureRow, RecentValues, ReportOutcome, ReportWrite
from storage.sqlite.figure_writes import Key
from storage.sqlite.one_hop import OneHop


async def questioned(conn: OneHop, write: ReportWrite) -> ReportOutcome | None:
    """The write's history check, when it does not accept the report (``questioned``)."""
    if write.check is None:
        return None
    recent = await recent_values(conn, write.branch, list(write.figures), write.day,
                                 write.check.days)  # fmt: skip
    if write.check.accepts(recent):
        return None
    return ReportOutcome("questioned", None, write.branch, write.day, recent=recent)


async def recent_values(
    conn: OneHop, branch: str, metrics: list[str], day: dt.date, days: int
) -> RecentValues:
    """The branch's values of ``metrics`` on ``day`` and over the ``days`` before it."""
    result = RecentValues({}, {m: [] for m in metrics})
    if not metrics:
        return result
    marks = ",".join("?" * len(metrics))
    since = (day - dt.timedelta(days=days)).isoformat()
    rows = await conn.execute_fetchall(
        f"SELECT day, metric, value FROM figures WHERE branch = ? AND metric IN ({marks})"
        " AND day >= ? AND day <= ?",
        (branch, *metrics, since, day.isoformat()),
    )
    target = day.isoformat()
    for r in rows:
        if r["day"] == target:
            result.on_day[r["metric"]] = int(r["value"])
        else:
            result.before[r["metric"]].append(int(r["value"]))
    return result


async def refusal(conn: OneHop, write: ReportWrite) -> ReportOutcome | None:
    """Why a new message may not be written as it stands, or None."""
    day = write.day.isoformat()
    if write.expected is not None:
        now = await values_on(conn, write.branch, day, list(write.expected))
        if any(now.get(metric) != value for metric, value in write.expected.items()):
            return ReportOutcome("outdated", None, write.branch, write.day)
    if write.figures and not write.replaces_others:
        contests = await _contests(conn, write)
        if contests:
            return ReportOutcome(
                "contested", None, write.branch, write.day, figures=dict(write.figures),
                contests=contests,
            )  # fmt: skip
    if write.closed and write.closure_removes_figures is None:
        held = await figures_on_closed_days(conn, write)
        if held:
            rows = tuple(
                FigureRow(dt.date.fromisoformat(d), branch, metric, value)
                for (branch, d, metric), value in held.items()
            )
            return ReportOutcome(
                "closure_conflict", None, write.branch, write.day, closed=True,
                on_closed_days=rows,
            )  # fmt: skip
    return None


async def values_on(conn: OneHop, branch: str, day: str, metrics: list[str]) -> dict[str, int]:
    marks = ", ".join("?" * len(metrics))
    rows = await conn.execute_fetchall(
        f"SELECT metric, value FROM figures WHERE branch = ? AND day = ? AND metric IN ({marks})",
        (branch, day, *metrics),
    )
    return {r["metric"]: int(r["value"]) for r in rows}


async def _contests(conn: OneHop, write: ReportWrite) -> tuple[Contest, ...]:
    """Figures of the report's branch and day that another person sent, with another value."""
    marks = ", ".join("?" * len(write.figures))
    rows = await conn.execute_fetchall(
        "SELECT f.metric, f.value, r.user_id, f.updated_at FROM figures f"
        " JOIN reports r ON r.id = f.report_id"
        f" WHERE f.branch = ? AND f.day = ? AND f.metric IN ({marks}) AND r.user_id != ?",
        (write.branch, write.day.isoformat(), *write.figures, write.user_id),
    )
    return tuple(
        Contest(
            r["metric"], int(r["value"]), write.figures[r["metric"]], int(r["user_id"]),
            dt.datetime.fromisoformat(r["updated_at"]),
        )
        for r in rows
        if int(r["value"]) != write.figures[r["metric"]]
    )  # fmt: skip


async def figures_on_closed_days(conn: OneHop, write: ReportWrite) -> dict[Key, int]:
    """The figures other messages hold on the days a closure names."""
    last = write.closed_until or write.day
    rows = await conn.execute_fetchall(
        "SELECT f.branch, f.day, f.metric, f.value FROM figures f"
        " LEFT JOIN reports r ON r.id = f.report_id"
        " WHERE f.branch = ? AND f.day BETWEEN ? AND ?"
        " AND NOT (r.chat_id IS ? AND r.message_id IS ?) ORDER BY f.day, f.metric",
        (write.branch, write.day.isoformat(), last.isoformat(), write.chat_id, write.message_id),
    )
    return {(r["branch"], r["day"], r["metric"]): int(r["value"]) for r in rows}
