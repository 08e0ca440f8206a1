"""``/missing``: the open branches that have not reported today, and who reports for them."""

from __future__ import annotations

from html import escape

from bot.core.outcomes import MissingToday
from bot.render.base import RendererBase

MISSING_SHOWN = 15  # branches listed by name before "and N more"


class MissingTexts(RendererBase):
    """The list of branches still to report."""

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
        lines.append(t.plural("{reported} of {count} open branch reported; due by {due}.",
                              "{reported} of {count} open branches reported; due by {due}.",
                              m.open_branches, reported=t.number(m.open_branches - len(m.missing)),
                              due=m.due))  # fmt: skip
        if m.closed:
            closed = t(", ").join(escape(name) for name in m.closed)
            lines.append(t("Closed today: {branches}", branches=closed))
        return "\n".join(lines)
