"""The year-end report as a workbook: totals, branches, indicators, events, closures.

Written with the streaming writer (:mod:`bot.render.xlsx`); figures are numbers, shares
and changes are text as the report shows them.
"""

from __future__ import annotations

import io

from bot.core.year_report import YearReport
from bot.render.xlsx import BOLD, DATE, NUMBER, PLAIN, Cell, Sink, StreamingWorkbook
from bot.render.year import YearTexts
from bot.render.year_markdown import plain


def year_workbook_bytes(render: YearTexts, report: YearReport) -> bytes:
    """The workbook as the bytes of an ``.xlsx`` file."""
    buffer = io.BytesIO()
    write_year_workbook(buffer, render, report)
    return buffer.getvalue()


def write_year_workbook(sink: Sink, render: YearTexts, report: YearReport) -> None:
    """Write every part of the report to ``sink``, one sheet each."""
    t = render.t
    book = StreamingWorkbook(sink)
    title = [(plain(render.year_title(report)), BOLD)]
    dated = [(plain(render.year_as_of(report)), PLAIN)]
    with book.sheet(t("Totals"), (22, 16, 10, 16, 12, 20, 12), "A4") as sheet:
        sheet.append(title)
        sheet.append(dated)
        sheet.append(_heads(t("Metric"), t("Code"), t("Unit"), t("Total"), t("Target"),
                            t("Share done"), t("Same period last year"), t("Change")))  # fmt: skip
        for r in report.rows:
            sheet.append([
                (plain(render.metric_name(r.metric)), PLAIN), (r.metric, PLAIN),
                (render.metric_unit(r.metric), PLAIN),
                (r.total, NUMBER), (r.target, NUMBER) if r.target is not None else None,
                (render.year_attainment(r), PLAIN),
                (r.last_year, NUMBER) if r.last_year is not None else (t("none"), PLAIN),
                (render.year_change(r), PLAIN),
            ])  # fmt: skip
    with book.sheet(t("Branches"), (26, 14, 22, 14, 14, 12), "A2") as sheet:
        sheet.append(_heads(t("Branch"), t("Code"), t("Metric"), t("Total"), t("Allocation"),
                            t("Share done")))  # fmt: skip
        for b in report.branches:
            for r in b.rows:
                sheet.append([
                    (b.name, PLAIN), (b.code, PLAIN), (plain(render.metric_name(r.metric)), PLAIN),
                    (r.total, NUMBER), (r.target, NUMBER) if r.target is not None else None,
                    (render.year_attainment(r), PLAIN),
                ])  # fmt: skip
    with book.sheet(t("Evaluation indicators"), (26, 22, 20, 44, 16, 18, 16, 12), "A2") as sheet:
        sheet.append(_heads(t("Scope"), t("Indicator"), t("Code"), t("Formula"), t("Value"),
                            t("Full year on this pace"), t("Standard"), t("Result")))  # fmt: skip
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
                sheet.append([(scope, PLAIN), *((c, PLAIN) for c in cells)])
    with book.sheet(t("Events"), (12, 26, 50), "A3") as sheet:
        sheet.append([(plain(render.year_events(report)), PLAIN)])
        sheet.append(_heads(t("Date"), t("Branch"), t("Event")))
        for e in report.events.titles:
            sheet.append([(e.day, DATE), (e.branch, PLAIN), (e.title, PLAIN)])
    with book.sheet(t("Closures"), (26, 14, 14), "A2") as sheet:
        sheet.append(_heads(t("Branch"), t("Code"), t("Closure days")))
        for b in report.branches:
            if b.closure_days:
                sheet.append([(b.name, PLAIN), (b.code, PLAIN), (b.closure_days, NUMBER)])
    book.close()


def _heads(*names: str) -> list[Cell | None]:
    return [(name, BOLD) for name in names]
