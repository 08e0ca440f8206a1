"""``libbot report --format md``: the year-end report as Markdown, in the reader's language."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from bot.core.evaluation import IndicatorResult
from bot.core.year_report import YearReport
from bot.render.year import YearTexts

_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """A chat text's words without its HTML: tags dropped, ``&amp;`` as ``&``."""
    return html.unescape(_TAG.sub("", text))


def year_markdown(render: YearTexts, report: YearReport) -> str:
    """Every part of the report: totals, indicators, branches, events, closures."""
    t = render.t
    out = [f"# {plain(render.year_title(report))}", "", plain(render.year_as_of(report))]
    if report.empty:
        out += ["", plain(t("No figures for {year} yet.", year=str(report.year)))]
        return "\n".join(out) + "\n"
    out += [plain(render.year_compared(report)), "", f"## {t('Totals')}", ""]
    out += _table(
        [t("Metric"), t("Total"), t("Target"), t("Attainment"), t("Same period last year"),
         t("Change")],
        [[_metric(render, r.metric), t.number(r.total),
          t.number(r.target) if r.target is not None else "—", render.year_attainment(r),
          t.number(r.last_year) if r.last_year is not None else t("none"),
          render.year_change(r)] for r in report.rows],
    )  # fmt: skip
    if report.indicators:
        out += ["", f"## {t('Evaluation indicators')}", ""]
        out += _indicators(render, report.indicators)
        if not report.complete:
            out += ["", plain(render.indicator_basis_note())]
    out += ["", f"## {t('Branches')}", ""]
    out += _table(
        [t("Branch"), t("Metric"), t("Total"), t("Allocation"), t("Attainment")],
        [[b.name, _metric(render, r.metric), t.number(r.total),
          t.number(r.target) if r.target is not None else "—", render.year_attainment(r)]
         for b in report.branches for r in b.rows],
    )  # fmt: skip
    for branch in report.branches:
        if branch.indicators:
            out += ["", f"### {branch.name}", ""]
            out += _indicators(render, branch.indicators)
    out += ["", f"## {t('Events')}", "", plain(render.year_events(report))]
    if report.events.titles:
        out += [""]
        out += _table(
            [t("Date"), t("Branch"), t("Event")],
            [[t.date(e.day), e.branch, e.title] for e in report.events.titles],
        )
    out += ["", f"## {t('Closures')}", ""]
    closed = [b for b in report.branches if b.closure_days]
    if closed:
        out += _table([t("Branch"), t("Closure days")],
                      [[b.name, t.number(b.closure_days)] for b in closed])  # fmt: skip
    else:
        out.append(plain(render.year_closures(report)))
    return "\n".join(out) + "\n"


def _indicators(render: YearTexts, results: Sequence[IndicatorResult]) -> list[str]:
    t = render.t
    rows = [
        [r.indicator.name(t.locale), render.indicator_formula(r), *render.indicator_columns(r)]
        for r in results
    ]
    return _table(
        [t("Indicator"), t("Formula"), t("Value"), t("Full year on this pace"), t("Standard"),
         t("Result")],
        rows,
    )  # fmt: skip


def _metric(render: YearTexts, code: str) -> str:
    return plain(render.metric_name(code))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return [line(header), "|" + "---|" * len(header), *(line(r) for r in rows)]
