"""The year-end report (``/year``, ``libbot report``) on a big generated history, against a
bare floor measured in the same run, interleaved.

The database is ``bench_progress.py``'s: 300 branches x 15 metrics, every day from
2025-01-01 to 2026-11-19 (``--small``: 30 branches). Measured: the report of 2026 so far
(with 同比 and the indicators' projections) and of 2025 (a whole year), each as the
service assembles it; the chat text, the Markdown and the workbook made from it. The
floor: the year's totals per branch and metric with one plain ``SUM`` over ``figures``
(what any report must at least read). The report's totals are checked against the floor.
Prints one JSON document.

    .venv/bin/python benchmarks/bench_year.py [--small] [--db PATH] [--runs 20]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import closing
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("PTB_TIMEDELTA", "true")

from bench_progress import NOW, generated_org, percentile, prepared_database

from bot.app.services import Services
from bot.core.clock import ManualClock
from bot.core.org import parse_org
from bot.render.year_markdown import year_markdown
from bot.render.year_workbook import year_workbook_bytes
from bot.settings import Settings

FLOOR = (
    "SELECT branch, metric, SUM(value) FROM figures WHERE day BETWEEN ? AND ?"
    " GROUP BY branch, metric"
)


def floor_totals(path: Path, start: str, end: str) -> dict[str, int]:
    """The year's flow totals from the raw figures, with plain sqlite3."""
    with closing(sqlite3.connect(path)) as conn:
        totals: dict[str, int] = {}
        for _, metric, total in conn.execute(FLOOR, (start, end)):
            totals[metric] = totals.get(metric, 0) + total
        return totals


def summary(times: list[float]) -> dict[str, float]:
    return {"p50": round(percentile(times, 0.5), 1), "p95": round(percentile(times, 0.95), 1)}


async def main(args: argparse.Namespace) -> dict[str, Any]:
    branches, first = (30, dt.date(2025, 1, 1)) if args.small else (300, dt.date(2025, 1, 1))
    with tempfile.TemporaryDirectory(prefix="libbot-bench-") as tmp:
        path = Path(args.db or Path(tmp) / "year.sqlite3")
        generation = prepared_database(path, branches, first)
        org = parse_org(generated_org(branches, first), "bench.toml")
        services = await Services.start(Settings(db=path), org, ManualClock(NOW))
        try:
            service = services.year_report
            render = services.renderers.for_locale("zh_CN")
            current, last = await service.report(2026), await service.report(2025)
            steps: dict[str, Callable[[], Awaitable[object]]] = {
                "report_2026_so_far": lambda: service.report(2026),
                "report_2025_whole": lambda: service.report(2025),
                "chat_text": lambda: asyncio.to_thread(render.year_report, current),
                "markdown": lambda: asyncio.to_thread(year_markdown, render, current),
                "workbook": lambda: asyncio.to_thread(year_workbook_bytes, org, render, current),
                "floor_sum_2026": lambda: asyncio.to_thread(
                    floor_totals, path, "2026-01-01", NOW.date().isoformat()
                ),
            }
            times: dict[str, list[float]] = {name: [] for name in steps}
            for _ in range(args.runs):  # interleaved: each round runs every step once
                for name, step in steps.items():
                    started = time.perf_counter()
                    await step()
                    times[name].append((time.perf_counter() - started) * 1000)
            figures = await asyncio.to_thread(
                lambda: sqlite3.connect(path).execute("SELECT COUNT(*) FROM figures").fetchone()
            )
        finally:
            await services.close()
        floor = floor_totals(path, "2026-01-01", NOW.date().isoformat())
        floor_2025 = floor_totals(path, "2025-01-01", "2025-12-31")
    flows = {m.code for m in org.catalogue() if m.kind == "flow"}
    assert {r.metric: r.total for r in current.rows if r.metric in flows} == {
        m: v for m, v in floor.items() if m in flows
    }, "the report's totals are the figures'"
    assert {r.metric: r.total for r in last.rows if r.metric in flows} == {
        m: v for m, v in floor_2025.items() if m in flows
    }
    ms = {name: summary(values) for name, values in times.items()}
    return {
        "benchmark": "year_report",
        "database": {"branches": branches, "days": f"{first} … {NOW.date()}",
                     "figures": figures[0] if figures else 0},
        "generation": generation,
        "runs": args.runs,
        "ms": ms,
        "report_to_floor_p95": round(ms["report_2026_so_far"]["p95"]
                                     / ms["floor_sum_2026"]["p95"], 2),
        "workbook_kb": round(len(year_workbook_bytes(org, render, current)) / 1024),
        "chat_text_chars": len(render.year_report(current)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="30 branches")
    parser.add_argument("--db", help="keep the generated database here; reused when present")
    parser.add_argument("--runs", type=int, default=20, help="rounds of every measurement")
    print(json.dumps(asyncio.run(main(parser.parse_args())), indent=2, ensure_ascii=False))
