"""The running totals stay equal to the figures through reports, edits, undos and imports,
and the range readers agree with plain sums over ``figures``."""

from __future__ import annotations

import datetime as dt
import random

from storage.models import ImportRow, MonthSpan
from storage.sqlite import SqliteStorage
from storage.sqlite.db import Database
from tests.storage.sample import NOW, Record

METRICS = ("visitors", "loans", "events")
START = dt.date(2026, 1, 25)


async def direct_days(db: Database) -> dict[tuple[str, str], int]:
    rows = await db.fetchall(
        "SELECT metric, day, SUM(value) AS t FROM figures GROUP BY metric, day"
    )
    return {(r["metric"], r["day"]): r["t"] for r in rows}


async def rollup_days(db: Database) -> dict[tuple[str, str], int]:
    rows = await db.fetchall("SELECT metric, day, total FROM figure_days WHERE total != 0")
    return {(r["metric"], r["day"]): r["total"] for r in rows}


async def direct_months(db: Database) -> dict[tuple[str, str, str], int]:
    rows = await db.fetchall(
        "SELECT metric, substr(day, 1, 7) AS m, branch, SUM(value) AS t FROM figures"
        " GROUP BY metric, m, branch"
    )
    return {(r["metric"], r["m"], r["branch"]): r["t"] for r in rows}


async def rollup_months(db: Database) -> dict[tuple[str, str, str], int]:
    rows = await db.fetchall(
        "SELECT metric, month, branch, total FROM figure_months WHERE total != 0"
    )
    return {(r["metric"], r["month"], r["branch"]): r["total"] for r in rows}


async def test_running_totals_follow_reports_edits_undos_and_imports(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    rng = random.Random(7)
    reports: list[int] = []
    undone = 0
    for step in range(120):
        day = START + dt.timedelta(days=rng.randrange(60))
        branch = rng.choice(("main", "jiaolou"))
        figures = {m: rng.randrange(1, 500) for m in rng.sample(METRICS, rng.randrange(1, 3))}
        action = rng.random()
        if action < 0.6 or not reports:
            outcome = await record(branch=branch, day=day, figures=figures)
            assert outcome.report_id is not None
            reports.append(outcome.report_id)
        elif action < 0.8:
            report_id = rng.choice(reports)
            outcome = await store.reports.undo_report(report_id, 1001, NOW)
            undone += outcome.status == "recorded"
        else:
            rows = [(branch, day - dt.timedelta(days=1), m, v) for m, v in figures.items()]
            await store.reports.import_figures(rows, 3001, NOW)
        if step % 20 == 19:
            assert await rollup_days(db) == await direct_days(db)
            assert await rollup_months(db) == await direct_months(db)
    assert await rollup_days(db) == await direct_days(db)
    assert await rollup_months(db) == await direct_months(db)
    assert undone > 5  # the walk did take reports back


async def test_an_edit_moves_the_totals(db: Database, record: Record) -> None:
    await record(message_id=5, revision=10, day=dt.date(2026, 3, 31), figures={"visitors": 100})
    await record(message_id=5, revision=11, day=dt.date(2026, 3, 31), figures={"visitors": 70})
    assert await rollup_days(db) == {("visitors", "2026-03-31"): 70}
    assert await rollup_months(db) == {("visitors", "2026-03", "jiaolou"): 70}


async def seed(store: SqliteStorage) -> dict[tuple[str, dt.date, str], int]:
    rng = random.Random(3)
    figures = {
        (branch, dt.date(2026, 1, 1) + dt.timedelta(days=d), metric): rng.randrange(0, 900)
        for branch in ("main", "jiaolou")
        for d in range(0, 365, 2)
        for metric in METRICS
    }
    await store.reports.import_figures(
        [(b, d, m, v) for (b, d, m), v in figures.items()], 3001, NOW
    )
    return figures


async def test_branch_totals_over_any_range_equal_plain_sums(
    store: SqliteStorage, db: Database
) -> None:
    figures = await seed(store)
    ranges = [
        (dt.date(2026, 1, 1), dt.date(2026, 11, 19)),  # year to date
        (dt.date(2026, 11, 9), dt.date(2026, 11, 15)),  # a week inside a month
        (dt.date(2026, 3, 30), dt.date(2026, 4, 5)),  # a week across months
        (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),  # exactly one month
        (dt.date(2026, 1, 15), dt.date(2026, 12, 31)),  # to the year's end
        (dt.date(2026, 5, 31), dt.date(2026, 5, 31)),  # one day
    ]
    for start, end in ranges:
        expected: dict[str, dict[str, int]] = {}
        for (branch, day, metric), value in figures.items():
            if start <= day <= end:
                per = expected.setdefault(branch, {})
                per[metric] = per.get(metric, 0) + value
        assert await store.totals.branch_totals(METRICS, start, end) == expected, (start, end)
        only_main = await store.totals.branch_totals(METRICS, start, end, ["main"])
        assert only_main == {k: v for k, v in expected.items() if k == "main"}
        org = await store.totals.organisation_totals(METRICS, start, end)
        assert org == {
            m: sum(v.get(m, 0) for v in expected.values())
            for m in METRICS
            if any(m in v for v in expected.values())
        }


async def test_latest_levels_take_each_branch_newest_value(store: SqliteStorage) -> None:
    rows = [
        ("main", dt.date(2025, 12, 30), "wechat_followers", 8000),
        ("main", dt.date(2026, 6, 1), "wechat_followers", 9000),
        ("main", dt.date(2026, 11, 1), "wechat_followers", 9500),
        ("jiaolou", dt.date(2026, 2, 1), "wechat_followers", 300),
    ]
    await store.reports.import_figures(rows, 3001, NOW)
    end = dt.date(2026, 10, 31)
    assert await store.totals.latest_levels("wechat_followers", end) == {
        "main": 9000,
        "jiaolou": 300,
    }
    assert await store.totals.latest_levels("wechat_followers", dt.date(2025, 12, 31)) == {
        "main": 8000
    }
    after = dt.date(2025, 12, 31)
    assert await store.totals.latest_levels("wechat_followers", end, after=after) == {
        "main": 9000,
        "jiaolou": 300,
    }
    assert await store.totals.latest_levels("wechat_followers", after, after=after) == {}
    points = [(end, None), (after, None), (end, after), (after, after)]
    assert await store.totals.levels_at("wechat_followers", points) == [
        await store.totals.latest_levels("wechat_followers", e, a) for e, a in points
    ]
    assert await store.totals.levels_at("wechat_followers", []) == []


async def test_monthly_totals_ending_in_a_month_are_read_per_branch(
    store: SqliteStorage, record: Record
) -> None:
    rows = [
        ImportRow("main", "visitors", 3000, "t", months=MonthSpan("2026-01", "2026-11")),
        ImportRow("jiaolou", "visitors", 500, "t", months=MonthSpan("2026-11", "2026-11")),
        ImportRow("jiaolou", "loans", 70, "t", months=MonthSpan("2026-01", "2026-10")),
    ]
    assert (await store.imports.load(rows, user_id=0, now=NOW)).written
    await record(branch="main", day=dt.date(2026, 12, 1), figures={"visitors": 9})
    assert await store.totals.monthly_totals_ending(["visitors", "loans"], "2026-11") == {
        "main": {"visitors": 3000},
        "jiaolou": {"visitors": 500},
    }
    assert await store.totals.monthly_totals_ending(["loans"], "2026-10") == {
        "jiaolou": {"loans": 70}
    }
    assert await store.totals.monthly_totals_ending([], "2026-11") == {}
