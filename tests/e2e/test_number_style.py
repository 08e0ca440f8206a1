"""One number style in every view: figures grouped through Babel (4,343), compact forms
(60万, 60K) only for targets and projections. The demo's whole day is the fixture: its
replies, captions and pop-ups in both languages, from reports to /progress, the digest
and /year."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Iterable

import pytest

from bot.offline import demo
from bot.offline.standin import RecordedCall

# What people typed, quoted back or shown as an example, is theirs: not the bot's style.
_THEIRS = re.compile(r"<code>.*?</code>|“[^”]*”|\"[^\"]*\"|<a [^>]*>", re.S)
# An integer of four digits or more with no group separator: 4343, not 4,343, 2026年, 17:00
_UNGROUPED = re.compile(r"(?<![\d,.:/#\-])\d{4,}(?![\d,.:/\-]|年|-W|\))")
_YEAR = re.compile(r"(?:19|20)\d\d")


def bot_texts(calls: Iterable[RecordedCall]) -> list[str]:
    values = (call.params.get(key) for call in calls for key in ("text", "caption"))
    return [value for value in values if isinstance(value, str)]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    said: list[RecordedCall] = []
    bot = demo.Transcript.bot

    def record(self: demo.Transcript, calls: Iterable[RecordedCall]) -> None:
        calls = list(calls)
        said.extend(calls)
        bot(self, calls)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo.Transcript, "bot", record)
        asyncio.run(demo.run_demo(io.StringIO()))
    return bot_texts(said)


def ungrouped(text: str) -> list[str]:
    mine = _THEIRS.sub(" ", text)
    return [n for n in _UNGROUPED.findall(mine) if not _YEAR.fullmatch(n)]


def test_the_fixture_holds_every_kind_of_view(texts: list[str]) -> None:
    joined = "\n".join(texts)
    for view in ("已记录", "年度统计", "每周简报", "Someone else already reported", "应达"):
        assert view in joined, view


def test_no_figure_is_written_without_its_groups(texts: list[str]) -> None:
    found = {text[:80]: ungrouped(text) for text in texts if ungrouped(text)}
    assert not found


def test_the_check_finds_what_it_is_for() -> None:
    assert ungrouped("全年 9857 / 1万") == ["9857"]
    assert ungrouped("办证 4,343 / 5,000 · 2026年 · 17:00 · “到馆 1234”") == []
