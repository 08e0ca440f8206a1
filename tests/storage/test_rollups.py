"""Every running total (migrations 0003 and 0009) always equals a recomputation from
``figures`` and ``month_figures``, whatever writes them: reports, edits, undos, closures
that delete figures, imports with and without ``--replace``, opening balances; and the
branch totals read from them equal plain sums over any range."""

from __future__ import annotations

import datetime as dt
import random

from storage.models import ImportRow, MonthSpan
from storage.sqlite import SqliteStorage
from storage.sqlite.db import Database
from storage.sqlite.spans import pieces
from tests.storage.sample import NOW, Record

METRICS = ("visitors", "loans", "events")
BRANCHES = ("main", "jiaolou")
START = dt.date(2025, 12, 20)  # across a year's end, so week parts split at New Year too

RECOMPUTED = {
    "figure_days": "SELECT metric, day, SUM(value) FROM figures GROUP BY metric, day",
    "figure_months": "SELECT metric, month, branch, SUM(total) FROM ("
    " SELECT metric, substr(day, 1, 7) AS month, branch, value AS total FROM figures"
    " UNION ALL SELECT metric, last_month, branch, value FROM month_figures)"
    " GROUP BY metric, month, branch",
    "figure_years": "SELECT year, metric, branch, SUM(total) FROM ("
    " SELECT substr(day, 1, 4) AS year, metric, branch, value AS total FROM figures"
    " UNION ALL SELECT substr(last_month, 1, 4), metric, branch, value FROM month_figures)"
    " GROUP BY year, metric, branch",
    "figure_weeks": "SELECT week, metric, branch, SUM(value) FROM (SELECT"
    " max(date(day, '-6 days', 'weekday 1'), substr(day, 1, 8) || '01') AS week, * FROM figures)"
    " GROUP BY week, metric, branch",
    "branch_days": "SELECT day, branch, COUNT(*) FROM figures GROUP BY day, branch",
}
KEPT = {
    "figure_days": "SELECT metric, day, total FROM figure_days",
    "figure_months": "SELECT metric, month, branch, total FROM figure_months",
    "figure_years": "SELECT year, metric, branch, total FROM figure_years",
    "figure_weeks": "SELECT week, metric, branch, total FROM figure_weeks",
    "branch_days": "SELECT day, branch, figures FROM branch_days",
}


async def as_dict(db: Database, sql: str) -> dict[tuple[object, ...], int]:
    """Key columns -> the last column, zeros left out (a total taken back to nothing)."""
    return {tuple(r)[:-1]: r[-1] for r in await db.fetchall(sql) if r[-1]}


async def assert_rollups_agree(db: Database) -> None:
    for table, sql in RECOMPUTED.items():
        assert await as_dict(db, KEPT[table]) == await as_dict(db, sql), table
    # a day whose figures are all gone has no row left: "reported" means a figure stands
    empty = await db.fetchone("SELECT COUNT(*) FROM branch_days WHERE figures <= 0")
    assert empty is not None and empty[0] == 0


def a_day(rng: random.Random) -> dt.date:
    return START + dt.timedelta(days=rng.randrange(75))


async def test_running_totals_equal_a_recomputation_after_any_writes(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    rng = random.Random(13)
    reports: list[int] = []
    done = dict.fromkeys(("report", "edit", "undo", "closure", "import", "replace", "months"), 0)
    for step in range(200):
        day, branch = a_day(rng), rng.choice(BRANCHES)
        figures = {m: rng.randrange(0, 500) for m in rng.sample(METRICS, rng.randrange(1, 4))}
        action = rng.random()
        if action < 0.35 or not reports:
            outcome = await record(branch=branch, day=day, figures=figures)
            if outcome.report_id is not None:
                reports.append(outcome.report_id)
                done["report"] += 1
        elif action < 0.45:  # the same message edited: a correction of its figures
            revision = 1_800_000_000 + step
            await record(message_id=9000 + step % 5, revision=revision, branch=branch,
                         day=day, figures=figures)  # fmt: skip
            done["edit"] += 1
        elif action < 0.6:
            outcome = await store.reports.undo_report(rng.choice(reports), 1001, NOW)
            done["undo"] += outcome.status == "recorded"
        elif action < 0.7:  # closed after all: the day's figures go
            await record(branch=branch, day=day, closed=True, figures={})
            done["closure"] += 1
        elif action < 0.85:
            rows = [(branch, day, m, v) for m, v in figures.items()]
            await store.reports.import_figures(rows, 3001, NOW)
            done["import"] += 1
        elif action < 0.93:  # libbot import --replace: a file's values win over chat's
            rows_in = [ImportRow(branch, m, v, "test.csv", day=day) for m, v in figures.items()]
            result = await store.imports.load(rows_in, user_id=0, now=NOW, replace=True)
            done["replace"] += result.written
        else:  # an opening balance, in a year's first months (the walk's days are later)
            month = rng.choice(("2025-01", "2025-06", "2025-11"))
            span = MonthSpan(month[:5] + "01", month)
            value = rng.randrange(1, 9000)
            rows_in = [ImportRow(branch, rng.choice(METRICS), value, "test", months=span)]
            result = await store.imports.load(rows_in, user_id=0, now=NOW, replace=True)
            done["months"] += result.written
        if step % 25 == 24:
            await assert_rollups_agree(db)
    await assert_rollups_agree(db)
    assert all(count >= 3 for count in done.values()), done  # the walk did each kind of write


async def test_a_figure_moved_to_another_day_moves_its_reported_day(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    await record(day=dt.date(2026, 3, 2), figures={"visitors": 5})
    await db.execute("UPDATE figures SET day = '2026-03-09'")
    assert await as_dict(db, KEPT["branch_days"]) == {("2026-03-09", "jiaolou"): 1}
    await assert_rollups_agree(db)


BALANCES = [("main", "visitors", "2026-10", 5000), ("jiaolou", "loans", "2026-11", 700),
            ("main", "events", "2025-11", 40)]  # fmt: skip
"""Monthly totals (branch, metric, month, value), in months without that daily figure."""


async def seed(store: SqliteStorage) -> dict[tuple[str, dt.date, str], int]:
    rng = random.Random(3)
    figures = {
        (branch, dt.date(2025, 12, 1) + dt.timedelta(days=d), metric): rng.randrange(1, 900)
        for branch in BRANCHES
        for d in range(0, 400, 2)
        for metric in METRICS
    }
    for branch, metric, month, _ in BALANCES:
        for key in [k for k in figures if k[0] == branch and k[2] == metric]:
            if key[1].isoformat()[:7] == month:
                del figures[key]
    await store.reports.import_figures(
        [(b, d, m, v) for (b, d, m), v in figures.items()], 3001, NOW
    )
    return figures


def plain_sums(
    figures: dict[tuple[str, dt.date, str], int],
    months: list[tuple[str, str, str, int]],
    start: dt.date,
    end: dt.date,
) -> dict[str, dict[str, int]]:
    """Daily figures in the range, and monthly totals whose last month it holds whole."""
    expected: dict[str, dict[str, int]] = {}

    def add(branch: str, metric: str, value: int) -> None:
        per = expected.setdefault(branch, {})
        per[metric] = per.get(metric, 0) + value

    for (branch, day, metric), value in figures.items():
        if start <= day <= end:
            add(branch, metric, value)
    for branch, metric, last, value in months:
        first_day = dt.date.fromisoformat(last + "-01")
        last_day = (first_day + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
        if start <= first_day and last_day <= end:
            add(branch, metric, value)
    return expected


async def test_branch_totals_over_any_range_equal_plain_sums(store: SqliteStorage) -> None:
    """Ranges read forwards and ranges read as the year less what follows agree with sums,
    opening balances counted only where the range holds their month whole."""
    figures = await seed(store)
    months = BALANCES
    rows = [ImportRow(b, m, v, "t", months=MonthSpan(last, last)) for b, m, last, v in months]
    figures_2027 = {k: v for k, v in figures.items() if k[1].year == 2027}
    assert figures_2027  # the newest figures: reading backwards from 2026's end costs little
    result = await store.imports.load(rows, user_id=0, now=NOW)
    assert result.written and not result.refusals
    rng = random.Random(5)
    ranges = [
        (dt.date(2026, 1, 1), dt.date(2026, 11, 15)),  # the digest's year to a Sunday
        (dt.date(2026, 1, 1), dt.date(2026, 11, 19)),  # year to date, mid-week
        (dt.date(2026, 1, 1), dt.date(2026, 11, 30)),  # to a month's end
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31)),  # the whole year
        (dt.date(2026, 1, 1), dt.date(2026, 1, 4)),  # the days of a week split at New Year
        (dt.date(2025, 12, 29), dt.date(2026, 1, 4)),  # that week whole
        (dt.date(2026, 11, 9), dt.date(2026, 11, 15)),
        (dt.date(2026, 3, 30), dt.date(2026, 4, 5)),
        (dt.date(2025, 12, 5), dt.date(2027, 1, 2)),
    ]
    for _ in range(40):
        first = dt.date(2025, 12, 1) + dt.timedelta(days=rng.randrange(400))
        ranges.append((first, first + dt.timedelta(days=rng.randrange(200))))
        ytd = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(365))
        ranges.append((dt.date(2026, 1, 1), ytd))
    for start, end in ranges:
        expected = plain_sums(figures, months, start, end)
        assert await store.totals.branch_totals(METRICS, start, end) == expected, (start, end)
        only_main = await store.totals.branch_totals(METRICS, start, end, ["main"])
        assert only_main == {k: v for k, v in expected.items() if k == "main"}
        organisation = await store.totals.organisation_totals(METRICS, start, end)
        assert {m: v for m, v in organisation.items() if v} == {
            m: total for m in METRICS if (total := sum(per.get(m, 0) for per in expected.values()))
        }, (start, end)


def test_a_range_is_cut_into_the_largest_pieces_that_fit() -> None:
    found = pieces(dt.date(2025, 12, 30), dt.date(2027, 2, 10))
    assert found.years == ["2026"]
    assert found.months == ["2027-01"]
    assert found.weeks == ["2027-02-01"]  # Monday 1 to Sunday 7 February
    assert found.days == [(dt.date(2025, 12, 30), dt.date(2025, 12, 31)),
                          (dt.date(2027, 2, 8), dt.date(2027, 2, 10))]  # fmt: skip
    week = pieces(dt.date(2026, 3, 30), dt.date(2026, 4, 5))  # a week across two months
    assert (week.weeks, week.days) == (["2026-03-30", "2026-04-01"], [])
    days = [d for first, last in found.days for d in range((last - first).days + 1)]
    assert len(days) == 5
