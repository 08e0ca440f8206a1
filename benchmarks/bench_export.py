"""``libbot export`` (CSV and xlsx) on a big generated year, against bare floors, and reports
through the real ``Application`` while ``/export`` runs.

The database: 300 branches x 15 metrics, every day of 2025 (about 1.6M figures), made as
``bench_progress.py`` makes its own (the real migrations and sync, then a bulk load), in a
child process. Each export runs in a fresh child process of its own, so its peak RSS is its
alone, beside the RSS it started from: ``write_export``, the code ``libbot export`` runs. The
floors, in the same run, on the same file: the same rows read with plain sqlite3 and nothing
written (``floor_read``), and those rows written with ``csv.writer`` (``floor_csv``). Then the
app: the real services and ``Application`` on the Bot API stand-in, one staff member per
branch; reports of 2026 (days with no figures yet) fed one after another, first alone, then
while a manager's ``/export 2025`` builds its workbook. Prints one JSON document.

    .venv/bin/python benchmarks/bench_export.py [--small] [--db PATH] [--reports 300]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import json
import multiprocessing
import os
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("PTB_TIMEDELTA", "true")

from bench_progress import generated_org, percentile, prepared_database

from bot.cli.export import write_export
from bot.core.clock import ManualClock
from bot.core.org import parse_org
from bot.offline.sandbox import Sandbox
from bot.offline.updates import TgUser

YEAR = 2025
NOW = dt.datetime(2026, 11, 19, 19, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
MANAGER = 1
STAFF = 10_000  # staff member STAFF + i serves branch i
QUERY = (
    "SELECT day, branch, metric, value FROM figures WHERE day BETWEEN ? AND ?"
    " ORDER BY day, branch, metric"
)


def org_text(branches: int) -> str:
    """bench_progress's organisation, with one staff member per branch."""
    staff = "".join(
        f'\n[[staff]]\nid = {STAFF + i}\nname = "馆员{i}"\nbranches = ["b{i:03d}"]\n'
        for i in range(branches)
    )
    return generated_org(branches, dt.date(YEAR, 1, 1)).replace(
        "[targets.2026]", staff + "\n[targets.2026]", 1
    )


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def one_export(kind: str, db: Path, org: str, output: Path) -> dict[str, Any]:
    """One export in this (fresh) process: seconds, rows, the RSS before and at peak."""
    base = rss_mb()
    start = time.perf_counter()
    if kind in ("csv", "xlsx"):
        organisation = parse_org(org, "bench.toml") if kind == "xlsx" else None
        rows = asyncio.run(write_export(db, organisation, output, YEAR))
    else:
        rows = floor(kind, db, output)
    seconds = time.perf_counter() - start
    return {
        "s": round(seconds, 2),
        "rows": rows,
        "file_mb": round(output.stat().st_size / 2**20, 1) if output.exists() else None,
        "start_rss_mb": round(base),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def floor(kind: str, db: Path, output: Path) -> int:
    """The same rows with plain sqlite3: only read, or read and written by ``csv.writer``."""
    span = (f"{YEAR}-01-01", f"{YEAR}-12-31")
    with closing(sqlite3.connect(db)) as conn:
        cursor = conn.execute(QUERY, span)
        if kind == "floor_read":
            return sum(1 for _ in cursor)
        with output.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(("date", "branch", "metric", "value"))
            while batch := cursor.fetchmany(4096):  # in batches, as the export reads
                writer.writerows(batch)
        return int(
            conn.execute("SELECT COUNT(*) FROM figures WHERE day BETWEEN ? AND ?", span).fetchone()[
                0
            ]
        )


def in_child(kind: str, db: Path, org: str, output: Path) -> dict[str, Any]:
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(one_export, kind, db, org, output).result()


def summary(times: list[float]) -> dict[str, float]:
    return {"n": len(times), "p50": round(percentile(times, 0.5), 2),
            "p99": round(percentile(times, 0.99), 2), "max": round(max(times), 2)}  # fmt: skip


async def bench_app(box: Sandbox, branches: int, reports: int) -> dict[str, Any]:
    """Reports (ms each, fed one after another) alone, then while ``/export`` runs."""
    rng = random.Random(2026)
    counter = iter(range(10**9))

    def report() -> dict[str, Any]:
        n = next(counter)
        day = NOW.date() - dt.timedelta(days=n // branches)
        text = f"{day.isoformat()} 到馆{rng.randint(200, 400)}人次，外借{rng.randint(100, 300)}册"
        return box.updates.message(TgUser(STAFF + n % branches, f"馆员{n % branches}"), text)

    async def timed_report() -> float:
        update = report()
        start = time.perf_counter()
        sent = await box.feed(update)
        elapsed = (time.perf_counter() - start) * 1000
        assert sent and all(call.ok for call in sent), f"the report is answered: {sent}"
        return elapsed

    for _ in range(100):  # warm-up: the first reports of a copied file read it from disk
        await timed_report()
    alone = [await timed_report() for _ in range(reports)]
    manager = TgUser(MANAGER, "馆长")
    started = time.perf_counter()
    export = asyncio.create_task(box.feed(box.updates.command(manager, "export", str(YEAR))))
    during: list[float] = []
    while not export.done():
        during.append(await timed_report())
    export_s = time.perf_counter() - started
    sent = export.result()
    documents = [call for call in sent if call.method == "sendDocument"]
    assert len(documents) == 1 and documents[0].ok, "the workbook is sent"
    return {"reports_alone_ms": summary(alone), "reports_during_export_ms": summary(during),
            "export_in_chat_s": round(export_s, 2)}  # fmt: skip


async def main(args: argparse.Namespace) -> dict[str, Any]:
    branches = 30 if args.small else 300
    org = org_text(branches)
    with tempfile.TemporaryDirectory(prefix="libbot-bench-") as tmp:
        path = Path(args.db or Path(tmp) / "export.sqlite3")
        year = (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
        generation = prepared_database(path, branches, *year, org)
        exports = {
            kind: in_child(kind, path, org, Path(tmp) / f"{kind}.out")
            for kind in ("floor_read", "floor_csv", "csv", "xlsx")
        }
        app_db = Path(tmp) / "app.sqlite3"  # the app writes; a kept database stays as made
        shutil.copyfile(path, app_db)
        box = await Sandbox.start(parse_org(org, "bench.toml"), app_db, ManualClock(NOW))
        try:
            app = await bench_app(box, branches, args.reports)
        finally:
            await box.stop()
        size_mb = round(path.stat().st_size / 2**20)
    figures = exports["floor_csv"]["rows"]
    assert exports["csv"]["rows"] == exports["xlsx"]["rows"] == figures, "every figure, once"
    csv_growth = exports["csv"]["peak_rss_mb"] - exports["csv"]["start_rss_mb"]
    p99 = app["reports_during_export_ms"]["p99"]
    met = {
        "csv_memory_flat_under_50mb_growth": csv_growth < 50,
        "xlsx_under_8s": exports["xlsx"]["s"] <= 8,
        "reports_p99_during_export_under_20ms": p99 <= 20,
    }
    return {
        "benchmark": "export",
        "database": {"branches": branches, "year": YEAR, "figures": figures, "file_mb": size_mb},
        "generation": generation,
        "exports": exports,
        "ratios_to_floor_csv": {
            kind: round(exports[kind]["s"] / exports["floor_csv"]["s"], 2)
            for kind in ("csv", "xlsx")
        },
        "app": app,
        "aim": {"xlsx_s": 8, "reports_p99_ms_during_export": 20, "csv_rss_growth_mb": 50},
        "met": met | {"all": all(met.values())},
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="30 branches")
    parser.add_argument("--db", help="keep the generated database here; reused when present")
    parser.add_argument("--reports", type=int, default=300, help="reports timed alone")
    print(json.dumps(asyncio.run(main(parser.parse_args())), indent=2, ensure_ascii=False))
