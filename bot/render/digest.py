"""The weekly digest as a message for the leadership group, and /missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from bot.core.deadline_outcomes import DeadlineItem
from bot.core.digest import BranchScore, Digest, WeekFigure
from bot.core.outcomes import MissingToday
from bot.render.base import RendererBase
from bot.render.deadlines import branch_names
from bot.render.progress import MARKS

MISSING_SHOWN = 15  # branches listed by name before "and N more"


class DigestTexts(RendererBase):
    """The digest and the list of branches still to report."""

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
            lines.extend(self.digest_deadline(item) for item in d.deadlines.overdue)
        if d.deadlines.coming_up:
            lines += ["", t("<b>Deadlines coming up</b>")]
            lines.extend(self.digest_deadline(item) for item in d.deadlines.coming_up)
        return "\n".join(lines)

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

    def missing_today(self, m: MissingToday) -> str:
        t = self.t
        lines = [t("<b>Not reported yet · {date}</b>", date=self.day(m.day))]
        if not m.open_branches:
            lines.append(t("Every branch is closed today."))
            return "\n".join(lines)
        if not m.missing:
            lines.append(t("Every open branch has reported. ✅"))
        for name, people in m.missing[:MISSING_SHOWN]:
            who = t(", ").join(escape(p) for p in people) or t("nobody on the roster")
            lines.append(t("• {branch} — {people}", branch=escape(name), people=who))
        if len(m.missing) > MISSING_SHOWN:
            lines.append(t("… and {count} more", count=t.number(len(m.missing) - MISSING_SHOWN)))
        lines.append(t("{reported} of {open} open branches reported; due by {due}.",
                       reported=t.number(m.open_branches - len(m.missing)),
                       open=t.number(m.open_branches), due=m.due))  # fmt: skip
        if m.closed:
            closed = t(", ").join(escape(name) for name in m.closed)
            lines.append(t("Closed today: {branches}", branches=closed))
        return "\n".join(lines)
