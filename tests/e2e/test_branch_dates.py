"""Opening and closing dates from the org file, and allocations prorated by open days."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.clock import ManualClock
from bot.core.org import Organisation, parse_org
from bot.jobs.reminders import run_due
from bot.offline.sample import sample_org_text
from bot.offline.sandbox import Sandbox
from bot.offline.updates import TgUser
from tests.e2e.conftest import LI, TZ, installed_on, text_of

ZHOU = TgUser(1007, "磊")  # 东华门
SUN = TgUser(1008, "丽")  # 吉祥


def dated_org(prorate: bool) -> Organisation:
    """The sample with 吉祥 opened on 1 July and 东华门 closed from 19 November."""
    text = sample_org_text()
    text = text.replace('parent = "jingshan" ', 'opened = 2026-07-01\nparent = "jingshan" ')
    text = text.replace('aliases = ["东华门"]', 'aliases = ["东华门"]\nclosed = 2026-11-19')
    text += "\n[targets.2026.branches.jixiang]\nvisitors = 10000\nevents = 20\n"
    text += "\n[targets.2026.branches.donghuamen]\nvisitors = 30000\n"
    if prorate:
        text = text.replace("[targets.2026]\n", "[targets.2026]\nprorate = true\n")
    return parse_org(text)


async def started(org: Organisation, db_path: Path) -> Sandbox:
    await installed_on(db_path, dt.date(2026, 6, 1))
    clock = ManualClock(dt.datetime(2026, 11, 23, 9, 5, tzinfo=TZ))  # Monday, after the digest
    return await Sandbox.start(org, db_path, clock)


@pytest.fixture
async def box(db_path: Path) -> AsyncIterator[Sandbox]:
    sandbox = await started(dated_org(prorate=True), db_path)
    yield sandbox
    await sandbox.stop()


async def test_the_files_dates_decide_who_is_reminded_and_who_is_missing(box: Sandbox) -> None:
    box.clock.set(dt.datetime(2026, 11, 18, 17, 30, tzinfo=TZ))  # Wednesday
    assert ZHOU.id in {c.chat_id for c in await _reminders(box)}
    box.clock.set(dt.datetime(2026, 11, 19, 17, 30, tzinfo=TZ))  # its first day closed
    assert ZHOU.id not in {c.chat_id for c in await _reminders(box)}
    [missing] = [c for c in await box.feed(box.updates.command(LI, "/missing"))]
    assert "东华门" not in text_of(missing) and "吉祥社区服务点" in text_of(missing)
    june = await box.services.missing.attendance(dt.date(2026, 6, 30))  # before 吉祥 opened
    assert "jixiang" not in {b.code for b in (*june.open, *june.closed)}


async def test_a_prorated_allocation_counts_the_open_days_and_the_digest_says_so(
    box: Sandbox,
) -> None:
    org = box.services.org
    share = org.open_share("jixiang", 2026)
    assert 0.4 < share < 0.6  # July to December, of a year's weekdays that are not holidays
    targets = box.services.progress.targets(2026, ["jixiang"])
    assert targets == {"visitors": round(10000 * share), "events": round(20 * share)}
    assert box.services.progress.targets(2026, ["jiaolou"])["visitors"] == 150000  # all year
    digest = await box.services.digest.build(dt.date(2026, 11, 16))
    zh = box.services.renderers.for_locale("zh_CN").digest(digest)
    percent = f"{round(share * 100)}%"
    assert "<b>按开放天数折算的分配</b>" in zh
    assert (
        f"• 吉祥社区服务点：按开放天数折算为分配的 {percent}（2026年7月1日至2026年12月31日开放）"
        in zh
    )
    en = box.services.renderers.for_locale("en").digest(digest)
    assert f"• 吉祥社区服务点: {percent} of its allocation, open Jul 1, 2026 – Dec 31, 2026" in en
    closing = f"{round(org.open_share('donghuamen', 2026) * 100)}%"  # closed from 19 Nov
    assert (
        f"• 东华门街道图书馆：按开放天数折算为分配的 {closing}（2026年1月1日至2026年11月18日开放）"
        in zh
    )
    assert "• 角楼图书馆：按开放天数" not in zh  # open all year: its allocation stands


async def test_without_prorate_the_allocation_stands_and_the_digest_is_silent(
    db_path: Path,
) -> None:
    box = await started(dated_org(prorate=False), db_path)
    try:
        assert box.services.progress.targets(2026, ["jixiang"]) == {"visitors": 10000, "events": 20}
        digest = await box.services.digest.build(dt.date(2026, 11, 16))
        assert digest.prorated == ()
        assert "折算" not in box.services.renderers.for_locale("zh_CN").digest(digest)
    finally:
        await box.stop()


async def _reminders(box: Sandbox) -> list:  # type: ignore[type-arg]
    before = len(box.api.calls)
    await run_due(box.sender, box.services)
    return [c for c in box.api.calls[before:] if c.method == "sendMessage"]


async def test_a_branch_closed_before_the_week_neither_carries_nor_lags_in_its_digest(
    box: Sandbox,
) -> None:
    for user, text in ((SUN, "到馆 40"), (LI, "#总馆 到馆 900")):
        await box.feed(box.updates.message(user, text))
    box.clock.set(dt.datetime(2026, 11, 30, 9, 5, tzinfo=TZ))
    week_48 = await box.services.digest.build(dt.date(2026, 11, 23))  # 东华门 closed since 19th
    ranked = [s.code for s in (*week_48.leading, *week_48.lagging, *week_48.untargeted)]
    assert "donghuamen" not in ranked
    week_47 = await box.services.digest.build(dt.date(2026, 11, 16))  # open 16th-18th
    judged = (*week_47.leading, *week_47.lagging, *week_47.untargeted)
    assert "donghuamen" in [s.code for s in judged]
    # every branch serving in a week is judged once: ranked by pace, or listed apart
    judged_47 = week_47.ranked + len(week_47.untargeted)
    assert week_48.ranked + len(week_48.untargeted) == judged_47 - 1


async def test_progress_judges_a_part_year_branch_over_the_days_it_serves(box: Sandbox) -> None:
    day = dt.date(2026, 11, 19)
    progress = box.services.progress
    standings = await progress.standings([box.services.catalogue.get("visitors")], day)
    jixiang = standings["jixiang"]["visitors"].progress
    jiaolou = standings["jiaolou"]["visitors"].progress
    assert jiaolou.expected_share < 0.9 and jixiang.expected_share < jiaolou.expected_share
    assert standings["donghuamen"]["visitors"].progress.days_left == 0  # closed from 19th
    view = await progress.view(progress.branch_scope("jixiang"), day)
    [row] = [r for r in view.rows if r.metric == "visitors"]
    assert row.expected_share == jixiang.expected_share and row.target == jixiang.target
