"""A metric's whole ranking as a workbook: what a long ``/progress <metric>`` attaches.

One sheet: a title row, the headings, a row per branch in ranking order (place, name,
code, value, target, attainment, share of the total, pace), then the total. Percentages
are written as the message shows them (``84.4%``), text cells; the sheet is already in
ranking order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.outcomes import RankingView
from bot.core.progress import MetricProgress
from bot.render.i18n import Translator
from bot.render.workbook import SheetNames
from bot.render.xlsx import BOLD, BOLD_NUMBER, NUMBER, PLAIN, Cell, Sink, StreamingWorkbook

WIDTHS = (7, 32, 14, 13, 13, 10, 10, 10)


@dataclass(frozen=True, slots=True)
class RankingTexts:
    """The workbook's words in the reader's language."""

    sheet: str  # the metric's name
    title: str
    headings: Sequence[str]
    paces: Sequence[str]  # each row's attainment due by now (empty: no target), the total's


def write_ranking_book(sink: Sink, view: RankingView, t: Translator, texts: RankingTexts) -> None:
    """Write ``view``'s whole ranking to ``sink``."""
    paces = texts.paces
    book = StreamingWorkbook(sink)
    with book.sheet(SheetNames().claim(texts.sheet), WIDTHS, "C3") as sheet:
        sheet.append([(texts.title, BOLD)])
        sheet.append([(heading, BOLD) for heading in texts.headings])
        for place, (row, pace) in enumerate(zip(view.rows, paces, strict=False), 1):
            sheet.append([
                (place, PLAIN), (row.name, PLAIN), (row.code, PLAIN),
                *_figures(row.progress, row.share, pace, t, NUMBER),
            ])  # fmt: skip
        share = 1.0 if view.total else None
        system = _figures(view.system, share, paces[-1], t, BOLD_NUMBER)
        sheet.append([None, (t("Total"), BOLD), None, *system])
    book.close()


def _figures(
    p: MetricProgress, share: float | None, pace: str, t: Translator, style: int
) -> list[Cell | None]:
    """Value, target, attainment, share and pace cells."""
    return [
        (p.value, style),
        None if p.target is None else (p.target, style),
        None if p.attainment is None else (t.percent(p.attainment), PLAIN),
        None if share is None else (t.percent(share), PLAIN),
        (pace, PLAIN) if pace else None,
    ]
