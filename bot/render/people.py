"""Texts about people: welcome, help, joining, language, refusals, the command menu."""

from __future__ import annotations

from html import escape

from bot.core.outcomes import InviteCreated, InviteRefused
from bot.render.base import RendererBase


class AccountTexts(RendererBase):
    """Greetings, help and the joining flow."""

    def outsider(self) -> str:
        """For someone not on the roster: how to join, and nothing else."""
        return self.t(
            "👋 This bot is for library staff. To join, ask your coordinator for an "
            "invite link and open it on this phone."
        )

    def outsider_short(self) -> str:
        return self.t("This bot is for library staff only.")

    def welcome(self, name: str, role: str) -> str:
        return self.t("👋 Hello, {name}!", name=escape(name)) + "\n\n" + self.help(role)

    def joined(self, name: str, role: str, branch_name: str) -> str:
        return (
            self.t(
                "🎉 Welcome, {name}! You now report for {branch}.",
                name=escape(name),
                branch=escape(branch_name),
            )
            + "\n\n"
            + self.help(role)
        )

    def join_failed(self, status: str) -> str:
        t = self.t
        if status == "expired":
            return t("⌛ This invite link has expired. Ask your coordinator for a new one.")
        if status == "used":
            return t("🔒 This invite link was already used. Ask your coordinator for a new one.")
        return t("🤔 This invite link is not valid. Ask your coordinator for a new one.")

    def help(self, role: str) -> str:
        t = self.t
        lines = [
            t("<b>Report the day's figures</b> by sending a message, for example:"),
            "<code>到馆 1234 外借 560 办证 12</code>",
            "<code>昨天 到馆1.2万 活动3场 参与120人次</code>",
            "<code>#角楼 今日闭馆</code>",
            t("Edit your message to correct it; a new figure for a day replaces the old one."),
            "",
            t("/today — what your branches reported today"),
            t("/undo — take back your last report"),
            t("/progress — the year so far against the plan"),
            t("/deadlines — open task deadlines · /done &lt;id&gt; — my part is done"),
            t("/mute [days] · /unmute — pause or resume your reminders"),
            t("/lang — 中文 / English"),
        ]
        if role in ("manager", "admin"):
            lines.append(t("/export [year] — the figures as an Excel workbook"))
            lines.append(t("/deadline &lt;date&gt; [#branch] &lt;task&gt; — set a task deadline"))
        if role == "admin":
            lines.append(t("/invite &lt;branch&gt; [staff|manager|admin] — a join link"))
        return "\n".join(lines)

    def choose_language(self) -> str:
        return self.t("Choose your language:")

    def language_set(self) -> str:
        return self.t("✅ I will write to you in English.")

    def refused(self, role: str) -> str:
        if role == "admin":
            return self.t("⛔ This command is for administrators.")
        return self.t("⛔ This command is for managers.")

    def invite(self, outcome: InviteCreated | InviteRefused, bot_username: str) -> str:
        t = self.t
        if isinstance(outcome, InviteRefused):
            if outcome.reason == "unknown_branch":
                return t("⚠️ I don't know a branch called “{hint}”.", hint=escape(outcome.hint))
            if outcome.reason == "bad_role":
                return t("⚠️ The role must be staff, manager or admin (got “{role}”).",
                         role=escape(outcome.hint))  # fmt: skip
            return t("Usage: /invite &lt;branch&gt; [staff|manager|admin]")
        link = f"https://t.me/{bot_username}?start={outcome.code}"
        return t(
            "🔗 Invite for {branch} ({role}), valid once until {expires}:\n{link}",
            branch=escape(outcome.branch_name),
            role=self.role_name(outcome.role),
            expires=self.t.date(outcome.expires_at.date()),
            link=link,
        )

    def role_name(self, role: str) -> str:
        names = {
            "staff": self.t("staff"),
            "manager": self.t("manager"),
            "admin": self.t("admin"),
        }
        return names.get(role, escape(role))

    def failure(self) -> str:
        return self.t("⚠️ Something went wrong while handling that message. Please try again.")

    def command_description(self, name: str) -> str:
        """The line shown in Telegram's command menu."""
        t = self.t
        descriptions = {
            "start": t("Start and see how to report"),
            "help": t("How to report figures"),
            "report": t("Report figures: /report 到馆 1234 外借 560"),
            "today": t("What my branches reported today"),
            "undo": t("Take back my last report"),
            "progress": t("The year so far against the plan"),
            "lang": t("Language: 中文 / English"),
            "export": t("The figures as an Excel workbook"),
            "missing": t("Open branches that have not reported today"),
            "digest": t("Preview the weekly digest: /digest [2026-W47]"),
            "invite": t("Make a join link for a branch"),
            "deadline": t("Set a task deadline: /deadline 12月5日 提交材料"),
            "deadlines": t("Open task deadlines"),
            "done": t("My branch's part of a task is done: /done <id>"),
            "mute": t("Pause my reminders: /mute [days]"),
            "unmute": t("Turn my reminders back on"),
        }
        return descriptions[name]
