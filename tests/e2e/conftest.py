"""The real application, a real SQLite file, the Bot API stand-in, a hand-moved clock."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.clock import ManualClock
from bot.core.org import Organisation
from bot.offline.sample import load_sample_org
from bot.offline.sandbox import Sandbox
from bot.offline.standin import RecordedCall, render_html
from bot.offline.updates import TgUser
from storage.sqlite import open_storage

TZ = ZoneInfo("Asia/Shanghai")
THURSDAY = dt.date(2026, 11, 19)

WANG = TgUser(1001, "王芳")  # staff, 角楼
LI = TgUser(1002, "建国")  # manager
ZHANG = TgUser(1003, "伟")  # admin
LIU = TgUser(1004, "洋")  # staff, central library
CHEN = TgUser(1005, "静")  # staff of two partner branches
EMMA = TgUser(1009, "Emma", language_code="en")  # staff, 角楼, English
STRANGER = TgUser(777, "Mallory", language_code="en")


@pytest.fixture
def org() -> Organisation:
    return load_sample_org()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(dt.datetime.combine(THURSDAY, dt.time(17, 5), TZ))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "libbot.sqlite3"


@pytest.fixture
async def box(org: Organisation, db_path: Path, clock: ManualClock) -> AsyncIterator[Sandbox]:
    sandbox = await Sandbox.start(org, db_path, clock)
    sandbox.api.clear()
    yield sandbox
    await sandbox.stop()


async def installed_on(db_path: Path, day: dt.date) -> None:
    """Make ``db_path`` a database the bot has run with since ``day``: a digest or an
    escalation about the weeks before the test's own is then one of a running bot."""
    storage = await open_storage(db_path)
    try:
        assert await storage.reminder_log.first_day(day) == day
    finally:
        await storage.close()


def rows(db_path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Read the database through a separate connection: only committed data is seen."""
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


def figures(db_path: Path, branch: str, day: dt.date = THURSDAY) -> dict[str, int]:
    return dict(
        rows(db_path, "SELECT metric, value FROM figures WHERE branch = ? AND day = ?",
             (branch, day.isoformat()))
    )  # fmt: skip


def text_of(call: RecordedCall) -> str:
    """A sent message's text as the reader sees it (HTML rendered)."""
    return render_html(call.params["text"])


def buttons(call: RecordedCall) -> list[tuple[str, str]]:
    """A sent message's buttons: (label, callback data), row by row."""
    keyboard = call.params["reply_markup"]["inline_keyboard"]
    return [(b["text"], b["callback_data"]) for row in keyboard for b in row]
