"""The weekly digest's second chart: the last eight weeks of each key count.

Small multiples in one picture: a row per metric, its eight weekly totals as bars scaled
to that metric's own largest week, so 办证 (tens a week) reads beside 到馆 (tens of
thousands); the latest week dark, its total and its change on the week before at the right.
One axes however many metrics, so the chart costs the same at 30 branches or 3,000.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.render.chart import Words, figure_png, font_props, strings_and_font
from bot.render.chart_layout import fit
from bot.render.collector import collector_paused

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["EARLIER", "LATEST", "WeekRow", "WeekText", "week_chart", "week_figure"]

EARLIER, LATEST = "#90a4ae", "#1565c0"
HEIGHT = 0.78  # of a row: the largest week's bar
WIDTH = 0.72  # of a week's column


@dataclass(frozen=True, slots=True)
class WeekRow:
    """One metric: its name, weekly totals oldest first, the latest week's total (digits
    grouped in the reader's locale) and its change on the week before (may be empty)."""

    label: Words
    totals: Sequence[int]
    latest: str
    change: str = ""


@dataclass(frozen=True, slots=True)
class WeekText:
    """The title (saying how the rows are scaled) and the legend's two kinds of bar."""

    title: Words
    earlier: Words
    latest: Words


def week_figure(
    rows: Sequence[WeekRow],
    weeks: Sequence[str],
    text: WeekText,
    *,
    fonts: Iterable[Path] | None = None,
) -> Figure:
    """The chart as a Figure; ``weeks`` labels the columns, oldest first."""
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    if not rows:
        raise ValueError("no metrics to chart")
    if any(len(r.totals) != len(weeks) for r in rows):
        raise ValueError("a total for every week")
    (title, earlier, latest, *labels), font = strings_and_font(
        [text.title, text.earlier, text.latest, *(r.label for r in rows)], fonts
    )
    count = len(weeks)
    fig = Figure(figsize=(5, 1.5 + 0.5 * len(rows)), dpi=200)
    ax = fig.add_subplot()
    boxes, colours = [], []
    for i, row in enumerate(rows):
        base = len(rows) - 1 - i  # the first metric on top
        peak = max(row.totals) or 1
        for j, total in enumerate(row.totals):
            top = base + HEIGHT * total / peak
            left, right = j - WIDTH / 2, j + WIDTH / 2
            boxes.append([(left, base), (left, top), (right, top), (right, base)])
            colours.append(LATEST if j == count - 1 else EARLIER)
        figure = f"{row.latest}  {row.change}".rstrip()
        ax.text(count - 0.35, base + HEIGHT / 2, figure, va="center", fontsize=9)
    # one collection of bars, not a patch each: a tenth of the drawing time
    ax.add_collection(PolyCollection(boxes, facecolors=colours, edgecolors="none"))
    separators = [base - 0.06 for base in range(len(rows))]
    ax.hlines(separators, -0.6, count + 3.6, color="#e0e0e0", linewidth=0.8, zorder=0)
    ax.set_xlim(-0.6, count + 3.6)  # the right for the latest totals
    ax.set_ylim(-0.15, len(rows) - 0.1)
    ax.set_xticks(range(count), weeks, fontsize=6.5)
    ax.set_yticks(
        [len(rows) - 1 - i + HEIGHT / 2 for i in range(len(rows))],
        labels,
        fontproperties=font_props(font, 10),
    )
    ax.tick_params(axis="y", length=0)
    ax.spines[["top", "right", "left"]].set_visible(False)
    heading = fig.suptitle(title, fontproperties=font_props(font, 11), wrap=True)
    key = fig.legend(
        [Patch(color=EARLIER), Patch(color=LATEST)],
        [earlier, latest],
        loc="lower center",
        ncols=2,
        prop=font_props(font, 9),
        frameon=False,
    )
    fit(fig, ax, heading, key)
    return fig


def week_chart(
    rows: Sequence[WeekRow],
    weeks: Sequence[str],
    text: WeekText,
    *,
    fonts: Iterable[Path] | None = None,
) -> bytes:
    """The chart as PNG bytes; see week_figure."""
    with collector_paused():
        return figure_png(week_figure(rows, weeks, text, fonts=fonts))
