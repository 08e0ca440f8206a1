"""A planned closure range, end to end: each of its days is closed for reminders, the
morning escalation, /missing and the weekly digest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.jobs.reminders import run_due
from bot.offline.sandbox import Sandbox
from bot.offline.standin import RecordedCall
from tests.e2e.conftest import EMMA, LI, THURSDAY, TZ, WANG, rows, text_of

MONDAY = THURSDAY + dt.timedelta(days=4)  # 23 November
WEDNESDAY = MONDAY + dt.timedelta(days=2)


async def jobs_at(box: Sandbox, day: dt.date, hour: int, minute: int) -> list[RecordedCall]:
    """Move the clock and run whatever reminders are due; the messages they sent."""
    box.clock.set(dt.datetime.combine(day, dt.time(hour, minute), TZ))
    before = len(box.api.calls)
    await run_due(box.sender, box.services)
    return [c for c in box.api.calls[before:] if c.method == "sendMessage"]


async def test_a_planned_range_is_confirmed_and_closes_each_day(
    box: Sandbox, db_path: Path
) -> None:
    [reply] = await box.feed(box.updates.message(WANG, "11月23日至25日闭馆装修"))

    assert "2026年11月23日（周一） 至 2026年11月25日（周三） 闭馆" in text_of(reply)
    assert rows(db_path, "SELECT day FROM closures WHERE branch = 'jiaolou' ORDER BY day") == [
        ("2026-11-23",), ("2026-11-24",), ("2026-11-25",),
    ]  # fmt: skip


async def test_no_reminder_no_escalation_and_not_missing_on_a_planned_day(
    box: Sandbox, db_path: Path
) -> None:
    await box.feed(box.updates.message(WANG, "11月23日至25日闭馆装修"))

    reminded = {c.params["chat_id"] for c in await jobs_at(box, MONDAY, 17, 30)}
    assert reminded, "other branches' people are reminded"
    assert WANG.id not in reminded and EMMA.id not in reminded

    escalations = await jobs_at(box, MONDAY + dt.timedelta(days=1), 9, 30)
    assert escalations and all("角楼" not in text_of(c) for c in escalations)

    [missing] = await box.feed(box.updates.message(LI, "/missing"))
    closed_line = next(line for line in text_of(missing).splitlines() if "闭馆" in line)
    assert "角楼图书馆" in closed_line

    # The week's digest names 角楼 for the days it was open and silent, not 23–25.
    box.clock.set(dt.datetime.combine(MONDAY + dt.timedelta(days=7), dt.time(8, 0), TZ))
    [digest, *_] = await box.feed(box.updates.message(LI, "/digest 2026-W48"))
    jiaolou = next(line for line in text_of(digest).splitlines() if "角楼图书馆：" in line)
    assert "周四" in jiaolou
    assert not any(day in jiaolou for day in ("周一", "周二", "周三"))


async def test_figures_on_a_planned_day_lift_it(box: Sandbox, db_path: Path) -> None:
    await box.feed(box.updates.message(WANG, "11月23日至25日闭馆装修"))
    box.clock.set(dt.datetime.combine(WEDNESDAY, dt.time(17, 0), TZ))
    [reply] = await box.feed(box.updates.message(WANG, "到馆 35"))  # opened after all
    assert "按开馆计" in text_of(reply)
    assert rows(db_path, "SELECT day FROM closures WHERE branch = 'jiaolou' ORDER BY day") == [
        ("2026-11-23",), ("2026-11-24",),
    ]  # fmt: skip
