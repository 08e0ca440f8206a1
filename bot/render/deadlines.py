"""Deadlines: /deadline, /deadlines, /done, the reminder and the managers' overdue lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from bot.core.deadlines.outcomes import (
    TITLE_LIMIT,
    CancelResult,
    DeadlineCreated,
    DeadlineItem,
    DeadlineList,
    DeadlineRefused,
    DoneResult,
    OverdueItem,
)
from bot.core.weeks import LAST_YEAR
from bot.render.base import RendererBase
from bot.render.i18n import Translator

BRANCHES_SHOWN = 5  # branch names listed before "and N more"
SOON = 3  # days: a deadline this close is marked 🟡


def branch_names(t: Translator, names: Sequence[str], parts: int | None = None) -> str:
    """``角楼图书馆、景山街道图书馆`` (escaped); "all N branches" when every one of more
    than a few parts is owed."""
    if parts is not None and parts > BRANCHES_SHOWN and len(names) == parts:
        return t("all {count} branches", count=t.number(parts))
    shown = t(", ").join(escape(name) for name in names[:BRANCHES_SHOWN])
    if len(names) > BRANCHES_SHOWN:
        more = t("… and {count} more", count=t.number(len(names) - BRANCHES_SHOWN))
        return f"{shown} {more}"
    return shown


def days_left(t: Translator, days: int) -> str:
    """``due today`` · ``due in 3 days`` · ``2 days overdue``."""
    if days == 0:
        return t("due today")
    if days == 1:
        return t("due tomorrow")
    if days > 1:
        return t("due in {days} days", days=t.number(days))
    if days == -1:
        return t("1 day overdue")
    return t("{days} days overdue", days=t.number(-days))


class DeadlineTexts(RendererBase):
    """Replies about deadlines, and the texts the reminder jobs send."""

    def deadline_answer(self, outcome: DeadlineCreated | DeadlineRefused | CancelResult) -> str:
        """The reply to ``/deadline …``."""
        if isinstance(outcome, DeadlineCreated):
            return self.deadline_created(outcome)
        if isinstance(outcome, DeadlineRefused):
            return self.deadline_refused(outcome)
        return self.deadline_cancelled(outcome)

    def deadline_created(self, c: DeadlineCreated) -> str:
        t = self.t
        if c.branches:
            owed = t("Owed by: {branches}", branches=branch_names(t, c.branches))
        else:
            owed = t("Owed by: every branch")
        return "\n".join([
            t("📌 Deadline #{id} set: <b>{title}</b>", id=str(c.id), title=escape(c.title)),
            t("Due: {date}", date=self.day(c.due)),
            owed,
            t("Each branch marks its part done with /done {id}; "
              "cancel with /deadline cancel {id}.", id=str(c.id)),
        ])  # fmt: skip

    def deadline_refused(self, r: DeadlineRefused) -> str:
        t = self.t
        if r.reason == "bad_date":
            problem = t("⚠️ “{text}” is not a date. Start with the due date, "
                        "like 2026-12-05 or 12-05.", text=escape(r.hint))  # fmt: skip
        elif r.reason == "past_date" and r.due is not None:
            problem = t("⚠️ {date} has passed. Give a date from today on.", date=t.date(r.due))
        elif r.reason == "far_date" and r.due is not None:
            problem = t("⚠️ {date} is too far ahead. Give a date up to {last}.",
                        date=t.date(r.due), last=t.date(dt.date(LAST_YEAR, 12, 31)))  # fmt: skip
        elif r.reason == "unknown_branch":
            problem = t("⚠️ I don't know a branch called “{hint}”.", hint=escape(r.hint))
        elif r.reason == "empty_title":
            problem = t("⚠️ What is the task? Write it after the date.")
        elif r.reason == "long_title":
            problem = t("⚠️ The task is too long: at most {limit} characters.",
                        limit=t.number(TITLE_LIMIT))  # fmt: skip
        else:
            problem = ""
        usage = [
            t("Usage: /deadline &lt;date&gt; [#branch …] &lt;task&gt;"),
            t(
                "<code>/deadline 12-05 {branches} hand in the November statistics</code>",
                branches=escape(" ".join(t for t in self.examples.tags if t.startswith("#"))),
            ),
        ]
        if not problem:
            return "\n".join(usage)
        return "\n".join([problem, *usage, t("Nothing was stored.")])

    def deadline_cancelled(self, c: CancelResult) -> str:
        t = self.t
        if c.status == "usage":
            return t("Usage: /deadline cancel &lt;id&gt; (the ids are in /deadlines)")
        if c.status == "unknown":
            return self.no_such_deadline(c.deadline_id)
        if c.status == "already_cancelled":
            return t("Deadline #{id} ({title}) was already cancelled.",
                     id=str(c.deadline_id), title=escape(c.title))  # fmt: skip
        return t("🗑 Deadline #{id} cancelled: {title}", id=str(c.deadline_id),
                 title=escape(c.title))  # fmt: skip

    def no_such_deadline(self, deadline_id: int | None) -> str:
        return self.t("⚠️ There is no deadline #{id}. /deadlines lists the open ones.",
                      id=str(deadline_id))  # fmt: skip

    def deadline_list(self, d: DeadlineList) -> str:
        """``/deadlines``: soonest first, overdue ones marked."""
        t = self.t
        lines = [t("<b>📋 Open deadlines · {date}</b>", date=self.day(d.day))]
        if not d.items:
            lines.append(t("Nothing open. ✅"))
            return "\n".join(lines)
        for item in d.items:
            lines.append(self.deadline_line(item))
            if d.everyone:
                lines.append(t("   still owing ({owing} of {parts}): {branches}",
                               owing=t.number(len(item.owing)), parts=t.number(item.parts),
                               branches=branch_names(t, item.owing)))  # fmt: skip
            else:
                lines.append(t("   to do: {branches}", branches=branch_names(t, item.owing)))
        lines.append("")
        if d.everyone:
            lines.append(t("/done &lt;id&gt; &lt;branch|all&gt; marks parts done; "
                           "/deadline cancel &lt;id&gt; cancels."))  # fmt: skip
        else:
            lines.append(t("Send /done &lt;id&gt; when your part is done."))
        return "\n".join(lines)

    def deadline_line(self, item: DeadlineItem) -> str:
        """``🔴 #3 <b>title</b> — 2026年12月5日 (周六) · 2 days overdue``."""
        mark = "🔴" if item.overdue else ("🟡" if item.days_left <= SOON else "⚪")
        return self.t("{mark} #{id} <b>{title}</b> — {due} · {when}", mark=mark,
                      id=str(item.id), title=escape(item.title), due=self.day(item.due),
                      when=days_left(self.t, item.days_left))  # fmt: skip

    def done_answer(self, r: DoneResult) -> str:
        """The reply to ``/done …``."""
        t = self.t
        ident = {"id": str(r.deadline_id), "title": escape(r.title)}
        if r.status == "usage":
            return t("Usage: /done &lt;id&gt; [branch] — the ids are in /deadlines")
        if r.status == "unknown":
            return self.no_such_deadline(r.deadline_id)
        if r.status == "cancelled":
            return t("Deadline #{id} ({title}) was cancelled; nothing to do.", **ident)
        if r.status == "unknown_branch":
            return t("⚠️ I don't know a branch called “{hint}”.", hint=escape(r.hint))
        if r.status == "not_your_branch":
            return t("⛔ You can mark only your own branches' parts; {branch} is not yours.",
                     branch=escape(r.hint))  # fmt: skip
        if r.status == "managers_only":
            return t("⛔ Only managers can mark every part at once. "
                     "Send /done {id} for your own branches.", id=str(r.deadline_id))  # fmt: skip
        if r.status == "not_owed":
            head = (
                t("⚠️ Deadline #{id} ({title}) is not owed by {branches}.",
                  branches=escape(r.hint), **ident)
                if r.hint
                else t("⚠️ You report for no branch.")
            )  # fmt: skip
            return head + "\n" + t("Name the branch: /done {id} &lt;branch&gt;", id=ident["id"])
        if r.status == "already_done":
            head = t("☑️ Deadline #{id} ({title}): that part was already done.", **ident)
        else:
            head = t("✅ Deadline #{id} ({title}): done for {branches}.",
                     branches=branch_names(t, r.marked), **ident)  # fmt: skip
        if r.owing:
            tail = t("Still owing: {branches}", branches=branch_names(t, r.owing))
        else:
            tail = t("Every branch has done its part. 🎉")
        return head + "\n" + tail

    def deadline_notice(self, c: DeadlineCreated, branches: Sequence[str], by: str) -> str:
        """To the staff of the branches that owe a deadline just set: what, by when, who
        set it, and how to mark it done."""
        t = self.t
        return "\n".join([
            t("📌 New task #{id} from {name}: <b>{title}</b>", id=str(c.id), name=escape(by),
              title=escape(c.title)),
            t("Due: {date}", date=self.day(c.due)),
            t("   {branches} · when done: /done {id}", branches=branch_names(t, branches),
              id=str(c.id)),
        ])  # fmt: skip

    def deadline_cancel_notice(self, c: CancelResult, by: str) -> str:
        """To the staff of the branches that still owed a deadline just cancelled."""
        return self.t("🗑 {name} cancelled task #{id} (<b>{title}</b>): there is nothing more "
                      "to do for it.", id=str(c.deadline_id), title=escape(c.title),
                      name=escape(by))  # fmt: skip

    def deadline_reminder(self, day: dt.date, items: Sequence[DeadlineItem]) -> str:
        """One private message: a person's deadlines due in N days or today."""
        t = self.t
        lines = [t("⏰ <b>Task deadlines</b> · {date}", date=self.day(day))]
        for item in items:
            lines.append(self.deadline_line(item))
            lines.append(t("   {branches} · when done: /done {id}",
                           branches=branch_names(t, item.owing), id=str(item.id)))  # fmt: skip
        lines.append(t("/deadlines — everything still open"))
        return "\n".join(lines)

    def overdue_lines(self, items: Sequence[OverdueItem]) -> list[str]:
        """The managers' morning section: overdue deadlines, branches still owing and who."""
        t = self.t
        if not items:
            return []
        lines = [t("<b>⏰ Overdue deadlines</b>")]
        for item in items:
            lines.append(t("#{id} <b>{title}</b> — due {date}, {late}", id=str(item.id),
                           title=escape(item.title), date=t.date(item.due),
                           late=days_left(t, -item.days_late)))  # fmt: skip
            for owing in item.owing:
                who = t(", ").join(escape(p) for p in owing.people) or t("nobody on the roster")
                lines.append(t("• {branch} — {people}", branch=escape(owing.branch), people=who))
        return lines
