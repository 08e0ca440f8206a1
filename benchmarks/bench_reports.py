"""Reports per second through the real application with the inbox on, against a fair floor
measured interleaved in the same run.

The app: the real ``Application`` with the Bot API stand-in and a real SQLite file, reports
from 200 branches in varied wording, fetched by the bot's own poller from the stand-in's
``getUpdates``, written to the inbox in batches and handled chat by chat, as ``libbot run``
does. The floor: a bare PTB echo handler on the same stand-in that, for each update, runs
*the same SQL the app ran for it* (captured beforehand from a traced run of the same
reports) in one thread hop. The two alternate chunk by chunk, so both see the same machine.
Run it on one core: ``taskset -c 0 .venv/bin/python benchmarks/bench_reports.py``.
Prints one JSON document.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import gc
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import ApplicationBuilder, MessageHandler, filters

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PTB_TIMEDELTA", "true")

from bot.app.services import Services
from bot.core.clock import ManualClock
from bot.core.org import parse_org
from bot.offline.sandbox import Sandbox
from bot.offline.standin import BotAPIStandin
from bot.offline.updates import TgUser
from bot.telegram.chat_queues import ChatQueues
from bot.telegram.handling import handling_of
from bot.telegram.polling import Poller
from storage.sqlite import SqliteStorage
from storage.sqlite.db import Database
from storage.sqlite.one_hop import OneHop
from storage.sqlite.writer import PRAGMAS

TZ = ZoneInfo("Asia/Shanghai")
BRANCHES = 200
CHUNKS = 5
WORDINGS = (
    "{d} 到馆{v}人次，外借{l}册，办证{c}张",
    "{d} 到馆 {v} 外借 {l} 办证 {c}",
    "{d}：进馆{v}、借出{l}、新办证{c}",
    "{d} visitors {v}, loans {l}, new cards {c}",
)
JSONDict = dict[str, Any]


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


async def sandbox(workdir: Path, name: str) -> Sandbox:
    clock = ManualClock(dt.datetime(2026, 11, 20, 17, 0, tzinfo=TZ))
    org = parse_org(generated_org(BRANCHES), "bench.toml")
    return await Sandbox.start(org, workdir / f"{name}.sqlite3", clock)


def reports(box: Sandbox, count: int) -> list[JSONDict]:
    rng = random.Random(7)
    users = [TgUser(10_000 + i, f"Staff {i}") for i in range(BRANCHES)]
    updates = []
    for n in range(count):
        day = dt.date(2026, 11, 19) - dt.timedelta(days=n // BRANCHES)
        text = WORDINGS[n % len(WORDINGS)].format(
            d=day.isoformat(), v=rng.randint(380, 420), l=rng.randint(270, 300), c=rng.randint(2, 4)
        )
        updates.append(box.updates.message(users[n % BRANCHES], text))
    return updates


Statement = tuple[str, str, Any]  # (how: "one" or "many", SQL, its parameters)


async def captured_sql(workdir: Path, count: int) -> tuple[list[JSONDict], list[list[Statement]]]:
    """The reports, and for each the SQL the app ran for it, with its parameters (reads
    and writes, the marks queued for the group commit too), recorded where the app's
    storage sends it, from a run one report after another."""
    box = await sandbox(workdir, "traced")
    updates = reports(box, count)
    statements: list[Statement] = []
    with _recording(statements):
        scripts = []
        for data in updates:
            statements.clear()
            await box.feed(data)
            scripts.append(list(statements))
    await box.stop()
    return updates, scripts


@contextlib.contextmanager
def _recording(into: list[Statement]) -> Iterator[None]:
    """Note every statement the storage layer is given (the benchmark looks inside)."""
    patched = [(OneHop, "execute", "one"), (OneHop, "execute_fetchall", "one"),
               (OneHop, "executemany", "many"), (Database, "fetchall", "one"),
               (Database, "fetchone", "one"), (Database, "write_soon", "one")]  # fmt: skip
    originals = [getattr(owner, name) for owner, name, _ in patched]

    def recorder(how: str, original: Any) -> Any:
        def record(self: Any, sql: str, params: Any = ()) -> Any:
            if how == "many":
                params = [tuple(row) for row in params]
            into.append((how, sql, params))
            return original(self, sql, params)

        return record

    for (owner, name, how), original in zip(patched, originals, strict=True):
        setattr(owner, name, recorder(how, original))
    try:
        yield
    finally:
        for (owner, name, _), original in zip(patched, originals, strict=True):
            setattr(owner, name, original)


class App:
    """The real application, polling the stand-in into the inbox, chat by chat."""

    def __init__(self, box: Sandbox) -> None:
        self.box = box
        inbox = box.services.inbox
        self.queues = ChatQueues(handling_of(box.app).handle, inbox.unhandled)
        self.poller = Poller(box.app.bot, inbox.receive, self.queues.put, timeout=1)
        self.stop = asyncio.Event()
        self.polling: asyncio.Task[None] | None = None
        self.database = sqlite_database(box.services)
        self.handled = 0

    async def start(self) -> None:
        await self.box.app.start()
        self.polling = asyncio.create_task(self.poller.run(self.stop))

    async def run(self, chunk: list[JSONDict]) -> float:
        """Seconds from queueing ``chunk`` in getUpdates to every report stored."""
        started = time.perf_counter()
        for data in chunk:
            self.box.api.queue_update(data)
        self.handled += len(chunk)
        while True:
            await asyncio.sleep(0)
            if self.queues.busy_chats == 0:
                row = await self.database.fetchone("SELECT COUNT(*) FROM reports")
                if row is not None and row[0] >= self.handled:
                    return time.perf_counter() - started
                await asyncio.sleep(0.001)

    async def close(self) -> int:
        self.stop.set()
        assert self.polling is not None
        await self.polling
        await self.box.app.stop()
        stored = await self.database.fetchone("SELECT COUNT(*) FROM reports")
        await self.box.stop()
        return int(stored[0]) if stored else 0


class Floor:
    """A bare PTB echo handler that runs each update's captured SQL in one hop (with no
    scripts, the echo alone: what PTB and the stand-in cost by themselves)."""

    def __init__(
        self, workdir: Path, scripts: dict[int, list[Statement]] | None, name: str
    ) -> None:
        self.name = name
        self.workdir = workdir
        self.scripts = scripts
        self.standin = BotAPIStandin()
        self.app = (
            ApplicationBuilder()
            .token("1:ECHO")
            .request(self.standin)
            .get_updates_request(self.standin)
            .build()
        )
        self.thread = ThreadPoolExecutor(max_workers=1)  # as the app's writer has
        self.conn: sqlite3.Connection | None = None

    async def start(self, template: Path) -> None:
        path = self.workdir / f"{self.name}.sqlite3"
        path.write_bytes(template.read_bytes())  # the database as the app found it
        loop = asyncio.get_running_loop()
        self.conn = await loop.run_in_executor(self.thread, _floor_connection, path)
        conn, scripts, thread = self.conn, self.scripts, self.thread

        async def echo(update: Update, context: Any) -> None:
            if scripts is not None:
                script = scripts[update.update_id]
                await loop.run_in_executor(thread, _replay, conn, script)
            await context.bot.send_message(update.effective_chat.id, update.effective_message.text)

        self.app.add_handler(MessageHandler(filters.TEXT, echo))
        await self.app.initialize()

    async def run(self, chunk: list[JSONDict]) -> float:
        started = time.perf_counter()
        for data in chunk:
            await self.app.process_update(Update.de_json(data, self.app.bot))
        return time.perf_counter() - started

    async def close(self) -> None:
        await self.app.shutdown()
        assert self.conn is not None
        await asyncio.get_running_loop().run_in_executor(self.thread, self.conn.close)
        self.thread.shutdown()


def _floor_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", *PRAGMAS):  # the app's writer's, fsync included
        conn.execute(f"PRAGMA {pragma}")
    return conn


def _replay(conn: sqlite3.Connection, script: list[Statement]) -> None:
    """One report's statements in one transaction, in the floor's thread."""
    conn.execute("BEGIN IMMEDIATE")
    for how, sql, params in script:
        if how == "many":
            conn.executemany(sql, params)
        else:
            conn.execute(sql, params).fetchall()
    conn.execute("COMMIT")


async def main(count: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="libbot-bench-") as tmp:
        workdir = Path(tmp)
        empty = await sandbox(workdir, "template")  # the schema and roster, no reports
        await empty.stop()
        updates, scripts = await captured_sql(workdir, count)
        app = App(await sandbox(workdir, "app"))
        by_update = {u["update_id"]: s for u, s in zip(updates, scripts, strict=True)}
        floor = Floor(workdir, by_update, "floor")
        echo = Floor(workdir, None, "echo")
        await app.start()
        await floor.start(workdir / "template.sqlite3")
        await echo.start(workdir / "template.sqlite3")
        size = -(-count // CHUNKS)
        app_s = floor_s = echo_s = 0.0
        gc.collect()
        gc.freeze()  # the prepared updates are not the application's garbage
        for first in range(0, count, size):
            chunk = updates[first : first + size]
            app_s += await app.run(chunk)
            floor_s += await floor.run(chunk)
            echo_s += await echo.run(chunk)
        gc.unfreeze()
        stored = await app.close()
        await floor.close()
        await echo.close()
    assert stored == count, f"{stored} of {count} reports stored"
    app_us, floor_us = app_s / count * 1e6, floor_s / count * 1e6
    ratio = app_us / floor_us
    return {
        "benchmark": "reports",
        "reports": count,
        "cpus": sorted(os.sched_getaffinity(0)),
        "app": {"reports_per_s": round(count / app_s, 1), "us_per_report": round(app_us, 1)},
        "floor": {
            "what": "bare PTB echo handler + the same SQL the app ran per report, with its"
            " parameters, one transaction in one hop",
            "reports_per_s": round(count / floor_s, 1),
            "us_per_report": round(floor_us, 1),
        },
        "echo_alone": {
            "what": "the floor without its SQL: PTB and the stand-in alone",
            "reports_per_s": round(count / echo_s, 1),
            "us_per_report": round(echo_s / count * 1e6, 1),
        },
        "ratio_to_floor": round(ratio, 2),
        "aim": {"reports_per_s": 1000, "ratio_to_floor": 2.0},
        "meets_aim": count / app_s >= 1000 and ratio <= 2.0,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=4000)
    result = asyncio.run(main(parser.parse_args().reports))
    print(json.dumps(result, indent=2))
