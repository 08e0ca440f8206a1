"""Replies as text (Telegram HTML) plus buttons, and what every text module shares.

Rendering is pure: outcomes and a translator in, :class:`Reply` out. Anything that came
from a user or from the organisation file is escaped before it is echoed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape

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
    """A reader's translator and the metric catalogue."""

    def __init__(self, t: Translator, catalogue: MetricCatalogue) -> None:
        self.t = t
        self._catalogue = catalogue

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
