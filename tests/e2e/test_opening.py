"""Opening balances: totals for months before the bot count in year-to-date, pace, the
digest and rankings, and never make a day reported or missing; ``/opening`` for admins."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core.clock import ManualClock
from bot.offline.sandbox import Sandbox
from storage.models import ImportRow, MonthSpan
from tests.e2e.conftest import LI, TZ, WANG, ZHANG, rows, text_of

JAN_NOV = MonthSpan("2026-01", "2026-11")
WEEK_48 = dt.date(2026, 11, 23)  # Monday; the bot runs from 19 November on


async def opening(box: Sandbox, branch: str, metric: str, value: int, span: MonthSpan) -> None:
    row = ImportRow(branch, metric, value, "test", months=span)
    result = await box.services.storage.imports.load([row], user_id=0, now=box.clock.now())
    assert result.written and not result.refusals


async def test_counted_in_progress_and_rankings(box: Sandbox, clock: ManualClock) -> None:
    await opening(box, "jiaolou", "visitors", 30000, JAN_NOV)
    await opening(box, "main", "visitors", 150000, JAN_NOV)
    clock.set(dt.datetime(2026, 12, 1, 19, 0, tzinfo=TZ))
    await box.feed(box.updates.message(WANG, "到馆 1234"))
    day = dt.date(2026, 12, 1)
    view = await box.services.progress.view(box.services.progress.organisation_scope(), day)
    [visitors] = [r for r in view.rows if r.metric == "visitors"]
    assert visitors.value == 30000 + 150000 + 1234
    ranking = await box.services.progress.ranking(
        await box.services.people.person(LI.id),  # type: ignore[arg-type]
        box.services.catalogue.get("visitors"),
        day,
    )
    assert {r.code: r.progress.value for r in ranking.rows if r.progress.value} == {
        "main": 150000, "jiaolou": 31234,
    }  # fmt: skip
    [reply] = await box.feed(box.updates.command(LI, "/progress"))
    assert "18.1万" in text_of(reply) or "181,234" in text_of(reply)
    # before November is over, the Jan–Nov total is not known yet
    early = await box.services.progress.view(
        box.services.progress.organisation_scope(), dt.date(2026, 11, 20)
    )
    assert not [r for r in early.rows if r.metric == "visitors" and r.value >= 30000]


async def test_the_digest_counts_it_but_no_days_go_missing(
    box: Sandbox, clock: ManualClock, db_path: Path
) -> None:
    clock.set(dt.datetime(2026, 11, 30, 9, 0, tzinfo=TZ))
    # 角楼 kept its year on paper: January–October, and November as a month's total
    await opening(box, "jiaolou", "visitors", 30000, MonthSpan("2026-01", "2026-10"))
    await opening(box, "jiaolou", "loans", 1500, MonthSpan("2026-11", "2026-11"))
    digest = await box.services.digest.build(WEEK_48)
    missing = {m.code: m.days for m in digest.missing}
    assert "jiaolou" not in missing
    assert "wangfujing" in missing  # the others still owe their week
    [visitors] = [f for f in digest.figures if f.metric == "visitors"]
    assert visitors.week == 0  # a week never holds a month's total
    assert visitors.progress.value == 30000  # the year so far does
    reported = await box.services.storage.totals.reported_days(dt.date(2026, 1, 1), WEEK_48)
    assert "jiaolou" not in reported  # no invented daily detail


async def test_missing_today_leaves_out_a_month_with_a_total(
    box: Sandbox, clock: ManualClock
) -> None:
    await opening(box, "jiaolou", "loans", 1500, MonthSpan("2026-11", "2026-11"))
    seen = await box.services.missing.attendance(dt.date(2026, 11, 19))
    assert "jiaolou" not in {b.code for b in seen.missing}
    assert "wangfujing" in {b.code for b in seen.missing}


async def test_last_years_months_shape_the_pace(box: Sandbox) -> None:
    for month in range(1, 13):
        span = MonthSpan(f"2025-{month:02d}", f"2025-{month:02d}")
        await opening(box, "main", "visitors", 2000 if month in (7, 8) else 1000, span)
    paces = await box.services.progress.paces(2026)
    pace = paces["visitors"]
    assert pace.seasonal
    assert round(pace.share(dt.date(2026, 6, 30)), 3) == round(6000 / 14000, 3)


async def test_an_admin_sends_an_opening_balance(box: Sandbox, db_path: Path) -> None:
    [reply] = await box.feed(box.updates.command(ZHANG, "/opening", "角楼", "1-10月", "到馆",
                                                 "3200", "外借1500"))  # fmt: skip
    text = text_of(reply)
    assert "角楼图书馆" in text and "2026年1–10月" in text
    assert "3,200" in text and "1,500" in text
    assert rows(db_path, "SELECT branch, metric, first_month, last_month, value, entered_by"
                         " FROM month_figures ORDER BY metric") == [
        ("jiaolou", "loans", "2026-01", "2026-10", 1500, ZHANG.id),
        ("jiaolou", "visitors", "2026-01", "2026-10", 3200, ZHANG.id),
    ]  # fmt: skip
    [(who, source)] = rows(
        db_path, "SELECT DISTINCT changed_by, source FROM figure_history WHERE action = 'import'"
    )
    assert who == ZHANG.id and "/opening" in str(source)
    # the same again changes nothing; a new value replaces the admin's own
    await box.feed(box.updates.command(ZHANG, "/opening", "角楼", "1-10月", "到馆", "3300"))
    assert rows(db_path, "SELECT value FROM month_figures WHERE metric = 'visitors'") == [(3300,)]


async def test_opening_is_refused_for_staff_and_bad_input_stores_nothing(
    box: Sandbox, db_path: Path
) -> None:
    [refused] = await box.feed(box.updates.command(WANG, "/opening", "角楼", "1-10月", "到馆",
                                                   "3200"))  # fmt: skip
    assert "系统管理员" in text_of(refused)
    [manager] = await box.feed(box.updates.command(LI, "/opening", "角楼", "1-10月", "到馆", "1"))
    assert "系统管理员" in text_of(manager)
    answers = {
        ("新华路", "1-10月", "到馆", "5"): "没有找到名为",
        ("角楼", "13月", "到馆", "5"): "不是同一年内的月份范围",
        ("角楼", "1-10月", "到馆", "很多"): "不是整数",
        ("角楼", "1-10月", "人气", "5"): "没有名为“人气”的指标",
        ("角楼", "1-10月", "微信关注", "5"): "存量指标",
        ("角楼", "1-10月"): "用法",
    }
    for words, expected in answers.items():
        [reply] = await box.feed(box.updates.command(ZHANG, "/opening", *words))
        assert expected in text_of(reply), (words, text_of(reply))
    await box.feed(box.updates.message(WANG, "到馆 1234"))  # a daily figure in November
    [clash] = await box.feed(box.updates.command(ZHANG, "/opening", "角楼", "11月", "到馆", "9"))
    assert "同一个月只能计一次" in text_of(clash)
    assert rows(db_path, "SELECT COUNT(*) FROM month_figures") == [(0,)]
