"""``/year``: the year-end report (年报) as one chat message, and the pieces the markdown and
the workbook of the same report are made of.

Totals are exact and grouped (``512,345``), never compact: a 年报 is copied into documents.
"""

from __future__ import annotations

import datetime as dt
import html
from html import escape

from bot.core.evaluation import IndicatorResult
from bot.core.year_report import MetricYear, YearReport
from bot.render.base import RendererBase

CHAT_BRANCHES = 8  # more branches than this: their part is in the attached workbook only
CHAT_TITLES = 10  # event titles named in the message; all of them are in the workbook


class YearTexts(RendererBase):
    """The year's statistics, in the reader's language."""

    def year_report(self, report: YearReport) -> str:
        """What ``/year`` answers: the headline figures; the workbook sent with it has all."""
        t = self.t
        lines = [self.year_title(report), self.year_as_of(report)]
        if report.empty:
            lines.append(t("No figures for {year} yet.", year=str(report.year)))
            return "\n".join(lines)
        lines.append(self.year_compared(report))
        lines.append("")
        lines.extend(f"• {self.year_metric_line(row)}" for row in report.rows)
        lines += ["", t("<b>Events</b>"), self.year_events(report)]
        titles = report.events.titles
        if titles:
            named = "、".join(escape(e.title) for e in titles[:CHAT_TITLES])
            more = len(titles) - CHAT_TITLES
            if more > 0:
                lines.append(t("Named in reports: {titles} and {more} more (in the workbook).",
                               titles=named, more=t.number(more)))  # fmt: skip
            else:
                lines.append(t("Named in reports: {titles}.", titles=named))
        if report.indicators:
            lines += ["", t("<b>Evaluation indicators</b>")]
            lines.extend(f"• {self.indicator_line(r)}" for r in report.indicators)
            if not report.complete:
                lines.append(self.indicator_basis_note())
        lines.extend(self._branches_part(report))
        lines += ["", t("<b>Closures</b>"), self.year_closures(report)]
        return "\n".join(lines)

    def year_title(self, report: YearReport) -> str:
        return self.t("<b>{scope} · statistics for {year}</b>", scope=escape(report.scope),
                      year=str(report.year))  # fmt: skip

    def year_as_of(self, report: YearReport) -> str:
        t = self.t
        if report.complete:
            return t("The whole year, 1 January to 31 December.")
        if report.as_of < dt.date(report.year, 1, 1):
            return t("The year has not begun.")
        return t("Figures to {date}: the year so far.", date=t.date(report.as_of))

    def year_compared(self, report: YearReport) -> str:
        start, end = report.last_year
        return self.t("Same period last year: {start} to {end}.", start=self.t.date(start),
                      end=self.t.date(end))  # fmt: skip

    def year_metric_line(self, row: MetricYear) -> str:
        """``到馆人次：512,345 人次 · 目标 600,000 · 完成率 85.4% · 去年同期 480,000（+6.7%）``."""
        t = self.t
        m = self._catalogue.get(row.metric)
        unit = escape(m.unit(t.locale, row.total))
        parts = [t("{name}: <b>{value}</b> {unit}", name=escape(m.name(t.locale)),
                   value=t.number(row.total), unit=unit)]  # fmt: skip
        if row.target is not None:
            parts.append(t("target {target} · {pct} done", target=t.number(row.target),
                           pct=self.year_attainment(row)))  # fmt: skip
        parts.append(self.year_last(row))
        return " · ".join(parts)

    def year_attainment(self, row: MetricYear) -> str:
        """完成率, or a dash without a target."""
        return self.t.percent(row.attainment) if row.attainment is not None else "—"

    def year_last(self, row: MetricYear) -> str:
        """``去年同期 480,000（+6.7%）``, or ``去年同期 无`` when last year has no figures."""
        t = self.t
        if row.last_year is None:
            return t("same period last year: none")
        return t("same period last year {value} ({change})", value=t.number(row.last_year),
                 change=self.year_change(row))  # fmt: skip

    def year_change(self, row: MetricYear) -> str:
        """``+6.7%`` / ``−3.0%``, or a dash."""
        change = row.change
        if change is None:
            return "—"
        sign = "+" if change >= 0 else "−"
        return sign + self.t.percent(abs(change))

    def year_events(self, report: YearReport) -> str:
        """The year's events as the digest counts them, as a sentence."""
        events = report.events
        held = self.events_held(events.count, events.online, events.participants)
        return self.t("{events}.", events=held)

    def year_closures(self, report: YearReport) -> str:
        t = self.t
        closed = [b for b in report.branches if b.closure_days]
        if not closed:
            return t("No branch reported a closure.")
        if len(closed) > CHAT_BRANCHES:
            return t.plural("{count} branch reported closures, {days} in all; its days are in "
                            "the workbook.", "{count} branches reported closures, {days} in all; "
                            "each branch's days are in the workbook.", len(closed),
                            days=self.day_count(sum(b.closure_days for b in closed)))  # fmt: skip
        return "、".join(
            t("{branch} {days}", branch=escape(b.name), days=self.day_count(b.closure_days))
            for b in closed
        )

    def indicator_line(self, result: IndicatorResult) -> str:
        """``人均到馆次数：0.70 次/人（全年预计 0.79）· 标准 1.00 ⚠️ 未达标``."""
        t = self.t
        name = escape(result.indicator.name(t.locale))
        if result.value is None:
            return t("{name}: {why}", name=name, why=self.indicator_absent(result))
        parts = [t("{name}: <b>{value}</b>", name=name, value=self.indicator_value(result))]
        if result.projected is not None:
            parts[0] += t(" (full year on this pace: {value})",
                          value=self.indicator_value(result, result.projected))  # fmt: skip
        if result.threshold is not None:
            parts.append(t("standard {value} {mark}", mark=self.indicator_mark(result),
                           value=self.indicator_value(result, result.threshold)))  # fmt: skip
        return " · ".join(parts)

    def indicator_absent(self, result: IndicatorResult) -> str:
        """Why an indicator has no value: what to declare in the organisation file, or the
        metrics nobody reported this year."""
        t = self.t
        if result.missing:
            return t("needs {keys} in the organisation file", keys="、".join(result.missing))
        names = "、".join(self.metric_name(m) for m in result.unreported)
        return t("no figures of {metrics} this year", metrics=names)

    def indicator_value(self, result: IndicatorResult, value: float | None = None) -> str:
        """``0.70 次`` / ``12.50 场`` / ``35.0%``: an indicator's figure with its unit."""
        t = self.t
        value = result.value if value is None else value
        assert value is not None
        if result.indicator.percent:
            return t.percent(value)
        unit = result.indicator.unit(t.locale)
        return f"{t.decimal(value, 2)} {escape(unit)}" if unit else t.decimal(value, 2)

    def indicator_columns(self, result: IndicatorResult) -> tuple[str, str, str, str]:
        """Value, full year on this pace, standard and mark as plain text (a table's cells);
        a missing input fills the value with what to declare."""
        if result.value is None:
            return html.unescape(self.indicator_absent(result)), "", "", ""

        def shown(value: float | None) -> str:
            return "—" if value is None else html.unescape(self.indicator_value(result, value))

        return (shown(result.value), shown(result.projected), shown(result.threshold),
                self.indicator_mark(result))  # fmt: skip

    def indicator_formula(self, result: IndicatorResult) -> str:
        """``(活动场次 + 线上活动场次) ÷ 常住人口（population）× 10,000``: plain text."""
        t, indicator = self.t, result.indicator
        names = [
            self.basis_name(i) if i not in indicator.metrics
            else self._catalogue.get(i).name(t.locale)
            for i in indicator.inputs
        ]  # fmt: skip
        top = " + ".join(names)
        formula = f"({top})" if len(names) > 1 else top
        formula += f" ÷ {self.basis_name(indicator.base)}"
        if indicator.scale != 1:
            formula += f" × {t.number(indicator.scale)}"
        return formula

    def basis_name(self, key: str) -> str:
        """A figure the organisation file gives, with its key: ``常住人口（population）``."""
        t = self.t
        names = {"population": t("population served"), "cardholders": t("cardholders"),
                 "holdings": t("volumes held")}  # fmt: skip
        return t("{name} ({key})", name=names.get(key, key), key=key)

    def indicator_mark(self, result: IndicatorResult) -> str:
        """``✅ 达标`` / ``⚠️ 未达标``; empty without a threshold or a value."""
        if result.passed is None:
            return ""
        return self.t("✅ met") if result.passed else self.t("⚠️ short")

    def indicator_basis_note(self) -> str:
        return self.t("The year is not over: a standard is held against the full year on "
                      "this pace (last year's months where complete).")  # fmt: skip

    def _branches_part(self, report: YearReport) -> list[str]:
        t = self.t
        alone = len(report.branches) == 1 and not report.whole_organisation
        if not report.branches or (alone and not report.branches[0].indicators):
            return []  # a staff member's one branch: the figures above are its own
        lines = ["", t("<b>Branches</b>")]
        if len(report.branches) > CHAT_BRANCHES:
            lines.append(t.plural("{count} branch: its totals, allocation and share done are in "
                                  "the attached workbook.", "{count} branches: each branch's "
                                  "totals, allocation and share done are in the attached workbook.",
                                  len(report.branches)))  # fmt: skip
            return lines
        for branch in report.branches:
            planned = [r for r in branch.rows if r.target is not None]
            shown = planned or [r for r in branch.rows if r.total][:3]
            figures = "；".join(self.branch_metric(r) for r in shown) or t("no figures")
            lines.append(t("• <b>{branch}</b>: {figures}", branch=escape(branch.name),
                           figures=figures))  # fmt: skip
            lines.extend(f"  {self.indicator_line(r)}" for r in branch.indicators)
        return lines

    def metric_unit(self, code: str) -> str:
        """The unit a metric is counted in, plain text."""
        return self._catalogue.get(code).unit(self.t.locale)

    def branch_metric(self, row: MetricYear) -> str:
        """``到馆人次 12,345 / 80,000（15.4%）`` or ``外借册次 560``."""
        t = self.t
        name = self.metric_name(row.metric)
        if row.target is None:
            return f"{name} {t.number(row.total)}"
        return t("{name} {value} / {target} ({pct})", name=name, value=t.number(row.total),
                 target=t.number(row.target), pct=self.year_attainment(row))  # fmt: skip

    def year_caption(self, report: YearReport) -> str:
        return self.t("📊 {scope} · statistics for {year}: totals, branches, events, "
                      "indicators and closures.", scope=escape(report.scope),
                      year=str(report.year))  # fmt: skip

    def year_not_a_year(self, text: str, this_year: int) -> str:
        return self.t("⚠️ “{text}” is not a year. Send /year for {year}, or name one: /year {year}",
                      text=escape(text), year=str(this_year))  # fmt: skip
