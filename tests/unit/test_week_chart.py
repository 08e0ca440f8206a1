"""The digest's second chart: a row per metric scaled to its own largest week, the latest
week marked, its figure beside it, drawn in the reader's language where a font has it."""

from __future__ import annotations

import io

import pytest
from matplotlib.colors import to_rgba
from PIL import Image

from bot.render.chart import Words, figure_png
from bot.render.week_chart import EARLIER, HEIGHT, LATEST, WeekRow, WeekText, week_figure
from tests.unit.test_chart import DEJAVU, DEJAVU_ONLY, NOTO, drawn

WEEKS = ["9/28", "10/5", "10/12", "10/19", "10/26", "11/2", "11/9", "11/16"]
TEXT = WeekText(
    Words("近8周（至2026-W47）·每行以该项最多的一周为满格", "The last 8 weeks"),
    Words("此前各周", "the weeks before"),
    Words("本期", "the digest's week"),
)
ROWS = [
    WeekRow(Words("到馆人次", "Visitors"), (900, 1000, 1100, 1200, 1000, 1300, 1442, 1540),
            "1,540", "▲ 6.8%"),
    WeekRow(Words("办证", "New cards"), (9, 10, 11, 12, 10, 13, 14, 15), "15", "▲ 7.1%"),
    WeekRow(Words("活动场次", "Events"), (0, 0, 0, 0, 0, 0, 0, 3), "3"),
]  # fmt: skip


def bar_heights(rows: list[WeekRow]) -> list[list[float]]:
    """Each row's bar heights, first row first."""
    (ax,) = week_figure(rows, WEEKS, TEXT, fonts=[NOTO]).axes
    (bars,) = ax.collections[:1]
    heights = [max(y for _, y in p.vertices) - min(y for _, y in p.vertices)
               for p in bars.get_paths()]  # fmt: skip
    return [heights[i * len(WEEKS) : (i + 1) * len(WEEKS)] for i in range(len(rows))]


def test_each_row_is_scaled_to_its_own_largest_week() -> None:
    visitors, cards, events = bar_heights(ROWS)
    assert [max(visitors), max(cards), max(events)] == pytest.approx([HEIGHT] * 3)
    assert visitors[0] == pytest.approx(HEIGHT * 900 / 1540)
    assert cards[0] == pytest.approx(HEIGHT * 9 / 15)  # tens read beside thousands
    assert events[:7] == [0.0] * 7


def test_the_latest_week_is_marked_and_its_figure_stands_beside_it() -> None:
    fig = week_figure(ROWS, WEEKS, TEXT, fonts=[NOTO])
    figure_png(fig)
    (ax,) = fig.axes
    colours = [tuple(c) for c in ax.collections[0].get_facecolor()]
    assert colours[: len(WEEKS)] == [to_rgba(EARLIER)] * 7 + [to_rgba(LATEST)]
    strings = drawn(fig)
    assert {"1,540  ▲ 6.8%", "15  ▲ 7.1%", "3", *WEEKS} <= strings.keys()
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == [TEXT.earlier.local, TEXT.latest.local]


def test_chinese_in_the_cjk_font_else_all_english() -> None:
    fig = week_figure(ROWS, WEEKS, TEXT, fonts=[*DEJAVU_ONLY, NOTO])
    figure_png(fig)  # a missing glyph would fail here (warnings are errors)
    strings = drawn(fig)
    assert {s: strings.get(s) for s in ("到馆人次", "办证", TEXT.title.local)} == dict.fromkeys(
        ("到馆人次", "办证", TEXT.title.local), NOTO
    )
    fig = week_figure(ROWS, WEEKS, TEXT, fonts=DEJAVU_ONLY)
    figure_png(fig)
    strings = drawn(fig)
    assert {"Visitors", "New cards", "The last 8 weeks", "the digest's week"} <= strings.keys()
    assert strings["Visitors"] == DEJAVU
    assert not any(0x4E00 <= ord(c) <= 0x9FFF for s in strings for c in s)


def test_png_is_phone_sized_and_grows_with_the_metrics() -> None:
    sizes = []
    for rows in (ROWS[:1], ROWS):
        with Image.open(io.BytesIO(figure_png(week_figure(rows, WEEKS, TEXT)))) as image:
            sizes.append(image.size)
    assert sizes[0][0] == sizes[1][0] == 1000 and sizes[0][1] < sizes[1][1] < 2000


def test_every_week_needs_a_total_and_some_metric() -> None:
    with pytest.raises(ValueError, match="every week"):
        week_figure([WeekRow(Words("a", "a"), (1, 2), "2")], WEEKS, TEXT)
    with pytest.raises(ValueError, match="no metrics"):
        week_figure([], WEEKS, TEXT)
