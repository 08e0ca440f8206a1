"""Deadlines end to end: /deadline, /deadlines, /done, cancelling, the organisation file's
occurrences, reminders on their days, overdue escalation lines and the weekly digest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core.clock import ManualClock
from bot.core.org import Organisation
from bot.offline.sandbox import Sandbox
from bot.offline.updates import TgUser
from tests.e2e.conftest import CHEN, EMMA, LI, STRANGER, TZ, WANG, ZHANG, rows

ALL_BRANCHES = 7  # in the sample organisation
D = dt.date


async def say(box: Sandbox, user: TgUser, text: str) -> str:
    """Send ``text`` in the user's private chat; the one reply there as the user sees it
    (a deadline set or cancelled is also told to its branches' staff, in their chats)."""
    [reply] = [c for c in await box.feed(box.updates.message(user, text)) if c.chat_id == user.id]
    return str(reply.result["text"])


def parts(db_path: Path, deadline_id: int) -> dict[str, int | None]:
    """Branch -> who marked its part done (None: still owed)."""
    found = rows(db_path, "SELECT branch, done_by FROM deadline_parts WHERE deadline_id = ?",
                 (deadline_id,))  # fmt: skip
    return {str(branch): (None if by is None else int(str(by))) for branch, by in found}


def count(db_path: Path) -> int:
    return int(str(rows(db_path, "SELECT COUNT(*) FROM deadlines")[0][0]))


async def test_managers_set_deadlines_for_every_branch_or_the_ones_named(
    box: Sandbox, db_path: Path
) -> None:
    reply = await say(box, LI, "/deadline 2026-12-05 提交11月统计月报")
    assert "#1" in reply and "提交11月统计月报" in reply and "2026年12月5日" in reply
    assert "全部分馆" in reply and "/done 1" in reply
    reply = await say(box, LI, "/deadline 12月10日 #角楼 ＃景山 提交评估材料")
    assert "#2" in reply and "2026年12月10日" in reply
    assert "角楼图书馆、景山街道图书馆" in reply
    reply = await say(box, ZHANG, "/deadline 12-20 年终总结")  # admins may too
    assert "#3" in reply and "2026年12月20日" in reply
    stored = rows(db_path, "SELECT id, title, due, remind, created_by, org_key FROM deadlines")
    assert stored == [
        (1, "提交11月统计月报", "2026-12-05", "3,1,0", LI.id, None),
        (2, "提交评估材料", "2026-12-10", "3,1,0", LI.id, None),
        (3, "年终总结", "2026-12-20", "3,1,0", ZHANG.id, None),
    ]
    assert len(parts(db_path, 1)) == ALL_BRANCHES
    assert parts(db_path, 2) == {"jiaolou": None, "jingshan": None}


async def test_staff_and_outsiders_cannot_set_one(box: Sandbox, db_path: Path) -> None:
    assert "⛔" in await say(box, WANG, "/deadline 2026-12-05 提交月报")
    assert "invite link" in await say(box, STRANGER, "/deadline 2026-12-05 提交月报")
    assert count(db_path) == 0


async def test_what_is_refused_stores_nothing_and_says_why(box: Sandbox, db_path: Path) -> None:
    assert "用法" in await say(box, LI, "/deadline")
    past = await say(box, LI, "/deadline 2026-11-18 提交月报")
    assert "2026年11月18日已经过去了" in past and "未保存" in past
    assert "“明天”不是日期" in await say(box, LI, "/deadline 明天 提交月报")
    assert "“2026-02-30”不是日期" in await say(box, LI, "/deadline 2026-02-30 提交月报")
    assert "“火星”" in await say(box, LI, "/deadline 12月5日 #火星 提交月报")
    assert "任务是什么" in await say(box, LI, "/deadline 12月5日 #角楼")
    assert "最多 200 个字" in await say(box, LI, "/deadline 12月5日 " + "长" * 201)
    assert "1年1月1日已经过去了" in await say(box, LI, "/deadline 0001-01-01 提交月报")
    far = await say(box, LI, "/deadline 9999-12-31 提交月报")
    assert "9999年12月31日太远了" in far and "2100年12月31日" in far and "未保存" in far
    assert count(db_path) == 0


async def test_a_title_is_stored_as_written_and_echoed_escaped(box: Sandbox, db_path: Path) -> None:
    calls = await box.feed(box.updates.message(LI, "/deadline 12月5日 <b>月报</b> & 年报"))
    [reply] = [c for c in calls if c.chat_id == LI.id]
    assert "&lt;b&gt;月报&lt;/b&gt; &amp; 年报" in reply.params["text"]
    assert rows(db_path, "SELECT title FROM deadlines") == [("<b>月报</b> & 年报",)]
    [listed] = await box.feed(box.updates.message(WANG, "/deadlines"))
    assert "&lt;b&gt;月报&lt;/b&gt; &amp; 年报" in listed.params["text"]


async def test_staff_see_their_branches_deadlines_managers_see_all(box: Sandbox) -> None:
    await say(box, LI, "/deadline 11月20日 提交月报")
    await say(box, LI, "/deadline 12月15日 #景山 #东华门 自评材料")
    await say(box, LI, "/deadline 12月1日 #王府井 #隆福寺 #角楼 合作馆台账")
    mine = await say(box, WANG, "/deadlines")
    assert "提交月报" in mine and "合作馆台账" in mine and "自评材料" not in mine
    assert mine.index("提交月报") < mine.index("合作馆台账")  # soonest first
    assert "明天截止" in mine and "待完成：角楼图书馆" in mine and "/done" in mine
    chen = await say(box, CHEN, "/deadlines")
    assert "待完成：王府井书店分馆、隆福寺更读书社分馆" in chen and "自评材料" not in chen
    everyone = await say(box, LI, "/deadlines")
    assert everyone.index("提交月报") < everyone.index("合作馆台账") < everyone.index("自评材料")
    assert f"未完成（{ALL_BRANCHES} 个馆中 {ALL_BRANCHES} 个）" in everyone
    assert "未完成（2 个馆中 2 个）：景山街道图书馆、东华门街道图书馆" in everyone
    box.clock.set(dt.datetime(2026, 11, 22, 9, 0, tzinfo=TZ))
    later = await say(box, WANG, "/deadlines")
    assert "🔴 #1" in later and "已逾期 2 天" in later


async def test_done_marks_own_branches_and_managers_may_close_all(
    box: Sandbox, db_path: Path
) -> None:
    await say(box, LI, "/deadline 12月5日 提交月报")
    await say(box, LI, "/deadline 12月15日 #景山 #东华门 自评材料")
    reply = await say(box, WANG, "/done 1")
    assert "角楼图书馆已完成" in reply and "尚未完成" in reply
    assert parts(db_path, 1)["jiaolou"] == WANG.id
    assert "already done" in await say(box, EMMA, "/done 1")  # 角楼 too, in English
    assert "⛔" in await say(box, WANG, "/done 1 景山")
    assert "⛔" in await say(box, WANG, "/done 1 all")
    assert "不涉及角楼图书馆" in await say(box, WANG, "/done 2")
    assert "没有编号为 #99 的任务" in await say(box, WANG, "/done 99")
    assert "用法" in await say(box, WANG, "/done 第一个")
    assert "用法" in await say(box, WANG, "/done 99999999999999999999")  # beyond SQLite
    assert "“火星”" in await say(box, LI, "/done 1 火星")
    assert "景山街道图书馆已完成" in await say(box, LI, "/done 1 #景山")
    done_parts = parts(db_path, 1)
    assert [b for b, by in done_parts.items() if by is not None] == ["jiaolou", "jingshan"]
    assert "各馆均已完成" in await say(box, LI, "/done 1 全部")
    assert parts(db_path, 1)["jiaolou"] == WANG.id  # who did it first stays recorded
    assert set(parts(db_path, 1).values()) == {WANG.id, LI.id}
    assert "#1" not in await say(box, LI, "/deadlines")
    assert "已经完成过了" in await say(box, LI, "/done 1 all")


async def test_a_cancelled_deadline_is_gone_from_lists_and_cannot_be_done(
    box: Sandbox, db_path: Path
) -> None:
    await say(box, LI, "/deadline 12月5日 提交月报")
    assert "⛔" in await say(box, WANG, "/deadline cancel 1")
    assert "已取消任务 #1" in await say(box, LI, "/deadline cancel 1")
    assert "已经取消过了" in await say(box, LI, "/deadline 取消 1")
    assert "没有编号为 #9 的任务" in await say(box, LI, "/deadline cancel 9")
    assert "用法" in await say(box, LI, "/deadline cancel")
    assert "已取消" in await say(box, WANG, "/done 1")
    assert "没有未完成的任务" in await say(box, WANG, "/deadlines")
    assert rows(db_path, "SELECT COUNT(*) FROM deadlines WHERE cancelled_at IS NOT NULL") == [(1,)]
    assert set(parts(db_path, 1).values()) == {None}


async def test_the_org_files_occurrences_are_stored_once_and_never_in_the_past(
    org: Organisation, db_path: Path, clock: ManualClock
) -> None:
    clock.set(dt.datetime(2026, 12, 3, 8, 0, tzinfo=TZ))  # the monthly report is due on the 5th
    for _ in range(2):
        box = await Sandbox.start(org, db_path, clock)
        await box.stop()
    stored = rows(db_path, "SELECT title, due, remind, org_key FROM deadlines")
    assert stored == [
        ("提交上月统计月报", "2026-12-05", "3,1,0", "org:提交上月统计月报:2026-12-05")
    ]  # not November's (past), nor the one due on the 15th (beyond its reminders)
    assert len(parts(db_path, 1)) == ALL_BRANCHES
    box = await Sandbox.start(org, db_path, clock)
    try:
        clock.set(dt.datetime(2026, 12, 12, 9, 0, tzinfo=TZ))  # the bot ran on: T-3 of the 15th
        due = await box.services.deadlines.reminders_due(D(2026, 12, 12))
        assert {item.title for items in due.values() for item in items} == {"年度评估定级自评材料"}
        assert set(due) == {1002, 1004, 1006, 1007}  # who reports for main, 景山, 东华门
        assert parts(db_path, 2) == {"main": None, "jingshan": None, "donghuamen": None}
    finally:
        await box.stop()


async def test_reminders_go_out_three_one_and_zero_days_before_and_stop_when_done(
    box: Sandbox,
) -> None:
    await say(box, LI, "/deadline 11月25日 #角楼 提交材料")
    deadlines = box.services.deadlines
    three = await deadlines.reminders_due(D(2026, 11, 22))
    assert set(three) == {WANG.id, EMMA.id}  # 角楼's staff, not the manager of 总馆
    [item] = three[WANG.id]
    assert (item.id, item.title, item.due, item.days_left, item.owing) == (
        1, "提交材料", D(2026, 11, 25), 3, ("角楼图书馆",)
    )  # fmt: skip
    assert await deadlines.reminders_due(D(2026, 11, 23)) == {}  # T-2: no reminder day
    assert [i.days_left for i in (await deadlines.reminders_due(D(2026, 11, 24)))[WANG.id]] == [1]
    today = await deadlines.reminders_due(D(2026, 11, 25))
    text = box.services.renderers.for_locale("zh_CN").deadline_reminder(
        D(2026, 11, 25), today[WANG.id]
    )
    assert "提交材料" in text and "今天截止" in text and "/done 1" in text
    english = box.services.renderers.for_locale("en").deadline_reminder(
        D(2026, 11, 22), three[EMMA.id]
    )
    assert "due in 3 days" in english and "/done 1" in english
    await say(box, EMMA, "/done 1")
    assert await deadlines.reminders_due(D(2026, 11, 25)) == {}


async def test_overdue_names_the_branches_still_owing_and_who_reports_for_them(
    box: Sandbox,
) -> None:
    await say(box, LI, "/deadline 11月20日 #角楼 #景山 提交材料")
    deadlines = box.services.deadlines
    assert await deadlines.overdue(D(2026, 11, 20)) == []  # due today is not late yet
    [item] = await deadlines.overdue(D(2026, 11, 21))
    assert (item.id, item.title, item.due, item.days_late) == (1, "提交材料", D(2026, 11, 20), 1)
    assert [(o.branch, o.people) for o in item.owing] == [
        ("角楼图书馆", ("王芳", "Emma Wilson")),
        ("景山街道图书馆", ("赵敏",)),
    ]
    lines = box.services.renderers.for_locale("zh_CN").overdue_lines([item])
    assert "已逾期" in lines[0] and "已逾期 1 天" in lines[1]
    assert "• 角楼图书馆 — 王芳、Emma Wilson" in lines
    assert box.services.renderers.for_locale("zh_CN").overdue_lines([]) == []
    await say(box, WANG, "/done 1")
    [item] = await deadlines.overdue(D(2026, 11, 21))
    assert [o.branch for o in item.owing] == ["景山街道图书馆"]
    await say(box, LI, "/done 1 all")
    assert await deadlines.overdue(D(2026, 11, 21)) == []


async def test_the_digest_lists_overdue_and_coming_up_as_of_the_weeks_end(box: Sandbox) -> None:
    await say(box, LI, "/deadline 11月20日 #角楼 #景山 提交材料")  # due in week 47
    await say(box, LI, "/deadline 11月27日 提交月报")  # due in the week after
    await say(box, LI, "/deadline 12月10日 年终总结")  # too far ahead to list
    await say(box, WANG, "/done 2")  # 角楼 did its part of the monthly report in week 47
    box.clock.set(dt.datetime(2026, 11, 23, 8, 0, tzinfo=TZ))
    await say(box, LI, "/done 1 景山")  # after the week's end: still late as of Sunday
    calls = await box.feed(box.updates.command(LI, "/digest"))
    text = str(calls[0].result["text"])
    overdue = text.split("已逾期的任务")[1].split("即将到期的任务", maxsplit=1)[0]
    assert "2026年11月20日" in overdue and "提交材料" in overdue
    assert "角楼图书馆、景山街道图书馆" in overdue
    coming = text.split("即将到期的任务")[1]
    assert "提交月报" in coming and "2026年11月27日" in coming
    assert "角楼图书馆" not in coming and "景山街道图书馆" in coming
    assert "年终总结" not in text


async def test_an_english_reader_gets_english(box: Sandbox) -> None:
    await say(box, LI, "/deadline 11月20日 提交月报")
    listed = await say(box, EMMA, "/deadlines")
    assert "Open deadlines" in listed and "due tomorrow" in listed and "Nov 20, 2026" in listed
    done = await say(box, EMMA, "/done 1")
    assert "done for 角楼图书馆" in done and "Still owing" in done


async def test_help_and_menus_offer_the_commands_by_role(box: Sandbox) -> None:
    staff = await say(box, WANG, "/help")
    assert "/deadlines" in staff and "/done" in staff and "/deadline <" not in staff
    assert "/deadline <日期>" in await say(box, LI, "/help")
