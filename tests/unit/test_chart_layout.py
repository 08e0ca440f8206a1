"""The digest charts' layout, PNG writer and collector pause: every text inside the picture
and clear of the others, the pixels as drawn, the collector as it was."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image

from bot.render.chart import ChartBar, Words, figure_png, progress_figure
from bot.render.chart_layout import PAD
from bot.render.collector import CollectorPause
from bot.render.png import rgb_png
from bot.render.week_chart import WeekRow, week_figure
from tests.unit.test_chart import BARS, NOTO, TEXT
from tests.unit.test_week_chart import ROWS, WEEKS
from tests.unit.test_week_chart import TEXT as WEEK_TEXT

LONG = Words("少儿阅读活动参与人次", "Children's events")
WIDE = ChartBar(LONG, 1.35, 0.87, "8,610,000")  # over 100 %, a long figure
LONG_TITLE = replace(
    TEXT,
    title=Words(
        "东城区第一图书馆（总馆）及所属各分馆、街道与社区图书室 · 2026年第47周（11月16日至22日）",
        "Dongcheng District No.1 Library (Main) and its branches"
        " · year to date against the plan · 2026-W47 (11-16 – 11-22)",
    ),
)


def charts() -> Iterator[tuple[str, Figure]]:
    """Both charts in Chinese and in English, a long label, a bar over 100 %, one bar."""
    for fonts, lang in (([NOTO], "zh"), ([], "en")):
        yield f"year {lang}", progress_figure([*BARS, WIDE], TEXT, fonts=fonts)
        yield f"year {lang} one", progress_figure(BARS[:1], TEXT, fonts=fonts)
        yield f"year {lang} long title", progress_figure(BARS, LONG_TITLE, fonts=fonts)
        rows = [*ROWS, WeekRow(LONG, (1, 2, 3, 4, 5, 6, 7, 12_345_678), "12,345,678", "▲ 99.9%")]
        yield f"week {lang}", week_figure(rows, WEEKS, WEEK_TEXT, fonts=fonts)


CHARTS = [pytest.param(fig, id=name) for name, fig in charts()]


def boxes(fig: Figure) -> dict[Text, Bbox]:
    """Every text drawn on a rendered figure: not the labels of ticks beyond the limits."""
    (ax,) = fig.axes
    beyond = {
        tick.label1
        for axis, (low, high) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim()))
        for tick in axis.get_major_ticks()
        if not min(low, high) <= tick.get_loc() <= max(low, high)
    }
    return {
        t: t.get_window_extent()
        for t in fig.findobj(Text)
        if t.get_text() and t.get_visible() and t not in beyond
    }


@pytest.mark.parametrize(
    ("name", "fig"), list(charts()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_text_is_inside_the_picture_with_a_margin(name: str, fig: Figure) -> None:
    figure_png(fig)
    pad = PAD * fig.dpi - 0.5
    for text, box in boxes(fig).items():
        assert box.x0 >= pad and box.y0 >= pad, text.get_text()
        assert box.x1 <= fig.bbox.width - pad and box.y1 <= fig.bbox.height - pad, text.get_text()


@pytest.mark.parametrize(
    ("name", "fig"), list(charts()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_title_axes_and_legend_are_stacked_clear_of_each_other(name: str, fig: Figure) -> None:
    figure_png(fig)
    (ax,) = fig.axes
    (title,) = fig.texts  # the suptitle
    axes = ax.get_tightbbox()
    assert axes is not None
    legend = fig.legends[0].get_window_extent()
    assert title.get_window_extent().y0 > axes.y1 > axes.y0 > legend.y1


def test_texts_never_overlap() -> None:
    for name, fig in charts():
        figure_png(fig)
        found = list(boxes(fig).items())
        for i, (a, box_a) in enumerate(found):
            for b, box_b in found[i + 1 :]:
                assert not box_a.overlaps(box_b), (name, a.get_text(), b.get_text())


def test_png_holds_the_pixels_as_drawn() -> None:
    rgba = np.random.default_rng(7).integers(0, 256, (37, 53, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    with Image.open(io.BytesIO(rgb_png(rgba))) as image:
        assert image.mode == "RGB" and image.size == (53, 37)
        assert np.array_equal(np.asarray(image), rgba[..., :3])


def test_the_collector_is_paused_inside_and_resumed_by_the_last_one_out() -> None:
    pause = CollectorPause()
    assert gc.isenabled()
    with pause():
        assert not gc.isenabled()
        with pause():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), pause():
        raise ValueError
    assert gc.isenabled()


def test_a_collector_turned_off_stays_off() -> None:
    pause = CollectorPause()
    gc.disable()
    try:
        with pause():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_title_wider_than_the_picture_is_wrapped() -> None:
    for fonts in ([NOTO], []):
        fig = progress_figure(BARS, LONG_TITLE, fonts=fonts)
        figure_png(fig)
        (title,) = fig.texts
        assert title.get_wrap() and title.get_window_extent().height > 60  # two lines or more
        short = progress_figure(BARS, TEXT, fonts=fonts)
        figure_png(short)
        assert not short.texts[0].get_wrap()  # one line as it is: nothing to measure again
