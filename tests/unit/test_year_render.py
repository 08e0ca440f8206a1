"""bot.render.year: the /year message for many branches, and 同比 that is never a made-up 0."""

from __future__ import annotations

import datetime as dt

from bot.core.metrics import MetricCatalogue
from bot.core.year_report import BranchYear, EventsYear, MetricYear, YearReport
from bot.render import Renderer
from bot.render.i18n import Catalogs
from bot.telegram.split import MESSAGE_LIMIT, split_text, utf16_length


def render(locale: str = "zh_CN") -> Renderer:
    return Renderer(Catalogs().translator(locale), MetricCatalogue.default())


def report(branches: int, last_year: int | None = 480_000) -> YearReport:
    rows = (MetricYear("visitors", 512_345, 600_000, last_year), MetricYear("loans", 860))
    listed = tuple(
        BranchYear(f"b{n}", f"第{n}分馆", (MetricYear("visitors", 1000 + n, 2000),), n % 3)
        for n in range(branches)
    )
    return YearReport("东城区第一图书馆", "东城区第一图书馆", 2026, dt.date(2026, 11, 19),
                      (dt.date(2025, 1, 1), dt.date(2025, 11, 19)), rows, listed,
                      EventsYear(38, 15, 2100), ())  # fmt: skip


def test_a_metric_line_is_exact_with_target_share_and_change() -> None:
    text = render().year_report(report(3))
    assert (
        "• 到馆人次：<b>512,345</b> 人次 · 目标 600,000 · 完成率 85.4% · 去年同期 480,000（+6.7%）"
        in text
    )
    assert "• 外借册次：<b>860</b> 册次 · 去年同期 无" in text
    # counted as the digest counts them: 活动场次 38, the online ones apart (never added in)
    assert "38 场活动，另有线上活动 15 场，参与 2,100 人次。" in text
    assert "• <b>第1分馆</b>：到馆人次 1,001 / 2,000（50.0%）" in text


def test_last_year_without_figures_is_none_not_zero() -> None:
    assert MetricYear("visitors", 10, None, None).change is None
    text = render().year_report(report(2, last_year=None))
    assert "去年同期 无" in text and "去年同期 0" not in text


def test_a_fall_is_written_with_a_minus_sign() -> None:
    assert "去年同期 600,000（−14.6%）" in render().year_report(report(1, last_year=600_000))


def test_many_branches_go_to_the_workbook_and_the_message_fits() -> None:
    text = render().year_report(report(300))
    assert "共 300 个分馆：各分馆的合计、分配目标和完成率见附件工作簿。" in text
    assert "第299分馆" not in text
    assert "共 200 个分馆报告闭馆，合计 300 天；各分馆明细见工作簿。" in text
    assert all(utf16_length(part) <= MESSAGE_LIMIT for part in split_text(text))
    assert len(split_text(text)) == 1


def test_in_english() -> None:
    text = render("en").year_report(report(2))
    assert "<b>东城区第一图书馆 · statistics for 2026</b>" in text
    assert "Figures to Nov 19, 2026: the year so far." in text
    assert "Visitors: <b>512,345</b>" in text and "same period last year 480,000 (+6.7%)" in text
