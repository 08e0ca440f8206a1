"""Texts about people: welcome, help, joining, language, refusals, the command menu."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape, unescape

from bot.core.outcomes import InviteCreated, InviteRefused
from bot.render.base import Button, RendererBase, Reply, SetLanguage


class PeopleTexts(RendererBase):
    """Greetings, help and the joining flow."""

    def outsider(self) -> str:
        """For someone not on the roster: how to join, and nothing else."""
        return self.t(
            "👋 This bot is for library staff. To join, ask your coordinator for an "
            "invite link and open it on this phone."
        )

    def outsider_short(self) -> str:
        return self.t("This bot is for library staff only.")

    def welcome(self, name: str, commands: Sequence[str]) -> str:
        return self.t("👋 Hello, {name}!", name=escape(name)) + "\n\n" + self.help(commands)

    def joined(self, name: str, branch_name: str, commands: Sequence[str]) -> str:
        return (
            self.t(
                "🎉 Welcome, {name}! You now report for {branch}.",
                name=escape(name),
                branch=escape(branch_name),
            )
            + "\n\n"
            + self.help(commands)
        )

    def join_failed(self, status: str) -> str:
        t = self.t
        if status == "expired":
            return t("⌛ This invite link has expired. Ask your coordinator for a new one.")
        if status == "used":
            return t("🔒 This invite link was already used. Ask your coordinator for a new one.")
        return t("🤔 This invite link is not valid. Ask your coordinator for a new one.")

    def help(self, commands: Sequence[str]) -> str:
        """How to report, then a line for each of ``commands`` (msgids, in order)."""
        t = self.t
        yesterday = escape(self.examples.yesterday)
        lines = [
            t("<b>Report the day's figures</b> by sending a message, for example:"),
            f"<code>{self.example_figures()}</code>",
            f"<code>{yesterday} {self.example_figures(2)}</code>",
            f"<code>{self.example_closure()}</code>",
            t("Edit your message to correct it; a new figure for a day replaces the old one."),
            "",
        ]
        lines.extend(t(line) for line in commands)
        return "\n".join(lines)

    def menu_line(self, msgid: str) -> str:
        """A command's line in Telegram's menu (plain text), its examples the reader's."""
        return unescape(self.t(msgid, figures=self.example_figures(2),
                               opening=self.opening_example()))  # fmt: skip

    def choose_language(self) -> Reply:
        """The question, with a button for each language (each named in itself)."""
        buttons = ((Button("中文", SetLanguage("zh_CN")), Button("English", SetLanguage("en"))),)
        return Reply(self.t("Choose your language:"), buttons)

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
            if outcome.reason == "closed_branch":
                return t("⚠️ {branch} is closed: it takes no new staff.",
                         branch=escape(outcome.hint))  # fmt: skip
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

    def tap_failed(self) -> str:
        """A pop-up for a button tap that failed."""
        return self.t("⚠️ Something went wrong with that tap. Please try again.")
