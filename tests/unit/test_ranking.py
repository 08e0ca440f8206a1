"""Which branches a long ranking's message shows: the top and bottom, the reader's own
with their places, the median; and last year's running totals that give the 同比."""

from __future__ import annotations

import datetime as dt

from bot.core.last_year import LastYear
from bot.core.outcomes import BranchStanding, Placed
from bot.core.progress import metric_progress
from bot.core.ranking import ENDS, OWN_MAX, excerpt, rank_key

DAY = dt.date(2026, 11, 19)


def standing(code: str, value: int, target: int | None) -> BranchStanding:
    return BranchStanding(code, f"馆{code}", metric_progress("visitors", value, target, DAY), None)


def ranked(rows: list[BranchStanding]) -> list[BranchStanding]:
    return sorted(rows, key=rank_key)


def places(placed: tuple[Placed, ...]) -> list[tuple[int, str]]:
    return [(p.place, p.row.code) for p in placed]


def test_thirty_branches_by_attainment() -> None:
    # b00 reaches 100 %, b01 99 %, … b29 71 %: the place is the number plus one.
    rows = ranked([standing(f"b{i:02d}", 1000 - 10 * i, 1000) for i in reversed(range(30))])
    cut = excerpt(rows, {"b17": "馆b17", "b02": "馆b02"})
    assert cut.count == 30
    assert places(cut.top) == [(n + 1, f"b{n:02d}") for n in range(ENDS)]
    assert places(cut.bottom) == [(n + 1, f"b{n:02d}") for n in range(25, 30)]
    assert places(cut.own) == [(3, "b02"), (18, "b17")]  # in ranking order, not the reader's
    assert cut.median is not None and places((cut.median,)) == [(15, "b14")]  # 15th of 30
    assert cut.by_value == 0 and cut.by_value_top == () and cut.own_unranked == ()


def test_branches_without_a_target_come_after_by_value_and_are_counted() -> None:
    judged = [standing(f"t{i}", 500 + i, 1000) for i in range(8)]  # t7 first … t0 last
    by_value = [standing(f"v{i:02d}", 10 * i, None) for i in range(1, 21)]  # v20 first
    rows = ranked(judged + by_value)
    cut = excerpt(rows, {})
    assert places(cut.top) == [(1, "t7"), (2, "t6"), (3, "t5"), (4, "t4"), (5, "t3")]
    assert places(cut.bottom) == [(6, "t2"), (7, "t1"), (8, "t0")]  # no branch twice
    assert cut.median is not None and cut.median.row.code == "t4"  # the median of the 8
    assert cut.by_value == 20
    assert places(cut.by_value_top) == [(9, "v20"), (10, "v19"), (11, "v18"), (12, "v17"),
                                        (13, "v16")]  # fmt: skip


def test_with_no_target_anywhere_the_ends_go_by_value() -> None:
    rows = ranked([standing(f"v{i:02d}", 100 + i, None) for i in range(25)])
    cut = excerpt(rows, {})
    assert [p.row.code for p in cut.top] == ["v24", "v23", "v22", "v21", "v20"]
    assert [p.row.code for p in cut.bottom] == ["v04", "v03", "v02", "v01", "v00"]
    assert cut.median is not None and cut.median.place == 13
    assert cut.by_value == 0  # all of them are the ranking itself


def test_many_own_branches_are_counted_and_one_without_figures_is_named() -> None:
    rows = ranked([standing(f"b{i:02d}", 100 + i, 1000) for i in range(40)])
    own = {f"b{i:02d}": f"馆b{i:02d}" for i in range(0, 40, 2)} | {"new": "新馆"}
    cut = excerpt(rows, own)
    assert len(cut.own) == OWN_MAX and cut.more_own == 20 + 1 - OWN_MAX  # 新馆 counted too
    assert [p.place for p in cut.own] == sorted(p.place for p in cut.own)
    assert cut.own_unranked == ()
    few = excerpt(rows, {"b03": "馆b03", "new": "新馆", "old": "旧馆"})
    assert places(few.own) == [(37, "b03")] and few.own_unranked == ("新馆", "旧馆")
    assert few.more_own == 0


def test_last_years_running_totals() -> None:
    daily = {
        "visitors": {dt.date(2025, 1, 2): 10, dt.date(2025, 3, 1): 5, dt.date(2024, 12, 31): 99},
        "loans": {},
    }
    spans = {"loans": [(dt.date(2025, 1, 1), dt.date(2025, 2, 28), 70)]}
    last = LastYear.of(2025, daily, spans)
    assert last.through("visitors", dt.date(2025, 1, 1)) == 0
    assert last.through("visitors", dt.date(2025, 2, 28)) == 10
    assert last.through("visitors", dt.date(2025, 12, 31)) == 15  # 2024's 99 is not 2025's
    # A monthly total counts once the range holds its last month whole.
    assert last.through("loans", dt.date(2025, 2, 27)) == 0
    assert last.through("loans", dt.date(2025, 2, 28)) == 70
    assert last.recorded_from == {"visitors": dt.date(2025, 1, 2), "loans": dt.date(2025, 1, 1)}
    assert last.through("events", dt.date(2025, 6, 1)) == 0


def test_the_longest_excerpt_still_fits_one_message() -> None:
    """3,000 branches with 200-character names full of markup, the reader owning 30 of
    them (two with no figures yet): the message is cut to fit, the names escaped."""
    from bot.core.metrics import MetricCatalogue
    from bot.core.outcomes import RankingView
    from bot.offline.html import render_html, utf16_length
    from bot.render import Renderers
    from bot.render.i18n import Catalogs

    def long(code: str) -> str:
        return f"<{code}>&" + "很长的分馆名字" * 28

    rows = ranked(
        [standing(f"b{i:04d}", 1_000_000 + i, 2_000_000 if i % 3 else None) for i in range(3000)]
    )
    rows = [BranchStanding(r.code, long(r.code), r.progress, 0.0003) for r in rows]
    own = {f"b{i:04d}": long(f"b{i:04d}") for i in range(0, 2800, 100)} | {"x": "新", "y": "旧"}
    system = metric_progress("visitors", 3_001_498_500, 4_000_000_000, DAY)
    view = RankingView("visitors", DAY, "大馆" * 50, rows, 3_001_498_500, system, 2_900_000_000,
                       excerpt(rows, own))  # fmt: skip
    renderers = Renderers(Catalogs(), MetricCatalogue.default())
    for locale in ("zh_CN", "en"):
        html = renderers.for_locale(locale).ranking(view)
        assert len(html) <= 4096 and utf16_length(render_html(html)) <= 4096
        assert "&lt;b0002&gt;&amp;" in html and "<b0002>" not in html
        assert "另有 20 个见附件表格" in html or "and 20 more of yours" in html
