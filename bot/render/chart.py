"""The weekly digest's first chart: year-to-date attainment against pace, one bar per
metric, each bar's colour explained in the legend and its figure beside it.

matplotlib is imported when a chart is drawn, not with this module: it is most of the
import time of ``libbot run``, which draws a chart once a week, and a restart should be quick.
The fonts (``cjk_font``) and ``Words`` serve the digest's second chart too (``week_chart``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from babel.numbers import format_percent
from fontTools.ttLib import TTFont, TTLibError  # type: ignore[import-untyped]  # no stubs

from bot.render.chart_layout import fit
from bot.render.collector import collector_paused
from bot.render.png import rgb_png

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

__all__ = [
    "ChartBar", "ChartText", "Words", "cjk_font", "figure_png", "progress_chart",
    "progress_figure",
]  # fmt: skip

CJK_FAMILIES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "SimHei", "Noto Sans CJK JP",
    "Noto Sans CJK TC", "Source Han Sans CN", "Droid Sans Fallback",
)  # fmt: skip
"""Families tried first, best first; any other installed font that covers the text follows."""

FONT_PATHS: list[str] | None = None
"""Folders searched for font files; None: the system's (fontconfig's list, and the usual
folders such as /usr/share/fonts and ~/.local/share/fonts, searched afresh each time)."""

AHEAD, SLIPPING, BEHIND = "#2e7d32", "#f9a825", "#c62828"
PACE = "#212121"


@dataclass(frozen=True, slots=True)
class Words:
    """A string to draw, in the reader's language and in English: a chart is drawn all in
    the reader's language when an installed font has every glyph, else all in English."""

    local: str
    english: str


@dataclass(frozen=True, slots=True)
class ChartBar:
    """One metric: its name, year-to-date share of target, where pace puts it, and the
    year-to-date figure itself (digits grouped in the reader's locale)."""

    label: Words
    attainment: float
    expected: float
    figure: str = ""


@dataclass(frozen=True, slots=True)
class ChartText:
    """The chart's title, its axis (the share of the target done), and its legend: its
    title, a colour for ahead, within 10 % of and behind pace, and the pace marker."""

    title: Words
    axis: Words
    legend: Words
    ahead: Words
    slipping: Words
    behind: Words
    pace: Words


@functools.lru_cache(maxsize=64)
def _coverage(path: Path) -> frozenset[int]:
    """Code points the font at ``path`` (first face of a collection) has glyphs for."""
    try:
        with TTFont(path, fontNumber=0, lazy=True) as font:
            return frozenset(font.getBestCmap() or ())
    except (OSError, TTLibError):
        return frozenset()


def _register_new_fonts() -> None:
    """Add to matplotlib's font list the font files installed since it was built.

    matplotlib builds the list once and keeps it in ~/.cache/matplotlib, so a CJK font
    installed after the first run would never be seen: the files are looked up by path.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    known = {entry.fname for entry in manager.ttflist}
    for path in sorted(set(font_manager.findSystemFonts(FONT_PATHS)) - known):
        try:
            manager.addfont(path)
        except (OSError, RuntimeError, ValueError):  # not a font FreeType can read
            continue


def _installed_fonts() -> list[Path]:
    """The installed fonts, well-known CJK families first; Last Resort's boxes never count."""
    from matplotlib import font_manager

    _register_new_fonts()
    entries = [e for e in font_manager.fontManager.ttflist if not e.name.startswith("Last Resort")]
    rank = {family: i for i, family in enumerate(CJK_FAMILIES)}
    entries.sort(key=lambda e: (rank.get(e.name, len(rank)), e.weight != 400))
    return list(dict.fromkeys(Path(e.fname) for e in entries))


def cjk_font(text: str, fonts: Iterable[Path] | None = None) -> Path | None:
    """The first font with a glyph for every character of ``text``; None when none has."""
    needed = {ord(c) for c in text if not c.isspace()}
    candidates = _installed_fonts() if fonts is None else fonts
    return next((Path(f) for f in candidates if needed <= _coverage(Path(f))), None)


def _percent(ratio: float) -> str:
    # zh_CN and en write a whole percentage alike ("83%"), so the chart needs no locale.
    return format_percent(ratio, format="#,##0%", locale="en")


def _colour(bar: ChartBar) -> str:
    if bar.attainment >= bar.expected:
        return AHEAD
    return SLIPPING if bar.attainment >= 0.9 * bar.expected else BEHIND


def strings_and_font(
    words: Sequence[Words], fonts: Iterable[Path] | None
) -> tuple[list[str], Path | None]:
    """The strings to draw, all localised or all English, and the font file to draw them
    with (None: matplotlib's default font draws them)."""
    from matplotlib import font_manager
    from matplotlib.font_manager import FontProperties

    local = [w.local for w in words]
    if cjk_font("".join(local), [Path(font_manager.findfont(FontProperties()))]):
        return local, None
    if font := cjk_font("".join(local), fonts):
        return local, font
    return [w.english for w in words], None


def font_props(font: Path | None, size: float) -> FontProperties:
    """Properties for text in ``font`` (None: the default) at ``size`` points."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=font, size=size) if font else FontProperties(size=size)


def progress_figure(
    bars: Sequence[ChartBar], text: ChartText, *, fonts: Iterable[Path] | None = None
) -> Figure:
    """The chart as a Figure, localised when some font draws every string, else in English.

    Each bar is coloured by pace (the legend says how), the pace is a black tick across it,
    and the percentage and the year-to-date figure stand right of both bar and tick.
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if not bars:
        raise ValueError("no bars to chart")
    words = [text.title, text.axis, text.legend, text.ahead, text.slipping, text.behind, text.pace]
    (title, axis, legend, ahead, slipping, behind, pace, *labels), font = strings_and_font(
        [*words, *(b.label for b in bars)], fonts
    )
    # 5 in at 200 dpi: 1000 px wide, and 10 pt text stays legible when a phone shrinks it.
    fig = Figure(figsize=(5, 1.9 + 0.42 * len(bars)), dpi=200)
    ax = fig.add_subplot()
    rows = range(len(bars))
    # the pace ticks set the vertical limits; the bars, inside them, are plain rectangles
    # (what barh makes, in a third of the time)
    ax.vlines([b.expected for b in bars], [y - 0.4 for y in rows], [y + 0.4 for y in rows], PACE)
    for y, bar in zip(rows, bars, strict=True):
        ax.add_artist(Rectangle((0, y - 0.3), bar.attainment, 0.6, facecolor=_colour(bar)))
    top = max(1.0, *(max(b.attainment, b.expected) for b in bars))
    right = top / 0.64  # a third of the width left for the figures
    for y, bar in zip(rows, bars, strict=True):
        figure = _percent(bar.attainment) + (f" · {bar.figure}" if bar.figure else "")
        x = max(bar.attainment, bar.expected) + 0.015 * right  # clear of bar and pace tick
        ax.text(x, y, figure, va="center", fontsize=9)
    ax.axvline(1.0, color="#9e9e9e", linewidth=1, linestyle="--", zorder=0)
    ax.set_xlim(0, right)
    ax.xaxis.set_major_locator(MaxNLocator(6, steps=[2.5, 5, 10]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: _percent(value)))
    ax.tick_params(axis="x", labelsize=9)
    ax.set_xlabel(axis, fontproperties=font_props(font, 9))
    ax.set_yticks(rows, labels, fontproperties=font_props(font, 11))
    ax.invert_yaxis()
    ax.spines[["top", "right"]].set_visible(False)
    heading = fig.suptitle(title, fontproperties=font_props(font, 12), wrap=True)
    marker = Line2D([], [], color=PACE, marker="|", linestyle="none", markersize=10, mew=1.5)
    key = fig.legend(
        [Patch(color=AHEAD), Patch(color=SLIPPING), Patch(color=BEHIND), marker],
        [ahead, slipping, behind, pace],
        loc="lower center",
        ncols=1,
        prop=font_props(font, 9),
        title=legend,
        title_fontproperties=font_props(font, 9),
        frameon=False,
    )
    fit(fig, ax, heading, key)
    return fig


def figure_png(fig: Figure) -> bytes:
    """A figure rendered to PNG bytes, on the canvas ``fit`` measured its texts on if any."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]  # untyped upstream
    return rgb_png(np.asarray(canvas.buffer_rgba()))  # type: ignore[no-untyped-call]


def progress_chart(
    bars: Sequence[ChartBar], text: ChartText, *, fonts: Iterable[Path] | None = None
) -> bytes:
    """The chart as PNG bytes; see progress_figure."""
    with collector_paused():
        return figure_png(progress_figure(bars, text, fonts=fonts))
