"""Reading periods, sheet names and /opening's words."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.imports import column_letter, month_span, parse_period
from bot.core.opening import OpeningCommand, OpeningRefused, parse_opening
from storage.models import MonthSpan


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2026-03-14", dt.date(2026, 3, 14)),
        ("2026-03", MonthSpan("2026-03", "2026-03")),
        ("2026-01/2026-11", MonthSpan("2026-01", "2026-11")),
        ("2025-11/2026-02", None),  # months of one year only
        ("2026-11/2026-01", None),
        ("2026-13", None),
        ("2026-02-30", None),
        ("yesterday", None),
    ],
)
def test_periods(text: str, period: object) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize(
    ("name", "span"),
    [
        ("1-11月", MonthSpan("2026-01", "2026-11")),
        ("2025年1-11月", MonthSpan("2025-01", "2025-11")),
        ("1月-11月", MonthSpan("2026-01", "2026-11")),
        ("11月", MonthSpan("2026-11", "2026-11")),
        ("1-13月", None),
        ("到馆人次", None),
    ],
)
def test_month_spans(name: str, span: MonthSpan | None) -> None:
    assert month_span(name, 2026) == span


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 3, 25, 26, 27)] == ["A", "D", "Z", "AA", "AB"]


def test_opening_words() -> None:
    command = parse_opening(["角楼", "1-11月", "到馆", "3200", "外借1.5万"], 2026)
    assert command == OpeningCommand(
        "角楼", MonthSpan("2026-01", "2026-11"), (("到馆", 3200), ("外借", 15000))
    )
    assert parse_opening(["角楼", "1-11月", "到馆"], 2026) == OpeningRefused("usage")
    assert parse_opening(["角楼", "1-11月", "到馆", "-5"], 2026) == OpeningRefused(
        "not_a_number", "-5"
    )


def test_a_month_span_knows_its_days() -> None:
    span = MonthSpan("2026-02", "2026-11")
    assert (span.start, span.end) == (dt.date(2026, 2, 1), dt.date(2026, 11, 30))
    assert span.label == "2026-02/2026-11" and MonthSpan("2026-12", "2026-12").label == "2026-12"
    assert MonthSpan("2026-12", "2026-12").end == dt.date(2026, 12, 31)
