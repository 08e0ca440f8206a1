"""/progress and the weekly digest on a big generated database, against bare SQL floors.

The database: 300 branches x 15 metrics, one row a day from 2022-01-01 to 2026-11-19
(about 8M figures), seasonal (slow February, busy July and August), WeChat followers a
slowly growing level, the 2026 plan allocated to most branches. It is built once, in a
child process (so the peak RSS below is the bot's alone): the real migrations and branch
sync, then a bulk load with plain sqlite3 (the figures' triggers and indexes dropped, the
running totals rebuilt, both recreated). The app: the real services and ``Application`` on
the Bot API stand-in, the clock at 2026-11-19 19:00 Beijing time, the bot running here
since the figures begin (so the digest works out every branch's missing days). The
floors: the bare aggregates on a plain aiosqlite connection, in the same run. Prints one
JSON document.

    .venv/bin/python benchmarks/bench_progress.py [--small | --large] [--db PATH] [--runs 200]

``--large``: 3,000 branches over this year only (about 14M figures, a 2 GB file built in
about 4 minutes): the digest's and the ranking's work grows with the branches, not the years.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import inspect
import json
import multiprocessing
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PTB_TIMEDELTA", "true")

from bot.app.runner import settle_heap
from bot.app.services import Services
from bot.core.clock import ManualClock
from bot.core.org import parse_org
from bot.offline.demo_history import MONTH_FACTOR, WEEKDAY_FACTOR
from bot.offline.sandbox import Sandbox
from bot.offline.updates import TgUser, UpdateFactory
from bot.settings import Settings
from storage.sqlite import SqliteStorage
from storage.sqlite.db import Database

NOW = dt.datetime(2026, 11, 19, 19, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # after report_due
MONDAY = dt.date(2026, 11, 9)  # the last complete week
MANAGER = 1
# An ordinary branch's mean on an ordinary day of 2026; other years differ by GROWTH.
DAILY = {
    "acquisitions_titles": 20, "acquisitions_volumes": 45, "digital_clicks": 2000,
    "downloads": 400, "event_participants": 30, "events": 0.8, "loan_patrons": 80,
    "loans": 200, "new_cards": 3, "online_events": 0.3, "reading_room": 150,
    "visitors": 300, "web_pageviews": 600, "wechat_views": 300,
}  # fmt: skip
FOLLOWERS, FOLLOWERS_START, FOLLOWERS_DAILY = "wechat_followers", 800, 3.0  # a level
METRICS = sorted([*DAILY, FOLLOWERS])  # the primary key's order: inserts append
GROWTH = 1.04  # a year
MISSED = 0.003  # share of branch-days without any report
FLOORS = {
    "ytd_from_figures": "SELECT metric, SUM(value) FROM figures"
    " WHERE day BETWEEN ? AND ? GROUP BY metric",
    "ytd_from_figure_days": "SELECT metric, SUM(total) FROM figure_days"
    " WHERE day BETWEEN ? AND ? GROUP BY metric",
    "ranking_from_figures": "SELECT branch, SUM(value) FROM figures"
    " WHERE metric = 'visitors' AND day BETWEEN ? AND ? GROUP BY branch",
}


def sqlite_database(services: Services) -> Database:
    """The database under the services: the benchmarks count rows and time SQLite itself."""
    assert isinstance(services.storage, SqliteStorage), "the benchmarks measure SQLite"
    return services.storage.database


def branch_size(i: int, branches: int) -> float:
    """Branch ``i``'s scale: the central library, the big branches, the small ones."""
    return 4.0 if i == 0 else 1.5 if i <= branches // 10 else 0.3 + 0.7 * (i * 37 % 100) / 100


def season(first: dt.date, last: dt.date) -> list[tuple[str, float]]:
    """(ISO day, factor) for every day: its month, its weekday, its year's growth."""
    days = [first + dt.timedelta(n) for n in range((last - first).days + 1)]
    factor = [MONTH_FACTOR[d.month] * WEEKDAY_FACTOR[d.weekday()] for d in days]
    return [
        (d.isoformat(), f * GROWTH ** (d.year - 2026)) for d, f in zip(days, factor, strict=True)
    ]


def generated_org(branches: int, first: dt.date) -> str:
    """A tree of branches, a manager and a few staff; the 2026 plan allocated to 9 in 10."""
    lines = ['[org]\nname = "基准图书馆"\nleadership_chat_id = -1001000000001\n']
    mid = branches // 10  # under the central library; the rest under those
    for i in range(branches):
        kind, parent = ("central", "") if i == 0 else ("branch", "b000")
        if i > mid:
            kind, parent = "subdistrict", f"b{1 + i % mid:03d}"
        lines.append(f'[[branches]]\ncode = "b{i:03d}"\nname = "第{i}分馆"\nkind = "{kind}"')
        lines.append(f'parent = "{parent}"\n' if parent else "")
    lines.append(f'[[staff]]\nid = {MANAGER}\nname = "馆长"\nrole = "manager"\n')
    lines.extend(
        f'[[staff]]\nid = {100 + i}\nname = "馆员{i}"\nbranches = ["b{i:03d}"]\n'
        for i in range(1, 6)
    )
    year = sum(f for _, f in season(dt.date(2026, 1, 1), dt.date(2026, 12, 31))) * (1 - MISSED)
    followers = FOLLOWERS_START + FOLLOWERS_DAILY * ((dt.date(2026, 12, 31) - first).days + 1)
    plans = []
    for size in (branch_size(i, branches) for i in range(branches)):
        plans.append({m: round(v * size * year) for m, v in DAILY.items()})
        plans[-1][FOLLOWERS] = round(followers * size)
    lines.append("[targets.2026]")
    lines += [f"{m} = {sum(p[m] for p in plans)}" for m in METRICS]
    for i, plan in enumerate(plans):
        if i % 10 != 9:  # an allocation each for most branches, some ahead, some behind
            jitter = 0.88 + 0.24 * (i * 53 % 100) / 100
            lines.append(f"\n[targets.2026.branches.b{i:03d}]")
            lines += [f"{m} = {round(v * jitter)}" for m, v in plan.items()]
    return "\n".join(lines) + "\n"


def branch_rows(
    code: str, size: float, days: list[tuple[str, float]], rng: random.Random
) -> list[tuple[str, str, str, int, str]]:
    """One branch's daily figures, in primary-key order."""
    rows, level = [], FOLLOWERS_START * size
    for day, factor in days:
        level += rng.random() * 2 * FOLLOWERS_DAILY * size
        if rng.random() < MISSED:
            continue
        stamp = f"{day}T10:00:00+00:00"
        for m in METRICS:
            value = level if m == FOLLOWERS else DAILY[m] * size * factor * rng.gauss(1, 0.15)
            rows.append((code, day, m, max(0, round(value)), stamp))
    return rows


async def sync_branches(path: Path, org_text: str) -> None:
    """Migrate the new file and sync the organisation into it, as the bot does at start-up."""
    org = parse_org(org_text, "bench.toml")
    settings = Settings(db=path, org=Path("bench.toml"))
    await (await Services.start(settings, org, ManualClock(NOW))).close()


def prepared_database(
    path: Path, branches: int, first: dt.date, last: dt.date | None = None, org_text: str = ""
) -> dict[str, Any]:
    """``path`` as it is when it exists, else built by ``build_database`` in a child process
    (so the peak RSS measured after is the bot's alone); what the generation took."""
    generation: dict[str, Any] = {"reused": path.exists()}
    if not path.exists():
        started = time.perf_counter()
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            build = pool.submit(build_database, path, branches, first, last, org_text)
            generation |= build.result()
        generation["total_s"] = round(time.perf_counter() - started, 1)
    return generation


def ran_since(path: Path, first: dt.date) -> None:
    """Make the bot have run here since the figures begin, as a bot kept all year has: the
    digest then works out each branch's missing days (nothing before the first day is
    missing, so a bot started on NOW's day would skip that work)."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "INSERT INTO service_facts (key, value) VALUES ('first_day', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (first.isoformat(),),
        )


def build_database(
    path: Path, branches: int, first: dt.date, last: dt.date | None = None, org_text: str = ""
) -> dict[str, float]:
    """The real migrations and sync, then a bulk load from ``first`` to ``last`` (today); seconds
    per step. ``org_text``: the organisation file (default: ``generated_org``)."""
    clock = [time.perf_counter()]

    def lap() -> float:
        clock.append(time.perf_counter())
        return round(clock[-1] - clock[-2], 1)

    asyncio.run(sync_branches(path, org_text or generated_org(branches, first)))
    steps = {"migrate_and_sync_s": lap()}
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-1000000")
        saved = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'figures'"
            " AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type"
        ).fetchall()
        for kind, name, _ in saved:
            conn.execute(f"DROP {kind} {name}")
        days, rng = season(first, last or NOW.date()), random.Random(2026)
        for start in range(0, branches, 20):
            conn.execute("BEGIN")
            for i in range(start, min(start + 20, branches)):
                conn.executemany(
                    "INSERT INTO figures (branch, day, metric, value, updated_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    branch_rows(f"b{i:03d}", branch_size(i, branches), days, rng),
                )
            conn.execute("COMMIT")
        steps["insert_s"] = lap()
        conn.execute(  # the running totals, as migration 0003 builds them
            "INSERT INTO figure_days (metric, day, total)"
            " SELECT metric, day, SUM(value) FROM figures GROUP BY metric, day"
        )
        conn.execute(
            "INSERT INTO figure_months (metric, month, branch, total)"
            " SELECT metric, substr(day, 1, 7), branch, SUM(value) FROM figures"
            " GROUP BY metric, substr(day, 1, 7), branch"
        )
        conn.execute(  # and as migration 0009 builds them (no monthly totals here)
            "INSERT INTO figure_years (year, metric, branch, total)"
            " SELECT substr(day, 1, 4), metric, branch, SUM(value) FROM figures"
            " GROUP BY substr(day, 1, 4), metric, branch"
        )
        conn.execute(
            "INSERT INTO figure_weeks (week, metric, branch, total)"
            " SELECT max(date(day, '-6 days', 'weekday 1'), substr(day, 1, 8) || '01') AS week,"
            " metric, branch, SUM(value) FROM figures GROUP BY week, metric, branch"
        )
        conn.execute(
            "INSERT INTO branch_days (day, branch, figures)"
            " SELECT day, branch, COUNT(*) FROM figures GROUP BY day, branch"
        )
        steps["running_totals_s"] = lap()
        for _, _, sql in saved:  # the indexes, then the triggers
            conn.execute(sql)
        steps["indexes_and_triggers_s"] = lap()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return steps


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def timed(
    runs: int, call: Callable[[], Any], before: Callable[[], object] | None = None
) -> dict[str, float]:
    """p50 and p95 in milliseconds of ``call()`` (awaited if need be), after 3 warm-up calls."""
    times = []
    for _ in range(runs + 3):
        if before is not None:
            before()
        start = time.perf_counter()
        result = call()
        if inspect.isawaitable(result):
            await result
        times.append((time.perf_counter() - start) * 1000)
    times = times[3:]
    return {"p50": round(percentile(times, 0.5), 2), "p95": round(percentile(times, 0.95), 2)}


async def bench_app(
    box: Sandbox, runs: int, seasonal: bool
) -> tuple[dict[str, Any], dict[str, int]]:
    """The services' answers, the same through Telegram updates; the overview's flow values."""
    services, progress, digests = box.services, box.services.progress, box.services.digest
    manager = await services.people.person(MANAGER)
    assert manager is not None and manager.role == "manager"
    visitors = services.catalogue.get("visitors")
    render = services.renderers.for_locale("zh_CN")
    overview = await progress.overview(manager)
    ranking = await progress.ranking(manager, visitors)
    digest = await digests.build(MONDAY)
    assert len(overview.rows) == len(METRICS), "every metric"
    assert overview.seasonal == seasonal, "seasonal when last year's figures are complete"
    assert len(ranking.rows) == len(services.org.branches) and render.digest_chart(digest)
    assert render.digest_week_chart(digest), "the last weeks of the key counts"
    cold = progress._paces.clear  # last year's shape, cached for the day
    result = {
        "overview_warm": await timed(runs, lambda: progress.overview(manager)),
        "overview_cold": await timed(runs, lambda: progress.overview(manager), before=cold),
        "ranking_visitors": await timed(runs, lambda: progress.ranking(manager, visitors)),
        "digest_build": await timed(max(20, runs // 10), lambda: digests.build(MONDAY)),
        "digest_chart": await timed(20, lambda: render.digest_chart(digest)),
        "digest_week_chart": await timed(20, lambda: render.digest_week_chart(digest)),
    }
    newest = await sqlite_database(services).fetchone("SELECT MAX(update_id) FROM handled_updates")
    if newest is not None and newest[0]:  # a reused database: these ids are answered already
        box.updates = UpdateFactory(box.clock.now, box.api, first_update_id=newest[0] + 1)
    user = TgUser(MANAGER, "馆长")
    for words in ((), ("到馆",)):
        sent = await box.feed(box.updates.command(user, "progress", *words))
        assert sent and all(c.ok for c in sent), "answered"
        updates = iter([box.updates.command(user, "progress", *words) for _ in range(runs + 3)])
        label = " ".join(("/progress", *words))
        result[label] = await timed(runs, lambda it=updates: box.feed(next(it)))
        # long answers are split at 4096 characters; a long ranking is one and a workbook
        result[label]["messages"] = sum(c.method == "sendMessage" for c in sent)
    return result, {r.metric: r.value for r in overview.rows if not r.stock}


async def bench_ranking(box: Sandbox, runs: int) -> dict[str, Any]:
    """``/progress 到馆`` for the manager: the messages it takes, their length as Telegram
    counts it, and the attached workbook's build time and size."""
    from bot.offline.html import render_html, utf16_length

    services = box.services
    manager = await services.people.person(MANAGER)
    assert manager is not None
    sent = await box.feed(box.updates.command(TgUser(MANAGER, "馆长"), "progress", "到馆"))
    texts = [c.params["text"] for c in sent if c.method == "sendMessage"]
    files = [content for c in sent if c.method == "sendDocument" for content in c.files.values()]
    view = await services.progress.ranking(manager, services.catalogue.get("visitors"))
    render = services.renderers.for_locale("zh_CN")
    return {
        "messages": len(texts),
        "characters": max(utf16_length(render_html(t)) for t in texts),
        "attachments": len(files),
        "workbook_kb": round(sum(len(f) for f in files) / 1024, 1),
        "workbook_build_ms": await timed(
            max(10, runs // 10), lambda: render.ranking_workbook(view)
        ),
    }


async def bench_floors(path: Path, runs: int) -> tuple[dict[str, Any], dict[str, int]]:
    """The bare aggregates on a plain aiosqlite connection; the year-to-date itself."""
    year = ("2026-01-01", NOW.date().isoformat())
    async with aiosqlite.connect(path) as conn:
        floors = {
            name: await timed(runs, lambda sql=sql: conn.execute_fetchall(sql, year))
            for name, sql in FLOORS.items()
        }
        ytd = dict(await conn.execute_fetchall(FLOORS["ytd_from_figures"], year))
    return floors, ytd


async def main(args: argparse.Namespace) -> dict[str, Any]:
    branches, first = (30, dt.date(2025, 1, 1)) if args.small else (300, dt.date(2022, 1, 1))
    if args.large:
        branches, first = 3000, dt.date(2026, 1, 1)
    with tempfile.TemporaryDirectory(prefix="libbot-bench-") as tmp:
        path = Path(args.db or Path(tmp) / "progress.sqlite3")
        generation = prepared_database(path, branches, first)
        ran_since(path, first)
        org = parse_org(generated_org(branches, first), "bench.toml")
        box = await Sandbox.start(org, path, ManualClock(NOW))
        settle_heap()  # as ``libbot run`` does once started
        try:
            figures = await sqlite_database(box.services).fetchone("SELECT COUNT(*) FROM figures")
            app, flows = await bench_app(box, args.runs, first.year < NOW.year)
            ranking = await bench_ranking(box, args.runs)
        finally:
            await box.stop()
        floor, ytd = await bench_floors(path, args.runs)
        size_mb = round(path.stat().st_size / 2**20)
    assert flows == {m: ytd[m] for m in flows}, "the running totals agree with the daily rows"
    p95 = {name: times["p95"] for name, times in (app | floor).items()}
    ratios = {
        "overview_to_ytd_from_figures": p95["overview_warm"] / p95["ytd_from_figures"],
        "overview_to_ytd_from_figure_days": p95["overview_warm"] / p95["ytd_from_figure_days"],
        "ranking_to_ranking_from_figures": p95["ranking_visitors"] / p95["ranking_from_figures"],
    }
    met = {
        "overview_p95_under_50ms": p95["overview_warm"] < 50,
        **{f"{k}_within_2x": v <= 2 for k, v in ratios.items() if k.startswith("overview")},
        "digest_build_p95_under_300ms": p95["digest_build"] < 300,
        "digest_chart_p95_under_300ms": p95["digest_chart"] < 300,
        "digest_week_chart_p95_under_300ms": p95["digest_week_chart"] < 300,
    }
    days = f"{first} … {NOW.date()}"
    return {
        "benchmark": "progress",
        "database": {"branches": branches, "metrics": len(METRICS), "days": days,
                     "figures": figures[0] if figures else 0, "file_mb": size_mb},
        "generation": generation,
        "runs": args.runs,
        "app_ms": {k: v for k, v in app.items() if k[0] != "/"},
        "telegram_ms": {k: v for k, v in app.items() if k[0] == "/"},
        "floor_ms": floor,
        "ranking_message": ranking,
        "ratios_p95": {k: round(v, 2) for k, v in ratios.items()},
        "aim": {"overview_p95_ms": 50, "overview_to_floor": 2.0, "digest_build_p95_ms": 300,
                "digest_chart_p95_ms": 300, "digest_week_chart_p95_ms": 300},
        "met": met | {"all": all(met.values())},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "generation_peak_rss_mb":
            round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024) or None,
    }  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--small", action="store_true", help="30 branches from 2025-01-01")
    size.add_argument("--large", action="store_true", help="3,000 branches from 2026-01-01")
    parser.add_argument("--db", help="keep the generated database here; reused when present")
    parser.add_argument("--runs", type=int, default=200, help="per measurement (digest: /10)")
    print(json.dumps(asyncio.run(main(parser.parse_args())), indent=2, ensure_ascii=False))
