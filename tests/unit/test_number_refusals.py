"""A number that is not one as written is refused with its reason, never read in part."""

from __future__ import annotations

import datetime

import pytest

from bot.core.metrics import MetricCatalogue
from bot.core.parsing import ReportParser
from bot.render.i18n import Catalogs
from bot.render.reporting import ReportingTexts

CATALOGUE = MetricCatalogue.default()
PARSER = ReportParser(CATALOGUE)
TODAY = datetime.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("到馆 12o4", "letters_in_number"),
        ("到馆 3OO", "letters_in_number"),
        ("到馆 l234", "letters_in_number"),
        ("到馆 1O", "letters_in_number"),
        ("到馆3M", "letters_in_number"),
        ("到馆 1 234", "spaced_digits"),
        ("到馆 12 345 外借 560", "spaced_digits"),
        ("到馆 1,2345", "misplaced_comma"),
        ("到馆 12,34", "misplaced_comma"),
        ("到馆 1,234,56", "misplaced_comma"),
    ],
)
def test_a_malformed_number_is_refused(text: str, code: str) -> None:
    result = PARSER.parse(text, TODAY)
    assert result.error is not None and result.error.code == code, result
    assert "visitors" not in result.figures
    assert result.exit_code() == 2


@pytest.mark.parametrize(
    "text",
    ["到馆 1,234", "到馆 1234 外借 560", "46visitors", "visitors120", "mp3 到馆12", "到馆100K"],
)
def test_numbers_next_to_letters_or_commas_still_read(text: str) -> None:
    result = PARSER.parse(text, TODAY)
    assert result.error is None and result.figures, result


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("到馆 12o4", "夹着字母", "letters in the number"),
        ("到馆 1 234", "中间有空格", "spaces inside the number"),
        ("到馆 1,2345", "不是千位分隔", "does not group thousands"),
    ],
)
def test_the_sender_reads_why(text: str, zh: str, en: str) -> None:
    issue = PARSER.parse(text, TODAY).error
    assert issue is not None
    catalogs = Catalogs()
    for locale, phrase in (("zh_CN", zh), ("en", en)):
        shown = ReportingTexts(catalogs.translator(locale), CATALOGUE).issue(issue)
        assert phrase in shown and text.replace("到馆 ", "") in shown, shown
