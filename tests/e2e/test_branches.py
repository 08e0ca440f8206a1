"""Branches added, renamed and closed in chat: reminders, /missing, escalations and the
digest follow their dates; /invite finds them; a restart with the org file keeps them."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import openpyxl
import pytest

from bot.cli.export import write_export
from bot.core.clock import ManualClock
from bot.core.org import Organisation
from bot.jobs.reminders import run_due
from bot.offline.sample import load_sample_org
from bot.offline.sandbox import Sandbox
from bot.offline.standin import BotAPIStandin, RecordedCall
from bot.offline.updates import TgUser
from tests.e2e.conftest import EMMA, LI, STRANGER, TZ, WANG, ZHANG, installed_on, rows, text_of

XIAO = TgUser(2001, "晓梅")  # joins the new service point by invite
TOM = TgUser(2002, "Tom", language_code="en")  # an admin who joins by invite, reads English
NEW = "新华路社区服务点"
CODE = "xinhualushequfuwudian"


def when(day: int, hh: int, mm: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, hh, mm, tzinfo=TZ)


@pytest.fixture
async def box(org: Organisation, db_path: Path) -> AsyncIterator[Sandbox]:
    """The bot has run here since Monday 9 November; it is Thursday 19th, 10:00."""
    await installed_on(db_path, dt.date(2026, 11, 9))
    sandbox = await Sandbox.start(org, db_path, ManualClock(when(19, 10, 0)))
    sandbox.api.clear()
    yield sandbox
    await sandbox.stop()


def sent(calls: list[RecordedCall]) -> list[str]:
    return [text_of(c) for c in calls if c.method == "sendMessage"]


async def say(box: Sandbox, user: TgUser, command: str, *args: str) -> str:
    """The one reply in the user's chat (a task set is also told to its branches' staff)."""
    calls = await box.feed(box.updates.command(user, command, *args))
    [reply] = sent([c for c in calls if c.chat_id == user.id])
    return reply


async def at(box: Sandbox, moment: dt.datetime) -> list[RecordedCall]:
    """Move the clock and run the reminders due; the messages sent."""
    box.clock.set(moment)
    before = len(box.api.calls)
    await run_due(box.sender, box.services)
    return [c for c in box.api.calls[before:] if c.method == "sendMessage"]


async def join(box: Sandbox, admin: TgUser, branch: str, user: TgUser, role: str = "staff") -> str:
    link = (await say(box, admin, "/invite", branch, role)).split()[-1]
    return await say(box, user, "/start", link.rsplit("=", 1)[1])


def branch_changes(db_path: Path) -> list[tuple[object, ...]]:
    return rows(db_path, "SELECT code, action, name, day, changed_by FROM branch_changes")


async def test_a_service_point_added_in_chat_is_reminded_from_that_day_and_never_missing_before(
    box: Sandbox, db_path: Path
) -> None:
    reply = await say(box, ZHANG, "/branch", "add", NEW, "service_point", "上级:景山")
    assert reply.startswith(f"✅ 已新增{NEW}（服务点），上级为景山街道图书馆，自2026年11月19日")
    assert CODE in reply
    assert branch_changes(db_path) == [(CODE, "add", NEW, "2026-11-19", ZHANG.id)]
    assert rows(db_path, "SELECT kind, parent, active FROM branches WHERE code = ?", (CODE,)) == [
        ("service_point", "jingshan", 1)
    ]
    # /invite finds it (before, "没有找到名为…的馆"), and the newcomer reports for it
    welcome = await join(box, ZHANG, "新华路服务点", XIAO)  # the words, shortened
    assert NEW in welcome
    assert rows(db_path, "SELECT branch FROM staff_branches WHERE user_id = ?", (XIAO.id,)) == [
        (CODE,)
    ]
    missing = await say(box, LI, "/missing")
    assert f"• {NEW} — 晓梅" in missing

    reminders = await at(box, when(19, 17, 30))
    assert XIAO.id in {c.chat_id for c in reminders}
    escalation = [c for c in await at(box, when(20, 9, 30)) if c.chat_id == LI.id]
    assert f"• {NEW} — 晓梅" in text_of(escalation[0]).splitlines()

    # the digest of week 47 (16-22 Nov): missing from its first day only, never before
    box.clock.set(when(23, 9, 0))
    digest = await box.services.digest.build(dt.date(2026, 11, 16))
    days = {m.name: m.days for m in digest.missing}
    assert days[NEW] == tuple(dt.date(2026, 11, d) for d in (19, 20, 21, 22))
    assert min(days["角楼图书馆"]) == dt.date(2026, 11, 16)  # the others: the whole week
    before = await box.services.missing.attendance(dt.date(2026, 11, 18))
    assert NEW not in {b.name for b in (*before.open, *before.closed)}


async def test_a_branch_added_with_a_later_opening_date_is_not_reminded_before_it(
    box: Sandbox,
) -> None:
    reply = await say(box, ZHANG, "/branch", "add", NEW, "服务点", "上级：", "景山", "11月21日")
    assert "自2026年11月21日" in reply
    await join(box, ZHANG, NEW, XIAO)
    assert XIAO.id not in {c.chat_id for c in await at(box, when(20, 17, 30))}
    assert XIAO.id in {c.chat_id for c in await at(box, when(21, 17, 30))}


async def test_a_closed_branch_is_not_reminded_after_its_close_date(
    box: Sandbox, db_path: Path
) -> None:
    reply = await say(box, ZHANG, "/branch", "close", "角楼", "11月20日")
    assert reply.startswith("✅ 角楼图书馆自2026年11月20日")
    assert branch_changes(db_path) == [("jiaolou", "close", None, "2026-11-20", ZHANG.id)]
    thursday = {c.chat_id for c in await at(box, when(19, 17, 30))}
    assert {WANG.id, EMMA.id} <= thursday  # still open on Thursday: reminded
    friday = await at(box, when(20, 17, 30))
    assert friday and not {WANG.id, EMMA.id} & {c.chat_id for c in friday}
    missing = await say(box, LI, "/missing")
    assert "角楼" not in missing and "景山街道图书馆" in missing  # neither missing nor closed
    assert await at(box, when(21, 9, 30))  # Saturday's escalation about Friday…
    friday_seen = await box.services.missing.attendance(dt.date(2026, 11, 20))
    assert "jiaolou" not in {b.code for b in (*friday_seen.open, *friday_seen.closed)}


async def test_a_restart_with_the_org_file_keeps_what_was_changed_in_chat(
    org: Organisation, db_path: Path
) -> None:
    box = await Sandbox.start(org, db_path, ManualClock(when(19, 10, 0)))
    try:
        await say(box, ZHANG, "/branch", "add", NEW, "服务点", "上级:景山")
        await join(box, ZHANG, NEW, XIAO)
        renamed = await say(box, ZHANG, "/branch", "rename", "东华门", "东华门街道图书馆（新馆）")
        assert renamed == "✅ 东华门街道图书馆已改名为东华门街道图书馆（新馆）；旧名称仍可使用。"
        await say(box, ZHANG, "/branch", "close", "隆福寺", "2026-12-01")
    finally:
        await box.stop()

    restarted = await Sandbox.start(load_sample_org(), db_path, ManualClock(when(20, 10, 0)))
    try:
        again = restarted.services.org
        assert again.branch(CODE).name == NEW and again.branch(CODE).parent == "jingshan"
        assert again.branch("donghuamen").name == "东华门街道图书馆（新馆）"
        assert again.branch("longfusi").closed == dt.date(2026, 12, 1)
        assert rows(db_path, "SELECT code, name FROM branches WHERE active = 1 AND code IN"
                    " (?, 'donghuamen')", (CODE,)) == [
            ("donghuamen", "东华门街道图书馆（新馆）"), (CODE, NEW)
        ]  # fmt: skip
        # the newcomer still reports for it, and the figure is stored under its code
        [confirmation] = sent(await restarted.feed(restarted.updates.message(XIAO, "到馆 36")))
        assert NEW in confirmation
        assert rows(db_path, "SELECT branch, value FROM figures WHERE metric = 'visitors'") == [
            (CODE, 36)
        ]
        restarted.clock.set(when(20, 18, 30))  # the day's figures are due: they count
        progress = await say(restarted, LI, "/progress", "新华路")
        assert NEW in progress.splitlines()[0] and "36" in progress
        jingshan = await say(restarted, LI, "/progress", "景山")
        assert NEW in jingshan  # counted among the branches under its parent
        link = (await say(restarted, ZHANG, "/invite", NEW, "manager")).split()[-1]
        assert link.startswith("https://t.me/")
        assert len(branch_changes(db_path)) == 3  # nothing re-applied, nothing lost
    finally:
        await restarted.stop()


@pytest.mark.parametrize("user", [WANG, LI], ids=["staff", "manager"])
async def test_branch_is_refused_to_staff_and_managers(
    box: Sandbox, db_path: Path, user: TgUser
) -> None:
    reply = await say(box, user, "/branch", "add", NEW)
    assert reply == "⛔ 此命令仅限系统管理员使用。"
    assert branch_changes(db_path) == []
    assert rows(db_path, "SELECT COUNT(*) FROM branches WHERE code = ?", (CODE,)) == [(0,)]


async def test_an_outsider_learns_nothing(box: Sandbox, db_path: Path) -> None:
    reply = await say(box, STRANGER, "/branch", "add", NEW)
    assert "invite link" in reply
    assert branch_changes(db_path) == []


BAD_INPUT = [
    (("add",), "用法：\n/branch add <馆名>", "Usage:\n/branch add <name>"),
    (("add", NEW, "service_piont"), "看不懂“service_piont”", "I don't understand “service_piont”"),
    (("add", NEW, "上级:火星"), "没有找到名为“火星”的上级馆", "a branch called “火星” to put it"),
    (("add", "角楼"), "“角楼”已是角楼图书馆的名称", "“角楼” is already a name of 角楼图书馆"),
    (("add", NEW, "2026-02-30"), "看不懂日期“2026-02-30”", "“2026-02-30” is not a date"),
    (("rename", "火星", "新名"), "没有找到名为“火星”的馆", "I don't know a branch called “火星”"),
    (("rename", "角楼", "景山街道图书馆"), "已是景山街道图书馆的名称", "already a name of 景山"),
    (("close", "角楼", "明天见"), "看不懂日期“明天见”", "“明天见” is not a date"),
    (("open", "角楼"), "用法：", "Usage:"),
]


@pytest.mark.parametrize(("words", "zh", "en"), BAD_INPUT, ids=[" ".join(w) for w, *_ in BAD_INPUT])
async def test_bad_input_gets_a_clear_answer_in_the_readers_language_and_changes_nothing(
    box: Sandbox, db_path: Path, words: tuple[str, ...], zh: str, en: str
) -> None:
    await join(box, ZHANG, "总馆", TOM, "admin")
    branches = rows(db_path, "SELECT code, name, active FROM branches ORDER BY code")
    assert zh in await say(box, ZHANG, "/branch", *words)
    assert en in await say(box, TOM, "/branch", *words)
    assert branch_changes(db_path) == []
    assert rows(db_path, "SELECT code, name, active FROM branches ORDER BY code") == branches
    assert [b.name for b in box.services.org.branches] == [
        b.name for b in load_sample_org().branches
    ]


async def test_a_branch_cannot_close_before_it_opened(box: Sandbox, db_path: Path) -> None:
    await say(box, ZHANG, "/branch", "add", NEW, "上级:景山", "2026-12-01")
    reply = await say(box, ZHANG, "/branch", "close", NEW, "2026-11-30")
    assert reply == f"⚠️ {NEW}于2026年12月1日（周二）开放，不能在2026年11月30日（周一）关闭。"
    assert [action for _, action, *_ in branch_changes(db_path)] == ["add"]


async def test_two_branches_with_the_same_sound_get_different_codes(
    box: Sandbox, db_path: Path
) -> None:
    await say(box, ZHANG, "/branch", "add", "新华路服务点")
    await say(box, ZHANG, "/branch", "add", "新华路服务店")  # the same pinyin
    codes = [code for code, *_ in branch_changes(db_path)]
    assert codes == ["xinhualufuwudian", "xinhualufuwudian_2"]
    assert all(len(code) <= 32 for code in codes)


async def test_a_task_for_every_branch_is_owed_by_the_branches_in_service_on_its_due_date(
    box: Sandbox, db_path: Path
) -> None:
    await say(box, ZHANG, "/branch", "add", NEW, "上级:景山")
    await say(box, ZHANG, "/branch", "close", "角楼", "2026-12-01")
    await say(box, LI, "/deadline", "2026-12-05", "提交11月统计月报")
    owing = {b for (b,) in rows(db_path, "SELECT branch FROM deadline_parts")}
    assert CODE in owing and "jiaolou" not in owing and "jingshan" in owing
    told = {c.chat_id for c in box.api.calls if "布置了新任务" in c.params.get("text", "")}
    assert 1006 in told and WANG.id not in told  # 景山's staff; 角楼 closes before it is due
    done = await say(box, LI, "/done", "1", "新华路")
    assert NEW in done and CODE not in done  # named, not shown as its code


@pytest.mark.parametrize(
    ("words", "answer"),
    [
        (("add", NEW, "上级:景山"), f"✅ 已新增{NEW}（分馆），上级为景山街道图书馆"),
        (("rename", "东华门", "东华门新馆"), "✅ 东华门街道图书馆已改名为东华门新馆"),
        (("close", "角楼", "2026-12-01"), "✅ 角楼图书馆自2026年12月1日"),
    ],
    ids=["add", "rename", "close"],
)
async def test_a_change_whose_answer_was_lost_is_answered_when_handled_again_and_made_once(
    org: Organisation, db_path: Path, words: tuple[str, ...], answer: str
) -> None:
    clock = ManualClock(when(19, 10, 0))
    api = BotAPIStandin(now=clock.now)
    box = await Sandbox.start(org, db_path, clock, api=api)
    try:
        api.fail(ZHANG.id, "502")  # the answer is lost after the commit
        first = await box.feed(box.updates.command(ZHANG, "/branch", *words))
        retried = sent(await box.retry_unsettled())  # what the runner does after a backoff
    finally:
        await box.stop()
    assert not any(c.ok for c in first if c.method == "sendMessage")
    assert len(retried) == 1 and retried[0].startswith(answer)
    assert len(branch_changes(db_path)) == 1


async def test_a_closed_branch_takes_no_invites_and_one_closing_later_still_does(
    box: Sandbox, db_path: Path
) -> None:
    await say(box, ZHANG, "/branch", "close", "角楼")  # from today
    await say(box, ZHANG, "/branch", "close", "东华门", "2026-12-01")
    assert await say(box, ZHANG, "/invite", "角楼") == "⚠️ 角楼图书馆已关闭，不再邀请新的工作人员。"
    assert rows(db_path, "SELECT COUNT(*) FROM invites") == [(0,)]
    assert (await say(box, ZHANG, "/invite", "东华门")).split()[-1].startswith("https://t.me/")


async def test_a_report_naming_a_branch_added_in_chat_is_filed_under_it(
    box: Sandbox, db_path: Path
) -> None:
    await say(box, ZHANG, "/branch", "add", NEW, "上级:景山")
    await join(box, ZHANG, NEW, WANG)  # 王芳 now serves 角楼 and the new service point
    [confirmation] = sent(await box.feed(box.updates.message(WANG, f"{NEW} 到馆 30")))
    assert NEW in confirmation
    assert rows(db_path, "SELECT branch, value FROM figures") == [(CODE, 30)]


async def test_figures_for_a_day_a_branch_was_not_in_service_are_refused(
    box: Sandbox, db_path: Path
) -> None:
    """Added in chat today, the service point has no 10 November; 角楼, closed from
    today, takes yesterday's figures but none of today's."""
    await say(box, ZHANG, "/branch", "add", NEW, "上级:景山")
    await join(box, ZHANG, NEW, XIAO)
    [before] = sent(await box.feed(box.updates.message(XIAO, "11月10日 到馆 30")))
    refusal = "在2026年11月10日（周二）不在服务期内：当时尚未开馆，或已经关闭。未保存任何数据。"
    assert before == f"⚠️ {NEW}{refusal}"
    await say(box, ZHANG, "/branch", "close", "角楼")  # from today
    [today] = sent(await box.feed(box.updates.message(WANG, "到馆 412")))
    assert today.startswith("⚠️ 角楼图书馆在2026年11月19日（周四）不在服务期内")
    [yesterday] = sent(await box.feed(box.updates.message(WANG, "昨天到馆 398")))
    assert yesterday.startswith("✅")
    assert rows(db_path, "SELECT branch, day, value FROM figures") == [
        ("jiaolou", "2026-11-18", 398)
    ]


async def test_the_workbook_export_names_a_branch_added_in_chat(
    box: Sandbox, db_path: Path, tmp_path: Path
) -> None:
    await say(box, ZHANG, "/branch", "add", NEW, "上级:景山")
    await join(box, ZHANG, NEW, XIAO)
    await box.feed(box.updates.message(XIAO, "到馆 36"))
    output = tmp_path / "figures.xlsx"
    assert await write_export(db_path, load_sample_org(), output, 2026) == 1
    sheet = openpyxl.load_workbook(output, read_only=True)["到馆人次"]
    names = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert NEW in names
