"""Examples for help, usage lines, reminders and errors, taken from the organisation itself.

A library with no 角楼 should never be told to write ``#角楼``, and an English reader should
not be shown Chinese metric words. So an example names the organisation's own branches (the
reader's first) and the metrics it tracks (those with targets, else the catalogue's first),
in the words of the reader's language that the report parser reads back as what they claim.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.metrics import Metric, MetricCatalogue
from bot.core.org import Branch, Organisation
from bot.core.parsing import ReportParser

__all__ = ["Example", "ExampleBook", "Examples", "branch_tag"]

TAGS = 2  # branches an example may name (a deadline for two)
# A day's figure that reads as an ordinary day at an ordinary branch.
_VALUES = {
    "visitors": 1234, "loans": 560, "loan_patrons": 210, "reading_room": 300,
    "new_cards": 12, "events": 3, "event_participants": 120, "online_events": 1,
    "digital_clicks": 2300, "downloads": 450, "web_pageviews": 800,
    "wechat_followers": 12345, "wechat_views": 1500, "acquisitions_titles": 40,
    "acquisitions_volumes": 120,
}  # fmt: skip
_OTHER_VALUE = 10  # a metric of the organisation's own
_YESTERDAY = {"zh_CN": "昨天", "en": "yesterday"}
_CLOSED_TODAY = {"zh_CN": "今日闭馆", "en": "closed today"}
_TRIAL_DAY = dt.date(2026, 6, 17)  # any ordinary day: the words are read, not the date


@dataclass(frozen=True, slots=True)
class Example:
    """One figure as a reader writes it: ``到馆 1234``, ``visitors 1234``."""

    metric: str
    word: str
    value: int


@dataclass(frozen=True, slots=True)
class Examples:
    """What a reader's examples are made of, in their language."""

    tags: tuple[str, ...]  # how a report names a branch (#海港): the reader's own first
    figures: tuple[Example, ...]  # the tracked metrics first; every one reads alone
    yesterday: str  # the word for the day before
    closed_today: str  # a closure notice for today
    level: Example | None  # a stock metric (a level, never a sum), if the catalogue has one

    def figure(self, metric: str | None = None) -> Example | None:
        """The example for ``metric``, or the first when it has none (None: no figures)."""
        found = [e for e in self.figures if e.metric == metric]
        return found[0] if found else (self.figures[0] if self.figures else None)


class ExampleBook:
    """Examples for each reader, built from the organisation (branches changed in chat too).

    A metric's word is chosen once per language: the first of its names and synonyms that
    the parser reads, alone, as that metric (采购 could be 种 or 册, so it is never shown).
    """

    def __init__(self, catalogue: MetricCatalogue, org: Organisation | None = None) -> None:
        self._catalogue = catalogue
        self._org = org
        self._parser = ReportParser(catalogue)
        self._words: dict[tuple[str, str], str | None] = {}

    def for_reader(self, locale: str, branches: Sequence[str] = ()) -> Examples:
        """The examples for a reader in ``locale`` who reports for ``branches`` (codes)."""
        locale = "zh_CN" if locale == "zh_CN" else "en"
        figures = tuple(
            Example(code, word, _value(self._catalogue.get(code)))
            for code in self._metrics()
            if (word := self._word(locale, code)) is not None
        )
        stock = next((m for m in self._catalogue if m.kind == "stock"), None)
        level_word = self._word(locale, stock.code) if stock is not None else None
        level = None if stock is None or level_word is None else Example(
            stock.code, level_word, _value(stock)
        )  # fmt: skip
        return Examples(
            tags=self._tags(branches),
            figures=figures,
            yesterday=_YESTERDAY[locale],
            closed_today=_CLOSED_TODAY[locale],
            level=level,
        )

    def _metrics(self) -> list[str]:
        """The tracked metrics (targets of the latest year planned) first, then the rest of
        the catalogue's flow metrics in its order."""
        tracked: list[str] = []
        if self._org is not None and self._org.targets:
            plan = self._org.targets[max(self._org.targets)]
            wanted = set(plan.metrics).union(*(set(b) for b in plan.branches.values()))
            tracked = [c for c in self._catalogue.codes if c in wanted]
        flows = [m.code for m in self._catalogue if m.kind == "flow"]
        return [*tracked, *(c for c in flows if c not in tracked)]

    def _word(self, locale: str, code: str) -> str | None:
        key = (locale, code)
        if key not in self._words:
            self._words[key] = self._first_read(locale, self._catalogue.get(code))
        return self._words[key]

    def _first_read(self, locale: str, metric: Metric) -> str | None:
        """The first word for ``metric`` that the parser reads alone as it: in Chinese the
        shortest (到馆 before 到馆人次), in English its name first (visitors)."""
        if locale == "zh_CN":
            words = sorted((metric.name_zh, *metric.synonyms_zh), key=len)
        else:
            words = [metric.name_en.lower(), *metric.synonyms_en]
        value = _value(metric)
        for word in words:
            read = self._parser.parse(f"{word} {value}", _TRIAL_DAY)
            if read.figures == {metric.code: value} and not read.warnings and read.error is None:
                return word
        return None

    def _tags(self, own: Sequence[str]) -> tuple[str, ...]:
        """Tags for the first :data:`TAGS` branches still in service: the reader's own
        first (in their order), then the rest in the organisation's order."""
        if self._org is None:
            return ()
        org = self._org
        serving = {b.code: b for b in org.branches if b.closed is None}
        ordered = [serving[code] for code in own if code in serving]
        ordered += [b for code, b in serving.items() if code not in own]
        return tuple(branch_tag(org, b) for b in ordered[:TAGS])


def branch_tag(org: Organisation, branch: Branch) -> str:
    """How a report names the branch: # and the shortest of its aliases, name and code that
    can follow # (no space, digit or punctuation) and names it alone (``#海港``); else its
    shortest name, written at the head of the message (``2号服务点``)."""
    words = sorted((*branch.aliases, branch.name), key=len)
    for word in (*words, branch.code):
        resolved = org.resolve_branch(word)
        if _taggable(word) and resolved is not None and resolved.code == branch.code:
            return f"#{word}"
    return words[0]


def _taggable(word: str) -> bool:
    return bool(word) and not any(c.isspace() or c.isdigit() or c in _NOT_IN_TAG for c in word)


_NOT_IN_TAG = frozenset("#,，、;。.!?()[]【】:=")  # what ends a # hint in the parser


def _value(metric: Metric) -> int:
    return min(_VALUES.get(metric.code, _OTHER_VALUE), metric.daily_max)
