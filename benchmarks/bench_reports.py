"""Reports per second through the real application, against a floor measured in the same run.

The app: the real ``Application`` with the Bot API stand-in and a real SQLite file, reports
from 200 branches in varied wording, fed through its update queue as ``libbot run`` feeds
it (different chats side by side, one chat in order), and again one ``process_update``
after another. The floor: a bare PTB echo handler on the
same stand-in, plus a bare aiosqlite insert-and-commit. Prints one JSON document.

    .venv/bin/python benchmarks/bench_reports.py [--reports 6000]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import aiosqlite
from telegram import Update
from telegram.ext import ApplicationBuilder, MessageHandler, filters

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PTB_TIMEDELTA", "true")

from bot.app.services import Services
from bot.core.clock import ManualClock
from bot.core.org import parse_org
from bot.offline.sandbox import Sandbox
from bot.offline.standin import BotAPIStandin
from bot.offline.updates import TgUser, UpdateFactory
from storage.sqlite import SqliteStorage
from storage.sqlite.db import Database

TZ = ZoneInfo("Asia/Shanghai")
BRANCHES = 200
WORDINGS = (
    "{d} 到馆{v}人次，外借{l}册，办证{c}张",
    "{d} 到馆 {v} 外借 {l} 办证 {c}",
    "{d}：进馆{v}、借出{l}、新办证{c}",
    "{d} visitors {v}, loans {l}, new cards {c}",
)


def sqlite_database(services: Services) -> Database:
    """The database under the services: the benchmarks count rows and time SQLite itself."""
    assert isinstance(services.storage, SqliteStorage), "the benchmarks measure SQLite"
    return services.storage.database


def generated_org(branches: int) -> str:
    """An organisation file with one staff member per branch."""
    lines = ['[org]\nname = "Bench Library"\ntimezone = "Asia/Shanghai"\n']
    lines.append('[[branches]]\ncode = "main"\nname = "Central"\nkind = "central"\n')
    for i in range(branches):
        lines.append(f'[[branches]]\ncode = "b{i}"\nname = "Branch {i}"\nparent = "main"\n')
        lines.append(f'[[staff]]\nid = {10_000 + i}\nname = "Staff {i}"\nbranches = ["b{i}"]\n')
    return "\n".join(lines)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def bench_app(count: int, workdir: Path, *, queued: bool) -> dict[str, float]:
    """Reports through the whole application; returns throughput and latencies.

    ``queued``: through the update queue and the per-chat update processor, as ``libbot
    run`` receives them; otherwise one ``process_update`` after another.
    """
    clock = ManualClock(dt.datetime(2026, 11, 20, 17, 0, tzinfo=TZ))
    org = parse_org(generated_org(BRANCHES), "bench.toml")
    box = await Sandbox.start(org, workdir / f"app-{queued}.sqlite3", clock)
    rng = random.Random(7)
    users = [TgUser(10_000 + i, f"Staff {i}") for i in range(BRANCHES)]
    updates = []
    for n in range(count):
        day = dt.date(2026, 11, 19) - dt.timedelta(days=n // BRANCHES)
        text = WORDINGS[n % len(WORDINGS)].format(
            d=day.isoformat(), v=rng.randint(380, 420), l=rng.randint(270, 300), c=rng.randint(2, 4)
        )
        updates.append(box.updates.message(users[n % BRANCHES], text))

    received: dict[int, float] = {}
    committed: dict[int, float] = {}
    reports = box.services.storage.reports
    record = reports.record_report

    async def timed_record(write):  # type: ignore[no-untyped-def]
        outcome = await record(write)
        committed[write.update_id] = time.perf_counter()
        return outcome

    reports.record_report = timed_record  # type: ignore[method-assign]
    gc.collect()
    gc.freeze()  # the prepared updates are not the application's garbage
    try:
        start = time.perf_counter()
        if queued:
            await box.app.start()
            for data in updates:
                received[data["update_id"]] = time.perf_counter()
                await box.app.update_queue.put(Update.de_json(data, box.app.bot))
            await box.app.update_queue.join()
            elapsed = time.perf_counter() - start
            await box.app.stop()
        else:
            for data in updates:
                received[data["update_id"]] = time.perf_counter()
                await box.app.process_update(Update.de_json(data, box.app.bot))
            elapsed = time.perf_counter() - start
    finally:
        reports.record_report = record  # type: ignore[method-assign]
        gc.unfreeze()
        stored = await sqlite_database(box.services).fetchone("SELECT COUNT(*) FROM reports")
        await box.stop()
    assert stored is not None and stored[0] == count == len(committed), "every report stored"
    result = {"reports_per_s": count / elapsed, "us_per_report": elapsed / count * 1e6}
    if not queued:  # queued, every update waits behind the whole burst: no latency to read
        latencies = [(committed[u] - received[u]) * 1000 for u in committed]
        result["receipt_to_commit_ms_p50"] = statistics.median(latencies)
        result["receipt_to_commit_ms_p99"] = percentile(latencies, 0.99)
    return result


async def bench_echo(count: int) -> float:
    """Microseconds per update for a bare PTB handler that replies once."""
    standin = BotAPIStandin()
    app = ApplicationBuilder().token("1:ECHO").request(standin).get_updates_request(standin).build()

    async def echo(update: Update, context) -> None:  # type: ignore[no-untyped-def]
        await context.bot.send_message(update.effective_chat.id, update.effective_message.text)

    app.add_handler(MessageHandler(filters.TEXT, echo))
    factory = UpdateFactory(standin=standin)
    user = TgUser(1, "Echo")
    updates = [factory.message(user, f"到馆 {n}") for n in range(count)]
    await app.initialize()
    gc.collect()
    gc.freeze()
    start = time.perf_counter()
    for data in updates:
        await app.process_update(Update.de_json(data, app.bot))
    elapsed = time.perf_counter() - start
    gc.unfreeze()
    await app.shutdown()
    return elapsed / count * 1e6


async def bench_insert(count: int, workdir: Path) -> float:
    """Microseconds per row for a bare aiosqlite insert + commit (WAL, synchronous=NORMAL)."""
    async with aiosqlite.connect(workdir / "floor.sqlite3", isolation_level=None) as conn:
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA synchronous=NORMAL")
        await conn.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER)")
        start = time.perf_counter()
        for n in range(count):
            await conn.execute("BEGIN IMMEDIATE")
            await conn.execute("INSERT INTO t (k, v) VALUES (?, ?)", (n, n))
            await conn.execute("COMMIT")
        elapsed = time.perf_counter() - start
    return elapsed / count * 1e6


async def main(count: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="libbot-bench-") as tmp:
        workdir = Path(tmp)
        echo_us = await bench_echo(count)
        insert_us = await bench_insert(count, workdir)
        one_by_one = await bench_app(count, workdir, queued=False)
        app = await bench_app(count, workdir, queued=True)
    floor_us = echo_us + insert_us
    ratio = app["us_per_report"] / floor_us
    return {
        "benchmark": "reports",
        "reports": count,
        "app": {k: round(v, 3) for k, v in app.items()},
        "app_one_update_at_a_time": {
            **{k: round(v, 3) for k, v in one_by_one.items()},
            "ratio_to_floor": round(one_by_one["us_per_report"] / floor_us, 2),
        },
        "floor": {
            "echo_us_per_update": round(echo_us, 1),
            "insert_us_per_row": round(insert_us, 1),
            "echo_plus_insert_us": round(floor_us, 1),
        },
        "ratio_to_floor": round(ratio, 2),
        "aim": {"reports_per_s": 1000, "ratio_to_floor": 3.0},
        "meets_aim": app["reports_per_s"] >= 1000 and ratio <= 3.0,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=6000)
    result = asyncio.run(main(parser.parse_args().reports))
    print(json.dumps(result, indent=2))
