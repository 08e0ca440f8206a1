"""The weekly digest's two charts, as ``bench_progress.py`` draws them, without its database.

The digest: 15 metrics with targets (ahead of, near and behind pace, two over 100 %, two
at 0 %), 14 counts over 8 weeks, drawn by the real Chinese renderer (its catalog, its
number formatting) as ``digest_chart`` and ``digest_week_chart``. The floor, interleaved
with each chart in the same run: a figure of the same size with the same texts in the
same fonts at the same places, drawn and written by ``figure_png`` — the text rendering
and PNG encoding any chart with these words pays, without the axes, bars and legend.
Each render is timed in CPU time (the machine is shared) and wall time, after 3 warm-up
renders. Prints one JSON document.

    .venv/bin/python benchmarks/bench_charts.py [--runs 30] [--cjk]

``--cjk``: draw in Chinese with the Noto Sans CJK of the test requirements, as the Docker
image does with fonts-noto-cjk (without it, in English unless a CJK font is installed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.digest import Digest, EventsHeld, WeekFigure, WeeklyTotals
from bot.core.metrics import MetricCatalogue
from bot.core.progress import MetricProgress
from bot.render import Renderers
from bot.render.chart import figure_png
from bot.render.i18n import Catalogs

ATTAINMENT = (0.83, 0.95, 1.18, 0.50, 0.86, 0.0)  # by turns, against a pace of 0.87
VALUE = (52_000, 1_230_000, 880, 12, 4_560)
MONDAYS = tuple(dt.date(2026, 9, 21) + dt.timedelta(weeks=k) for k in range(8))


def digest(catalogue: MetricCatalogue) -> Digest:
    """A digest with every catalogue metric in the year chart and each count in the week's."""
    figures, weekly = [], []
    for i, metric in enumerate(catalogue):
        attainment, value = ATTAINMENT[i % 6], VALUE[i % 5] * (1 + i)
        target = round(value / attainment) if attainment else 1_000
        progress = MetricProgress(
            metric.code, round(target * attainment), target, 0.87, 42, metric.kind == "stock"
        )
        figures.append(WeekFigure(metric.code, 100, 90, progress))
        if metric.kind == "flow":
            totals = tuple(round(1000 * (1 + i) * (0.6 + 0.05 * w)) for w in range(8))
            weekly.append(WeeklyTotals(metric.code, totals))
    return Digest(
        "东城区第一图书馆（总馆）", "2026-W47", dt.date(2026, 11, 16), dt.date(2026, 11, 22),
        tuple(figures), (), (), (), EventsHeld(0, 0, ()), weeks=MONDAYS, weekly=tuple(weekly),
    )  # fmt: skip


def floor_of(make: Callable[[], Any]) -> Callable[[], bytes]:
    """The texts of the figure ``make()`` returns, drawn alone where the chart draws them."""
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    fig = make()
    figure_png(fig)  # places and measures every text
    texts = []
    for text in fig.findobj(Text):
        box = text.get_window_extent()
        inside = box.x0 >= 0 and box.x1 <= fig.bbox.width and 0 <= box.y0 <= fig.bbox.height
        if text.get_text() and text.get_visible() and inside:
            where = (box.x0 / fig.bbox.width, box.y0 / fig.bbox.height)
            texts.append((where, text.get_text(), text.get_fontproperties().copy()))
    size = tuple(fig.get_size_inches())

    def floor() -> bytes:
        bare = Figure(figsize=size, dpi=fig.dpi)
        for (x, y), string, font in texts:
            bare.text(x, y, string, fontproperties=font)
        return figure_png(bare)

    return floor


def measure(runs: int, pairs: dict[str, Callable[[], Any]]) -> dict[str, dict[str, float]]:
    """p50 and p95 of each call in CPU and wall milliseconds, the calls taken in turn."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in pairs}
    for run in range(runs + 3):
        for name, call in pairs.items():
            cpu, wall = time.process_time(), time.perf_counter()
            call()
            if run >= 3:
                spent = (time.process_time() - cpu, time.perf_counter() - wall)
                times[name].append(spent)
    result = {}
    for name, spent in times.items():
        cpu = sorted(c * 1000 for c, _ in spent)
        wall = sorted(w * 1000 for _, w in spent)
        at = lambda values, share: round(values[min(len(values) - 1, int(share * len(values)))], 1)  # noqa: E731
        result[name] = {
            "cpu_p50": at(cpu, 0.5), "cpu_p95": at(cpu, 0.95),
            "p50": at(wall, 0.5), "p95": at(wall, 0.95),
        }  # fmt: skip
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--cjk", action="store_true", help="draw in Chinese with Noto Sans CJK")
    args = parser.parse_args()
    from matplotlib import font_manager

    if args.cjk:
        from cvttf_NotoSansCJK_Regular import get_TTF_path  # type: ignore[import-untyped]

        font_manager.fontManager.addfont(get_TTF_path())
    catalogue = MetricCatalogue.default()
    render = Renderers(Catalogs(), catalogue).for_locale("zh_CN")
    week = digest(catalogue)
    charts = {"digest_chart": render.digest_chart, "digest_week_chart": render.digest_week_chart}
    pngs = {name: chart(week) for name, chart in charts.items()}
    assert all(pngs.values()), "both charts drawn"

    from bot.render import digest as digest_render  # the figures the renderer makes

    figures: dict[str, Any] = {}
    year, weeks = digest_render.progress_chart, digest_render.week_chart
    try:
        digest_render.progress_chart = lambda *a, **k: figures.setdefault("digest_chart", (a, k))
        digest_render.week_chart = lambda *a, **k: figures.setdefault("digest_week_chart", (a, k))
        render.digest_chart(week)
        render.digest_week_chart(week)
    finally:
        digest_render.progress_chart, digest_render.week_chart = year, weeks
    from bot.render.chart import progress_figure
    from bot.render.week_chart import week_figure

    makers = {"digest_chart": progress_figure, "digest_week_chart": week_figure}
    calls: dict[str, Callable[[], Any]] = {}
    for name, chart in charts.items():
        a, k = figures[name]
        make = makers[name]
        calls[name] = lambda chart=chart: chart(week)
        calls[f"{name}_floor"] = floor_of(lambda make=make, a=a, k=k: make(*a, **k))
    result = measure(args.runs, calls)
    p50 = {name: r["cpu_p50"] for name, r in result.items()}
    print(json.dumps({
        "runs": args.runs,
        "language": "zh_CN" if args.cjk else "installed fonts",
        "charts_ms": result,
        "png_kb": {name: round(len(png) / 1024) for name, png in pngs.items()},
        "ratios_cpu_p50": {name: round(p50[name] / p50[f"{name}_floor"], 2) for name in charts},
        "checks": {f"{name}_p95_under_300ms": result[name]["p95"] < 300 for name in charts},
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
