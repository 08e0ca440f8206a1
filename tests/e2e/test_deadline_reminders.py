"""Deadlines through the scheduled runs: reminded on their days to those who owe them,
quiet once done, and overdue ones in the managers' morning message."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from bot.core.clock import ManualClock
from bot.core.org import Organisation
from bot.jobs.reminders import run_due
from bot.offline.sandbox import Sandbox
from bot.offline.standin import RecordedCall
from bot.offline.updates import TgUser
from tests.e2e.conftest import EMMA, LI, TZ, WANG

ZHAO = TgUser(1006, "敏")  # 景山
DUE = dt.date(2026, 12, 10)  # a Thursday


def when(day: dt.date, hh: int, mm: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), TZ)


async def create(box: Sandbox, command: str) -> str:
    """A manager sets a task; its number, from the confirmation."""
    calls = await box.feed(box.updates.message(LI, command))
    [confirmation] = [c for c in calls if c.chat_id == LI.id]  # the staff are told apart
    found = re.search(r"/done (\d+)", confirmation.result["text"])
    assert found is not None
    return found[1]


def to_managers(calls: list[RecordedCall]) -> list[RecordedCall]:
    """The manager's messages that speak of the task."""
    return [c for c in calls if c.chat_id == LI.id and "盘点" in c.result["text"]]


async def morning(box: Sandbox, day: dt.date, hh: int = 9, mm: int = 0) -> list[RecordedCall]:
    """Run what is due at ``hh:mm`` on ``day``: the messages sent."""
    box.clock.set(when(day, hh, mm))
    before = len(box.api.calls)
    await run_due(box.sender, box.services)
    return [c for c in box.api.calls[before:] if c.method == "sendMessage" and c.ok]


async def test_reminded_three_days_before_the_day_before_and_on_the_day_until_done(
    org: Organisation, db_path: Path
) -> None:
    box = await Sandbox.start(org, db_path, ManualClock(when(DUE - dt.timedelta(days=5), 8, 0)))
    try:
        number = await create(box, "/deadline 12月10日 #角楼 #景山 报送馆藏盘点表")
        owed_by = {WANG.id, EMMA.id, ZHAO.id}
        sent_on: dict[dt.date, set[int]] = {}
        for offset in range(4, -1, -1):
            day = DUE - dt.timedelta(days=offset)
            if offset == 1:  # 景山 finishes the day before
                box.clock.set(when(day, 8, 30))
                await box.feed(box.updates.message(ZHAO, f"/done {number}"))
            sent = [c for c in await morning(box, day) if c.chat_id in owed_by]
            sent_on[day] = {c.chat_id for c in sent}
            assert await morning(box, day, 9, 5) == [], f"{day}: reminded twice"
            for call in sent:
                assert "报送馆藏盘点表" in call.result["text"]
        assert sent_on == {
            DUE - dt.timedelta(days=4): set(),
            DUE - dt.timedelta(days=3): owed_by,
            DUE - dt.timedelta(days=2): set(),
            DUE - dt.timedelta(days=1): {WANG.id, EMMA.id},  # 景山's part is done
            DUE: {WANG.id, EMMA.id},
        }
        english = [c for c in box.api.sent_messages(EMMA.id) if "due" in c.result["text"]]
        assert english, "Emma reads her reminders in English"
    finally:
        await box.stop()


async def test_an_overdue_task_reaches_the_managers_each_morning_until_done(
    org: Organisation, db_path: Path
) -> None:
    box = await Sandbox.start(org, db_path, ManualClock(when(DUE - dt.timedelta(days=1), 8, 0)))
    try:
        number = await create(box, "/deadline 12月10日 #角楼 #景山 报送馆藏盘点表")
        await box.feed(box.updates.message(ZHAO, f"/done {number}"))
        for day in (DUE - dt.timedelta(days=1), DUE):  # not overdue yet
            assert to_managers(await morning(box, day, 9, 30)) == []
        after = DUE + dt.timedelta(days=1)
        escalated = to_managers(await morning(box, after, 9, 30))
        assert [c.chat_id for c in escalated] == [LI.id]
        overdue = escalated[0].result["text"].split("已逾期的任务", 1)[1]
        assert "报送馆藏盘点表" in overdue and "已逾期 1 天" in overdue
        assert "角楼图书馆 — 王芳、Emma Wilson" in overdue and "景山" not in overdue
        await box.feed(box.updates.message(WANG, f"/done {number}"))
        later = after + dt.timedelta(days=1)
        assert to_managers(await morning(box, later, 9, 30)) == []
    finally:
        await box.stop()


async def test_a_muted_person_gets_no_deadline_reminder(org: Organisation, db_path: Path) -> None:
    box = await Sandbox.start(org, db_path, ManualClock(when(DUE - dt.timedelta(days=3), 8, 0)))
    try:
        await box.feed(box.updates.message(LI, "/deadline 12月10日 #角楼 报送馆藏盘点表"))
        await box.feed(box.updates.message(WANG, "/mute"))
        sent = {c.chat_id for c in await morning(box, DUE - dt.timedelta(days=3))}
        assert WANG.id not in sent and EMMA.id in sent
        await box.feed(box.updates.message(WANG, "/unmute"))
        sent = {c.chat_id for c in await morning(box, DUE - dt.timedelta(days=1))}
        assert {WANG.id, EMMA.id} <= sent
    finally:
        await box.stop()
