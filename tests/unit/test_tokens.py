"""Lexer: a message as keywords, numbers, separators, sub-count markers and brackets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.metrics import MetricCatalogue
from bot.core.parsing.numbers import fold
from bot.core.parsing.tokens import (
    CLOSE,
    KEYWORD,
    NUMBER,
    OPEN,
    SOFT,
    SUB,
    Keyword,
    Lexer,
    Number,
    distance,
)


@pytest.fixture(scope="module")
def lexer() -> Lexer:
    return Lexer(MetricCatalogue.default())


def kinds(lexer: Lexer, text: str) -> list[int]:
    return [kind for kind, *_ in lexer.tokens(fold(text, lower=True))]


def test_keywords_numbers_and_separators(lexer: Lexer) -> None:
    assert kinds(lexer, "到馆1234，外借560") == [KEYWORD, NUMBER, SOFT, KEYWORD, NUMBER]


def test_sub_counts_and_brackets(lexer: Lexer) -> None:
    assert kinds(lexer, "到馆300（其中少儿到馆120）") == [
        KEYWORD, NUMBER, OPEN, SUB, KEYWORD, NUMBER, CLOSE,
    ]  # fmt: skip


def test_a_keyword_knows_its_metric(lexer: Lexer) -> None:
    (_, start, end, keyword), _ = lexer.tokens("外借560")
    assert (start, end) == (0, 2)
    assert isinstance(keyword, Keyword)
    assert [metric.code for metric in keyword.owners] == ["loans"]


def test_a_number_carries_value_and_unit(lexer: Lexer) -> None:
    _, (_, _, _, number) = lexer.tokens("外借 1.2万 册")
    assert isinstance(number, Number)
    assert (number.value, number.unit, number.negative) == (Decimal("12000"), "册", False)


@pytest.mark.parametrize(
    ("text", "approximate"), [("到馆3点", False), ("到馆一千多", True), ("到馆100-200", True)]
)
def test_times_and_approximations_are_no_value(lexer: Lexer, text: str, approximate: bool) -> None:
    number = lexer.tokens(fold(text, lower=True))[1][3]
    assert isinstance(number, Number)
    assert number.value is None and number.approximate is approximate


def test_a_chinese_keyboard_comma_joins_thousands(lexer: Lexer) -> None:
    tokens = lexer.tokens("到馆1，234")
    assert [kind for kind, *_ in tokens] == [KEYWORD, NUMBER]
    assert isinstance(tokens[1][3], Number) and tokens[1][3].value == 1234


def test_distance_counts_words_and_characters() -> None:
    assert distance("到馆的读者中有 1234", 2, 8) == 5
    assert distance("1234 visitors today", 4, 19) == 2
    assert distance("abc", 2, 1) == 0
