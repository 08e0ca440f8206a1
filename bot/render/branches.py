"""Texts about ``/branch``: a branch added, renamed or closed, or why not."""

from __future__ import annotations

from html import escape

from bot.core.branch_commands import (
    NAME_LIMIT,
    BranchAdded,
    BranchClosed,
    BranchOutcome,
    BranchRefused,
    BranchRenamed,
)
from bot.render.base import RendererBase


class BranchTexts(RendererBase):
    """The answers to ``/branch``."""

    def branch_changed(self, outcome: BranchOutcome) -> str:
        t = self.t
        if isinstance(outcome, BranchRefused):
            return self._branch_refused(outcome)
        if isinstance(outcome, BranchAdded):
            lines = [
                t("✅ Added {branch} ({kind}) under {parent}, open from {date}.",
                  branch=escape(outcome.name), kind=self.kind_name(outcome.kind),
                  parent=escape(outcome.parent or ""), date=self.day(outcome.opened)),
                t("Code: <code>{code}</code>. Invite its staff with /invite {branch}.",
                  code=escape(outcome.code), branch=escape(outcome.name)),
            ]  # fmt: skip
            return "\n".join(lines)
        if isinstance(outcome, BranchRenamed):
            return t("✅ {old} is now called {new}; the old name still finds it.",
                     old=escape(outcome.old), new=escape(outcome.new))  # fmt: skip
        assert isinstance(outcome, BranchClosed)
        return t("✅ {branch} is closed from {date}: no reports are expected from that day.",
                 branch=escape(outcome.name), date=self.day(outcome.closed))  # fmt: skip

    def _branch_refused(self, r: BranchRefused) -> str:
        t = self.t
        hint = escape(r.hint)
        if r.reason == "unknown_branch":
            return t("⚠️ I don't know a branch called “{hint}”.", hint=hint)
        if r.reason == "unknown_parent":
            return t("⚠️ I don't know a branch called “{hint}” to put it under.", hint=hint)
        if r.reason == "unknown_word":
            return t("⚠️ I don't understand “{word}”. The kind is one of branch, partner, "
                     "subdistrict, service_point (分馆, 合作馆, 街道馆, 服务点); the parent is "
                     "written parent:{parent}.", word=hint,
                     parent=escape(self.example_branch()))  # fmt: skip
        if r.reason == "bad_date":
            return t("⚠️ “{date}” is not a date I can read (write 2026-11-16 or 11月16日).",
                     date=hint)  # fmt: skip
        if r.reason == "name_taken":
            return t("⚠️ “{name}” is already a name of {branch}.", name=hint,
                     branch=escape(r.other))  # fmt: skip
        if r.reason == "name_too_long":
            return t("⚠️ A branch name has at most {limit} characters.",
                     limit=t.number(NAME_LIMIT))  # fmt: skip
        if r.reason == "same_name":
            return t("The branch is already called “{name}”; nothing changed.", name=hint)
        if r.reason == "before_opening" and r.day and r.opened:
            return t("⚠️ {branch} opened on {opened}; it cannot close on {date}.",
                     branch=escape(r.other), opened=self.day(r.opened),
                     date=self.day(r.day))  # fmt: skip
        if r.reason == "parent_closed" and r.day:
            return t("⚠️ {branch} closed on {date}; a new branch cannot go under it.",
                     branch=escape(r.other), date=self.day(r.day))  # fmt: skip
        return t(
            "Usage:\n/branch add &lt;name&gt; [kind] [上级:&lt;branch&gt;] [opening date]\n"
            "/branch rename &lt;branch&gt; &lt;new name&gt;\n"
            "/branch close &lt;branch&gt; [first day closed]"
        )

    def kind_name(self, kind: str) -> str:
        names = {
            "central": self.t("central library"),
            "branch": self.t("branch"),
            "partner": self.t("partner library"),
            "subdistrict": self.t("sub-district library"),
            "service_point": self.t("service point"),
        }
        return names.get(kind, escape(kind))
