"""Texts that show figures: today's reports, the year's progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from html import escape

from bot.outcomes import ProgressView
from bot.progress import MetricProgress, year_elapsed
from bot.render.base import RendererBase

BAR_WIDTH = 10


class ViewTexts(RendererBase):
    """Read-only views of the stored figures."""

    def today(
        self,
        day: dt.date,
        names: Mapping[str, str],
        figures: Mapping[str, Mapping[str, int]],
        closed: set[str],
    ) -> str:
        t = self.t
        lines = [t("<b>Today · {date}</b>", date=self.day(day))]
        for code, name in names.items():
            lines.append(f"\n<b>{escape(name)}</b>")
            if code in closed:
                lines.append(t("🚪 closed"))
            reported = figures.get(code, {})
            if not reported and code not in closed:
                lines.append(t("— nothing reported yet"))
            lines.extend(
                self.figure_line(metric, reported[metric], None, corrected=False)
                for metric in self._catalogue.codes
                if metric in reported
            )
        return "\n".join(lines)

    def progress(self, view: ProgressView) -> str:
        t = self.t
        lines = [
            t("<b>{scope} · the year so far</b>", scope=escape(view.scope)),
            t("As of {date}: {elapsed} of the year gone.",
              date=self.t.date(view.day), elapsed=self.t.percent(year_elapsed(view.day), 0)),
        ]  # fmt: skip
        if not view.rows:
            lines.append(t("No targets and no figures yet for this year."))
        for row in view.rows:
            lines.append("")
            lines.extend(self.progress_row(row))
        return "\n".join(lines)

    def progress_row(self, row: MetricProgress) -> list[str]:
        t = self.t
        name = self.metric_name(row.metric)
        if row.target is None or row.attainment is None:
            return [t("<b>{name}</b> {value} (no target)", name=name,
                      value=self.t.number(row.value))]  # fmt: skip
        ahead = row.ahead or 0.0
        mark = "🟢" if ahead >= 0 else ("🟡" if row.attainment >= 0.9 * row.elapsed else "🔴")
        lines = [
            t("{mark} <b>{name}</b> {value} / {target} · {pct}",
              mark=mark, name=name, value=self.t.compact(row.value),
              target=self.t.compact(row.target), pct=self.t.percent(row.attainment)),
            f"<code>{_bar(row.attainment)}</code>",
        ]  # fmt: skip
        if row.stock:
            return lines
        if ahead >= 0:
            lines.append(t("ahead of pace by {units}", units=self.t.number(round(ahead))))
        else:
            lines.append(t("behind pace by {units}", units=self.t.number(round(-ahead))))
        if row.needed_per_day:
            lines.append(t("needs {rate} a day · on this pace {projected} by year end",
                           rate=self.t.number(round(row.needed_per_day)),
                           projected=self.t.compact(round(row.projected or 0))))  # fmt: skip
        else:
            lines.append(t("target reached 🎉"))
        return lines


def _bar(share: float) -> str:
    filled = min(BAR_WIDTH, round(share * BAR_WIDTH))
    return "█" * filled + "░" * (BAR_WIDTH - filled)
