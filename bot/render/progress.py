"""``/progress``: the year so far against the plan, by metric, branch or ranking."""

from __future__ import annotations

import datetime as dt
from html import escape

from bot.core.outcomes import BranchStanding, ProgressQuery, ProgressView, RankingView
from bot.core.progress import MetricProgress, year_elapsed
from bot.render.base import RendererBase

BAR_WIDTH = 10


class ProgressTexts(RendererBase):
    """Year-to-date figures against the plan."""

    def progress_answer(self, outcome: ProgressView | RankingView | ProgressQuery) -> str:
        """What ``/progress`` answers."""
        if isinstance(outcome, RankingView):
            return self.ranking(outcome)
        if isinstance(outcome, ProgressQuery):
            return self.progress_unknown(outcome)
        return self.progress(outcome)

    def progress(self, view: ProgressView) -> str:
        t = self.t
        lines = [t("<b>{scope} · the year so far</b>", scope=escape(view.scope))]
        if view.parts:
            lines.append(t("Including {branches}.", branches=escape("、".join(view.parts))))
        lines.append(self.as_of(view.day, view.seasonal))
        if not view.rows:
            lines.append(t("No targets and no figures yet for this year."))
        for row in view.rows:
            lines.append("")
            lines.extend(self.progress_row(row))
        return "\n".join(lines)

    def as_of(self, day: dt.date, seasonal: bool) -> str:
        """The day the figures count to, and what pace means."""
        t = self.t
        if seasonal:
            return t("Figures to the end of {date}. Pace follows last year's months.",
                     date=t.date(day))  # fmt: skip
        return t("Figures to the end of {date}: {elapsed} of the year gone.",
                 date=t.date(day), elapsed=t.percent(year_elapsed(day), 0))  # fmt: skip

    def progress_row(self, row: MetricProgress) -> list[str]:
        t = self.t
        name = self.metric_name(row.metric)
        if row.target is None or row.attainment is None:
            return [t("<b>{name}</b> {value} (no target)", name=name,
                      value=t.number(row.value))]  # fmt: skip
        lines = [
            t("{mark} <b>{name}</b> {value} / {target} · {pct}",
              mark=MARKS[row.status], name=name, value=t.compact(row.value),
              target=t.compact(row.target), pct=t.percent(row.attainment)),
            f"<code>{_bar(row.attainment)}</code> " + self.pace_note(row),
        ]  # fmt: skip
        if row.attainment >= 1:
            lines.append(t("target reached 🎉"))
        elif row.needed_per_day is not None:
            lines.append(t("needs {rate} a day · on this pace {projected} by year end",
                           rate=t.number(_round_up(row.needed_per_day)),
                           projected=t.compact(round(row.projected or 0))))  # fmt: skip
        return lines

    def ranking(self, view: RankingView) -> str:
        t = self.t
        name = self.metric_name(view.metric)
        lines = [t("<b>{metric} · {scope}</b>", metric=name, scope=escape(view.scope))]
        lines.append(t("Figures to the end of {date}; total {total}.",
                       date=t.date(view.day), total=t.number(view.total)))  # fmt: skip
        if not view.rows:
            lines.append(t("No branch has a figure or a target for this yet."))
        for place, row in enumerate(view.rows, 1):
            lines.append("")
            lines.extend(self.ranking_row(place, row))
        return "\n".join(lines)

    def ranking_row(self, place: int, row: BranchStanding) -> list[str]:
        t = self.t
        p = row.progress
        share = t.percent(row.share) if row.share is not None else "–"
        head = f"{place}. <b>{escape(row.name)}</b>"
        if p.target is None or p.attainment is None:
            return [head, t("{value} · {share} of the total · no target",
                            value=t.number(p.value), share=share)]  # fmt: skip
        return [
            f"{MARKS[p.status]} {head}",
            t("{value} / {target} · {pct} · {share} of the total",
              value=t.number(p.value), target=t.number(p.target),
              pct=t.percent(p.attainment), share=share),
            self.pace_note(p),
        ]  # fmt: skip

    def progress_unknown(self, query: ProgressQuery) -> str:
        t = self.t
        if query.refused_branch:
            return t("You can see the progress of your own branches only.")
        return t("I know no metric or branch called “{text}”. Try /progress, "
                 "/progress 到馆 or /progress 角楼.", text=escape(query.text))  # fmt: skip


MARKS = {"ahead": "🟢", "close": "🟡", "behind": "🔴", "none": "⚪"}


def _bar(share: float) -> str:
    filled = min(BAR_WIDTH, round(share * BAR_WIDTH))
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def _round_up(value: float) -> int:
    """A rate needed, rounded so that keeping it reaches the target."""
    return int(-(-value // 1))
