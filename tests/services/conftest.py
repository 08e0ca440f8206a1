"""A small organisation over a real SQLite file, a hand-moved clock, the services built
on its repositories."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.clock import ManualClock, OrgClock
from bot.core.org import Organisation, parse_org
from storage import Storage
from storage.sqlite import open_storage

TZ = ZoneInfo("Asia/Shanghai")
THURSDAY = dt.date(2026, 11, 19)

ORG = """
[org]
name = "东城区第一图书馆"
timezone = "Asia/Shanghai"
locale = "zh_CN"
leadership_chat_id = -100100

[[branches]]
code = "main"
name = "总馆"
kind = "central"
closed_weekdays = ["thu"]

[[branches]]
code = "jiaolou"
name = "角楼图书馆"
kind = "branch"
parent = "main"

[[branches]]
code = "jingshan"
name = "景山图书馆"
kind = "branch"
parent = "main"

[[staff]]
id = 1001
name = "王芳"
role = "staff"
branches = ["jiaolou"]

[[staff]]
id = 1002
name = "李强"
role = "manager"
branches = ["jiaolou", "jingshan"]
locale = "en"

[[staff]]
id = 1003
name = "赵敏"
role = "admin"
branches = []
"""


@pytest.fixture
def org() -> Organisation:
    return parse_org(ORG)


@pytest.fixture
def manual() -> ManualClock:
    return ManualClock(dt.datetime.combine(THURSDAY, dt.time(17, 5), TZ))


@pytest.fixture
def clock(manual: ManualClock, org: Organisation) -> OrgClock:
    return OrgClock(manual, org.org.tz)


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await open_storage(tmp_path / "libbot.sqlite3")
    yield opened
    await opened.close()
