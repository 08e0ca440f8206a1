"""The weekly digest end to end: once per (chat, week) across restarts and downtime, after
a failed send, into a group that became a supergroup; /digest, /missing; the JobQueue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from telegram.error import BadRequest

from bot.core.clock import ManualClock
from bot.core.org import Organisation
from bot.jobs.digest import DigestPublisher
from bot.jobs.sender import Unreachable
from bot.offline.sandbox import Sandbox
from bot.offline.standin import render_html
from bot.telegram.schedule import DIGEST_JOB
from tests.e2e.conftest import LI, TZ, WANG, rows

LEADERSHIP = -1001000000001
SUPERGROUP = -1001999999999
MONDAY = dt.datetime(2026, 11, 23, 9, 0, tzinfo=TZ)  # the digest time for week 47


def posts(box: Sandbox, chat: int = LEADERSHIP) -> list[str]:
    return [c.method for c in box.api.sent_messages(chat)]


async def seed_week(box: Sandbox) -> None:
    """Week 47 (16–22 Nov) and week 46, a few branches, an event with a title."""
    figures = []
    for offset in range(14):
        day = dt.date(2026, 11, 9) + dt.timedelta(days=offset)
        for branch in ("jiaolou", "wangfujing"):
            figures.append((branch, day, "visitors", 100 + offset))
            figures.append((branch, day, "events", 1))
    await box.services.storage.reports.import_figures(figures, 0, box.clock.now())


async def test_posted_once_per_week_across_restarts(
    box: Sandbox, org: Organisation, db_path: Path, clock: ManualClock
) -> None:
    await seed_week(box)
    clock.set(MONDAY - dt.timedelta(minutes=1))
    before = await DigestPublisher(box.services, box.sender).publish_due()
    assert before == "posted"  # the week before (46) was still due: the catch-up
    clock.set(MONDAY)
    assert await DigestPublisher(box.services, box.sender).publish_due() == "posted"  # week 47
    assert posts(box) == ["sendMessage", "sendPhoto", "sendPhoto"] * 2
    week47 = box.api.sent_messages(LEADERSHIP)[3].params["text"]
    assert "第47周（11月16日–22日）" in week47 and "2026-W47" not in week47
    # 14 days × 2 branches: week 47 = 2 × (107 + … + 113) = 1,540; week 46 = 1,442.
    assert "1,540" in week47 and "6.8%" in week47
    assert await DigestPublisher(box.services, box.sender).publish_due() == "already"
    await box.stop()
    again = await Sandbox.start(org, db_path, clock)
    try:
        clock.advance(days=3)
        assert await DigestPublisher(again.services, again.sender).publish_due() == "already"
        assert again.api.sent_messages(LEADERSHIP) == []
    finally:
        await again.stop()
    sent = rows(db_path, "SELECT week FROM digest_log WHERE sent_at IS NOT NULL ORDER BY week")
    assert sent == [("2026-W46",), ("2026-W47",)]


async def test_after_downtime_the_missed_digest_is_posted_once(
    box: Sandbox, org: Organisation, db_path: Path, clock: ManualClock
) -> None:
    clock.set(MONDAY)
    assert await DigestPublisher(box.services, box.sender).publish_due() == "posted"
    await box.stop()
    # Down from Monday 23rd to Tuesday 1 December: week 48's digest (due 30 Nov) was missed.
    clock.set(dt.datetime(2026, 12, 1, 10, 0, tzinfo=TZ))
    back = await Sandbox.start(org, db_path, clock)
    try:
        assert await DigestPublisher(back.services, back.sender).publish_due() == "posted"
        assert await DigestPublisher(back.services, back.sender).publish_due() == "already"
        [text] = [c.params["text"] for c in back.api.sent_messages(LEADERSHIP)
                  if c.method == "sendMessage"]  # fmt: skip
        assert "第48周（11月23日–29日）" in text
    finally:
        await back.stop()


async def test_a_failed_send_is_retried_and_not_lost(box: Sandbox, clock: ManualClock) -> None:
    clock.set(MONDAY)
    box.api.fail(LEADERSHIP, "400")
    with pytest.raises(Unreachable) as failed:  # "chat not found", in the jobs' words
        await DigestPublisher(box.services, box.sender).publish_due()
    assert isinstance(failed.value.__cause__, BadRequest)
    assert posts(box) == []
    assert await DigestPublisher(box.services, box.sender).publish_due() == "posted"
    assert posts(box) == ["sendMessage", "sendPhoto"]


async def test_a_crash_between_claim_and_send_is_taken_over_later(
    box: Sandbox, db_path: Path, clock: ManualClock
) -> None:
    clock.set(MONDAY)
    assert await box.services.digest.claim(LEADERSHIP, "2026-W47")  # then the process died
    assert (
        await DigestPublisher(box.services, box.sender).publish_due() == "already"
    )  # a fresh claim
    clock.advance(minutes=11)
    assert await DigestPublisher(box.services, box.sender).publish_due() == "posted"
    assert posts(box) == ["sendMessage", "sendPhoto"]


async def test_a_group_that_became_a_supergroup_keeps_getting_it(
    box: Sandbox, clock: ManualClock
) -> None:
    notice = box.updates.migrate_to_chat_id(LI, LEADERSHIP, SUPERGROUP)
    assert await box.feed(notice) == []  # noted quietly, the bot does not leave
    assert box.services.chats.leadership_chat == SUPERGROUP
    # The new supergroup is ours: a manager's command there is answered, not left.
    calls = await box.feed(box.updates.group_message(LI, SUPERGROUP, "/progress"))
    assert [c.method for c in calls] == ["sendMessage"]
    clock.set(MONDAY)
    assert await DigestPublisher(box.services, box.sender).publish_due() == "posted"
    assert posts(box, SUPERGROUP)[-2:] == ["sendMessage", "sendPhoto"]
    assert posts(box, LEADERSHIP) == []


async def test_a_send_refused_as_migrated_follows_the_group(
    box: Sandbox, db_path: Path, clock: ManualClock
) -> None:
    clock.set(MONDAY)
    box.api.fail(LEADERSHIP, "migrated", migrate_to_chat_id=SUPERGROUP)
    assert await DigestPublisher(box.services, box.sender).publish_due() == "posted"
    assert posts(box, SUPERGROUP) == ["sendMessage", "sendPhoto"]
    assert rows(db_path, "SELECT old_chat_id, new_chat_id FROM chat_migrations") == [
        (LEADERSHIP, SUPERGROUP)
    ]


async def test_a_manager_previews_the_digest_without_posting_it(
    box: Sandbox, db_path: Path, clock: ManualClock
) -> None:
    await seed_week(box)
    clock.set(MONDAY)
    calls = await box.feed(box.updates.command(LI, "/digest 2026-W46"))
    assert [c.method for c in calls] == ["sendMessage", "sendPhoto", "sendPhoto"]
    assert "第46周（11月9日–15日）" in calls[0].params["text"]
    assert [c.params["caption"] for c in calls[1:]] == ["年度完成与应达进度", "近8周主要指标"]
    assert all(png.startswith(b"\x89PNG") for c in calls[1:] for png in c.files.values())
    assert rows(db_path, "SELECT * FROM digest_log") == []
    default = await box.feed(box.updates.command(LI, "/digest"))
    assert "第47周（11月16日–22日）" in default[0].params["text"]  # the last complete week
    bad = await box.feed(box.updates.command(LI, "/digest next"))
    assert "2026-W47" in bad[0].params["text"] and "next" in bad[0].params["text"]
    refused = await box.feed(box.updates.command(WANG, "/digest"))
    assert "⛔" in refused[0].params["text"]


@pytest.mark.parametrize("week", ["0001-W01", "1999-W52", "9999-W52", "2026-W49", "2100-W01"])
async def test_a_week_without_a_digest_is_refused_clearly(
    box: Sandbox, clock: ManualClock, week: str
) -> None:
    clock.set(MONDAY)  # in 2026-W48
    [reply] = await box.feed(box.updates.command(LI, f"/digest {week}"))
    assert render_html(reply.params["text"]) == (
        f"⚠️ 没有 {week} 的简报：请写 2000-W01 至 2026-W48 之间的一周。"
    )
    [this_week, _] = await box.feed(box.updates.command(LI, "/digest 2026-W48"))  # so far
    assert "第48周（11月23日–29日）" in this_week.params["text"]


async def test_missing_lists_open_branches_without_figures(
    box: Sandbox, clock: ManualClock
) -> None:
    # Thursday: every branch is open; 角楼 reported, 东华门 sent a closure notice.
    await box.feed(box.updates.message(WANG, "到馆 320 外借 110"))
    await box.feed(box.updates.message(box_user(1007), "今日闭馆"))
    [reply] = await box.feed(box.updates.command(LI, "/missing"))
    text = reply.params["text"]
    assert "角楼图书馆" not in text.split("闭馆")[0]
    assert "景山街道图书馆" in text and "赵敏" in text  # who reports for it
    assert "吉祥社区服务点" in text
    assert "东华门街道图书馆" in text.split("\n")[-1]  # listed as closed, not as missing
    assert "6 个开放馆中 1 个已报数" in text
    refused = await box.feed(box.updates.command(WANG, "/missing"))
    assert "⛔" in refused[0].params["text"]


async def test_missing_leaves_out_branches_closed_on_that_weekday(
    box: Sandbox, clock: ManualClock
) -> None:
    clock.set(dt.datetime(2026, 11, 23, 17, 0, tzinfo=TZ))  # Monday
    [reply] = await box.feed(box.updates.command(LI, "/missing"))
    missing_part = reply.params["text"].split("\n")[1:-2]
    names = "\n".join(missing_part)
    assert "角楼图书馆" in names
    for closed_on_monday in ("东城区第一图书馆（总馆）", "景山街道图书馆", "东华门街道图书馆"):
        assert closed_on_monday not in names


async def test_the_job_queue_runs_the_digest_at_the_organisations_time(box: Sandbox) -> None:
    assert box.app.job_queue is not None
    [job] = box.app.job_queue.get_jobs_by_name(DIGEST_JOB)
    after = dt.datetime(2026, 11, 19, 17, 5, tzinfo=TZ)
    fire = job.job.trigger.get_next_fire_time(None, after)
    assert fire == dt.datetime(2026, 11, 23, 9, 0, tzinfo=TZ)
    assert job.job.misfire_grace_time >= 3600
    assert box.app.job_queue.get_jobs_by_name(f"{DIGEST_JOB}-catch-up")


def box_user(user_id: int):
    from bot.offline.updates import TgUser

    return TgUser(user_id, "周磊")


async def test_a_fresh_install_says_nothing_about_the_weeks_before_it(
    org: Organisation, db_path: Path, clock: ManualClock
) -> None:
    """Installed on Tuesday 24 November: week 47's digest, due the day before, is not
    posted at start-up (it would be all red, every branch missing every day); week 48's
    is, and no day before the install is counted missing."""
    clock.set(dt.datetime(2026, 11, 24, 10, 0, tzinfo=TZ))
    box = await Sandbox.start(org, db_path, clock)
    try:
        assert box.app.job_queue is not None
        [catch_up] = box.app.job_queue.get_jobs_by_name(f"{DIGEST_JOB}-catch-up")
        await catch_up.run(box.app)
        assert posts(box) == []
        assert rows(db_path, "SELECT week FROM digest_log") == []
        clock.set(MONDAY + dt.timedelta(days=7))
        assert await DigestPublisher(box.services, box.sender).publish_due() == "posted"
        assert rows(db_path, "SELECT week FROM digest_log") == [("2026-W48",)]
        digest = await box.services.digest.build(dt.date(2026, 11, 23))
        missing = [day for branch in digest.missing for day in branch.days]
        assert missing and min(missing) == dt.date(2026, 11, 24)
    finally:
        await box.stop()


async def test_a_week_before_the_install_with_figures_is_posted(
    org: Organisation, db_path: Path, clock: ManualClock
) -> None:
    """Figures loaded for the weeks before the bot (an import) make them weeks to report."""
    clock.set(dt.datetime(2026, 11, 24, 10, 0, tzinfo=TZ))
    box = await Sandbox.start(org, db_path, clock)
    try:
        await seed_week(box)
        assert await DigestPublisher(box.services, box.sender).publish_due() == "posted"
        assert rows(db_path, "SELECT week FROM digest_log") == [("2026-W47",)]
        digest = await box.services.digest.build(dt.date(2026, 11, 16))
        assert digest.missing == ()  # days before the bot ran are never missing
    finally:
        await box.stop()
