"""The weekly digest as a message for the leadership group, and its two charts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from babel.dates import format_skeleton

from bot.core.deadlines.outcomes import DeadlineItem
from bot.core.digest import APART, BranchScore, Digest, Untargeted, WeekFigure, YearOnYear
from bot.core.weeks import week_label
from bot.render.base import RendererBase
from bot.render.chart import ChartBar, ChartText, Words, progress_chart
from bot.render.deadlines import branch_names
from bot.render.i18n import month_day
from bot.render.progress import MARKS
from bot.render.week_chart import WeekRow, WeekText, week_chart

OVERDUE_SHOWN = 10  # overdue deadlines listed by name in the digest; the rest are counted


def N_(message: str) -> str:
    """Marks a message for the catalogs that is translated later (``words``)."""
    return message


WEEK_NAME = N_("Week {number} ({start}–{end})")  # zh_CN: 第48周（11月23日–29日）


def week_days(start: dt.date, end: dt.date, locale: str) -> dict[str, str]:
    """A week's first and last day for :data:`WEEK_NAME`: the month once when it is the
    same (``11月23日``–``29日``, ``Nov 23``–``29``), twice when the week spans two."""
    same = (start.year, start.month) == (end.year, end.month)
    last = format_skeleton("d", end, locale=locale) if same else month_day(end, locale)
    return {"start": month_day(start, locale), "end": last}


class DigestTexts(RendererBase):
    """The digest: its text and its chart."""

    def digest(self, d: Digest) -> str:
        t = self.t
        lines = [
            t("<b>📊 {organisation} · weekly digest</b>", organisation=escape(d.organisation)),
            self.week_name(d.start, d.end),
        ]  # fmt: skip
        if d.figures:
            lines += ["", t("<b>The week, and the year against the plan</b>")]
            gaps = self.gaps(d.gaps, d.gaps_before)
            for figure in d.figures:
                lines.extend(self.week_figure(figure, gaps))
        lines.extend(self.pace_ranking(d))
        if d.untargeted:
            lines += ["", t("<b>Branches without targets, against the same period last year</b>")]
            lines.extend(self.untargeted(u) for u in d.untargeted[:APART])
            if len(d.untargeted) > APART:
                lines.append(t.plural("… and {count} more branch without targets",
                                      "… and {count} more branches without targets",
                                      len(d.untargeted) - APART))  # fmt: skip
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
        lines.append(self.events_held(d.events.count, d.events.online, d.events.participants))
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

    def week_name(self, start: dt.date, end: dt.date) -> str:
        """``第48周（11月23日–29日）`` / ``Week 48 (Nov 23–29)``: the ISO week's number."""
        number = self.t.number(start.isocalendar()[1])
        return self.t(WEEK_NAME, number=number, **week_days(start, end, self.t.locale))

    def week_words(self, start: dt.date, end: dt.date) -> Words:
        """:meth:`week_name` in the reader's language and in English (a chart's fallback)."""
        number = start.isocalendar()[1]
        english = WEEK_NAME.format(number=number, **week_days(start, end, "en"))
        return Words(self.week_name(start, end), english)

    def week_number(self, start: dt.date) -> Words:
        """``第48周`` / ``Week 48``, where the days are said beside it already."""
        number = start.isocalendar()[1]
        return Words(self.t("Week {number}", number=self.t.number(number)),
                     f"Week {number}")  # fmt: skip

    def pace_ranking(self, d: Digest) -> list[str]:
        """The branches ahead of their pace and those behind it, each by its margin; a
        branch behind its pace is never under "ahead"."""
        if not d.ranked:
            return []
        t = self.t
        lines = ["", t("<b>Ahead of their pace</b>")]
        if d.leading:
            lines.extend(self.branch_score(s) for s in d.leading)
        else:
            lines.append(t("No branch is ahead of its pace."))
        lines += ["", t("<b>Behind their pace</b>")]
        if d.lagging:
            lines.extend(self.branch_score(s) for s in d.lagging)
        else:
            lines.append(t("No branch is behind its pace. 👏"))
        return lines

    def untargeted(self, u: Untargeted) -> str:
        """``• 景山街道图书馆：到馆人次 1,234（同比 ▲ 3.2%）、外借册次 560（去年同期无数据）``."""
        t = self.t
        if not u.figures:
            return t("• {branch}: no figures this year", branch=escape(u.name))
        parts = t(", ").join(self.year_on_year(f) for f in u.figures)
        return t("• {branch}: {figures}", branch=escape(u.name), figures=parts)

    def year_on_year(self, f: YearOnYear) -> str:
        t = self.t
        name, value = self.metric_name(f.metric), t.number(f.value)
        if f.change is None:
            return t("{name} {value} (no figures a year before)", name=name, value=value)
        return t("{name} {value} ({change} on last year)", name=name, value=value,
                 change=self.arrow(f.change))  # fmt: skip

    def gaps(self, days: int, before: int) -> str:
        """Why a week-on-week change may not be real: days of this week or the week before
        on which some open branch reported nothing (empty when every day is complete)."""
        t = self.t
        if days and before:
            return t.plural("{count} day this week and {before} last week with reports missing",
                            "{count} days this week and {before} last week with reports missing",
                            days, before=t.number(before))  # fmt: skip
        if days:
            return t.plural("{count} day this week with reports missing",
                            "{count} days this week with reports missing", days)  # fmt: skip
        if before:
            return t.plural("{count} day last week with reports missing",
                            "{count} days last week with reports missing", before)  # fmt: skip
        return ""

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

    def week_figure(self, f: WeekFigure, gaps: str = "") -> list[str]:
        """A key metric's week and year; ``gaps`` qualifies a count's change when days
        of the two weeks have no figures (a level's value does not lack days)."""
        t = self.t
        p = f.progress
        name = self.metric_name(f.metric)
        change = ""
        if f.change is not None:
            change = self.change(f.change, "" if p.stock else gaps)
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

    def change(self, ratio: float, gaps: str = "") -> str:
        """``（▲ 12.0%）`` against the week before, ``（▲ 12.0%；本周 3 天有分馆未报数）``
        when days are missing (in English after a space: `` (▲ 12.0%)``)."""
        if gaps:
            return self.t(" ({change}; {gaps})", change=self.arrow(ratio), gaps=gaps)
        return self.t(" ({change})", change=self.arrow(ratio))

    def arrow(self, ratio: float) -> str:
        """``▲ 12.0%``, ``▼ 3.1%`` or ``= 0.0%``."""
        arrow = "▲" if ratio > 0 else ("▼" if ratio < 0 else "=")
        return f"{arrow} {self.t.percent(abs(ratio))}"

    def branch_score(self, s: BranchScore) -> str:
        t = self.t
        mark = MARKS[s.status]
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
        local = {k: v.local if isinstance(v, Words) else v for k, v in values.items()}
        en = {k: v.english if isinstance(v, Words) else v for k, v in values.items()}
        return Words(
            self.t.plural(singular, plural, count, **local),
            english.format(**{"count": self.t.number(count), **en}),
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
        week = self.week_words(digest.start, digest.end)
        title = self.t("{organisation} · {week}", organisation=digest.organisation, week=week.local)
        text = ChartText(
            title=Words(title, f"Year to date against the plan · {week.english}"),
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
                week=self.week_number(digest.start),
            ),
            earlier=self.words(N_("the weeks before")),
            latest=self.words(N_("the digest's week")),
        )
        return week_chart(rows, [f"{monday.month}/{monday.day}" for monday in digest.weeks], text)
