"""The digest chart: a font chosen by glyph coverage, the strings it draws, the PNG."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from cvttf_NotoSansCJK_Regular import get_TTF_path
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from bot.render import chart
from bot.render.chart import (
    AHEAD,
    BEHIND,
    SLIPPING,
    ChartBar,
    ChartText,
    Words,
    cjk_font,
    figure_png,
    progress_chart,
    progress_figure,
)

NOTO = Path(get_TTF_path())
DEJAVU = Path(font_manager.findfont("DejaVu Sans"))
DEJAVU_ONLY = [DEJAVU, Path(font_manager.findfont("DejaVu Serif"))]
LAST_RESORT = next(Path(e.fname) for e in font_manager.fontManager.ttflist if "Last" in e.name)

CATALOGUE = {
    "到馆人次": "Visitors",
    "外借册次": "Loans",
    "办证": "New cards",
    "活动场次": "Events",
    "数字阅读平台点击量": "Digital reading clicks",
    "微信公众号关注量": "WeChat followers",
    "采购图书（种）": "Titles acquired",
}
BARS = [ChartBar(Words(zh, en), 0.83, 0.87, "49,800") for zh, en in CATALOGUE.items()]
TEXT = ChartText(
    Words("东城区第一图书馆（总馆） · 2026年第47周", "Dongcheng No.1 Library (Main) · 2026-W47"),
    Words("年度完成", "Year to date"),
    Words("应达进度", "Pace"),
    Words("达到或超过应达进度", "ahead of pace"),
    Words("落后应达进度不到10%", "behind pace by less than 10%"),
    Words("落后应达进度10%及以上", "behind pace by 10% or more"),
    Words("应达进度：按计划此时应完成的比例", "pace: where the year should be by now"),
)
WORDS = [TEXT.title, TEXT.axis, TEXT.legend, TEXT.ahead, TEXT.slipping, TEXT.behind, TEXT.pace]
ZH = {w.local for w in WORDS} | set(CATALOGUE)
EN = {w.english for w in WORDS} | set(CATALOGUE.values())


def drawn(fig: Figure) -> dict[str, Path]:
    """Every string drawn on a rendered figure, with the font file it was drawn in."""
    return {
        t.get_text(): Path(font_manager.findfont(t.get_fontproperties()))
        for t in fig.findobj(Text)
        if t.get_text() and t.get_visible()
    }


def entry(path: Path, name: str) -> font_manager.FontEntry:
    return font_manager.FontEntry(fname=str(path), name=name)


def test_cjk_font_finds_the_cjk_font_among_candidates() -> None:
    assert cjk_font("".join(ZH), [*DEJAVU_ONLY, NOTO]) == NOTO


def test_cjk_font_is_none_when_no_candidate_has_the_glyphs() -> None:
    assert cjk_font("到馆人次", DEJAVU_ONLY) is None
    assert cjk_font("Visitors 到", DEJAVU_ONLY) is None


def test_cjk_font_takes_the_first_candidate_that_covers_the_text() -> None:
    assert cjk_font("Visitors · W47", [DEJAVU, NOTO]) == DEJAVU
    assert cjk_font("Visitors · W47", [NOTO, DEJAVU]) == NOTO


def test_installed_fonts_prefer_cjk_families_and_never_last_resort(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    installed = [entry(LAST_RESORT, "Last Resort High-Efficiency"), entry(DEJAVU, "DejaVu Sans")]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", installed)
    monkeypatch.setattr(chart, "FONT_PATHS", [])  # no font files beyond matplotlib's list
    assert cjk_font("到馆人次") is None  # Last Resort "covers" it with boxes
    installed.append(entry(NOTO, "Noto Sans CJK TC"))
    assert cjk_font("到馆人次") == NOTO
    assert cjk_font("Visitors") == NOTO  # a well-known CJK family comes before the rest


def test_a_font_installed_after_matplotlib_listed_its_fonts_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """matplotlib's font list, cached in ~/.cache/matplotlib on the first run, predates the
    CJK font; the file is found in the font folders and the chart is drawn in it."""
    stale = [entry(DEJAVU, "DejaVu Sans"), entry(DEJAVU_ONLY[1], "DejaVu Serif")]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale)
    fonts = tmp_path / "share" / "fonts"
    (fonts / "truetype").mkdir(parents=True)
    (fonts / "truetype" / "broken.ttf").write_bytes(b"not a font")  # skipped, not fatal
    monkeypatch.setattr(chart, "FONT_PATHS", [str(fonts)])
    assert cjk_font("到馆人次") is None
    installed = fonts / "opentype" / "noto" / "NotoSansCJKtc-Regular.otf"
    installed.parent.mkdir(parents=True)
    shutil.copyfile(NOTO, installed)  # `apt install fonts-noto-cjk`, after the first run
    assert cjk_font("到馆人次") == installed
    fig = progress_figure(BARS, TEXT)
    figure_png(fig)
    strings = drawn(fig)
    assert strings[TEXT.title.local] == installed
    assert strings["到馆人次"] == installed


def test_chart_draws_chinese_in_the_cjk_font() -> None:
    fig = progress_figure(BARS, TEXT, fonts=[*DEJAVU_ONLY, NOTO])
    figure_png(fig)  # a glyph missing from the font would raise here (filterwarnings = error)
    strings = drawn(fig)
    assert {s: strings.get(s) for s in ZH} == dict.fromkeys(ZH, NOTO)
    assert not EN & strings.keys()
    assert strings["83% · 49,800"] == DEJAVU


def test_chart_falls_back_to_english_without_a_cjk_font() -> None:
    fig = progress_figure(BARS, TEXT, fonts=DEJAVU_ONLY)
    figure_png(fig)
    strings = drawn(fig)
    assert {s: strings.get(s) for s in EN} == dict.fromkeys(EN, DEJAVU)
    assert not any(ord(c) > 0x2E80 for s in strings for c in s)


def test_the_font_must_cover_every_string_not_just_the_title() -> None:
    text = ChartText(Words("Dongcheng · W47", "x"), *(Words(w.local, "x") for w in WORDS[1:]))
    fig = progress_figure(BARS[:1], text, fonts=[DEJAVU, NOTO])
    figure_png(fig)
    strings = drawn(fig)
    assert [strings.get(s) for s in ("Dongcheng · W47", "年度完成", "到馆人次")] == [NOTO] * 3


def test_text_the_default_font_draws_needs_no_cjk_font() -> None:
    text = ChartText(*(Words(w.english, "FALLBACK") for w in WORDS))
    fig = progress_figure([ChartBar(Words("Visitors", "FALLBACK"), 0.5, 0.5)], text, fonts=[])
    figure_png(fig)
    strings = drawn(fig)
    assert {"Dongcheng No.1 Library (Main) · 2026-W47", "Pace", "Visitors"} <= strings.keys()
    assert "FALLBACK" not in strings
    assert set(strings.values()) == {DEJAVU}


def test_a_missing_glyph_would_fail_the_suite() -> None:
    """The guard the Chinese tests rely on: matplotlib warns, and warnings are errors."""
    fig = Figure()
    fig.suptitle("到馆人次")
    with pytest.warns(UserWarning, match="missing from font"):
        FigureCanvasAgg(fig).draw()


def test_bars_are_coloured_by_pace() -> None:
    bars = [
        ChartBar(Words("a", "a"), 0.90, 0.87),
        ChartBar(Words("b", "b"), 0.80, 0.87),  # 92% of pace
        ChartBar(Words("c", "c"), 0.70, 0.87),  # 80% of pace
        ChartBar(Words("d", "d"), 0.00, 0.00),  # the first day of the year
    ]
    (ax,) = progress_figure(bars, TEXT, fonts=DEJAVU_ONLY).axes
    colours = [p.get_facecolor() for p in ax.patches]
    assert colours == [to_rgba(c) for c in (AHEAD, SLIPPING, BEHIND, AHEAD)]


def test_axis_runs_past_100_percent_only_when_a_bar_does() -> None:
    (ax,) = progress_figure([ChartBar(Words("a", "a"), 0.4, 0.5)], TEXT, fonts=[]).axes
    assert 1.0 < ax.get_xlim()[1] < 1.7  # room right of the bars for their figures
    assert any(list(line.get_xdata()) == [1.0, 1.0] for line in ax.lines)  # the 100% line
    (ax,) = progress_figure([ChartBar(Words("a", "a"), 2.6, 0.5)], TEXT, fonts=[]).axes
    assert ax.get_xlim()[1] > 2.6


@pytest.mark.parametrize(("attainment", "expected"), [(0.83, 0.87), (0.5, 0.87), (0.95, 0.87)])
def test_the_figure_sits_clear_of_the_bar_and_the_pace_tick(
    attainment: float, expected: float
) -> None:
    bar = ChartBar(Words("a", "a"), attainment, expected, "12,345")
    fig = progress_figure([bar], TEXT, fonts=[])
    figure_png(fig)
    (ax,) = fig.axes
    (label,) = (t for t in ax.texts if t.get_text().endswith("· 12,345"))
    box = label.get_window_extent()
    (tick,) = ax.collections  # the pace ticks
    tick_right = ax.transData.transform((expected, 0))[0]
    bar_right = ax.transData.transform((attainment, 0))[0]
    assert box.x0 > max(tick_right, bar_right)
    assert tick.get_segments()[0][0][0] == pytest.approx(expected)


def test_the_legend_explains_every_colour_and_the_tick() -> None:
    fig = progress_figure(BARS, TEXT, fonts=[*DEJAVU_ONLY, NOTO])
    (legend,) = fig.legends
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == [TEXT.ahead.local, TEXT.slipping.local, TEXT.behind.local, TEXT.pace.local]
    swatches = [to_rgba(h.get_facecolor()) for h in legend.legend_handles[:3]]  # type: ignore[union-attr]
    assert swatches == [to_rgba(c) for c in (AHEAD, SLIPPING, BEHIND)]
    assert legend.get_title().get_text() == TEXT.legend.local


def test_bars_over_100_percent_and_at_zero_are_drawn_with_their_figure() -> None:
    bars = [ChartBar(Words("活动场次", "Events"), 1.18, 0.87, "944"),
            ChartBar(Words("办证", "New cards"), 0.0, 0.87, "0")]  # fmt: skip
    fig = progress_figure(bars, TEXT, fonts=[NOTO])
    figure_png(fig)
    assert {"118% · 944", "0% · 0", "活动场次", "办证"} <= drawn(fig).keys()


def test_png_is_phone_sized_and_grows_with_the_bars() -> None:
    sizes = []
    for bars in (BARS[:1], BARS):
        png = progress_chart(bars, TEXT, fonts=[NOTO])
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(io.BytesIO(png)) as image:
            sizes.append(image.size)
    (width_one, height_one), (width_all, height_all) = sizes
    assert width_one == width_all == 1000
    assert 200 < height_one < height_all < 2000


def test_no_bars_is_refused() -> None:
    with pytest.raises(ValueError, match="no bars"):
        progress_chart([], TEXT, fonts=[NOTO])
