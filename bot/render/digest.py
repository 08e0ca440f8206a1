"""The weekly digest as a message for the leadership group, and its two charts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from bot.core.deadlines.outcomes import DeadlineItem
from bot.core.digest import BranchScore, Digest, WeekFigure
from bot.core.weeks import week_label
from bot.render.base import RendererBase
from bot.render.chart import ChartBar, ChartText, Words, progress_chart
from bot.render.deadlines import branch_names
from bot.render.progress import MARKS
from bot.render.week_chart import WeekRow, WeekText, week_chart

OVERDUE_SHOWN = 10  # overdue deadlines listed by name in the digest; the rest are counted


def N_(message: str) -> str:
    """Marks a message for the catalogs that is translated later (``words``)."""
    return message


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
        participants = self.participants(d.events.participants)
        lines.append(t.plural("{count} event, {participants}", "{count} events, {participants}",
                              d.events.count, participants=participants))  # fmt: skip
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
        lines = [head]
        if p.target is not None and p.attainment is not None:
            year = t("   year {value} / {target} · {pct} · ", value=t.number(p.value),
                     target=t.compact(p.target), pct=t.percent(p.attainment))  # fmt: skip
            lines.append(year + self.pace_note(p))
        if same := self.year_ago(f):
            lines.append(same)
        return lines

    def year_ago(self, f: WeekFigure) -> str | None:
        """同比 in one line: the week against the same weeks last year, the year so far
        against the same period, each only where last year has it."""
        t = self.t
        parts = []
        if (week := f.week_change_year_ago) is not None and f.week_year_ago is not None:
            parts.append(t("week {change} ({value})", change=self.arrow(week),
                           value=t.number(f.week_year_ago)))  # fmt: skip
        if (year := f.year_change_year_ago) is not None and f.year_ago is not None:
            parts.append(t("year so far {change} ({value})", change=self.arrow(year),
                           value=t.number(f.year_ago)))  # fmt: skip
        return t("   vs last year: {parts}", parts=t(" · ").join(parts)) if parts else None

    def change(self, ratio: float) -> str:
        """``(▲ 12.0%)`` against the week before."""
        return f"({self.arrow(ratio)})"

    def arrow(self, ratio: float) -> str:
        """``▲ 12.0%``, ``▼ 3.1%`` or ``= 0.0%``."""
        arrow = "▲" if ratio > 0 else ("▼" if ratio < 0 else "=")
        return f"{arrow} {self.t.percent(abs(ratio))}"

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

    def plural_words(self, singular: str, plural: str, count: int, **values: object) -> Words:
        """``words`` for a message with a count: the form that agrees with it, in both."""
        english = singular if count == 1 else plural
        return Words(
            self.t.plural(singular, plural, count, **values),
            english.format(**{"count": self.t.number(count), **values}),
        )

    def words(self, message: str, **values: object) -> Words:
        """``message`` (marked with ``N_``) in the reader's language and in English, the
        msgid itself: a chart falls back to English where no font has the glyphs."""
        return Words(self.t(message, **values), message.format(**values))

    def metric_words(self, metric: str) -> Words:
        found = self._catalogue.get(metric)
        return Words(found.name(self.t.locale), found.name("en"))

    def digest_chart(self, digest: Digest) -> bytes | None:
        """The year-to-date-against-pace chart as PNG, or None when no metric has a target.

        Slow (tenths of a second): call it off the event loop.
        """
        t = self.t
        bars = [
            ChartBar(
                self.metric_words(f.metric),
                f.progress.attainment,
                f.progress.expected_attainment or 0.0,
                t.number(f.progress.value),
            )
            for f in digest.figures
            if f.progress.attainment is not None
        ]
        if not bars:
            return None
        week = f"{digest.week} ({digest.start:%m-%d} – {digest.end:%m-%d})"
        title = self.words(
            N_("{organisation} · {week}"), organisation=digest.organisation, week=week
        )
        text = ChartText(
            title=Words(title.local, f"Year to date against the plan · {week}"),
            axis=self.words(N_("Year to date")),
            legend=self.words(N_("Pace")),
            ahead=self.words(N_("ahead of pace")),
            slipping=self.words(N_("behind pace by less than 10%")),
            behind=self.words(N_("behind pace by 10% or more")),
            pace=self.words(N_("pace: where the year should be by now")),
        )
        return progress_chart(bars, text)

    def digest_week_chart(self, digest: Digest) -> bytes | None:
        """The last weeks of the key counts as PNG, or None when there are none to draw.

        Slow (tenths of a second): call it off the event loop.
        """
        t = self.t
        rows = []
        for weekly in digest.weekly:
            if not any(weekly.totals):
                continue
            latest, before = weekly.totals[-1], weekly.totals[-2] if len(weekly.totals) > 1 else 0
            change = self.arrow((latest - before) / before) if before else ""
            rows.append(WeekRow(self.metric_words(weekly.metric), weekly.totals,
                                t.number(latest), change))  # fmt: skip
        if not rows:
            return None
        count = len(digest.weeks)
        text = WeekText(
            title=self.plural_words(
                "The last {count} week, to {week} · each row against its own largest week",
                "The last {count} weeks, to {week} · each row against its own largest week",
                count,
                week=digest.week,
            ),
            earlier=self.words(N_("the weeks before")),
            latest=self.words(N_("the digest's week")),
        )
        return week_chart(rows, [f"{monday.month}/{monday.day}" for monday in digest.weeks], text)
