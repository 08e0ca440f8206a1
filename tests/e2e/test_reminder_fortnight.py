"""A simulated fortnight: who is reminded, who is escalated about, and when.

Mon 14 – Sun 27 September 2026 holds two weekends, the Monday closings of the central
library and the sub-district libraries, the Saturday/Sunday closing of 吉祥 (which keeps the
public calendar), the make-up workday Sunday 20 September (调休: 吉祥 opens) and the
Mid-Autumn holiday on Friday 25 September (吉祥 closes). The expected messages below are
written out by hand, as a careful coordinator would list them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core.clock import ManualClock
from bot.core.org import Organisation
from bot.jobs.reminders import run_due
from bot.offline.sandbox import Sandbox
from bot.offline.standin import RecordedCall
from bot.offline.updates import TgUser
from tests.e2e.conftest import CHEN, EMMA, LI, LIU, TZ, WANG

ZHAO = TgUser(1006, "敏")  # 景山
ZHOU = TgUser(1007, "磊")  # 东华门
SUN = TgUser(1008, "丽")  # 吉祥

REPORTER = {
    "main": LIU, "jiaolou": WANG, "wangfujing": CHEN, "longfusi": CHEN,
    "jingshan": ZHAO, "donghuamen": ZHOU, "jixiang": SUN,
}  # fmt: skip
TAG = {
    "main": "总馆", "jiaolou": "角楼", "wangfujing": "王府井", "longfusi": "隆福寺",
    "jingshan": "景山", "donghuamen": "东华门", "jixiang": "吉祥社区服务点",
}  # fmt: skip
ALL = set(REPORTER)
MONDAY_OPEN = {"jiaolou", "wangfujing", "longfusi", "jixiang"}
NOT_JIXIANG = ALL - {"jixiang"}


def day(n: int) -> dt.date:
    return dt.date(2026, 9, n)


# Per day: the branches open, the ones that report only after the 17:30 reminder, the ones
# that never report, and who must get the 17:30 reminder.
FORTNIGHT: dict[dt.date, tuple[set[str], set[str], set[str], set[int]]] = {
    day(14): (MONDAY_OPEN, {"jiaolou"}, set(), {WANG.id, EMMA.id}),
    day(15): (ALL, set(), {"donghuamen"}, {ZHOU.id}),
    day(16): (ALL - {"wangfujing"}, {"longfusi"}, set(), {CHEN.id}),  # 王府井: closure notice
    day(17): (ALL, set(), {"jixiang"}, set()),  # 孙丽 muted herself for two days
    day(18): (ALL, set(), {"jixiang"}, set()),
    day(19): (NOT_JIXIANG, {"main"}, set(), {LIU.id, LI.id}),  # Saturday
    day(20): (ALL, {"jixiang"}, set(), {SUN.id}),  # 调休 Sunday: 吉祥 opens
    day(21): (MONDAY_OPEN, set(), {"jiaolou"}, {WANG.id, EMMA.id}),  # Emma blocked the bot: 403
    day(22): (ALL, set(), set(), set()),
    day(23): (ALL, set(), {"jiaolou"}, {WANG.id}),  # Emma still unreachable: not tried
    day(24): (ALL, {"jiaolou"}, set(), {WANG.id, EMMA.id}),  # Emma wrote again in the morning
    day(25): (NOT_JIXIANG, set(), {"jingshan"}, {ZHAO.id}),  # Mid-Autumn: 吉祥 closed
    day(26): (NOT_JIXIANG, {"longfusi"}, set(), {CHEN.id}),
    day(27): (NOT_JIXIANG, set(), set(), set()),
}

# The managers' 09:30 message: (branch, who reports for it) for the day before.
ESCALATIONS: dict[dt.date, list[str]] = {
    day(16): ["东华门街道图书馆 — 周磊"],
    day(18): ["吉祥社区服务点 — 孙丽（已暂停提醒）"],
    day(19): ["吉祥社区服务点 — 孙丽"],  # the mute ended on Friday
    day(22): ["角楼图书馆 — 王芳、Emma Wilson（机器人联系不到）"],
    day(24): ["角楼图书馆 — 王芳、Emma Wilson"],  # she wrote again at 08:00
    day(26): ["景山街道图书馆 — 赵敏"],
}


async def at(box: Sandbox, moment: dt.datetime) -> list[RecordedCall]:
    """Move the clock and run whatever reminders are due; the sends it made."""
    box.clock.set(moment)
    before = len(box.api.calls)
    await run_due(box.sender, box.services)
    return [c for c in box.api.calls[before:] if c.method == "sendMessage"]


async def report(box: Sandbox, codes: set[str]) -> None:
    for code in sorted(codes):
        user = REPORTER[code]
        await box.feed(box.updates.message(user, f"#{TAG[code]} 到馆 120 外借 80"))


def when(d: dt.date, hh: int, mm: int) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(hh, mm), TZ)


async def test_a_fortnight_of_reminders_and_escalations(org: Organisation, db_path: Path) -> None:
    box = await Sandbox.start(org, db_path, ManualClock(when(day(14), 8, 0)))
    try:
        for today, (open_branches, late, never, reminded) in FORTNIGHT.items():
            box.clock.set(when(today, 8, 0))
            if today == day(16):
                await box.feed(box.updates.message(CHEN, "#王府井 今日闭馆"))
            if today == day(17):
                await box.feed(box.updates.command(SUN, "mute", "2"))
            if today == day(21):
                box.api.fail(EMMA.id, "403")
            if today == day(24):
                await box.feed(box.updates.command(EMMA, "start"))

            escalated = await at(box, when(today, 9, 30))
            expected = ESCALATIONS.get(today)
            if expected is None:
                assert escalated == [], today
            else:
                assert [c.chat_id for c in escalated] == [LI.id], today
                text = escalated[0].result["text"]
                assert [line for line in text.splitlines() if line.startswith("•")] == [
                    f"• {entry}" for entry in expected
                ], today

            box.clock.set(when(today, 12, 0))
            await report(box, open_branches - late - never)
            sent = await at(box, when(today, 17, 30))
            attempted = {c.chat_id for c in sent}
            delivered = {c.chat_id for c in sent if c.ok}
            assert delivered == reminded - ({EMMA.id} if today == day(21) else set()), today
            assert attempted == reminded, today
            assert await at(box, when(today, 17, 45)) == [], f"{today}: reminded twice"
            box.clock.set(when(today, 17, 50))
            await report(box, late)
            assert await at(box, when(today, 18, 5)) == [], f"{today}: after the due time"
        assert await at(box, when(day(28), 9, 30)) == []  # Sunday: everyone reported
    finally:
        await box.stop()


async def test_a_reminder_lists_only_what_is_missing_with_the_line_to_send(
    org: Organisation, db_path: Path
) -> None:
    box = await Sandbox.start(org, db_path, ManualClock(when(day(16), 10, 0)))
    try:
        await box.feed(box.updates.message(CHEN, "#王府井 今日闭馆"))
        await report(box, ALL - {"wangfujing", "longfusi", "jiaolou"})
        sent = await at(box, when(day(16), 17, 30))
        texts = {c.chat_id: c.result["text"] for c in sent}
        assert set(texts) == {CHEN.id, WANG.id, EMMA.id}
        chen = texts[CHEN.id]
        assert "隆福寺更读书社分馆" in chen and "王府井" not in chen  # closed by its notice
        assert "#隆福寺 到馆 … 活动 …" in chen and "18:00" in chen
        assert "到馆 … 外借 … 办证 … 活动 …" in texts[WANG.id]
        assert "#" not in texts[WANG.id]  # one branch: no need to name it
        emma = texts[EMMA.id]
        assert (
            "the figures for" in emma
            and "visitors … loans …" in emma
            and "今日闭馆" not in emma
            and "/mute" in emma
        )
        # the reply the reminder suggests is understood
        await box.feed(box.updates.message(CHEN, "#隆福寺 到馆人次 300 活动场次 2"))
        still = (await box.services.missing.missing()).missing
        assert [name for name, _ in still] == ["角楼图书馆"]
    finally:
        await box.stop()
