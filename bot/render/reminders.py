"""The daily report reminder, the managers' morning escalation, and /mute."""

from __future__ import annotations

from html import escape

from bot.core.outcomes import Escalation, MuteResult, ReportReminder, Responsible
from bot.render.base import RendererBase

ESCALATION_SHOWN = 40  # branches listed by name before "and N more"


class ReminderTexts(RendererBase):
    """Texts the scheduled reminders send in private chats."""

    def report_reminder(self, person: str, r: ReportReminder) -> str:
        t = self.t
        lines = [t("⏰ {name}, the figures for {date} are not in yet:",
                   name=escape(person), date=self.day(r.day))]  # fmt: skip
        lines.extend(f"• {escape(name)}" for name, _ in r.branches)
        lines.append(t("Reply with one line before {due}, for example:", due=r.due))
        line = " ".join(f"{self.example_word(code)} …" for code in r.metrics)
        tag = f"{escape(r.branches[0][1])} " if r.several else ""
        lines.append(f"<code>{tag}{line}</code>")
        if r.several:
            lines.append(t("Start with # and the branch, one line per branch."))
        closure = tag + escape(self.examples.closed_today)
        lines.append(t("Closed today? Reply <code>{closure}</code>.", closure=closure))
        lines.append(t("/mute — no more reminders for now"))
        return "\n".join(lines)

    def escalation(self, e: Escalation | None, overdue: list[str]) -> str:
        """Yesterday's missing branches (when any) and the overdue deadlines' lines."""
        t = self.t
        lines = []
        if e is not None and e.missing:
            lines.append(t("<b>⚠️ No figures for {date}</b>", date=self.day(e.day)))
            for name, people in e.missing[:ESCALATION_SHOWN]:
                who = t(", ").join(self.responsible(p) for p in people) or t("nobody on the roster")
                lines.append(t("• {branch} — {people}", branch=escape(name), people=who))
            if len(e.missing) > ESCALATION_SHOWN:
                more = len(e.missing) - ESCALATION_SHOWN
                lines.append(t("… and {count} more", count=t.number(more)))
            lines.append(t.plural("{missing} of {count} open branch sent nothing.",
                                  "{missing} of {count} open branches sent nothing.",
                                  e.open_branches, missing=t.number(len(e.missing))))  # fmt: skip
        if overdue:
            if lines:
                lines.append("")
            lines.extend(overdue)
        return "\n".join(lines)

    def responsible(self, p: Responsible) -> str:
        name = escape(p.name)
        if p.reach == "muted":
            return self.t("{name} (reminders muted)", name=name)
        if p.reach == "unreachable":
            return self.t("{name} (the bot cannot reach them)", name=name)
        return name

    def mute_result(self, m: MuteResult) -> str:
        t = self.t
        if m.status == "usage":
            return t("Usage: /mute — until /unmute; /mute 7 — for 7 days.")
        if m.status == "unmuted":
            return t("🔔 Reminders are on again.")
        if m.status == "not_muted":
            return t("🔔 Your reminders are already on.")
        if m.until is None:
            return t("🔕 No reminders until you send /unmute.")
        return t("🔕 No reminders through {date}. /unmute turns them on again.",
                 date=self.day(m.until))  # fmt: skip
