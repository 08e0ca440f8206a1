"""Reminders to N people and the weekly digest, on real time, against Telegram's limits.

The app: the real services on a real SQLite file, the real ``Application`` with the real
rate limiter, both on ``time.monotonic``, and the Bot API stand-in enforcing Telegram's
limits (30 sends/s overall, 1/s per private chat, 20/min per group: a 429 above them). The
clock stands at 17:30 on a Thursday, nobody has reported, so every one of the N people is
owed the report reminder; the daily fan-out and the weekly digest to the leadership group
go out side by side. The floor: N sends at 30/s, N/30 s; beside it, the same N letters sent
straight through the stand-in with no limiter and no database (the bare cost of a send),
and the whole delivery path with the limiter taken out (its cost per letter). A second
fan-out, on a fresh database, runs into a storm of injected 429s (30; 5 with --small).
Each person must get exactly one reminder in both, or the benchmark exits with 1. Prints
one JSON document.

    .venv/bin/python benchmarks/bench_delivery.py [--small | --people 300]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Bot
from telegram.constants import ParseMode
from telegram.ext import BaseRateLimiter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PTB_TIMEDELTA", "true")

from bot.app.application import (
    BotApplication,
    build_application,
    close_application,
    open_application,
)
from bot.app.services import Services
from bot.core.clock import ManualClock
from bot.core.org import Organisation, parse_org
from bot.jobs.digest import DigestPublisher
from bot.jobs.reminders import send_report_reminders
from bot.offline.sandbox import SANDBOX_TOKEN
from bot.offline.standin import BotAPIStandin
from bot.settings import Settings
from bot.telegram.rate_limit import TelegramRateLimiter
from bot.telegram.sender import TelegramSender
from storage.sqlite import SqliteStorage
from storage.sqlite.db import Database

NOW = dt.datetime(2026, 11, 19, 17, 30, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Thursday
DAY = NOW.date()
LEADERSHIP = -1001000000001
FIRST_STAFF = 10_000
OVERALL_PER_SECOND = 30  # Telegram's overall limit: the floor is people / 30 seconds
STORM = 30  # injected 429s, each asking for a pause of one second
SMALL_STORM = 5
RERUNS = 5  # fan-outs after the first, as the reminder job's retries would run them


def sqlite_database(services: Services) -> Database:
    """The database under the services: the benchmarks count rows and time SQLite itself."""
    assert isinstance(services.storage, SqliteStorage), "the benchmarks measure SQLite"
    return services.storage.database


def generated_org(people: int) -> str:
    """One staff member for each of ``people`` branches, a leadership group, a 2026 plan."""
    lines = [
        '[org]\nname = "Bench Library"\ntimezone = "Asia/Shanghai"\n'
        f"leadership_chat_id = {LEADERSHIP}\n",
        '[[branches]]\ncode = "main"\nname = "Central"\nkind = "central"\n',
    ]
    for i in range(people):
        lines.append(f'[[branches]]\ncode = "b{i}"\nname = "Branch {i}"\nparent = "main"\n')
        lines.append(
            f'[[staff]]\nid = {FIRST_STAFF + i}\nname = "Staff {i}"\nbranches = ["b{i}"]\n'
        )
    lines.append("[targets.2026]\nvisitors = 30000000\nloans = 20000000\nnew_cards = 250000\n")
    return "\n".join(lines)


class TimedStandin(BotAPIStandin):
    """The stand-in, noting on its own clock when each call was answered."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.answered: list[float] = []  # parallel to ``calls``

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> Any:
        answer = await super().do_request(url, method, *args, **kwargs)
        self.answered.append(self.clock())
        return answer

    def send_times(self, private: bool = False) -> list[float]:
        """When each successful send (``private``: to a person) was answered, in order."""
        return [
            at
            for call, at in zip(self.calls, self.answered, strict=True)
            if call.message_id and (not private or (call.chat_id or 0) > 0)
        ]

    def answered_429(self) -> int:
        """Calls answered with 429, whether the limits or an injected failure caused it."""
        return sum(1 for call in self.calls if (call.error or "").startswith("Too Many Requests"))


class NoLimits(BaseRateLimiter[int]):
    """Every call straight through: the delivery path's own cost, without the pacing."""

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Awaitable[Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        return await callback(*args, **kwargs)


class WriteMeter:
    """Times each of the database's write statements, from the call to its answer (a wait
    for the write lock included)."""

    def __init__(self, services: Services) -> None:
        self.ms: list[float] = []
        database = sqlite_database(services)
        execute = database.execute

        async def timed(sql: str, params: Any = ()) -> int:
            start = time.perf_counter()
            try:
                return await execute(sql, params)
            finally:
                self.ms.append((time.perf_counter() - start) * 1000)

        database.execute = timed  # type: ignore[method-assign]


async def start_bot(
    org: Organisation, path: Path, standin: BotAPIStandin, limiter: BaseRateLimiter[Any]
) -> tuple[Services, BotApplication]:
    """Fresh services on ``path`` and the real application, initialised, not polling."""
    settings = Settings(db=path, org=Path("bench.toml"))
    application = build_application(
        settings, org, ManualClock(NOW), token=SANDBOX_TOKEN, request=standin, rate_limiter=limiter
    )
    services = await open_application(application)
    return services, application


def per_person(standin: BotAPIStandin, people: int) -> dict[str, Any]:
    """Successful reminders per person; every one of them must have exactly one."""
    got = Counter(c.chat_id for c in standin.sent_messages() if c.chat_id and c.chat_id > 0)
    expected = range(FIRST_STAFF, FIRST_STAFF + people)
    return {
        "delivered": sum(got[user] == 1 for user in expected),
        "none": sum(got[user] == 0 for user in expected),
        "twice_or_more": sum(got[user] > 1 for user in expected),
        "strangers": sum(n for chat, n in got.items() if chat not in expected),
    }


def gaps_ms(times: list[float]) -> dict[str, float]:
    """The spacing of consecutive sends: at 30/s it would be 33.3 ms throughout."""
    gaps = sorted((b - a) * 1000 for a, b in pairwise(times))
    if not gaps:
        return {}
    return {
        "p50": round(statistics.median(gaps), 1),
        "p99": round(gaps[min(len(gaps) - 1, int(0.99 * len(gaps)))], 1),
        "max": round(gaps[-1], 1),
        "over_50ms": sum(g > 50 for g in gaps),
    }


async def fan_out(
    org: Organisation, path: Path, people: int, *, storm: int
) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """The reminders and the digest at once, paced on real time; ``storm`` 429s first.

    Returns the measurements and each letter sent, as (chat, text).
    """
    standin = TimedStandin(enforce_limits=True)
    services, application = await start_bot(org, path, standin, TelegramRateLimiter())
    writes = WriteMeter(services)
    if storm:
        standin.fail(None, "429", times=storm, retry_after=1)
    sender = TelegramSender(application.bot)
    try:
        start = time.monotonic()
        report, posted = await asyncio.gather(
            send_report_reminders(sender, services, DAY),
            DigestPublisher(services, sender).publish_due(),
        )
        runs = 1
        while report.retry_needed and runs <= RERUNS:  # the job would look again in 5 minutes
            report = await send_report_reminders(sender, services, DAY)
            runs += 1
        done = time.monotonic()
    finally:
        await close_application(application)
    sends = standin.send_times() or [start]
    letters = [c for c in standin.sent_messages() if c.chat_id and c.chat_id > 0]
    elapsed = max(sends) - start
    measured = {
        "elapsed_s": round(elapsed, 3),
        "returned_s": round(done - start, 3),
        "first_send_s": round(min(sends) - start, 3),
        "ratio_to_floor": round(elapsed / (people / OVERALL_PER_SECOND), 3),
        "throttled_429s": standin.throttled,
        "injected_429s": standin.answered_429() - standin.throttled,
        **per_person(standin, people),
        "fan_out_runs": runs,
        "group_posted": posted,
        "group_messages": len(standin.sent_messages(LEADERSHIP)),
        "sends": len(sends),
        "letter_gaps_ms": gaps_ms(standin.send_times(private=True)),
        "db_writes": len(writes.ms),
        "db_writes_per_letter": round(len(writes.ms) / people, 2),
        "db_write_ms_p50": round(statistics.median(writes.ms), 3),
        "db_write_ms_max": round(max(writes.ms), 3),
    }
    return measured, [(c.chat_id, c.params["text"]) for c in letters if c.chat_id]


async def unpaced(org: Organisation, path: Path, people: int) -> dict[str, float]:
    """The reminders through the whole delivery path with the limiter taken out."""
    standin = BotAPIStandin()
    services, application = await start_bot(org, path, standin, NoLimits())
    writes = WriteMeter(services)
    try:
        start = time.perf_counter()
        report = await send_report_reminders(TelegramSender(application.bot), services, DAY)
        elapsed = time.perf_counter() - start
    finally:
        await close_application(application)
    assert len(report.sent) == people, "every letter sent"
    return {"seconds": elapsed, "db_writes_per_letter": len(writes.ms) / people}


async def bare_sends(texts: list[tuple[int, str]]) -> float:
    """Seconds for the same letters sent one after another through a bare ``Bot``."""
    standin = BotAPIStandin()
    bot = Bot(SANDBOX_TOKEN, request=standin, get_updates_request=standin)
    await bot.initialize()
    start = time.perf_counter()
    for chat_id, text in texts:
        await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
    elapsed = time.perf_counter() - start
    await bot.shutdown()
    return elapsed


async def main(people: int, storm: int) -> dict[str, Any]:
    org = parse_org(generated_org(people), "bench.toml")
    with tempfile.TemporaryDirectory(prefix="libbot-bench-") as tmp:
        workdir = Path(tmp)
        paced, letters = await fan_out(org, workdir / "paced.sqlite3", people, storm=0)
        stormy, _ = await fan_out(org, workdir / "storm.sqlite3", people, storm=storm)
        path = await unpaced(org, workdir / "unpaced.sqlite3", people)
    bare = await bare_sends(letters)
    floor = people / OVERALL_PER_SECOND
    storm_floor = storm * 1 + floor  # each 429 honoured for its second, one after another
    ok = all(
        run["delivered"] == people and run["strangers"] == 0 and run["group_posted"] == "posted"
        for run in (paced, stormy)
    )
    met = {
        "ratio_within_1.2": paced["ratio_to_floor"] <= 1.2,
        "zero_429s": paced["throttled_429s"] + paced["injected_429s"] == 0,
        "each_person_once": ok,
    }
    return {
        "benchmark": "delivery",
        "people": people,
        "floor_s": round(floor, 3),
        "floor": f"{people} sends at Telegram's {OVERALL_PER_SECOND}/s overall",
        "elapsed_s": paced["elapsed_s"],
        "ratio": paced["ratio_to_floor"],
        "throttled_429s": paced["throttled_429s"] + paced["injected_429s"],
        "delivered": paced["delivered"],
        "group_posted": paced["group_posted"],
        "paced": paced,
        "storm": {
            "injected": f"{storm} × 429 retry_after=1",
            "floor_s": round(storm_floor, 3),
            "ratio_to_storm_floor": round(stormy["elapsed_s"] / storm_floor, 3),
            **stormy,
        },
        "bare_sends_s": round(bare, 4),
        "bare_ms_per_send": round(bare / people * 1000, 3),
        "delivery_unpaced_s": round(path["seconds"], 4),
        "delivery_unpaced_ms_per_letter": round(path["seconds"] / people * 1000, 3),
        "overhead_ms_per_letter": round((path["seconds"] - bare) / people * 1000, 3),
        "unpaced_db_writes_per_letter": round(path["db_writes_per_letter"], 2),
        "aim": {"ratio": 1.2, "throttled_429s": 0},
        "met": met | {"all": all(met.values())},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--small", action="store_true", help="60 people, for a quick check")
    size.add_argument("--people", type=int, default=300, help="people owed a reminder")
    args = parser.parse_args()
    logging.getLogger("bot").setLevel(logging.ERROR)  # the storm's 429s are expected
    people, storm = (60, SMALL_STORM) if args.small else (args.people, STORM)
    result = asyncio.run(main(people, storm))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    sys.exit(0 if result["met"]["each_person_once"] else 1)
