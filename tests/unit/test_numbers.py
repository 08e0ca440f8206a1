"""Numbers as staff type them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.parsing.numbers import evaluate, fold, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234", 1234),
        ("0", 0),
        ("1,234", 1234),
        ("12,345,678", 12345678),
        ("１２３４", 1234),
        ("１,２３４", 1234),
        (" 1234 ", 1234),
        ("1.2万", 12000),
        ("1.2w", 12000),
        ("1.2W", 12000),
        ("3万", 30000),
        ("2万3千", 23000),
        ("1万2千5百", 12500),
        ("1万2", 12000),
        ("1万20", 10020),
        ("3千", 3000),
        ("1.2k", 1200),
        ("3K", 3000),
        ("一千二百三十四", 1234),
        ("两百", 200),
        ("两千", 2000),
        ("十", 10),
        ("十五", 15),
        ("一十五", 15),
        ("二十", 20),
        ("一百一十", 110),
        ("一千二", 1200),
        ("两百五", 250),
        ("两万三", 23000),
        ("一千零五", 1005),
        ("一千零五十", 1050),
        ("三万零五", 30005),
        ("十二万", 120000),
        ("一百二十万三千", 1203000),
        ("一点二万", 12000),
        ("壹仟贰佰叁拾肆", 1234),
        ("二〇二六", 2026),
        ("一二三四", 1234),
        ("1亿2000万", 120000000),
        # colloquial: a leading 一 or a trailing unit left unsaid
        ("一千一", 1100),
        ("三千二", 3200),
        ("千一", 1100),
        ("百二", 120),
        ("万九", 19000),
        ("萬九", 19000),
        ("百二萬", 1200000),
        ("一百十一", 111),
        ("一千零十", 1010),
        ("十万零一千", 101000),
        # 廿 卅 卌 and zero written 〇
        ("廿", 20),
        ("廿二", 22),
        ("卅", 30),
        ("卅三", 33),
        ("卌", 40),
        ("五百卅四", 534),
        ("一萬零卌", 10040),
        ("〇", 0),
        ("一〇二", 102),
        # traditional and 大写
        ("兩千六", 2600),
        ("貳拾", 20),
        ("參拾參", 33),
        ("陸拾", 60),
        ("貳佰零參", 203),
        ("參萬肆仟伍佰陸拾柒", 34567),
        ("壹拾万零叁仟肆佰伍拾叁", 103453),
        ("壹佰貳拾萬", 1200000),
    ],
)
def test_numbers_as_written(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.5", Decimal("1.5")), ("12.50", Decimal("12.5")), ("1.23456万", Decimal("12345.6"))],
)
def test_fractions_are_kept_exact(text: str, value: Decimal) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    ["", "abc", "万", "万一", "千万", "百", "一千一千", "十百", "12,34", "1,2345", "几百", "十几",
     "1234人", "-5", "1 234"],
)  # fmt: skip
def test_not_a_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize("token", ["万", "千万", "一千一千", "五四三万万", "1万1万", "几"])
def test_evaluate_refuses_malformed_tokens(token: str) -> None:
    with pytest.raises(ValueError):
        evaluate(token)


def test_fold_turns_full_width_into_ascii_and_keeps_length() -> None:
    text = "＃角楼　到馆：１２３４；ＡＢｃ！（其中）"
    folded = fold(text)
    assert folded == "#角楼 到馆:1234;ABc!(其中)"
    assert len(folded) == len(text)


def test_fold_keeps_the_chinese_comma() -> None:
    """活动3，120人参加 is two figures, so ， must never become a thousands separator."""
    assert fold("活动3，120人参加") == "活动3，120人参加"


def test_fold_lower_lowers_ascii_only() -> None:
    assert fold("Visitors ＶＩＳＩＴＯＲＳ 到馆 İ", lower=True) == "visitors visitors 到馆 İ"
