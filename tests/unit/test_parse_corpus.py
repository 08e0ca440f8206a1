"""Every line of parse_corpus.jsonl: a message staff might send and what they mean by it.

Each line is ``{"text", "today", "expected"}``; ``expected`` has the shape of
``ParseResult.to_json()`` except that ``error`` is an issue code (or null),
``warnings``, when given, is the list of issue codes in order, and ``closed_until``
may be left out where it is null.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from bot.core.metrics import MetricCatalogue
from bot.core.parsing import ParseResult, ReportParser
from bot.offline.sample import load_sample_org

CORPUS = Path(__file__).with_name("parse_corpus.jsonl")


def _lines() -> list:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [
        pytest.param(json.loads(line), id=f"line{number}")
        for number, line in enumerate(lines, start=1)
        if line.strip()
    ]


def _actual(result: ParseResult, expected: dict) -> dict:
    shown = result.to_json()
    shown["error"] = result.error.code if result.error else None
    if "warnings" in expected:
        shown["warnings"] = [w.code for w in result.warnings]
    else:
        del shown["warnings"]
    if "closed_until" not in expected and shown["closed_until"] is None:
        del shown["closed_until"]
    return shown


@pytest.fixture(scope="module")
def parser() -> ReportParser:
    """The parser as the bot builds it for the sample organisation (角楼, 景山 … by name)."""
    org = load_sample_org()
    return ReportParser(
        MetricCatalogue.default(), {b.code: (b.name, *b.aliases) for b in org.branches}
    )


def test_the_corpus_is_large_and_varied() -> None:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    expected = [row["expected"] for row in rows]
    assert len(rows) >= 500
    assert len({row["text"] for row in rows}) == len(rows), "a message is listed twice"
    assert sum(not e["figures"] and not e["closed"] for e in expected) >= 25  # chit-chat
    assert sum(e["closed"] for e in expected) >= 10
    assert sum(e["error"] is not None for e in expected) >= 10
    assert sum(e["branch"] is not None for e in expected) >= 5
    assert sum(e["date"] != row["today"] for e, row in zip(expected, rows, strict=True)) >= 20
    assert sum(row["text"].isascii() for row in rows) >= 15  # English
    assert sum(len(e["figures"]) >= 3 for e in expected) >= 10  # full daily reports
    assert sum(e.get("closed_until") is not None for e in expected) >= 10  # closure ranges
    ahead = [e for e, row in zip(expected, rows, strict=True) if e["date"] > row["today"]]
    assert sum(e["closed"] and e["error"] is None for e in ahead) >= 10  # planned closures
    codes = {e["error"] for e in expected} | {w for e in expected for w in e.get("warnings", [])}
    assert codes >= {
        "two_dates", "unreadable_date", "future_date", "letters_in_number", "spaced_digits",
        "misplaced_comma", "assumed_spelling", "period_total", "level_change", "two_branches",
        "not_understood", "bad_range", "open_range", "closure_period", "range_with_figures",
    }  # fmt: skip


@pytest.mark.parametrize("row", _lines())
def test_corpus_line(parser: ReportParser, row: dict) -> None:
    today = datetime.date.fromisoformat(row["today"])
    result = parser.parse(row["text"], today)
    expected = row["expected"]
    actual = _actual(result, expected)
    assert actual == expected, f"{row['text']!r} was read as {actual}, meant {expected}"
    order = list(expected["figures"])
    assert list(actual["figures"]) == order, f"{row['text']!r}: figures out of order"
    exit_code = 2 if expected["error"] else 0 if expected["figures"] or expected["closed"] else 1
    assert result.exit_code() == exit_code, f"{row['text']!r}: exit code"
