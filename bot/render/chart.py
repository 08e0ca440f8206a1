"""The weekly digest's chart: year-to-date attainment against pace, one bar per metric.

matplotlib is imported when a chart is drawn, not with this module: it is most of the
import time of ``libbot run``, which draws a chart once a week, and a restart should be quick.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from babel.numbers import format_percent
from fontTools.ttLib import TTFont, TTLibError  # type: ignore[import-untyped]  # no stubs

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["ChartBar", "ChartText", "cjk_font", "figure_png", "progress_chart", "progress_figure"]

CJK_FAMILIES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "SimHei", "Noto Sans CJK JP",
    "Noto Sans CJK TC", "Source Han Sans CN", "Droid Sans Fallback",
)  # fmt: skip
"""Families tried first, best first; any other installed font that covers the text follows."""

AHEAD, SLIPPING, BEHIND = "#2e7d32", "#f9a825", "#c62828"
PACE = "#212121"


@dataclass(frozen=True, slots=True)
class ChartBar:
    """One metric: its label, year-to-date share of target and where pace puts it."""

    label: str
    fallback_label: str
    attainment: float
    expected: float


@dataclass(frozen=True, slots=True)
class ChartText:
    """The chart's title and legend, localised and in English."""

    title: str
    fallback_title: str
    legend_actual: str
    fallback_legend_actual: str
    legend_pace: str
    fallback_legend_pace: str


@functools.lru_cache(maxsize=64)
def _coverage(path: Path) -> frozenset[int]:
    """Code points the font at ``path`` (first face of a collection) has glyphs for."""
    try:
        with TTFont(path, fontNumber=0, lazy=True) as font:
            return frozenset(font.getBestCmap() or ())
    except (OSError, TTLibError):
        return frozenset()


def _installed_fonts() -> list[Path]:
    """matplotlib's fonts, well-known CJK families first; Last Resort's boxes never count."""
    from matplotlib import font_manager

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


def _strings_and_font(
    bars: Sequence[ChartBar], text: ChartText, fonts: Iterable[Path] | None
) -> tuple[list[str], Path | None]:
    """Title, legend and labels to draw, and the font file to draw them with (None: default)."""
    from matplotlib import font_manager
    from matplotlib.font_manager import FontProperties

    strings = [text.title, text.legend_actual, text.legend_pace, *(b.label for b in bars)]
    if cjk_font("".join(strings), [Path(font_manager.findfont(FontProperties()))]):
        return strings, None
    if font := cjk_font("".join(strings), fonts):
        return strings, font
    fallbacks = [text.fallback_title, text.fallback_legend_actual, text.fallback_legend_pace]
    return [*fallbacks, *(b.fallback_label for b in bars)], None


def progress_figure(
    bars: Sequence[ChartBar], text: ChartText, *, fonts: Iterable[Path] | None = None
) -> Figure:
    """The chart as a Figure, localised when some font draws every string, else in English."""
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.legend_handler import HandlerTuple
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if not bars:
        raise ValueError("no bars to chart")
    (title, actual, pace, *labels), font = _strings_and_font(bars, text, fonts)

    def props(size: float) -> FontProperties:
        return FontProperties(fname=font, size=size) if font else FontProperties(size=size)

    # 5 in at 200 dpi: 1000 px wide, and 10 pt text stays legible when a phone shrinks it.
    fig = Figure(figsize=(5, 1.4 + 0.42 * len(bars)), dpi=200, layout="constrained")
    ax = fig.add_subplot()
    rows = range(len(bars))
    ax.barh(rows, [b.attainment for b in bars], height=0.6, color=[_colour(b) for b in bars])
    ax.vlines([b.expected for b in bars], [y - 0.4 for y in rows], [y + 0.4 for y in rows], PACE)
    right = 1.2 * max(1.0, *(b.attainment for b in bars))  # room for the figure after a bar
    for y, bar in zip(rows, bars, strict=True):
        x = bar.attainment + 0.015
        if bar.attainment < bar.expected < x + 0.13 * right:  # keep the figure off the marker
            x = bar.expected + 0.015
        ax.text(x, y, _percent(bar.attainment), va="center", fontsize=10)
    ax.axvline(1.0, color="#9e9e9e", linewidth=1, linestyle="--", zorder=0)
    ax.set_xlim(0, right)
    ax.xaxis.set_major_locator(MaxNLocator(6, steps=[2.5, 5, 10]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: _percent(value)))
    ax.tick_params(axis="x", labelsize=9)
    ax.set_yticks(rows, labels, fontproperties=props(11))
    ax.invert_yaxis()
    ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle(title, fontproperties=props(12), wrap=True)
    swatch = tuple(Patch(color=c) for c in (AHEAD, SLIPPING, BEHIND))
    marker = Line2D([], [], color=PACE, marker="|", linestyle="none", markersize=10, mew=1.5)
    # A tuple of patches is one handle, drawn by HandlerTuple; the stubs want Artists.
    fig.legend(  # type: ignore[call-overload]
        [swatch, marker],
        [actual, pace],
        loc="outside lower center",
        ncols=2,
        prop=props(10),
        frameon=False,
        handler_map={tuple: HandlerTuple(ndivide=None, pad=0)},
    )
    return fig


def figure_png(fig: Figure) -> bytes:
    """A figure rendered to PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer)  # type: ignore[no-untyped-call]  # untyped upstream
    return buffer.getvalue()


def progress_chart(
    bars: Sequence[ChartBar], text: ChartText, *, fonts: Iterable[Path] | None = None
) -> bytes:
    """The chart as PNG bytes; see progress_figure."""
    return figure_png(progress_figure(bars, text, fonts=fonts))
