"""The digest read as leadership reads it: branches ranked by their pace (a branch behind
it never "leading"), branches without targets apart against last year, a change that says
when days are missing, events counted one way, weeks named the reader's way."""

from __future__ import annotations

import datetime as dt

from bot.offline.sandbox import Sandbox
from bot.offline.standin import render_html
from tests.e2e.conftest import LI

WEEK_47 = dt.date(2026, 11, 16)
MONDAY = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
JAN = dt.date(2026, 1, 2)
ALL = ("main", "jiaolou", "wangfujing", "longfusi", "jingshan", "donghuamen", "jixiang")


def section(text: str, heading: str) -> list[str]:
    """The lines under ``heading`` up to the next blank line."""
    lines = text.splitlines()
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i]), len(lines))
    return lines[start:end]


async def seed(box: Sandbox, *, skip: tuple[str, dt.date] | None = None) -> None:
    """The year to date of the four branches with allocations (pace on 22 November is
    about 89 %): 总馆 and 隆福寺 ahead of it, 角楼 a little behind (85 %), 王府井 far
    behind (30 %); 景山 has no allocation, 1,100 visitors against 1,000 a year before.
    Every branch reports 16–22 November (the week) and 9–15 (the week before), but for
    ``skip``; events 2 in person and 1 online in the week."""
    rows: list[tuple[str, dt.date, str, int]] = []
    share = {"main": 0.95, "jiaolou": 0.85, "wangfujing": 0.30, "longfusi": 1.0}
    allocation = {
        "main": {"visitors": 200_000, "loans": 135_000, "new_cards": 2_000, "events": 240},
        "jiaolou": {"visitors": 150_000, "loans": 115_000, "new_cards": 1_100, "events": 110},
        "wangfujing": {"visitors": 70_000, "events": 90},
        "longfusi": {"visitors": 65_000, "events": 120},
    }
    for code, targets in allocation.items():
        rows += [(code, JAN, m, round(v * share[code])) for m, v in targets.items()]
    rows += [
        ("jingshan", dt.date(2026, 3, 2), "visitors", 1_100),
        ("jingshan", dt.date(2025, 3, 3), "visitors", 1_000),
        ("main", dt.date(2025, 1, 2), "visitors", 10),
    ]  # last year's records begin in January
    for offset in range(14):
        day = WEEK_47 - dt.timedelta(days=7) + dt.timedelta(days=offset)
        for code in ALL:
            if (code, day) != skip:
                rows.append((code, day, "visitors", 10))
    rows += [("jiaolou", WEEK_47, "events", 2), ("jiaolou", WEEK_47, "online_events", 1),
             ("jiaolou", WEEK_47, "event_participants", 45)]  # fmt: skip
    await box.services.storage.reports.import_figures(rows, 0, box.clock.now())


async def digest_text(box: Sandbox) -> str:
    box.clock.set(MONDAY)
    calls = await box.feed(box.updates.command(LI, "/digest 2026-W47"))
    assert calls[0].method == "sendMessage"
    return render_html(calls[0].params["text"])


async def english_digest(box: Sandbox) -> str:
    """The week's digest as an English reader gets it."""
    return box.services.renderers.for_locale("en").digest(await box.services.digest.build(WEEK_47))


async def test_leading_branches_are_ahead_of_their_pace_and_never_red(box: Sandbox) -> None:
    await seed(box)
    text = await digest_text(box)
    ahead = section(text, "领先应达进度的分馆")
    behind = section(text, "落后应达进度的分馆")
    assert [line.split()[1] for line in ahead] == ["隆福寺更读书社分馆", "东城区第一图书馆（总馆）"]
    assert all(line.startswith("🟢") for line in ahead)
    # furthest behind first: 王府井 at 30 % is red, 角楼 at 85 % within 10 % of its pace
    assert [line.split()[:2] for line in behind] == [["🔴", "王府井书店分馆"],
                                                     ["🟡", "角楼图书馆"]]  # fmt: skip
    assert "领跑" not in text


async def test_with_no_branch_ahead_the_digest_says_so(box: Sandbox) -> None:
    rows = [(code, JAN, "visitors", 100) for code in ("main", "jiaolou", "wangfujing")]
    await box.services.storage.reports.import_figures(rows, 0, box.clock.now())
    text = await digest_text(box)
    assert section(text, "领先应达进度的分馆") == ["没有分馆领先应达进度。"]
    assert len(section(text, "落后应达进度的分馆")) == 3  # the three furthest behind
    english = await english_digest(box)
    assert "No branch is ahead of its pace." in english


async def test_branches_without_targets_are_compared_with_last_year_apart(box: Sandbox) -> None:
    await seed(box)
    text = await digest_text(box)
    apart = section(text, "未分配目标的分馆（与去年同期比）")
    assert "• 景山街道图书馆：到馆人次 1,240（同比 ▲ 24.0%）" in apart  # 1,100 + 14 × 10
    names = [line.split("：")[0].lstrip("• ") for line in apart]
    assert names == ["景山街道图书馆", "东华门街道图书馆", "吉祥社区服务点"]  # the file's order
    ranked = section(text, "领先应达进度的分馆") + section(text, "落后应达进度的分馆")
    assert not any(name in line for name in names for line in ranked)
    assert "• 东华门街道图书馆：到馆人次 140（去年同期无数据）" in apart


async def test_a_change_from_a_week_with_missing_days_says_so(box: Sandbox) -> None:
    await seed(box, skip=("jiaolou", dt.date(2026, 11, 21)))
    text = await digest_text(box)
    [visitors] = [line for line in text.splitlines() if line.startswith(("🟢 到馆", "🟡 到馆",
                                                                        "🔴 到馆"))]  # fmt: skip
    assert visitors.endswith("本周 480（▼ 2.0%；本周 1 天有分馆未报数）")  # 48 × 10 against 49
    calls = await box.feed(box.updates.command(LI, "/digest 2026-W47"))
    captions = [c.params["caption"] for c in calls if c.method == "sendPhoto"]
    assert captions[-1] == "近8周主要指标（本周 1 天有分馆未报数）"  # the chart's last week
    digest = await box.services.digest.build(WEEK_47)
    english = box.services.renderers.for_locale("en").digest(digest)
    assert "this week 480 (▼ 2.0%; 1 day this week with reports missing)" in english


async def test_a_complete_week_shows_its_change_alone(box: Sandbox) -> None:
    await seed(box)
    text = await digest_text(box)
    assert "未报数）" not in text and "本周 490（= 0.0%）" in text  # 7 branches × 7 days × 10


async def test_events_are_counted_one_way_in_the_digest_and_in_year(box: Sandbox) -> None:
    await seed(box)
    text = await digest_text(box)
    [row] = [line for line in text.splitlines() if "活动场次" in line and "本周" in line]
    assert row.endswith("本周 2")  # the 活动场次 row: events, never the online ones
    assert section(text, "活动")[0] == "2 场活动，另有线上活动 1 场，参与 45 人次"
    assert "3 场" not in text
    year = await box.feed(box.updates.command(LI, "/year"))
    year_text = render_html(year[0].params["text"])
    assert "另有线上活动 1 场" in year_text
    english = await english_digest(box)
    assert "2 events in person and 1 online, 45 participants" in english


async def test_weeks_are_named_in_the_readers_words(box: Sandbox) -> None:
    await seed(box)
    text = await digest_text(box)
    assert text.splitlines()[1] == "第47周（11月16日–22日）"
    assert "2026-W47" not in text
    digest = await box.services.digest.build(dt.date(2026, 11, 30))  # across two months
    render = box.services.renderers.for_locale("en")
    assert render.digest(digest).splitlines()[1] == "Week 49 (Nov 30–Dec 6)"
    zh = box.services.renderers.for_locale("zh_CN")
    assert zh.digest(digest).splitlines()[1] == "第49周（11月30日–12月6日）"
    assert zh.week_words(digest.start, digest.end).english == "Week 49 (Nov 30–Dec 6)"
