"""Long replies reach the reader whole: split where Telegram measures, never inside a tag
or an entity, and repeated notes said once — end to end against the strict stand-in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.offline.sandbox import Sandbox
from tests.e2e.conftest import EMMA, THURSDAY, WANG, buttons, figures, text_of


async def usual_400(box: Sandbox) -> None:
    """Two weeks of 角楼 at about 400 visitors a day."""
    history = [("jiaolou", THURSDAY - dt.timedelta(days=d), "visitors", 400) for d in range(1, 15)]
    await box.services.storage.reports.import_figures(history, 0, box.clock.now())


async def test_a_quoted_message_full_of_entities_is_one_message(box: Sandbox) -> None:
    await usual_400(box)
    message = "到馆 4000 " + "&" * 3000  # 15,000 characters once escaped, 3,008 shown
    calls = await box.feed(box.updates.message(WANG, message))

    assert [(c.method, c.ok) for c in calls] == [("sendMessage", True)]
    assert message in text_of(calls[0]) and buttons(calls[0])


async def test_a_question_too_long_for_one_message_goes_in_two_valid_parts(
    box: Sandbox,
) -> None:
    await usual_400(box)
    message = "到馆 4000 " + "<&" * 2043  # 4,094 characters: the question shows more
    calls = await box.feed(box.updates.message(WANG, message))

    assert [(c.method, c.ok) for c in calls] == [("sendMessage", True)] * 2
    first, last = calls
    assert "reply_markup" not in first.params and buttons(last)  # buttons under the last
    shown = text_of(first) + text_of(last)
    assert message[8:] in shown.replace("\n", "")


async def test_a_figure_repeated_to_the_limit_gets_one_reply(box: Sandbox, db_path: Path) -> None:
    message = "到馆1" * 1024  # 4,096 characters: Telegram's longest message
    calls = await box.feed(box.updates.message(WANG, message))

    assert figures(db_path, "jiaolou") == {"visitors": 1}
    [reply] = calls
    assert reply.ok and buttons(reply)
    assert text_of(reply).splitlines()[1:] == [
        "• 到馆人次：1 人次",
        "ℹ️ 到馆人次报了 1,024 次，按最后一个数字记录。",
    ]


async def test_many_different_stray_words_still_fit_one_reply(box: Sandbox) -> None:
    message = "46 visitors " + " ".join(f"zz{i}x 5" for i in range(400))
    calls = await box.feed(box.updates.message(EMMA, message))

    [reply] = calls
    lines = text_of(reply).splitlines()
    assert reply.ok and len(lines) <= 8
    assert lines[-1].startswith("ℹ️ … and ") and lines[-1].endswith(" more like that.")
