"""Buttons: payloads Telegram accepts, every tap answered, crafted or repeated taps
harmless — end to end against the strict stand-in."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.clock import ManualClock
from bot.core.org import parse_org
from bot.offline.sample import sample_org_text
from bot.offline.sandbox import Sandbox
from bot.offline.standin import NOT_MODIFIED, RecordedCall
from bot.offline.updates import TgUser
from bot.telegram.handling import handling_of
from tests.e2e.conftest import CHEN, EMMA, LI, STRANGER, WANG, buttons, figures, rows, text_of

LEADERSHIP = -1001000000001  # the sample organisation's leadership group

LONGEST = "x" * 31 + "1"  # the longest branch code the organisation file allows


async def test_a_branch_question_with_the_longest_codes_is_accepted_and_works(
    tmp_path: Path, clock: ManualClock
) -> None:
    text = sample_org_text()
    for code, longer in (("longfusi", LONGEST), ("wangfujing", LONGEST[:-1] + "2")):
        text = text.replace(f'"{code}"', f'"{longer}"').replace(f".{code}]", f".{longer}]")
    box = await Sandbox.start(parse_org(text), tmp_path / "codes.sqlite3", clock)
    try:
        [question] = await box.feed(box.updates.message(CHEN, "到馆 310"))
        assert question.ok  # Telegram takes callback data of up to 64 bytes
        [pick] = [data for _, data in buttons(question) if data.endswith(LONGEST)]
        assert len(pick.encode()) <= 64
        await box.feed(box.updates.callback_query(CHEN, question, pick))
        assert figures(tmp_path / "codes.sqlite3", LONGEST) == {"visitors": 310}
    finally:
        await box.stop()


async def confirmation_of(box: Sandbox, user: TgUser, text: str) -> RecordedCall:
    [confirmation] = await box.feed(box.updates.message(user, text))
    return confirmation


def answers(calls: list[RecordedCall]) -> list[RecordedCall]:
    return [c for c in calls if c.method == "answerCallbackQuery"]


@pytest.mark.parametrize(
    "data",
    ["undo:abc", "undo:" + str(2**80), "undo:", "undo:0001", "fix:-1", "pick:1:", "yes:",
     "other:1:merge", "lang:", "lang:xx", "lang:en:zz", "stale:1", ":", "x" * 64],
)  # fmt: skip
async def test_crafted_data_is_answered_and_changes_nothing(
    box: Sandbox, db_path: Path, data: str
) -> None:
    confirmation = await confirmation_of(box, WANG, "到馆 900")
    calls = await box.feed(box.updates.callback_query(WANG, confirmation, data, strict=False))

    assert [(c.method, c.ok) for c in calls] == [("answerCallbackQuery", True)]
    assert figures(db_path, "jiaolou") == {"visitors": 900}
    assert box.api.message(WANG.id, confirmation.message_id) == confirmation.result


async def test_a_tap_without_data_is_answered(box: Sandbox) -> None:
    confirmation = await confirmation_of(box, WANG, "到馆 900")
    tap = box.updates.callback_query(WANG, confirmation, "undo:1")
    del tap["callback_query"]["data"]
    tap["callback_query"]["game_short_name"] = "quiz"
    calls = await box.feed(tap)
    assert [(c.method, c.ok) for c in calls] == [("answerCallbackQuery", True)]
    assert await box.feed(tap) == []  # delivered again: answered before


async def test_tapping_undo_again_and_again_is_harmless(box: Sandbox, db_path: Path) -> None:
    confirmation = await confirmation_of(box, WANG, "到馆 900")
    [(_, undo), _] = buttons(confirmation)
    taps = [
        await box.feed(box.updates.callback_query(WANG, confirmation, undo, strict=False))
        for _ in range(3)  # a slow connection: the taps land before the edit shows
    ]

    assert figures(db_path, "jiaolou") == {}
    assert all([(a.method, a.ok) for a in answers(t)] == [("answerCallbackQuery", True)]
               for t in taps)  # fmt: skip
    assert all(c.method != "sendMessage" for t in taps for c in t)  # no "something went wrong"
    [first_edit] = [c for c in taps[0] if c.method == "editMessageText"]
    # The later taps leave the message as the first left it, and say so in a toast.
    for tap in taps[1:]:
        assert [(c.method, c.params.get("text")) for c in tap] == [
            ("answerCallbackQuery", "↩️ 已经撤销过了。")
        ]
    shown = box.api.message(WANG.id, confirmation.message_id)
    assert shown is not None and shown["text"] == first_edit.result["text"]
    assert shown["text"].startswith("↩️ 已撤销")


async def test_an_edit_that_changes_nothing_is_harmless(box: Sandbox) -> None:
    [question] = await box.feed(box.updates.message(WANG, "/lang"))
    [_, (_, english)] = buttons(question)
    first = await box.feed(box.updates.callback_query(WANG, question, english))
    again = await box.feed(box.updates.callback_query(WANG, question, english, strict=False))

    assert [(c.method, c.ok) for c in first] == [
        ("answerCallbackQuery", True),
        ("editMessageText", True),
    ]
    # The same text again: Telegram refuses the edit, and that is no failure.
    assert [(c.method, c.error) for c in again] == [
        ("answerCallbackQuery", None),
        ("editMessageText", NOT_MODIFIED),
    ]


async def test_a_tap_that_fails_is_still_answered_with_a_pop_up(
    box: Sandbox, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    confirmation = await confirmation_of(box, WANG, "到馆 900")
    [(_, undo), _] = buttons(confirmation)

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(box.services.reporting, "undo", broken)
    calls = await box.feed(box.updates.callback_query(WANG, confirmation, undo))

    [answer] = calls
    assert answer.ok and answer.params["show_alert"] is True
    assert answer.params["text"] == "⚠️ 处理这次点按时出错了，请再试一次。"
    assert figures(db_path, "jiaolou") == {"visitors": 900}


async def test_a_tap_whose_edit_fails_gets_a_message_instead(box: Sandbox) -> None:
    confirmation = await confirmation_of(box, EMMA, "46 visitors")
    [(_, undo), _] = buttons(confirmation)
    box.api.fail(EMMA.id, "not_editable")  # the edit: Telegram refuses it
    calls = await box.feed(box.updates.callback_query(EMMA, confirmation, undo))

    assert [(c.method, c.ok) for c in calls] == [
        ("answerCallbackQuery", True),  # answered before the edit failed
        ("editMessageText", False),
        ("answerCallbackQuery", False),  # a second answer is refused...
        ("sendMessage", True),  # ...so the failure is said in the chat
    ]
    assert "Something went wrong" in text_of(calls[-1])


async def test_language_buttons_in_the_group_work(box: Sandbox) -> None:
    [question] = await box.feed(box.updates.group_message(LI, LEADERSHIP, "/lang"))
    [_, (_, english)] = buttons(question)
    calls = await box.feed(box.updates.callback_query(LI, question, english))

    assert [(c.method, c.ok) for c in calls] == [
        ("answerCallbackQuery", True),
        ("editMessageText", True),
    ]
    assert text_of(calls[-1]) == "✅ I will write to you in English."
    tapped = await box.feed(box.updates.callback_query(STRANGER, question, english, strict=False))
    assert [(c.method, c.params.get("show_alert")) for c in tapped] == [
        ("answerCallbackQuery", True)
    ]


async def test_a_tap_in_a_group_not_ours_is_answered_as_the_bot_leaves(box: Sandbox) -> None:
    elsewhere = box.updates.group_message(LI, -1009999999999, "hi")["message"]
    calls = await box.feed(box.updates.callback_query(LI, elsewhere, "lang:en", strict=False))
    assert [c.method for c in calls] == ["answerCallbackQuery", "leaveChat"]


async def test_an_outsider_s_tap_is_marked_answered_and_not_answered_again(
    box: Sandbox, db_path: Path
) -> None:
    confirmation = await confirmation_of(box, WANG, "到馆 900")
    [(_, undo), _] = buttons(confirmation)
    tap = box.updates.callback_query(STRANGER, confirmation, undo, strict=False)
    [entry] = await box.services.inbox.receive([tap])
    handling = handling_of(box.app)
    before = len(box.api.calls)
    await handling.handle(entry)
    await box.services.storage.flush()
    answered = "SELECT reply_sent FROM handled_updates WHERE update_id = ?"
    assert rows(db_path, answered, (entry.receipt,)) == [(1,)]
    await handling.handle(entry)  # handled again, as after a kill before the entry settled

    calls = box.api.calls[before:]
    assert [(c.method, c.params.get("show_alert")) for c in calls] == [
        ("answerCallbackQuery", True)
    ]
    assert figures(db_path, "jiaolou") == {"visitors": 900}
