"""Report dates no calendar of ours holds are refused in words, never by a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.offline.sandbox import Sandbox
from tests.e2e.conftest import EMMA, WANG, rows, text_of


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("0001-01-01 到馆 5", "⚠️ “0001-01-01”早于 2000 年。未保存任何数据。"),
        ("0001年1月1日到馆5", "⚠️ “0001年1月1日”早于 2000 年。未保存任何数据。"),
        (
            "9999-12-31 到馆 5",
            "⚠️ “9999-12-31”还没到：数字只能报今天或以前的；闭馆可以提前报，例如“明天闭馆”。"
            "未保存任何数据。",
        ),
    ],
)
async def test_a_date_out_of_range_is_refused_and_stores_nothing(
    box: Sandbox, db_path: Path, text: str, said: str
) -> None:
    [reply] = await box.feed(box.updates.message(WANG, text))
    assert reply.ok and text_of(reply) == said
    assert rows(db_path, "SELECT COUNT(*) FROM figures") == [(0,)]


async def test_in_english_too(box: Sandbox, db_path: Path) -> None:
    [reply] = await box.feed(box.updates.message(EMMA, "0001-01-01 46 visitors"))
    assert "before 2000" in text_of(reply) and "Nothing was stored" in text_of(reply)
    assert rows(db_path, "SELECT COUNT(*) FROM figures") == [(0,)]
