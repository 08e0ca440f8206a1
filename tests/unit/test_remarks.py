"""The reason kept with a value confirmed as unusual."""

from __future__ import annotations

import pytest

from bot.core.parsing.remarks import MAX_LENGTH, remark


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("到馆3100，今天有书市", "今天有书市"),
        ("今天有书市。到馆 3100 外借 900", "今天有书市"),
        ("世界读书日活动\n到馆 5200", "世界读书日活动"),
        ("到馆 3100（书市）", "到馆 3100（书市）"),  # every clause has a figure: all of it
        ("今天有书市 到馆 3100", "今天有书市 到馆 3100"),
        ("visitors 3100, book fair today", "book fair today"),
    ],
)
def test_the_words_beside_the_figures_are_the_reason(text: str, reason: str) -> None:
    assert remark(text) == reason


def test_a_long_message_is_cut() -> None:
    assert len(remark("书市" * 300)) == MAX_LENGTH
