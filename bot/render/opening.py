"""Texts that go with ``/opening``: the balance stored, or why nothing was."""

from __future__ import annotations

from html import escape

from bot.core.opening import OpeningRecorded, OpeningRefused
from bot.render.base import RendererBase
from storage.models import MonthSpan


class OpeningTexts(RendererBase):
    """Opening balances: totals over months before the bot."""

    def months(self, span: MonthSpan) -> str:
        """``2026年1–11月`` / ``months 1–11 of 2026``."""
        year, first, last = span.first[:4], str(int(span.first[5:])), str(int(span.last[5:]))
        if first == last:
            return self.t("month {month} of {year}", month=first, year=year)
        return self.t("months {first}–{last} of {year}", first=first, last=last, year=year)

    def opening(self, outcome: OpeningRecorded | OpeningRefused) -> str:
        t = self.t
        if isinstance(outcome, OpeningRecorded):
            lines = [
                t(
                    "✅ Opening balance for {branch}, {months}:",
                    branch=escape(outcome.branch_name),
                    months=self.months(outcome.months),
                )
            ]
            lines += [
                self.figure_line(metric, value, old, old is not None and old != value)
                for metric, value, old in outcome.figures
            ]
            lines.append(t("Counted in /progress and the digest; these months have no daily "
                           "figures and no missing days."))  # fmt: skip
            return "\n".join(lines)
        text = escape(outcome.text)
        if outcome.reason == "unknown_branch":
            return t("⚠️ I don't know a branch called “{hint}”.", hint=text)
        if outcome.reason == "bad_months":
            return t("⚠️ “{text}” is not a span of months of one year, such as 1-11月.", text=text)
        if outcome.reason == "future":
            return t("⚠️ Those months have not begun yet; nothing was stored.")
        if outcome.reason == "not_a_number":
            return t("⚠️ “{text}” is not a whole number; nothing was stored.", text=text)
        if outcome.reason == "unknown_metric":
            return t("⚠️ I don't know a metric called “{text}”; nothing was stored.", text=text)
        if outcome.reason == "level":
            return t("⚠️ {name} is a level, given for a day, not for months; nothing was stored.",
                     name=self.metric_name(outcome.text))  # fmt: skip
        if outcome.reason == "twice":
            return t("⚠️ {name} is given twice; nothing was stored.",
                     name=self.metric_name(outcome.text))  # fmt: skip
        if outcome.reason == "conflict":
            return t("⚠️ Nothing was stored: {branch} already has daily figures or another "
                     "total in those months, and a month is counted once.",
                     branch=text)  # fmt: skip
        return t(
            "Usage: /opening &lt;branch&gt; 1-11月 &lt;metric&gt; &lt;number&gt; … "
            "(e.g. <code>/opening {example}</code>)",
            example=self.opening_example(),
        )
