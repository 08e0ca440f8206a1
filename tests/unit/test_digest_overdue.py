"""The digest names the most overdue deadlines, at most OVERDUE_SHOWN, and counts the rest,
in either language: a long-neglected list never buries the digest."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.deadlines.outcomes import DeadlineDigest, DeadlineItem
from bot.core.digest import Digest, EventsHeld
from bot.core.metrics import MetricCatalogue
from bot.render import Renderers
from bot.render.digest import OVERDUE_SHOWN
from bot.render.i18n import Catalogs

RENDERERS = Renderers(Catalogs(), MetricCatalogue.default())
END = dt.date(2026, 11, 22)


def overdue(count: int) -> tuple[DeadlineItem, ...]:
    """``count`` overdue deadlines, listed newest first: the order must not matter."""
    items = [
        DeadlineItem(n, f"任务{n}", END - dt.timedelta(days=n), -n, ("角楼图书馆",), 0, 1)
        for n in range(1, count + 1)
    ]
    return tuple(items)


def digest(items: tuple[DeadlineItem, ...]) -> str:
    week = Digest("图书馆", "2026-W47", END - dt.timedelta(days=6), END, (), (), (), (),
                  EventsHeld(0, 0, 0, ()), DeadlineDigest(overdue=items))  # fmt: skip
    return RENDERERS.for_locale("zh_CN").digest(week)


def test_every_overdue_deadline_is_named_up_to_the_cap() -> None:
    text = digest(overdue(OVERDUE_SHOWN))
    assert all(f"任务{n} " in text for n in range(1, OVERDUE_SHOWN + 1))
    assert "另有" not in text


def test_past_the_cap_the_most_overdue_are_named_and_the_rest_counted() -> None:
    extra = 7
    text = digest(overdue(OVERDUE_SHOWN + extra))
    named = [n for n in range(1, OVERDUE_SHOWN + extra + 1) if f"任务{n} " in text]
    assert named == list(range(extra + 1, OVERDUE_SHOWN + extra + 1))  # the oldest ones
    assert text.splitlines()[-1] == f"……另有 {extra} 项逾期"


@pytest.mark.parametrize(("locale", "line"), [("zh_CN", "……另有 1,234 项逾期"),
                                              ("en", "… and 1,234 more overdue")])  # fmt: skip
def test_the_count_is_a_number_in_the_reader_s_language(locale: str, line: str) -> None:
    render = RENDERERS.for_locale(locale)
    lines = render.overdue_deadlines(overdue(OVERDUE_SHOWN + 1234))
    assert len(lines) == OVERDUE_SHOWN + 1 and lines[-1] == line
