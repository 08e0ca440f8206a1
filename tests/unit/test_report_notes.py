"""Notes on a confirmation are said once each, however often the message repeats them."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.metrics import MetricCatalogue
from bot.core.outcomes import Confirmation
from bot.core.parsing import ParseIssue
from bot.render import Renderer, Renderers
from bot.render.i18n import Catalogs
from bot.render.reporting import NOTES_PER_KIND

RENDERERS = Renderers(Catalogs(), MetricCatalogue.default())
ZH, EN = RENDERERS.for_locale("zh_CN"), RENDERERS.for_locale("en")


def twice(metric: str = "visitors") -> ParseIssue:
    return ParseIssue("duplicate_metric", metric, 1.0, "到馆1")


def unknown(text: str) -> ParseIssue:
    return ParseIssue("not_understood", None, 1.0, text)


def test_a_single_note_reads_as_before() -> None:
    assert EN.warnings([twice()]) == [EN.warning(twice())]
    assert ZH.warnings([unknown("abc1")]) == ["ℹ️ 没看懂“abc1”，这部分没有保存。"]


def test_a_figure_given_many_times_says_how_many() -> None:
    assert EN.warnings([twice()] * 1023) == [
        "ℹ️ Visitors was given 1,024 times; the last figure was kept."
    ]
    assert ZH.warnings([twice()] * 2 + [twice("loans")]) == [
        "ℹ️ 到馆人次报了 3 次，按最后一个数字记录。",
        "ℹ️ 外借册次报了两次，按最后一个数字记录。",
    ]


def test_the_same_note_repeated_is_counted() -> None:
    assert EN.warnings([unknown("abc1")] * 5) == [
        "ℹ️ I did not understand “abc1”; it was not saved. ×5"
    ]


def test_past_a_few_of_one_kind_the_rest_are_counted() -> None:
    issues = [unknown(f"x{i}") for i in range(500)] + [unknown("x0")] * 2
    lines = EN.warnings(issues)
    assert len(lines) == NOTES_PER_KIND + 1
    assert lines[0] == "ℹ️ I did not understand “x0”; it was not saved. ×3"
    assert lines[-1] == "ℹ️ … and 497 more like that."


@pytest.mark.parametrize("renderer", [ZH, EN])
def test_a_confirmation_with_a_flood_of_repeats_stays_short(renderer: Renderer) -> None:
    confirmation = Confirmation(
        1, "角楼图书馆", dt.date(2026, 11, 19), {"visitors": 1}, warnings=(twice(),) * 1023
    )
    reply = renderer.confirmation(confirmation)
    assert len(reply.text.splitlines()) == 3  # the head, the figure, one note
