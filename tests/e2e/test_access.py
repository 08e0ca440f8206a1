"""Who may do what: outsiders, roles, invites, groups, command menus, secrets."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.app.application import publish_commands
from bot.offline.sandbox import SANDBOX_TOKEN, Sandbox
from bot.offline.standin import render_html
from bot.offline.updates import TgUser
from tests.e2e.conftest import LI, STRANGER, WANG, ZHANG, rows

LEADERSHIP = -1001000000001


def sent_texts(calls) -> list[str]:  # type: ignore[no-untyped-def]
    return [render_html(c.params["text"]) for c in calls if c.method == "sendMessage"]


async def test_outsider_is_told_how_to_join_and_nothing_is_stored(
    box: Sandbox, db_path: Path
) -> None:
    before = rows(db_path, "SELECT COUNT(*) FROM handled_updates")
    for text in ("到馆 1234 外借 560", "/today", "/progress", "/undo"):
        [reply] = sent_texts(await box.feed(box.updates.message(STRANGER, text)))
        assert "invite link" in reply
        assert "1,234" not in reply and "角楼" not in reply
        box.clock.advance(minutes=1)  # within the minute, an outsider gets no second answer
    assert rows(db_path, "SELECT COUNT(*) FROM figures") == [(0,)]
    assert rows(db_path, "SELECT COUNT(*) FROM staff WHERE user_id = ?", (STRANGER.id,)) == [(0,)]
    assert rows(db_path, "SELECT COUNT(*) FROM handled_updates") == before


async def test_an_outsider_is_answered_once_a_minute_and_an_invite_always_gets_through(
    box: Sandbox,
) -> None:
    first = await box.feed(box.updates.message(STRANGER, "到馆 1"))
    flood = [await box.feed(box.updates.message(STRANGER, f"到馆 {n}")) for n in range(2, 30)]
    invite = await box.feed(box.updates.command(STRANGER, "/start", "no-such-code"))
    box.clock.advance(seconds=61)
    later = await box.feed(box.updates.message(STRANGER, "到馆 30"))

    assert len(sent_texts(first)) == 1 and not any(sent_texts(calls) for calls in flood)
    assert len(sent_texts(invite)) == 1 and len(sent_texts(later)) == 1


async def test_invite_link_enrols_once(box: Sandbox, db_path: Path) -> None:
    [reply] = sent_texts(await box.feed(box.updates.command(ZHANG, "/invite", "东华门")))
    link = reply.split()[-1]
    assert link.startswith("https://t.me/libbot_demo_bot?start=")
    code = link.rsplit("=", 1)[1]

    newcomer = TgUser(2001, "晓梅")
    [welcome] = sent_texts(await box.feed(box.updates.command(newcomer, "/start", code)))
    assert "东华门街道图书馆" in welcome
    assert rows(db_path, "SELECT branch FROM staff_branches WHERE user_id = 2001") == [
        ("donghuamen",)
    ]
    await box.feed(box.updates.message(newcomer, "到馆 130"))
    assert rows(db_path, "SELECT branch, value FROM figures") == [("donghuamen", 130)]

    other = TgUser(2002, "Eve", language_code="en")
    [refusal] = sent_texts(await box.feed(box.updates.command(other, "/start", code)))
    assert "already used" in refusal
    assert rows(db_path, "SELECT COUNT(*) FROM staff WHERE user_id = 2002") == [(0,)]


async def test_a_chinese_name_is_read_family_name_first(box: Sandbox, db_path: Path) -> None:
    """Telegram's first and last name fields hold 晓梅 and 何: she is 何晓梅, not 晓梅 何."""
    for user, branch in (
        (TgUser(2001, "晓梅", last_name="何"), "东华门"),
        (TgUser(2003, "Emma", last_name="Wilson", language_code="en"), "景山"),
    ):
        [reply] = sent_texts(await box.feed(box.updates.command(ZHANG, "/invite", branch)))
        code = reply.split()[-1].rsplit("=", 1)[1]
        [welcome] = sent_texts(await box.feed(box.updates.command(user, "/start", code)))
        assert ("何晓梅" if user.id == 2001 else "Emma Wilson") in welcome
    assert rows(
        db_path, "SELECT name FROM staff WHERE user_id IN (2001, 2003) ORDER BY user_id"
    ) == [
        ("何晓梅",),
        ("Emma Wilson",),
    ]


async def test_expired_invite_enrols_nobody(box: Sandbox, db_path: Path) -> None:
    [reply] = sent_texts(await box.feed(box.updates.command(ZHANG, "/invite", "jiaolou")))
    code = reply.split()[-1].rsplit("=", 1)[1]
    box.clock.advance(days=4)
    newcomer = TgUser(2003, "Late", language_code="en")
    [refusal] = sent_texts(await box.feed(box.updates.command(newcomer, "/start", code)))
    assert "expired" in refusal
    assert rows(db_path, "SELECT COUNT(*) FROM staff WHERE user_id = 2003") == [(0,)]


@pytest.mark.parametrize("user", [WANG, LI])
async def test_invite_refuses_non_admins(box: Sandbox, db_path: Path, user: TgUser) -> None:
    [reply] = sent_texts(await box.feed(box.updates.command(user, "/invite", "jiaolou")))
    assert "系统管理员" in reply
    assert rows(db_path, "SELECT COUNT(*) FROM invites") == [(0,)]


async def test_unconfigured_group_is_left(box: Sandbox) -> None:
    calls = await box.feed(box.updates.my_chat_member(ZHANG, -1009999999999))
    assert [c.method for c in calls] == ["leaveChat"]
    calls = await box.feed(box.updates.group_message(WANG, -1009999999999, "/progress"))
    assert [c.method for c in calls] == ["leaveChat"]


async def test_leadership_group_answers_rostered_commands_only(box: Sandbox, db_path: Path) -> None:
    assert await box.feed(box.updates.my_chat_member(ZHANG, LEADERSHIP)) == []
    assert await box.feed(box.updates.group_message(STRANGER, LEADERSHIP, "/progress")) == []
    assert await box.feed(box.updates.group_message(WANG, LEADERSHIP, "到馆 1234")) == []
    assert rows(db_path, "SELECT COUNT(*) FROM figures") == [(0,)]
    [reply] = sent_texts(await box.feed(box.updates.group_message(LI, LEADERSHIP, "/progress")))
    assert "东城区第一图书馆" in reply


async def test_command_menus_in_both_languages(box: Sandbox) -> None:
    await publish_commands(box.app, box.services)
    menus = {
        c.params.get("language_code"): {
            m["command"]: m["description"] for m in c.params["commands"]
        }
        for c in box.api.calls
        if c.method == "setMyCommands" and c.params.get("scope", {}).get("type") == "default"
    }
    assert set(menus) == {None, "zh", "en"}
    assert "今天" in menus["zh"]["today"] and "today" in menus["en"]["today"]
    admin_menus = [c for c in box.api.calls if c.method == "setMyCommands"
                   and c.params.get("scope", {}).get("chat_id") == ZHANG.id]  # fmt: skip
    assert admin_menus and "invite" in [c["command"] for c in admin_menus[-1].params["commands"]]


async def test_token_never_logged(box: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    await box.feed(box.updates.message(WANG, "到馆 300"))
    await box.feed(box.updates.command(LI, "/progress"))
    secret = SANDBOX_TOKEN.split(":", 1)[1]
    assert caplog.records
    assert all(secret not in record.getMessage() for record in caplog.records)
