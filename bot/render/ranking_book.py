"""A metric's whole ranking as a workbook: what a long ``/progress <metric>`` attaches.

One sheet, headed for print like the other workbooks: the title and the day the figures
count to, the headings (repeated on every printed page), a row per branch in ranking order
(place, name, code, value, target, attainment, share of the total, the attainment due by
now), then the total. Rates are numbers shown as percentages, so the columns sort.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.outcomes import RankingView
from bot.core.progress import MetricProgress
from bot.render.workbook import SheetNames
from bot.render.xlsx import (
    BOLD,
    BOLD_NUMBER,
    BOLD_PERCENT,
    HEADING,
    NUMBER,
    PERCENT,
    PLAIN,
    TITLE,
    Cell,
    PageSetup,
    Sink,
    StreamingWorkbook,
    header_text,
)

WIDTHS = (7, 32, 14, 13, 13, 10, 10, 10)


@dataclass(frozen=True, slots=True)
class RankingTexts:
    """The workbook's words in the reader's language."""

    sheet: str  # the metric's name
    title: str
    headings: Sequence[str]
    total: str  # the total row's name
    footer: str  # the page numbers: 第 &P 页，共 &N 页


def write_ranking_book(sink: Sink, view: RankingView, texts: RankingTexts) -> None:
    """Write ``view``'s whole ranking to ``sink``."""
    page = PageSetup(landscape=False, header=f"&L{header_text(texts.title)}",
                     footer=f"&C{texts.footer}")  # fmt: skip
    book = StreamingWorkbook(sink)
    with book.sheet(SheetNames().claim(texts.sheet), WIDTHS, "C3", page=page) as sheet:
        sheet.banner(texts.title, len(WIDTHS), TITLE, height=24)
        sheet.heading([(heading, HEADING) for heading in texts.headings])
        for place, row in enumerate(view.rows, 1):
            sheet.append([
                (place, PLAIN), (row.name, PLAIN), (row.code, PLAIN),
                *_figures(row.progress, row.share, NUMBER, PERCENT),
            ])  # fmt: skip
        share = 1.0 if view.total else None
        system = _figures(view.system, share, BOLD_NUMBER, BOLD_PERCENT)
        sheet.append([None, (texts.total, BOLD), None, *system])
    book.close()


def _figures(
    p: MetricProgress, share: float | None, number: int, percent: int
) -> list[Cell | None]:
    """Value, target, attainment, share and the attainment due by now."""
    return [
        (p.value, number),
        None if p.target is None else (p.target, number),
        None if p.attainment is None else (p.attainment, percent),
        None if share is None else (share, percent),
        None if p.expected_attainment is None else (p.expected_attainment, percent),
    ]
