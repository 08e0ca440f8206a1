"""Branches without targets are listed apart from the pace ranking, at most APART by name,
the rest counted, each against its own last year, in either language."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.digest import APART, Digest, EventsHeld, Untargeted, YearOnYear
from bot.core.metrics import MetricCatalogue
from bot.render import Renderers
from bot.render.i18n import Catalogs

RENDERERS = Renderers(Catalogs(), MetricCatalogue.default())
END = dt.date(2026, 11, 22)


def digest(count: int, locale: str) -> str:
    apart = tuple(
        Untargeted(f"b{n}", f"服务点{n}", (YearOnYear("visitors", 1_100 + n, 1_000),))
        for n in range(count)
    )
    week = Digest("图书馆", "2026-W47", END - dt.timedelta(days=6), END, (), (), (), (),
                  EventsHeld(0, 0, 0, ()), untargeted=apart)  # fmt: skip
    return RENDERERS.for_locale(locale).digest(week)


@pytest.mark.parametrize(("extra", "more"), [(0, None), (1, "……另有 1 个未分配目标的分馆"),
                                             (25, "……另有 25 个未分配目标的分馆")])  # fmt: skip
def test_past_the_cap_the_rest_are_counted(extra: int, more: str | None) -> None:
    text = digest(APART + extra, "zh_CN")
    listed = [line for line in text.splitlines() if line.startswith("• 服务点")]
    assert len(listed) == APART
    assert listed[0] == "• 服务点0：到馆人次 1,100（同比 ▲ 10.0%）"
    assert (more in text) if more else ("另有" not in text)
    assert "领先应达进度" not in text  # nothing ranked: no ranking headings


def test_in_english_the_count_agrees() -> None:
    assert "… and 1 more branch without targets" in digest(APART + 1, "en")
    assert "… and 2 more branches without targets" in digest(APART + 2, "en")
    assert "• 服务点0: Visitors 1,100 (▲ 10.0% on last year)" in digest(1, "en")
