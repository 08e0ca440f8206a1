"""Counts read right in English (1 visit, 3 visits) and in Chinese (one form) in replies."""

from __future__ import annotations

import pytest

from bot.core.metrics import MetricCatalogue
from bot.render import Renderer, Renderers
from bot.render.i18n import Catalogs


@pytest.fixture(scope="module")
def renderers() -> Renderers:
    return Renderers(Catalogs(), MetricCatalogue.default())


def english(renderers: Renderers) -> Renderer:
    return renderers.for_locale("en")


@pytest.mark.parametrize(
    ("code", "value", "line"),
    [
        ("visitors", 1, "• Visitors: <b>1</b> visit"),
        ("visitors", 365, "• Visitors: <b>365</b> visits"),
        ("events", 1, "• Events: <b>1</b> event"),
        ("loans", 1, "• Loans: <b>1</b> item"),
        ("loans", 0, "• Loans: <b>0</b> items"),
    ],
)
def test_a_figures_unit_agrees_with_it(
    renderers: Renderers, code: str, value: int, line: str
) -> None:
    assert english(renderers).figure_line(code, value, None, False) == line


def test_a_correction_takes_the_unit_of_the_new_figure(renderers: Renderers) -> None:
    assert english(renderers).figure_line("events", 1, 2, True) == "• Events: 2 → <b>1</b> event"


def test_chinese_has_one_form(renderers: Renderers) -> None:
    zh = renderers.for_locale("zh_CN")
    assert zh.figure_line("visitors", 1, None, False) == zh.figure_line(
        "visitors", 2, None, False
    ).replace("2", "1")
    assert zh.day_count(1) == "1 天" and zh.participants(1200) == "1,200 人次"


def test_counted_words_agree(renderers: Renderers) -> None:
    en = english(renderers)
    assert (en.day_count(1), en.day_count(2)) == ("1 day", "2 days")
    assert (en.participants(1), en.participants(1200)) == ("1 participant", "1,200 participants")
