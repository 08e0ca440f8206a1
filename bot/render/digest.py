"""The weekly digest as a message for the leadership group, and its chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from bot.core.deadlines.outcomes import DeadlineItem
from bot.core.digest import BranchScore, Digest, WeekFigure
from bot.core.weeks import week_label
from bot.render.base import RendererBase
from bot.render.chart import ChartBar, ChartText, progress_chart
from bot.render.deadlines import branch_names
from bot.render.progress import MARKS

OVERDUE_SHOWN = 10  # overdue deadlines listed by name in the digest; the rest are counted


class DigestTexts(RendererBase):
    """The digest: its text and its chart."""

    def digest(self, d: Digest) -> str:
        t = self.t
        lines = [
            t("<b>📊 {organisation} · weekly digest</b>", organisation=escape(d.organisation)),
            t("Week {week}: {start} – {end}", week=d.week,
              start=t.date(d.start), end=t.date(d.end)),
        ]  # fmt: skip
        if d.figures:
            lines += ["", t("<b>The week, and the year against the plan</b>")]
            for figure in d.figures:
                lines.extend(self.week_figure(figure))
        if d.strongest:
            lines += ["", t("<b>Carrying the plan</b>")]
            lines.extend(self.branch_score(s) for s in d.strongest)
        if d.weakest:
            lines += ["", t("<b>Lagging</b>")]
            lines.extend(self.branch_score(s) for s in d.weakest)
        if d.prorated:
            lines += ["", t("<b>Allocations prorated by open days</b>")]
            lines.extend(
                t("• {branch}: {share} of its allocation, open {start} – {end}",
                  branch=escape(p.name), share=t.percent(p.share, 0),
                  start=t.date(p.start), end=t.date(p.end))
                for p in d.prorated
            )  # fmt: skip
        lines += ["", t("<b>Missing daily figures</b>")]
        if d.missing:
            lines.extend(
                t("• {branch}: {days}", branch=escape(m.name), days=self.weekdays(m.days))
                for m in d.missing
            )
        else:
            lines.append(t("Every open branch reported every day. 👏"))
        lines += ["", t("<b>Events</b>")]
        lines.append(t("{count} events, {participants} participants",
                       count=t.number(d.events.count),
                       participants=t.number(d.events.participants)))  # fmt: skip
        lines.extend(
            t("• 《{title}》 ({branch})", title=escape(title), branch=escape(branch))
            for title, branch in d.events.titles
        )
        if d.deadlines.overdue:
            lines += ["", t("<b>Deadlines overdue</b>")]
            lines.extend(self.overdue_deadlines(d.deadlines.overdue))
        if d.deadlines.coming_up:
            lines += ["", t("<b>Deadlines coming up</b>")]
            lines.extend(self.digest_deadline(item) for item in d.deadlines.coming_up)
        return "\n".join(lines)

    def overdue_deadlines(self, items: Sequence[DeadlineItem]) -> list[str]:
        """The most overdue first, at most :data:`OVERDUE_SHOWN`, then how many more."""
        ranked = sorted(items, key=lambda item: (item.due, item.id))
        lines = [self.digest_deadline(item) for item in ranked[:OVERDUE_SHOWN]]
        if len(ranked) > OVERDUE_SHOWN:
            more = self.t.number(len(ranked) - OVERDUE_SHOWN)
            lines.append(self.t("… and {count} more overdue", count=more))
        return lines

    def digest_deadline(self, item: DeadlineItem) -> str:
        """``• 2026年12月5日 (周六) 提交月报 — still owing: 角楼图书馆``."""
        return self.t("• {due} {title} — still owing: {branches}", due=self.day(item.due),
                      title=escape(item.title),
                      branches=branch_names(self.t, item.owing, item.parts))  # fmt: skip

    def week_figure(self, f: WeekFigure) -> list[str]:
        t = self.t
        p = f.progress
        name = self.metric_name(f.metric)
        change = "" if f.change is None else " " + self.change(f.change)
        week = t.number(f.week)
        if p.stock:
            head = t("{mark} <b>{name}</b> {value}{change}", mark=MARKS[p.status], name=name,
                     value=week, change=change)  # fmt: skip
        else:
            head = t("{mark} <b>{name}</b> this week {value}{change}", mark=MARKS[p.status],
                     name=name, value=week, change=change)  # fmt: skip
        if p.target is None or p.attainment is None:
            return [head]
        year = t("   year {value} / {target} · {pct} · ", value=t.compact(p.value),
                 target=t.compact(p.target), pct=t.percent(p.attainment))  # fmt: skip
        return [head, year + self.pace_note(p)]

    def change(self, ratio: float) -> str:
        """``(▲ 12.0%)`` against the week before."""
        arrow = "▲" if ratio > 0 else ("▼" if ratio < 0 else "=")
        return f"({arrow} {self.t.percent(abs(ratio))})"

    def branch_score(self, s: BranchScore) -> str:
        t = self.t
        mark = "🟢" if s.ahead else "🔴"
        return t("{mark} {branch} {attainment} of its targets (pace {pace})", mark=mark,
                 branch=escape(s.name), attainment=t.percent(s.attainment),
                 pace=t.percent(s.pace))  # fmt: skip

    def weekdays(self, days: Sequence[dt.date]) -> str:
        """``周一、周三`` / ``Mon, Wed``."""
        return self.t(", ").join(self.t.weekday(d) for d in days)

    def bad_week(self, text: str) -> str:
        return self.t("⚠️ “{text}” is not a week. Write it like 2026-W47.", text=escape(text))

    def week_out_of_range(self, text: str, first: dt.date, last: dt.date) -> str:
        """A week with no digest: before the first one, or not begun yet."""
        return self.t(
            "⚠️ There is no digest for {week}: name a week from {first} to {last}.",
            week=escape(text),
            first=week_label(first),
            last=week_label(last),
        )

    def digest_chart(self, digest: Digest) -> bytes | None:
        """The year-to-date-against-pace chart as PNG, or None when no metric has a target.

        Slow (tenths of a second): call it off the event loop.
        """
        t = self.t
        bars = [
            ChartBar(
                self._catalogue.get(f.metric).name(t.locale),
                self._catalogue.get(f.metric).name("en"),
                f.progress.attainment,
                f.progress.expected_attainment or 0.0,
            )
            for f in digest.figures
            if f.progress.attainment is not None
        ]
        if not bars:
            return None
        week = f"{digest.week} ({digest.start:%m-%d} – {digest.end:%m-%d})"
        text = ChartText(
            title=t("{organisation} · {week}", organisation=digest.organisation, week=week),
            fallback_title=f"Year to date against the plan · {week}",
            legend_actual=t("Year to date"),
            fallback_legend_actual="Year to date",
            legend_pace=t("Pace"),
            fallback_legend_pace="Pace",
        )
        return progress_chart(bars, text)
