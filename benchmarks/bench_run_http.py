"""CPU per report of the real ``libbot run`` process, end to end over HTTP against a Bot
API stand-in on loopback (the one the end-to-end tests use).

500 reports from 100 people are queued in ``getUpdates``; the process fetches them into the
inbox, stores each and sends its confirmation (paced by Telegram's limits, so the wall time
is mostly waiting). The CPU the process spent while doing so, less what it spends idle over
the same time, divided by the reports, is the figure. Prints one JSON document.

    .venv/bin/python benchmarks/bench_run_http.py [--reports 500]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.botapi_http import BotAPIServer
from tests.e2e.run_process import TOKEN, Libbot, burst, generated_org

STAFF = 100
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def main(count: int) -> dict[str, object]:
    reports = burst(count, STAFF)
    with tempfile.TemporaryDirectory(prefix="libbot-bench-") as tmp, BotAPIServer(TOKEN) as api:
        bot = Libbot(Path(tmp), api, generated_org(STAFF))
        process = bot.start()
        try:
            assert api.wait_for(lambda a: "getUpdates" in a.methods, 60), bot.output
            time.sleep(1.0)
            idle_start, idle_cpu = time.monotonic(), cpu_seconds(process.pid)
            time.sleep(3.0)
            idle_rate = (cpu_seconds(process.pid) - idle_cpu) / (time.monotonic() - idle_start)
            started, cpu_before = time.monotonic(), cpu_seconds(process.pid)
            api.queue(*(update for update, _, _ in reports))
            assert api.wait_for(lambda a: len(a.sent) >= count, 600), bot.output[-2000:]
            wall = time.monotonic() - started
            cpu = cpu_seconds(process.pid) - cpu_before - idle_rate * wall
            stored = bot.rows("SELECT COUNT(*) FROM reports")[0][0]
            assert bot.stop() == 0
        finally:
            bot.close()
    return {
        "benchmark": "run_over_http",
        "reports": count,
        "stored": stored,
        "wall_s": round(wall, 2),
        "cpu_ms_per_report": round(cpu / count * 1000, 3),
        "idle_cpu_share": round(idle_rate, 4),
        "note": "wall time is paced by Telegram's limits (30 messages/s overall)",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=500)
    print(json.dumps(main(parser.parse_args().reports), indent=2))
