"""The year-end report as a workbook: totals, branches, indicators, events, closures.

Written with the streaming writer (:mod:`bot.render.xlsx`) and headed for print like the
export (:mod:`bot.render.headings`): the organisation, the part of the report, the period
and 数据截至 atop each sheet, the header row repeated on every page, one page wide.
Figures and rates are numbers (完成率 and 同比 as percentages); indicators are text with
their units, as the report shows them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from bot.core.org import Organisation
from bot.core.year_report import MetricYear, YearReport
from bot.render.headings import Headings
from bot.render.xlsx import (
    DATE,
    HEADING,
    NOTE,
    NUMBER,
    PERCENT,
    PLAIN,
    Cell,
    SheetWriter,
    Sink,
    StreamingWorkbook,
)
from bot.render.year import YearTexts
from bot.render.year_markdown import plain

FROZEN = "A4"  # below the title, the period and the header row


def year_workbook_bytes(org: Organisation, render: YearTexts, report: YearReport) -> bytes:
    """The workbook as the bytes of an ``.xlsx`` file."""
    buffer = io.BytesIO()
    write_year_workbook(buffer, org, render, report)
    return buffer.getvalue()


def write_year_workbook(
    sink: Sink, org: Organisation, render: YearTexts, report: YearReport
) -> None:
    """Write every part of the report to ``sink``, one sheet each."""
    t = render.t
    start = dt.date(report.year, 1, 1)
    heads = Headings(org, t, report.as_of, (start, max(start, report.as_of)))
    book = StreamingWorkbook(sink)

    def subject(part: str) -> str:
        """``2026年度统计 · 合计``; a person's branches are named first."""
        text = t("Statistics for {year} · {part}", year=str(report.year), part=part)
        return text if report.whole_organisation else f"{report.scope} · {text}"

    def table(sheet: SheetWriter, part: str, headings: Sequence[str], *notes: str) -> None:
        heads.write(sheet, subject(part), across=len(headings))
        for note in notes:
            sheet.banner(note, len(headings), NOTE)
        sheet.heading([(heading, HEADING) for heading in headings])

    totals = (t("Metric"), t("Code"), t("Unit"), t("Total"), t("Target"), t("Attainment"),
              t("Same period last year"), t("Change"))  # fmt: skip
    compared = plain(render.year_compared(report))
    with book.sheet(t("Totals"), (22, 18, 9, 15, 13, 11, 15, 10), "A5", page=heads.page()) as s:
        table(s, t("Totals"), totals, compared)
        for r in report.rows:
            s.append([(plain(render.metric_name(r.metric)), PLAIN), (r.metric, PLAIN),
                      (render.metric_unit(r.metric), PLAIN), *_figures(r),
                      (r.last_year, NUMBER) if r.last_year is not None else (t("none"), PLAIN),
                      _percent(r.change)])  # fmt: skip
    branches = (t("Branch"), t("Code"), t("Metric"), t("Total"), t("Allocation"), t("Attainment"))
    code = max([10, *(len(b.code) + 2 for b in report.branches)])  # codes run to 32 characters
    with book.sheet(t("Branches"), (28, code, 22, 15, 13, 11), FROZEN, page=heads.page()) as s:
        table(s, t("Branches"), branches)
        for b in report.branches:
            for r in b.rows:
                s.append([(b.name, PLAIN), (b.code, PLAIN),
                          (plain(render.metric_name(r.metric)), PLAIN), *_figures(r)])  # fmt: skip
    indicators = (t("Scope"), t("Indicator"), t("Code"), t("Formula"), t("Value"),
                  t("Full year on this pace"), t("Standard"), t("Result"))  # fmt: skip
    widths = (24, 18, 25, 58, 16, 16, 14, 12)
    with book.sheet(t("Evaluation indicators"), widths, FROZEN, page=heads.page()) as s:
        table(s, t("Evaluation indicators"), indicators)
        scoped = [(report.scope, report.indicators)]
        scoped += [(b.name, b.indicators) for b in report.branches if b.indicators]
        for scope, results in scoped:
            for result in results:
                indicator = result.indicator
                cells = (
                    indicator.name(t.locale),
                    indicator.code,
                    render.indicator_formula(result),
                    *render.indicator_columns(result),
                )
                s.append([(scope, PLAIN), *((c, PLAIN) for c in cells)])  # fmt: skip
    events = (t("Date"), t("Branch"), t("Event"))
    page = heads.page(landscape=False)
    with book.sheet(t("Events"), (12, 28, 56), "A5", page=page) as s:
        table(s, t("Events"), events, plain(render.year_events(report)))
        for e in report.events.titles:
            s.append([(e.day, DATE), (e.branch, PLAIN), (e.title, PLAIN)])
    closures = (t("Branch"), t("Code"), t("Closure days"))
    with book.sheet(t("Closures"), (28, code, 14), FROZEN, page=page) as s:
        table(s, t("Closures"), closures)
        for b in report.branches:
            if b.closure_days:
                s.append([(b.name, PLAIN), (b.code, PLAIN), (b.closure_days, NUMBER)])
    book.close()


def _figures(row: MetricYear) -> list[Cell | None]:
    """Total, target and 完成率 cells (the last two empty without a target)."""
    target = None if row.target is None else (row.target, NUMBER)
    return [(row.total, NUMBER), target, _percent(row.attainment)]


def _percent(share: float | None) -> Cell | None:
    return None if share is None else (share, PERCENT)
