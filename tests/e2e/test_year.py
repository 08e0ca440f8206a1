"""``/year [YYYY]``: the year's statistics (年报) in one message, the whole report attached as
a workbook; managers see the organisation, staff their own branches."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.offline.sandbox import Sandbox
from bot.offline.standin import RecordedCall, render_html
from storage.models import ImportRow, MonthSpan
from tests.e2e.conftest import EMMA, LI, LIU, STRANGER, THURSDAY, TZ, WANG, ZHANG, rows

EVENING = dt.datetime.combine(THURSDAY, dt.time(19, 0), TZ)  # after 18:00: Thursday counts


async def report_week(box: Sandbox) -> None:
    """角楼 reports Wednesday and Thursday (an event named), the central library Thursday
    and a closure on Wednesday; last November's figure gives a 同比."""
    box.clock.set(dt.datetime.combine(THURSDAY, dt.time(17, 5), TZ) - dt.timedelta(days=1))
    await box.feed(box.updates.message(WANG, "到馆 1000 外借 300 微信关注 5000"))
    await box.feed(box.updates.message(LIU, "今日闭馆"))
    box.clock.advance(days=1)
    await box.feed(box.updates.message(WANG, "到馆 1234 外借 560 微信关注 5020"))
    await box.feed(box.updates.message(WANG, "活动2场 《冬日童话》绘本共读 参与86人"))
    await box.feed(box.updates.message(LIU, "到馆 3000 微信关注 9000"))
    # last year's opening balance from January on: a whole year to compare with (同比)
    last_year = ImportRow("main", "visitors", 4000, "test", months=MonthSpan("2025-01", "2025-10"))
    result = await box.services.storage.imports.load([last_year], user_id=0,
                                                     now=box.clock.now())  # fmt: skip
    assert result.written
    box.clock.set(EVENING)


def documents(calls: list[RecordedCall]) -> list[RecordedCall]:
    return [c for c in calls if c.method == "sendDocument"]


def texts(calls: list[RecordedCall]) -> str:
    return "\n".join(render_html(c.params["text"]) for c in calls if c.method == "sendMessage")


def sheet(content: bytes, name: str) -> list[list[Any]]:
    book = load_workbook(io.BytesIO(content))
    return [list(row) for row in book[name].iter_rows(values_only=True)]


async def test_a_manager_gets_the_organisations_year(box: Sandbox, db_path: Path) -> None:
    await report_week(box)
    update = box.updates.command(LI, "/year")
    calls = await box.feed(update)
    assert [c.method for c in calls] == ["sendMessage", "sendDocument"]
    text = texts(calls)
    assert "东城区第一图书馆 · 2026年度统计" in text
    assert "数据截至2026年11月19日（年初至今）。" in text
    assert "去年同期：2025年1月1日至2025年11月19日。" in text
    # exact, grouped totals; last year's 4,000 against this year's 5,234
    assert "到馆人次：5,234 人次 · 目标 600,000 · 完成率 0.9% · 去年同期 4,000（+30.8%）" in text
    assert "外借册次：860 册次 · 目标 400,000 · 完成率 0.2% · 去年同期 无" in text
    assert "微信公众号关注量：14,020 个" in text  # the levels at the end, not a sum of days
    assert "2 场活动，参与 86 人次。" in text  # no online events: none named
    assert "已报活动：冬日童话。" in text
    visits = "人均到馆次数：0.01 次/人（按此进度全年预计 0.01 次/人） · 标准 1.00 次/人 ⚠️ 未达标"
    assert visits in text
    assert "人均藏书量：2.34 册/人 · 标准 2.00 册/人 ✅ 达标" in text
    assert "东城区第一图书馆（总馆） 1 天" in text  # Wednesday's closure
    assert "• 角楼图书馆：到馆人次 2,234 / 150,000（1.5%）" in text
    [document] = documents(calls)
    [(name, content)] = document.files.items()
    assert name == "libbot-report-2026.xlsx"
    totals = {row[1]: row for row in sheet(content, "年度合计")[4:]}  # below the headings
    assert totals["visitors"][3:7] == [5234, 600000, pytest.approx(5234 / 600000), 4000]
    assert totals["visitors"][7] == pytest.approx((5234 - 4000) / 4000)
    assert totals["loans"][6] == "无"
    branches = {(row[1], row[2]): row for row in sheet(content, "分馆")[3:]}
    assert branches["jiaolou", "到馆人次"][3:5] == [2234, 150000]
    indicators = {(row[0], row[2]): row for row in sheet(content, "评估指标")[3:]}
    assert indicators["景山街道图书馆", "visits_per_capita"][4] == "今年没有到馆人次的数据"
    assert sheet(content, "活动")[4][1:] == ["角楼图书馆", "冬日童话"]
    assert sheet(content, "闭馆")[3] == ["东城区第一图书馆（总馆）", "main", 1]
    answered = "SELECT reply_sent FROM handled_updates WHERE update_id = ?"
    assert rows(db_path, answered, (update["update_id"],)) == [(1,)]
    assert await box.feed(update) == []  # delivered again: nothing is sent twice


async def test_staff_see_their_own_branches(box: Sandbox) -> None:
    await report_week(box)
    calls = await box.feed(box.updates.command(WANG, "/year"))
    text = texts(calls)
    assert "角楼图书馆 · 2026年度统计" in text
    assert "到馆人次：2,234 人次 · 目标 150,000 · 完成率 1.5% · 去年同期 无" in text
    assert "5,234" not in text and "3,000" not in text  # the central library's are not theirs
    assert "评估指标" not in text  # 角楼 declares no population of its own
    assert "东城区第一图书馆（总馆）" not in text
    [document] = documents(calls)
    [content] = document.files.values()
    assert {row[1] for row in sheet(content, "分馆")[3:]} == {"jiaolou"}


async def test_a_year_without_figures_says_so(box: Sandbox) -> None:
    await report_week(box)
    calls = await box.feed(box.updates.command(ZHANG, "/year", "2024年"))
    assert documents(calls) == []  # nothing to attach
    text = texts(calls)
    assert "2024年度统计" in text and "全年数据（1月1日至12月31日）。" in text
    assert "2024年还没有数据。" in text
    last = texts(await box.feed(box.updates.command(ZHANG, "/year", "2025")))
    assert "到馆人次：4,000 人次 · 去年同期 无" in last  # a year that is over: all of it


async def test_last_year_begun_midway_is_not_compared(box: Sandbox) -> None:
    # the bot's first figures came in November: January to November last year is not whole,
    # so neither /year nor /progress compares with it
    november = ImportRow("main", "loans", 700, "test", day=dt.date(2025, 11, 3))
    assert (
        await box.services.storage.imports.load([november], user_id=0, now=box.clock.now())
    ).written
    await report_week(box)
    text = texts(await box.feed(box.updates.command(LI, "/year")))
    assert "外借册次：860 册次 · 目标 400,000 · 完成率 0.2% · 去年同期 无" in text
    assert "外借册次" in texts(await box.feed(box.updates.command(LI, "/progress")))
    assert "去年同期 700" not in texts(await box.feed(box.updates.command(LI, "/progress")))


async def test_a_year_not_begun(box: Sandbox) -> None:
    calls = await box.feed(box.updates.command(LI, "/year", "2027"))
    assert documents(calls) == []
    assert "该年度尚未开始。" in texts(calls) and "2027年还没有数据。" in texts(calls)


@pytest.mark.parametrize("args", [("abc",), ("20266",), ("1850",), ("2025", "2026")])
async def test_a_bad_year_is_answered(box: Sandbox, args: tuple[str, ...]) -> None:
    calls = await box.feed(box.updates.command(LI, "/year", *args))
    assert documents(calls) == []
    text = texts(calls)
    assert f"“{' '.join(args)}”不是年份" in text and "/year 2026" in text


async def test_an_outsider_learns_nothing(box: Sandbox) -> None:
    await report_week(box)
    calls = await box.feed(box.updates.command(STRANGER, "/year"))
    assert documents(calls) == []
    text = texts(calls)
    assert text and "5,234" not in text and "Visitors" not in text


async def test_in_english(box: Sandbox) -> None:
    await report_week(box)
    text = texts(await box.feed(box.updates.command(EMMA, "/year")))
    assert "Jiaolou" in text or "角楼图书馆" in text
    assert "statistics for 2026" in text and "Figures to Nov 19, 2026: the year so far." in text
    assert "same period last year: none" in text


async def test_an_opening_balance_ending_this_month_is_counted(box: Sandbox) -> None:
    span = MonthSpan("2026-01", "2026-11")
    row = ImportRow("jiaolou", "visitors", 30000, "test", months=span)
    assert (await box.services.storage.imports.load([row], user_id=0, now=box.clock.now())).written
    await box.feed(box.updates.message(LIU, "到馆 3000"))
    box.clock.set(EVENING)
    text = texts(await box.feed(box.updates.command(LI, "/year")))
    assert "到馆人次：33,000 人次" in text
