"""A library that is not the sample one, tried in both languages as its people would: no
example names a branch it does not have, no figure is written two ways, every English
count agrees with its word, and names read in their own order (issue 14)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from bot.core.clock import ManualClock
from bot.core.org import Organisation, parse_org
from bot.offline.sandbox import Sandbox
from bot.offline.standin import RecordedCall, render_html
from bot.offline.updates import TgUser
from tests.e2e.test_number_style import ungrouped

TZ = ZoneInfo("Asia/Shanghai")
FRIDAY = dt.date(2026, 11, 20)
ORG = """
[org]
name = "海港区图书馆"
timezone = "Asia/Shanghai"
locale = "zh_CN"
leadership_chat_id = -1002000000002
holidays = "CN"

[[branches]]
code = "hq"
name = "海港区图书馆"
kind = "central"
aliases = ["区馆"]

[[branches]]
code = "heping"
name = "和平路分馆"
kind = "branch"
parent = "hq"
aliases = ["和平"]

[[branches]]
code = "binhai"
name = "滨海街道图书馆"
kind = "subdistrict"
parent = "hq"
aliases = ["滨海"]

[[staff]]
id = 3001
name = "周磊"
branches = ["heping"]

[[staff]]
id = 3002
name = "Grace Lee"
branches = ["binhai"]
locale = "en"

[[staff]]
id = 3003
name = "吴敏"
role = "manager"
branches = ["hq"]

[[staff]]
id = 3004
name = "Tom Baker"
role = "manager"
locale = "en"

[[staff]]
id = 3005
name = "郑强"
role = "admin"

[targets.2026]
visitors = 200000
loans = 90000
new_cards = 1500
events = 300

[targets.2026.branches.heping]
visitors = 80000
loans = 30000
"""
ZHOU = TgUser(3001, "磊", last_name="周")
GRACE = TgUser(3002, "Grace", last_name="Lee", language_code="en")
WU = TgUser(3003, "敏", last_name="吴")
TOM = TgUser(3004, "Tom", last_name="Baker", language_code="en")
ZHENG = TgUser(3005, "强", last_name="郑")
# The sample library's branches: none of them is this library's.
SAMPLE_BRANCHES = ("角楼", "景山", "王府井", "隆福寺", "东华门", "吉祥", "东城")
# An English count of one with a plural word: "1 days", "1 visits", "1 branches"
ONE_PLURAL = re.compile(
    r"(?<![\d,.])1 (?:days|weeks|branches|visits|items|events|participants|cards|managers|"
    r"admins|times|reports|figures|borrowers|clicks|downloads|followers|reads|titles|volumes)\b"
)


@pytest.fixture
def org() -> Organisation:
    return parse_org(ORG)


@pytest.fixture
def clock() -> ManualClock:  # the conftest's box runs this library on this clock
    return ManualClock(dt.datetime.combine(FRIDAY, dt.time(17, 5), TZ))


def said(calls: list[RecordedCall]) -> list[str]:
    """What the bot sent, as HTML: examples to type stay marked as <code>."""
    texts = (c.params.get(key) for c in calls for key in ("text", "caption"))
    return [t for t in texts if isinstance(t, str)]


async def a_day_of_the_library(box: Sandbox) -> list[str]:
    """Every kind of exchange staff, managers and the admin have in a day, in both
    languages; what the bot sent back."""
    u = box.updates
    script = [
        u.command(ZHOU, "/start"),
        u.command(ZHOU, "/help"),
        u.message(ZHOU, "到馆 1 外借 1 办证 1"),
        u.message(ZHOU, "到馆 1234 外借 560 活动1场"),
        u.message(ZHOU, "你好"),
        u.message(ZHOU, "到馆 1234 1 234"),
        u.command(GRACE, "/start"),
        u.command(GRACE, "/help"),
        u.message(GRACE, "visitors 1 loans 1"),
        u.message(GRACE, "hello"),
        u.message(GRACE, "visitors 12,345"),
        u.command(WU, "/help"),
        u.command(WU, "/today"),
        u.command(WU, "/progress"),
        u.command(WU, "/progress", "和平"),
        u.command(WU, "/progress", "无此馆"),
        u.command(WU, "/missing"),
        u.command(WU, "/digest"),
        u.command(WU, "/deadline"),
        u.command(TOM, "/help"),
        u.command(TOM, "/today"),
        u.command(TOM, "/progress"),
        u.command(TOM, "/progress", "nowhere"),
        u.command(TOM, "/digest"),
        u.command(TOM, "/year"),
        u.command(ZHENG, "/help"),
        u.command(ZHENG, "/invite"),
    ]
    texts: list[str] = []
    for update in script:
        texts += said(await box.feed(update))
        box.clock.advance(minutes=1)
    return texts


async def test_no_example_names_a_branch_the_library_does_not_have(box: Sandbox) -> None:
    texts = await a_day_of_the_library(box)
    assert len(texts) > 20
    found = {name: [t for t in texts if name in t] for name in SAMPLE_BRANCHES}
    assert not {name: hits for name, hits in found.items() if hits}


async def test_every_figure_is_written_one_way_and_every_count_agrees(box: Sandbox) -> None:
    texts = await a_day_of_the_library(box)
    assert not [t for t in texts if ungrouped(t)]
    assert not [t for t in texts if ONE_PLURAL.search(t)]
    joined = "\n".join(texts)
    assert "12,345" in joined and "1,234" in joined  # the figures shown, grouped


async def test_a_joined_persons_name_reads_family_name_first(box: Sandbox) -> None:
    [reply] = said(await box.feed(box.updates.command(ZHENG, "/invite", "滨海")))
    code = reply.split()[-1].rsplit("=", 1)[1]
    newcomer = TgUser(3100, "晓红", last_name="林")
    [welcome] = said(await box.feed(box.updates.command(newcomer, "/start", code)))
    assert "林晓红" in render_html(welcome) and "晓红 林" not in render_html(welcome)
    box.clock.advance(days=1, hours=-1)  # Saturday 16:05, nobody of 滨海 has reported
    [missing] = said(await box.feed(box.updates.command(WU, "/missing")))
    assert "林晓红" in missing
