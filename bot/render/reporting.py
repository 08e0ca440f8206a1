"""Texts answering report messages: confirmations, questions, rejections, undo, /today."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.core.outcomes import (
    BranchQuestion,
    Cancelled,
    ClosureQuestion,
    Confirmation,
    ContestQuestion,
    EmptiedQuestion,
    NotAReport,
    NothingToUndo,
    OtherFigure,
    Rejection,
    ReportReply,
    Silent,
    TodayView,
    Undone,
    ValueQuestion,
)
from bot.core.parsing import ParseIssue
from bot.core.plausibility import Assessment
from bot.render.base import (
    Button,
    CorrectReport,
    KeepReport,
    KeepUnusual,
    PickBranch,
    RendererBase,
    Reply,
    ResolveClosure,
    ResolveContest,
    UndoReport,
)

NOTES_PER_KIND = 3  # notes of one kind shown on a confirmation before the rest are counted


class ReportingTexts(RendererBase):
    """Answers to report messages and their buttons."""

    def report_reply(self, outcome: ReportReply) -> Reply | None:
        """The answer to a report message or button (None: say nothing)."""
        match outcome:
            case Confirmation():
                return self.confirmation(outcome)
            case Rejection():
                return Reply(self.rejection(outcome))
            case BranchQuestion():
                return self.branch_question(outcome)
            case ValueQuestion():
                return self.value_question(outcome)
            case ContestQuestion():
                return self.contest_question(outcome)
            case ClosureQuestion():
                return self.closure_question(outcome)
            case EmptiedQuestion():
                return self.emptied_question(outcome)
            case NotAReport():
                return Reply(self.not_a_report())
            case Cancelled():
                return Reply(self.t("OK, nothing was stored. Send the figures again with the "
                                    "right value, e.g. <code>{example}</code>.",
                                    example=self.example_figure()))  # fmt: skip
            case Silent():
                return None

    def confirmation(self, c: Confirmation) -> Reply:
        t = self.t
        values = {"branch": escape(c.branch_name), "date": self.day(c.day)}
        if c.edited:
            head = t("✏️ Corrected from your edit · {branch} · {date}", **values)
        else:
            head = t("✅ Recorded · {branch} · {date}", **values)
        lines = [f"<b>{head}</b>"]
        for metric, value in c.figures.items():
            lines.append(self.figure_line(metric, value, c.corrected.get(metric, None),
                                          corrected=metric in c.corrected))  # fmt: skip
        lines.extend(self._others_lines(c.others, c.choice))
        for metric, value in c.kept_later.items():
            lines.append(t("• {name}: {value} stays — a later message set it, and your edit "
                           "did not change it", name=self.metric_name(metric),
                           value=self.t.number(value)))  # fmt: skip
        for day, metric, value in c.removed:
            lines.append(t("• {date} {name}: {value} → removed", date=self.t.date(day),
                           name=self.metric_name(metric), value=self.t.number(value)))  # fmt: skip
        if c.closed and c.closed_until is not None:
            lines.append(t("🚪 Closed from {first} to {last} — no figures are expected.",
                           first=self.day(c.day), last=self.day(c.closed_until)))  # fmt: skip
        elif c.closed:
            lines.append(t("🚪 Closed that day — no figures are expected."))
        if c.lifted:
            lines.append(t("🚪 That day was marked closed; with these figures it counts as open."))
        if c.left_open:
            days = "、".join(self.t.date(day) for day in c.left_open)
            lines.append(t("📋 Figures kept on {days}: not marked closed.", days=days))
        lines.extend(self.warnings(c.warnings))
        buttons = (
            (
                Button(t("↩️ Undo"), UndoReport(c.report_id)),
                Button(t("✏️ Correct"), CorrectReport(c.report_id)),
            ),
        )
        return Reply("\n".join(lines), buttons)

    def _others_lines(self, others: tuple[OtherFigure, ...], choice: str | None) -> list[str]:
        """What became of another person's figures the sender was asked about."""
        t = self.t
        lines = []
        for o in others:
            values = {"name": self.metric_name(o.metric), "by": escape(o.by),
                      "theirs": t.number(o.theirs), "mine": t.number(o.mine)}  # fmt: skip
            if choice == "add":
                lines.append(t("ℹ️ {name}: {by}'s {theirs} + your {mine}", **values))
            elif choice == "keep":
                lines.append(t("• {name}: {theirs} — {by}'s figure kept (you sent {mine})",
                               **values))  # fmt: skip
            else:
                lines.append(t("ℹ️ {name}: replaces {by}'s {theirs}", **values))
        return lines

    def warning(self, issue: ParseIssue) -> str:
        t = self.t
        fragment = escape(issue.text or "")
        if issue.code == "subcount_ignored":
            return t("ℹ️ “{text}” looks like a sub-count; it was not added.", text=fragment)
        if issue.code == "duplicate_metric":
            return t("ℹ️ {name} was given twice; the last figure was kept.",
                     name=self.metric_name(issue.metric))  # fmt: skip
        if issue.code == "approximate":
            return t("ℹ️ “{text}” is not an exact figure, so it was left out.", text=fragment)
        if issue.code == "summed":
            return t("ℹ️ {name}: the kinds given were added up (“{text}” included).",
                     name=self.metric_name(issue.metric), text=fragment)  # fmt: skip
        if issue.code == "ambiguous":
            return t("ℹ️ “{text}” could be more than one figure (add a unit such as 种 or 册), "
                     "so it was left out.", text=fragment)  # fmt: skip
        if issue.code == "not_understood":
            return t("ℹ️ I did not understand “{text}”; it was not saved.", text=fragment)
        if issue.code == "assumed_spelling":
            return t("ℹ️ “{text}” was read as “{meant}” (it sounds the same).",
                     text=fragment, meant=escape(issue.meant or ""))  # fmt: skip
        return t("ℹ️ Part of the message was not understood: “{text}”.", text=fragment)

    def rejection(self, r: Rejection) -> str:
        t = self.t
        nothing = t("Nothing was stored.")
        if r.earlier_stand:
            nothing = t("The figures from before your edit are unchanged.")
        match r.kind:
            case "parse_error" if r.issue is not None:
                return t.sentences(f"⚠️ {self.issue(r.issue)}", nothing)
            case "unclear" if r.issue is not None:
                return t.sentences(self.warning(r.issue), nothing)
            case "unknown_branch":
                return t("⚠️ I don't know a branch called “{hint}”. {nothing}",
                         hint=escape(r.hint or ""), nothing=nothing)  # fmt: skip
            case "out_of_service":
                return t("⚠️ {branch} was not in service on {day}: it had not opened yet, or "
                         "had closed. {nothing}", branch=escape(r.branch_name or ""),
                         day=self.day(r.day) if r.day else "", nothing=nothing)  # fmt: skip
            case "not_your_branch":
                return t("⚠️ You are not on the roster of {branch}. {nothing}",
                         branch=escape(r.branch_name or ""), nothing=nothing)  # fmt: skip
            case "no_branch":
                return t("⚠️ Which branch is this for? Add it with #, e.g. “{example}”. {nothing}",
                         example=self.example_figures(1, tag=0), nothing=nothing)  # fmt: skip
            case "outdated":
                return t("⚠️ This question is out of date: that figure has been changed by "
                         "another message since. {nothing} Send the figures again if they "
                         "should replace it.", nothing=nothing)  # fmt: skip
            case "was_undone":
                return t("⚠️ That report was undone, so the edit changes nothing. "
                         "Send the figures again as a new message.")  # fmt: skip
            case "forwarded":
                return t("⚠️ Forwarded figures are not filed: I cannot tell whose they are. "
                         "Send your own figures as a message of yours, or ask the colleague "
                         "who wrote them to send them to me. {nothing}",
                         nothing=nothing)  # fmt: skip
            case "expired" | "parse_error" | "unclear":  # the last two without an issue
                return t("⚠️ This button has expired. {nothing}", nothing=nothing)

    def usual_line(self, a: Assessment) -> str:
        """``外借册次 56,000 — usually about 560 for this branch``."""
        return self.t(
            "• {name}: {value} — usually about {usual} here",
            name=self.metric_name(a.metric),
            value=self.t.number(a.value),
            usual=self.t.number(a.usual or 0),
        )

    def issue(self, issue: ParseIssue) -> str:
        """A parse error in words."""
        t = self.t
        name = self.metric_name(issue.metric) if issue.metric else ""
        value = escape(issue.text or "") if issue.value is None else self.t.number(issue.value)
        match issue.code:
            case "negative":
                return t("{name} cannot be negative ({value}).", name=name, value=value)
            case "absurd":
                return t("{name} {value} is far more than one branch can have in a day.",
                         name=name, value=value)  # fmt: skip
            case "not_whole":
                return t("{name} must be a whole number ({value}).", name=name, value=value)
            case "letters_in_number":
                return t("{name}: “{text}” has letters in the number (o for 0? l for 1?).",
                         name=name, text=escape(issue.text or ""))  # fmt: skip
            case "spaced_digits":
                return t("{name}: “{text}” has spaces inside the number; "
                         "write it as 1234 or 1,234.",
                         name=name, text=escape(issue.text or ""))  # fmt: skip
            case "misplaced_comma":
                return t("{name}: in “{text}” the comma does not group thousands "
                         "(1,234 is one number; 1,2345 is not).",
                         name=name, text=escape(issue.text or ""))  # fmt: skip
            case "future_date":
                return t("“{text}” is a day still to come: figures are for today or a day "
                         "before (a closure may be planned ahead: “closed tomorrow”).",
                         text=escape(issue.text or ""))  # fmt: skip
            case "invalid_date":
                return t("“{text}” is not a real date.", text=escape(issue.text or ""))
            case "unreadable_date":
                return t("I could not tell which day “{text}” is; please write it as Nov 18 "
                         "or 2026-11-18.", text=escape(issue.text or ""))  # fmt: skip
            case "ambiguous_date":
                return t("“{text}” could be day/month or month/day; please write it as Nov 18.",
                         text=escape(issue.text or ""))  # fmt: skip
            case "date_before_2000":
                return t("“{text}” is before 2000.", text=escape(issue.text or ""))
            case "two_dates":
                return t("This message names two different days ({text}); please send one "
                         "message per day.", text=escape(issue.text or ""))  # fmt: skip
            case "period_total":
                return t("“{text}” makes this a total over a period, not one day's figure; "
                         "please send each day's own figures (e.g. “{example}”), one message "
                         "per day.", text=escape(issue.text or ""),
                         example=self.example_figure(issue.metric))  # fmt: skip
            case "level_change":
                return t("“{text}” is a change, but this figure is a level; please send the "
                         "total now (e.g. “{example}”).", text=escape(issue.text or ""),
                         example=self.example_level())  # fmt: skip
            case "bad_range":
                return t("The closure “{text}” ends before it starts; please check the dates.",
                         text=escape(issue.text or ""))  # fmt: skip
            case "range_too_long":
                return t("The closure “{text}” is longer than a year; please check the dates.",
                         text=escape(issue.text or ""))  # fmt: skip
            case "open_range":
                return t("The closure “{text}” gives only one end; please send its first and "
                         "last day, e.g. “closed Dec 3-5”.",
                         text=escape(issue.text or ""))  # fmt: skip
            case "closure_period":
                return t("“{text}” does not say which days are closed; please send them, "
                         "e.g. “closed Dec 3-5” or “closed tomorrow”.",
                         text=escape(issue.text or ""))  # fmt: skip
            case "range_with_figures":
                return t("“{text}” is several days, but figures belong to one day; please send "
                         "each day's figures in a message of its own.",
                         text=escape(issue.text or ""))  # fmt: skip
            case "two_branches":
                return t("This message names two branches ({text}); please send one message "
                         "per branch.", text=escape(issue.text or ""))  # fmt: skip
            case _:
                return t("I could not read “{text}”.", text=escape(issue.text or ""))

    def branch_question(self, q: BranchQuestion) -> Reply:
        buttons = tuple((Button(name, PickBranch(q.pending_id, code)),) for code, name in q.options)
        return Reply(self.t("Which branch are these figures for?"), buttons)

    def value_question(self, q: ValueQuestion) -> Reply:
        t = self.t
        lines = [
            t("🤔 Unusual for {branch} on {date}:", branch=escape(q.branch_name),
              date=self.day(q.day)),
        ]  # fmt: skip
        lines.extend(self.usual_line(a) for a in q.unusual)
        if q.reason:
            lines.append(t("Your message: “{text}”", text=escape(q.reason)))
        lines.append(t("Store the report as it is?"))
        if len(q.unusual) == 1:
            keep = t("✅ Yes, it is {value}", value=self.t.number(q.unusual[0].value))
        else:
            keep = t("✅ Yes, store it")
        buttons = (
            (
                Button(keep, KeepUnusual(q.pending_id, keep=True)),
                Button(t("✖️ No, a typo"), KeepUnusual(q.pending_id, keep=False)),
            ),
        )
        return Reply("\n".join(lines), buttons)

    def contest_question(self, q: ContestQuestion) -> Reply:
        t = self.t
        lines = [t("👥 Someone else already reported {branch} for {date}:",
                   branch=escape(q.branch_name), date=self.day(q.day))]  # fmt: skip
        lines.extend(
            t("• {name}: {by} sent {theirs} at {time}; you sent {mine}",
              name=self.metric_name(o.metric), by=escape(o.by), theirs=t.number(o.theirs),
              time=o.at.strftime("%H:%M"), mine=t.number(o.mine))
            for o in q.others
        )  # fmt: skip
        lines.append(t("Nothing is stored until you choose. Two desks counting separately? "
                       "Add them up."))  # fmt: skip
        row = [Button(t("🔁 Replace with mine"), ResolveContest(q.pending_id, "replace"))]
        if q.can_add:
            row.append(Button(t("➕ Add mine to theirs"), ResolveContest(q.pending_id, "add")))
        keep = Button(t("✋ Keep theirs"), ResolveContest(q.pending_id, "keep"))
        return Reply("\n".join(lines), (tuple(row), (keep,)))

    def closure_question(self, q: ClosureQuestion) -> Reply:
        t = self.t
        if q.first == q.last:
            head = t("🚪 {branch} already has figures for {date}:", branch=escape(q.branch_name),
                     date=self.day(q.first))  # fmt: skip
        else:
            head = t("🚪 {branch} already has figures between {first} and {last}:",
                     branch=escape(q.branch_name), first=self.day(q.first),
                     last=self.day(q.last))  # fmt: skip
        lines = [head]
        for day, metric, value in q.figures:
            lines.append(t("• {date} {name}: {value}", date=self.t.date(day),
                           name=self.metric_name(metric), value=t.number(value)))  # fmt: skip
        lines.append(t("Was it closed? Nothing is changed until you choose."))
        buttons = (
            (Button(t("📋 Keep the figures"), ResolveClosure(q.pending_id, remove=False)),),
            (Button(t("🚪 Closed — remove them"), ResolveClosure(q.pending_id, remove=True)),),
        )
        return Reply("\n".join(lines), buttons)

    def emptied_question(self, q: EmptiedQuestion) -> Reply:
        t = self.t
        lines = [t("✏️ Your edited message has no figures now. It still holds, for {branch} on "
                   "{date}:", branch=escape(q.branch_name), date=self.day(q.day))]  # fmt: skip
        lines.extend(
            self.figure_line(metric, q.figures[metric], None, corrected=False)
            for metric in self._catalogue.codes
            if metric in q.figures
        )
        if q.closed:
            lines.append(t("🚪 closed"))
        lines.append(t("Take them back?"))
        buttons = (
            (
                Button(t("↩️ Take them back"), UndoReport(q.report_id)),
                Button(t("📋 Keep them"), KeepReport(q.report_id)),
            ),
        )
        return Reply("\n".join(lines), buttons)

    def kept(self) -> str:
        """The answer to “keep them” under an emptied message."""
        return self.t("OK, the figures stay as they are.")

    def not_a_report(self) -> str:
        return self.t(
            "I found no figures in that. Send them like this:\n<code>{example}</code>\n"
            "or /help for more.",
            example=self.example_figures(),
        )

    def hint(self) -> str:
        """For a message the bot cannot read (a sticker, a voice message, an unknown
        command): what it does understand."""
        return self.t(
            "I can only read figures written as text (or as a photo's caption), e.g. "
            "<code>{example}</code>; /help lists every command.",
            example=self.example_figures(2),
        )

    def already_undone(self) -> str:
        """The toast for an Undo tapped again: the message keeps what the first tap wrote."""
        return self.t("↩️ Already undone.")

    def undo_reply(self, outcome: Undone | NothingToUndo) -> str:
        """What an undo took back and what each figure holds now, or that nothing changed."""
        t = self.t
        if isinstance(outcome, NothingToUndo):
            return t("There is no report of yours left to undo.")
        values = {"branch": escape(outcome.branch_name), "date": self.day(outcome.day)}
        if not outcome.changes and not outcome.reopened and not outcome.closed_again:
            return t("↩️ Nothing left to take back · {branch} · {date}\n"
                     "Later reports had already replaced every figure of that one, "
                     "so nothing was changed.", **values)  # fmt: skip
        lines = [t("↩️ Undone · {branch} · {date}", **values)]
        for metric in (code for code in self._catalogue.codes if code in outcome.changes):
            removed, now = outcome.changes[metric]
            if now is None:
                lines.append(t("• {name}: {old} → none", name=self.metric_name(metric),
                               old=self.t.number(removed)))  # fmt: skip
            else:
                lines.append(self.figure_line(metric, now, removed, corrected=True))
        if outcome.reopened:
            lines.append(t("🚪 The closure was taken back: figures are expected that day."))
        if outcome.closed_again:
            lines.append(t("🚪 The day is marked closed again, as it was before the report."))
        return "\n".join(lines)

    def correction_help(self) -> str:
        return self.t(
            "To correct a figure, edit your message, or send it again for the same day "
            "(e.g. <code>{example}</code>): the new value replaces the old one.",
            example=self.example_figure(),
        )

    def today(self, view: TodayView) -> str:
        t = self.t
        lines = [t("<b>Today · {date}</b>", date=self.day(view.day))]
        for code, name in view.names.items():
            lines.append(f"\n<b>{escape(name)}</b>")
            if code in view.closed:
                lines.append(t("🚪 closed"))
            reported = view.figures.get(code, {})
            if not reported and code not in view.closed:
                lines.append(t("— nothing reported yet"))
            lines.extend(
                self.figure_line(metric, reported[metric], None, corrected=False)
                for metric in self._catalogue.codes
                if metric in reported
            )
            lines.extend(
                t("📝 Reason given: “{note}”", note=escape(note))
                for note in view.notes.get(code, ())
            )
        return "\n".join(lines)

    def warnings(self, issues: Sequence[ParseIssue]) -> list[str]:
        """The notes on a report, each said once: a repeated note is counted, and past a few
        of one kind the rest are only counted, so a flood of repeats fits in one reply."""
        kinds: dict[tuple[str, str | None], dict[str, int]] = {}
        for issue in issues:
            seen = kinds.setdefault((issue.code, issue.metric), {})
            line = self.warning(issue)
            seen[line] = seen.get(line, 0) + 1
        lines: list[str] = []
        for (code, metric), seen in kinds.items():
            counts = list(seen.items())
            lines.extend(
                self._repeated(code, metric, line, n) for line, n in counts[:NOTES_PER_KIND]
            )
            if len(counts) > NOTES_PER_KIND:
                more = sum(n for _, n in counts[NOTES_PER_KIND:])
                lines.append(self.t("ℹ️ … and {count} more like that.", count=self.t.number(more)))
        return lines

    def _repeated(self, code: str, metric: str | None, line: str, count: int) -> str:
        """A note made ``count`` times, said once."""
        t = self.t
        if count == 1:
            return line
        if code == "duplicate_metric":  # noted for each repeat: given count + 1 times in all
            return t("ℹ️ {name} was given {count} times; the last figure was kept.",
                     name=self.metric_name(metric), count=t.number(count + 1))  # fmt: skip
        return t("{note} ×{count}", note=line, count=t.number(count))
