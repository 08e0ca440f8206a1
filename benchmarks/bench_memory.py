"""Memory of the real ``libbot run`` process: idle, and after drawing the digest's charts.

The process runs against the Bot API stand-in on loopback that the end-to-end tests use,
with a small organisation that has a plan. Idle is its resident set once it polls
``getUpdates``; then the last nine weeks of figures are loaded with ``libbot import`` (a
process of its own) and a manager sends ``/digest``: the process builds the digest and
draws its two charts (matplotlib imported then), and the resident set and its peak
(``VmHWM``) are read once both photos have been sent. What ``libbot run`` imported at
start is listed from ``-X importtime`` of the same command. Prints one JSON document.

    .venv/bin/python benchmarks/bench_memory.py
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.botapi_http import BotAPIServer
from tests.e2e.run_process import TOKEN, Libbot, message

MANAGER = 7001
HEAVY = ("matplotlib", "numpy", "openpyxl", "PIL", "pypinyin", "xlsxwriter")
AIM = {"idle_rss_mb": 80, "chart_peak_rss_mb": 200}
ORG = f"""
[org]
name = "基准图书馆"
timezone = "Asia/Shanghai"
locale = "zh_CN"
leadership_chat_id = -1001000000001

[[branches]]
code = "main"
name = "总馆"
kind = "central"

[[branches]]
code = "jiaolou"
name = "角楼图书馆"
parent = "main"

[[staff]]
id = {MANAGER}
name = "馆长"
role = "manager"

[targets.2026]
visitors = 600000
loans = 400000
new_cards = 5000
events = 800
"""


def command(update_id: int, user: int, name: str) -> dict[str, object]:
    """``/name`` in a private chat, with the entity Telegram marks a command with."""
    update = message(update_id, user, update_id, f"/{name}")
    update["message"]["entities"] = [{"type": "bot_command", "offset": 0, "length": len(name) + 1}]
    return update


def import_weeks(bot: Libbot, weeks: int = 9) -> None:
    """Both branches' visitors, loans and events for the last ``weeks`` weeks, through
    ``libbot import`` (so the digest's second chart has weeks to draw)."""
    today = dt.date.today()
    rows = ["date,branch,metric,value"]
    for back in range(1, 7 * weeks):
        day = today - dt.timedelta(days=back)
        for branch, size in (("main", 3), ("jiaolou", 1)):
            for metric, value in (("visitors", 400), ("loans", 250), ("events", 1)):
                rows.append(f"{day},{branch},{metric},{value * size + back % 7}")
    path = bot.workdir / "weeks.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "bot", "import", str(path)]
    subprocess.run(command, env=bot.env, cwd=bot.workdir, check=True, capture_output=True)


def status_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (the peak resident set) of a process, in MB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return {k: round(int(fields[k].split()[0]) / 1024, 1) for k in ("VmRSS", "VmHWM")}


def imported_at_start(log: str) -> list[str]:
    """The heavy top-level packages in ``-X importtime`` output."""
    found = {
        line.split("|")[-1].strip().split(".")[0]
        for line in log.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return sorted(found & set(HEAVY))


def main() -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="libbot-bench-") as tmp, BotAPIServer(TOKEN) as api:
        bot = Libbot(Path(tmp), api, ORG)
        process = bot.start(PYTHONPROFILEIMPORTTIME="1")
        try:
            assert api.wait_for(lambda a: "getUpdates" in a.methods, 60), bot.output
            time.sleep(2.0)  # settled: the start-up work is done, the poll is waiting
            idle, heavy = status_mb(process.pid), imported_at_start(bot.output)
            import_weeks(bot)  # now: figures at start-up would post a missed digest then
            started = time.monotonic()
            api.queue(command(1, MANAGER, "digest"))
            both = api.wait_for(lambda a: a.methods.count("sendPhoto") >= 2, 60)
            assert both, bot.output[-2000:]  # the year-to-date chart and the last weeks
            chart_s = time.monotonic() - started
            after = status_mb(process.pid)
            assert bot.stop() == 0
        finally:
            bot.close()
    figures = {
        "idle_rss_mb": idle["VmRSS"],
        "idle_peak_rss_mb": idle["VmHWM"],
        "after_chart_rss_mb": after["VmRSS"],
        "chart_peak_rss_mb": after["VmHWM"],
    }
    met = {
        "idle_under_80mb": figures["idle_rss_mb"] <= AIM["idle_rss_mb"],
        "chart_peak_under_200mb": figures["chart_peak_rss_mb"] <= AIM["chart_peak_rss_mb"],
        "nothing_heavy_at_start": not heavy,
    }
    return {
        "benchmark": "memory",
        "process": "libbot run, Bot API stand-in on loopback",
        **figures,
        "digest_with_chart_s": round(chart_s, 2),
        "heavy_imported_at_start": heavy,
        "aim": AIM,
        "met": met | {"all": all(met.values())},
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=2, ensure_ascii=False))
