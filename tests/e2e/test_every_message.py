"""Every private message gets an answer that is true: captions are read as text, other
messages get a hint, forwarded figures are not filed as the forwarder's own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.offline.sandbox import Sandbox
from bot.offline.standin import RecordedCall, render_html
from bot.offline.updates import UpdateFactory
from tests.e2e.conftest import EMMA, LIU, STRANGER, WANG, figures, rows

LEADERSHIP = -1001000000001
HINT = "发文字告诉我今天的数字"


def sent(calls: list[RecordedCall]) -> list[str]:
    return [render_html(c.params["text"]) for c in calls if c.method == "sendMessage"]


def stored(db_path: Path) -> list[tuple[object, ...]]:
    return rows(db_path, "SELECT COUNT(*) FROM reports") + rows(
        db_path, "SELECT COUNT(*) FROM figure_history"
    )


async def test_a_photos_caption_is_a_report(box: Sandbox, db_path: Path) -> None:
    calls = await box.feed(box.updates.photo(WANG, "到馆 412 外借 286"))

    assert figures(db_path, "jiaolou") == {"visitors": 412, "loans": 286}
    [reply] = sent(calls)
    assert "已记录" in reply and "到馆人次：412 人次" in reply and "外借册次：286 册次" in reply


async def test_editing_the_caption_corrects_it(box: Sandbox, db_path: Path) -> None:
    photo = box.updates.photo(WANG, "到馆 412 外借 286")
    await box.feed(photo)
    box.clock.advance(minutes=2)
    calls = await box.feed(box.updates.edited_message(photo, "到馆 412 外借 268"))

    assert figures(db_path, "jiaolou") == {"visitors": 412, "loans": 268}
    [reply] = sent(calls)
    assert "更正" in reply and "286 → 268" in reply


def _sticker(u: UpdateFactory) -> dict[str, Any]:
    return u.sticker(WANG)


def _bare_photo(u: UpdateFactory) -> dict[str, Any]:
    return u.photo(WANG)


def _photo_of_a_cat(u: UpdateFactory) -> dict[str, Any]:
    return u.photo(WANG, "我家的猫")


def _voice(u: UpdateFactory) -> dict[str, Any]:
    return u.voice(WANG)


def _unknown_command(u: UpdateFactory) -> dict[str, Any]:
    return u.command(WANG, "/foo")


@pytest.mark.parametrize("make", [_sticker, _bare_photo, _photo_of_a_cat, _voice, _unknown_command])
async def test_a_message_with_nothing_to_read_gets_a_hint(
    box: Sandbox, db_path: Path, make: Any
) -> None:
    update = make(box.updates)
    calls = await box.feed(update)

    [reply] = sent(calls)
    assert "到馆 1,234" in reply and "/help" in reply
    assert stored(db_path) == [(0,), (0,)]
    assert await box.feed(update) == []  # delivered again: answered before


async def test_the_hint_is_in_the_readers_language(box: Sandbox) -> None:
    [reply] = sent(await box.feed(box.updates.sticker(EMMA)))
    assert reply.startswith("I can only read figures written as text") and "/help" in reply
    [chinese] = sent(await box.feed(box.updates.command(WANG, "/foo")))
    assert chinese.startswith(HINT)


async def test_commands_that_exist_are_not_caught_by_the_hint(box: Sandbox) -> None:
    for command in ("/today", "/help", "/undo", "/progress", "/missing"):
        replies = sent(await box.feed(box.updates.command(LIU, command)))
        assert replies and not any(HINT in r for r in replies), command


async def test_an_outsider_gets_the_outsider_text(box: Sandbox, db_path: Path) -> None:
    for update in (box.updates.sticker(STRANGER), box.updates.command(STRANGER, "/foo")):
        [reply] = sent(await box.feed(update))
        assert "ask your coordinator for an invite link" in reply
        box.clock.advance(minutes=1)  # an outsider is answered once a minute at most
    assert stored(db_path) == [(0,), (0,)]


async def test_groups_stay_silent(box: Sandbox) -> None:
    assert await box.feed(box.updates.group_message(WANG, LEADERSHIP, "/foo")) == []
    assert await box.feed(box.updates.photo(WANG, "到馆 412", chat=LEADERSHIP)) == []


async def test_forwarded_figures_are_not_filed_as_the_forwarders(
    box: Sandbox, db_path: Path
) -> None:
    calls = await box.feed(box.updates.forwarded(WANG, "到馆 412 外借 286", author=EMMA))

    assert stored(db_path) == [(0,), (0,)]
    [reply] = sent(calls)
    assert "转发" in reply and "未保存任何数据" in reply


async def test_a_forwarded_message_without_figures_is_answered_as_usual(box: Sandbox) -> None:
    [reply] = sent(await box.feed(box.updates.forwarded(WANG, "明天开会", author=EMMA)))
    assert "没有找到数据" in reply
