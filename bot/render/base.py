"""Replies as text (Telegram HTML) plus buttons, and what every text module shares.

Rendering is pure: outcomes and a translator in, :class:`Reply` out. Anything that came
from a user or from the organisation file is escaped before it is echoed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape

from bot.core.examples import ExampleBook, Examples
from bot.core.metrics import MetricCatalogue
from bot.core.outcomes import ContestChoice
from bot.core.progress import MetricProgress
from bot.render.i18n import Translator


@dataclass(frozen=True, slots=True)
class PickBranch:
    """File the parked report ``pending_id`` under ``branch``."""

    pending_id: int
    branch: str


@dataclass(frozen=True, slots=True)
class KeepUnusual:
    """Store the parked report with an unusual value (``keep``), or drop it."""

    pending_id: int
    keep: bool


@dataclass(frozen=True, slots=True)
class UndoReport:
    """Take back the report ``report_id``."""

    report_id: int


@dataclass(frozen=True, slots=True)
class CorrectReport:
    """Explain how to correct the report ``report_id``."""

    report_id: int


@dataclass(frozen=True, slots=True)
class ResolveContest:
    """Another person's figures: replace them, add to them or keep them."""

    pending_id: int
    choice: ContestChoice


@dataclass(frozen=True, slots=True)
class ResolveClosure:
    """A closure for days with figures: remove the figures (``remove``) or keep them."""

    pending_id: int
    remove: bool


@dataclass(frozen=True, slots=True)
class KeepReport:
    """Leave the report ``report_id`` as it is (its message was edited to say nothing)."""

    report_id: int


@dataclass(frozen=True, slots=True)
class SetLanguage:
    """Write to this reader in ``locale`` from now on."""

    locale: str


ButtonAction = (
    PickBranch
    | KeepUnusual
    | UndoReport
    | CorrectReport
    | ResolveContest
    | ResolveClosure
    | KeepReport
    | SetLanguage
)
"""What a button does when tapped; the handler that reads it decides how it is written."""


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button: its label and what tapping it does."""

    label: str
    action: ButtonAction


@dataclass(frozen=True, slots=True)
class Reply:
    """A message to send: HTML text and rows of inline buttons."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = field(default=())


class RendererBase:
    """A reader's translator, the metric catalogue and the reader's examples."""

    def __init__(
        self, t: Translator, catalogue: MetricCatalogue, examples: Examples | None = None
    ) -> None:
        self.t = t
        self._catalogue = catalogue
        self.examples = examples or ExampleBook(catalogue).for_reader(t.locale)

    def example_figures(self, count: int = 3, *, tag: int | None = None) -> str:
        """Figures as the reader would send them (``到馆 1,234 外借 560``, ``visitors 1,234
        loans 560``), after the ``tag``-th branch tag when asked (escaped)."""
        figures = self.examples.figures[:count]
        line = " ".join(f"{e.word} {self.t.number(e.value)}" for e in figures)
        return escape(self.example_tag(tag) + line if tag is not None else line)

    def example_figure(self, metric: str | None = None) -> str:
        """One figure as the reader would send it: ``metric``'s, or the first (escaped)."""
        e = self.examples.figure(metric)
        return "" if e is None else escape(f"{e.word} {self.t.number(e.value)}")

    def example_level(self) -> str:
        """A level as the reader would send it (``公众号关注量 12,345``), escaped."""
        e = self.examples.level
        return "" if e is None else escape(f"{e.word} {self.t.number(e.value)}")

    def example_word(self, metric: str) -> str:
        """The word the reader writes for ``metric`` (到馆, visitors), else its name."""
        e = self.examples.figure(metric)
        return escape(e.word) if e is not None and e.metric == metric else self.metric_name(metric)

    def example_branch(self, index: int = 0) -> str:
        """The ``index``-th branch as the reader names it (和平), not escaped; "" when none."""
        return self._branch_tag(index).lstrip("#")

    def example_tag(self, index: int = 0) -> str:
        """``#和平 ``: how a report names the ``index``-th branch, and a space ("" when none)."""
        tag = self._branch_tag(index)
        return f"{tag} " if tag else ""

    def _branch_tag(self, index: int) -> str:
        tags = self.examples.tags
        return tags[min(index, len(tags) - 1)] if tags else ""

    def opening_example(self) -> str:
        """``和平 1-11月 到馆 123,400 外借 56,000``: a branch of the reader's, eleven months, and
        two tracked metrics that add up (a level has no total over months), escaped."""
        flows = [e for e in self.examples.figures
                 if " " not in e.word and self._catalogue.get(e.metric).kind == "flow"]  # fmt: skip
        pairs = " ".join(f"{e.word} {self.t.number(e.value * 100)}" for e in flows[:2])
        return escape(f"{self.example_branch()} 1-11月 {pairs}")

    def example_closure(self, tag: int | None = 0) -> str:
        """``#和平 今日闭馆`` · ``#Harbour closed today`` (without a tag when ``tag`` is None)."""
        head = self.example_tag(tag) if tag is not None else ""
        return escape(head + self.examples.closed_today)

    def figure_line(self, metric: str, value: int, old: int | None, corrected: bool) -> str:
        """``到馆人次 1,234 人次`` (or ``1,200 → 1,234`` for a correction)."""
        m = self._catalogue.get(metric)
        name = escape(m.name(self.t.locale))
        unit = escape(m.unit(self.t.locale, value))
        if corrected and old is not None:
            return self.t(
                "• {name}: {old} → <b>{value}</b> {unit}",
                name=name, old=self.t.number(old), value=self.t.number(value), unit=unit,
            )  # fmt: skip
        return self.t("• {name}: <b>{value}</b> {unit}", name=name,
                      value=self.t.number(value), unit=unit)  # fmt: skip

    def day_count(self, count: int) -> str:
        """``3 days`` · ``1 day`` · ``3天``."""
        return self.t.plural("{count} day", "{count} days", count)

    def participants(self, count: int) -> str:
        """``120 participants`` · ``1 participant`` · ``120人次``."""
        return self.t.plural("{count} participant", "{count} participants", count)

    def events_held(self, count: int, online: int, participants: int) -> str:
        """The events as the catalogue counts them, in the digest and ``/year`` alike:
        ``events`` (the 活动场次 row) and, never added into it, ``online_events``."""
        t, people = self.t, self.participants(participants)
        if not online:
            return t.plural("{count} event, {participants}", "{count} events, {participants}",
                            count, participants=people)  # fmt: skip
        return t.plural("{count} event in person and {online} online, {participants}",
                        "{count} events in person and {online} online, {participants}",
                        count, online=t.number(online), participants=people)  # fmt: skip

    def day(self, day: dt.date) -> str:
        """A report date with its weekday."""
        return self.t("{date} ({weekday})", date=self.t.date(day), weekday=self.t.weekday(day))

    def metric_name(self, code: str | None) -> str:
        if code is None or code not in self._catalogue:
            return ""
        return escape(self._catalogue.get(code).name(self.t.locale))

    def pace_note(self, row: MetricProgress) -> str:
        """``pace 87% · behind by 2.3 points (13,800)``."""
        t = self.t
        ahead, points = row.ahead or 0.0, row.ahead_points or 0.0
        pace = t.percent(row.expected_attainment or 0.0)
        if ahead >= 0:
            return t("pace {pace} · ahead by {points} pts ({units})", pace=pace,
                     points=t.decimal(points), units=t.number(round(ahead)))  # fmt: skip
        return t("pace {pace} · behind by {points} pts ({units})", pace=pace,
                 points=t.decimal(-points), units=t.number(round(-ahead)))  # fmt: skip
