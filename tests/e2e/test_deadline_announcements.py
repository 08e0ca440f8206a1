"""A task set or cancelled in chat is told to the staff of its branches, in their language,
once each; a person who blocked the bot or never started it is recorded and skipped."""

from __future__ import annotations

from pathlib import Path

from bot.offline.sandbox import Sandbox
from bot.offline.standin import RecordedCall, render_html
from bot.offline.updates import TgUser
from tests.e2e.conftest import CHEN, EMMA, LI, LIU, WANG, rows

ZHAO = 1006  # 景山
ZHAO_USER = TgUser(ZHAO, "敏")
SET = "/deadline 12月10日 #角楼 #景山 提交评估材料"


def by_chat(calls: list[RecordedCall]) -> dict[int, str]:
    """Each chat's message text, as its reader sees it."""
    return {c.chat_id: render_html(c.params["text"]) for c in calls
            if c.method == "sendMessage" and c.ok}  # fmt: skip


async def test_a_new_task_is_told_to_its_branches_staff_in_their_language(box: Sandbox) -> None:
    sent = by_chat(await box.feed(box.updates.message(LI, SET)))
    assert set(sent) == {LI.id, WANG.id, EMMA.id, ZHAO}  # not 陈静 or 刘洋: not their branches
    assert "#1" in sent[LI.id] and "李建国布置了" not in sent[LI.id]  # the author's reply
    assert sent[WANG.id] == (
        "📌 李建国布置了新任务 #1：提交评估材料\n截止：2026年12月10日（周四）\n"
        "   角楼图书馆 · 完成后发送 /done 1"
    )
    assert sent[ZHAO].endswith("   景山街道图书馆 · 完成后发送 /done 1")
    assert sent[EMMA.id] == (
        "📌 New task #1 from 李建国: 提交评估材料\nDue: Dec 10, 2026 (Thu)\n"
        "   角楼图书馆 · when done: /done 1"
    )


async def test_a_task_for_every_branch_reaches_everyone_with_a_branch(box: Sandbox) -> None:
    sent = by_chat(await box.feed(box.updates.message(LI, "/deadline 12-05 提交月报")))
    assert {WANG.id, EMMA.id, ZHAO, CHEN.id, LIU.id} <= set(sent)
    assert "   王府井书店分馆、隆福寺更读书社分馆 · 完成后发送 /done 1" in sent[CHEN.id]


async def test_a_blocked_chat_is_recorded_and_the_others_still_hear(
    box: Sandbox, db_path: Path
) -> None:
    box.api.fail(WANG.id, "403")  # 王芳 blocked the bot
    sent = by_chat(await box.feed(box.updates.message(LI, SET)))
    assert WANG.id not in sent and {EMMA.id, ZHAO} <= set(sent)
    assert rows(db_path, "SELECT user_id FROM unreachable") == [(WANG.id,)]
    # a later task is not tried on her again until she writes to the bot
    later = await box.feed(box.updates.message(LI, "/deadline 12月11日 #角楼 交表"))
    assert WANG.id not in {c.chat_id for c in later}


async def test_a_cancelled_task_is_told_once(box: Sandbox) -> None:
    await box.feed(box.updates.message(LI, SET))
    await box.feed(box.updates.message(ZHAO_USER, "/done 1"))  # 景山 did its part
    update = box.updates.message(LI, "/deadline cancel 1")
    sent = by_chat(await box.feed(update))
    assert set(sent) == {LI.id, WANG.id, EMMA.id}  # 景山 owes nothing: not told
    assert sent[WANG.id] == "🗑 李建国取消了任务 #1（提交评估材料），无需再做。"
    assert sent[EMMA.id] == (
        "🗑 李建国 cancelled task #1 (提交评估材料): there is nothing more to do for it."
    )
    assert await box.feed(update) == []  # the same update again: nothing twice
    again = by_chat(await box.feed(box.updates.message(LI, "/deadline cancel 1")))
    assert set(again) == {LI.id}  # cancelled already: nobody is told again


async def test_a_refused_task_tells_nobody(box: Sandbox) -> None:
    sent = by_chat(await box.feed(box.updates.message(LI, "/deadline 12月5日 #火星 交表")))
    assert set(sent) == {LI.id}
