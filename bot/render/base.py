"""Replies as text (Telegram HTML) plus buttons, and what every text module shares.

Rendering is pure: outcomes and a translator in, :class:`Reply` out. Anything that came
from a user or from the organisation file is escaped before it is echoed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape

from bot.core.metrics import MetricCatalogue
from bot.core.progress import MetricProgress
from bot.render.i18n import Translator


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True, slots=True)
class Reply:
    """A message to send: HTML text and rows of inline buttons."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = field(default=())


MESSAGE_LIMIT = 4096  # Telegram's longest text message, in characters


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """``text`` in parts of at most ``limit`` characters, cut between blocks (blank lines)
    where possible, else between lines; a tag never spans a line, so none is cut."""
    pieces: list[str] = []
    for block in text.split("\n\n"):
        if len(block) <= limit:
            pieces.append(block)
        else:  # a block too long for one message: runs of whole lines (a huge line is cut)
            lines = [cut for line in block.split("\n") for cut in _cut(line, limit)]
            pieces.extend(_pack(lines, "\n", limit))
    return _pack(pieces, "\n\n", limit) or [""]


def _cut(line: str, limit: int) -> list[str]:
    """A line in lengths of at most ``limit`` (an empty line stays one empty line)."""
    return [line[i : i + limit] for i in range(0, len(line), limit)] or [""]


def _pack(pieces: list[str], separator: str, limit: int) -> list[str]:
    """Join consecutive pieces with ``separator`` while the result fits in ``limit``."""
    parts: list[str] = []
    current = ""
    for piece in pieces:
        joined = f"{current}{separator}{piece}" if current else piece
        if len(joined) <= limit:
            current = joined
        else:
            parts.append(current)
            current = piece
    parts.append(current)
    return [p for p in parts if p]


class RendererBase:
    """A reader's translator and the metric catalogue."""

    def __init__(self, t: Translator, catalogue: MetricCatalogue) -> None:
        self.t = t
        self._catalogue = catalogue

    def figure_line(self, metric: str, value: int, old: int | None, corrected: bool) -> str:
        """``到馆人次 1,234 人次`` (or ``1,200 → 1,234`` for a correction)."""
        m = self._catalogue.get(metric)
        name = escape(m.name(self.t.locale))
        unit = escape(m.unit(self.t.locale))
        if corrected and old is not None:
            return self.t(
                "• {name}: {old} → <b>{value}</b> {unit}",
                name=name, old=self.t.number(old), value=self.t.number(value), unit=unit,
            )  # fmt: skip
        return self.t("• {name}: <b>{value}</b> {unit}", name=name,
                      value=self.t.number(value), unit=unit)  # fmt: skip

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
