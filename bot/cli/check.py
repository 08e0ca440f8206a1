"""``libbot check``: validate the settings, the organisation file and the database (opened
read-only), summarise them; every problem is listed at once."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from babel.numbers import format_decimal

from bot.core.org import BranchKind, Organisation, Role, inspect_org
from bot.core.org_errors import OrgError, OrgProblem
from bot.services.branches import branch_change
from bot.settings import Settings, load_settings
from storage.models import BranchChangeRow
from storage.sqlite.health import inspect_database

_KIND_ORDER: tuple[BranchKind, ...] = (
    "central",
    "branch",
    "partner",
    "subdistrict",
    "service_point",
)
_ROLE_ORDER: tuple[Role, ...] = ("staff", "manager", "admin")


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The outcome of ``check``: ``text`` is the summary (with the file's warnings), or
    every problem found, one a line."""

    ok: bool
    text: str
    org: Organisation | None = None


def check(settings: Settings) -> CheckReport:
    """Load the organisation file and look at the database named by ``settings``; describe
    what would run, or every problem found (one a line)."""
    problems = []
    org, warnings = None, list[OrgProblem]()
    try:
        org, warnings = inspect_org(settings.org)
    except OrgError as exc:
        problems.append(str(exc))
    database, problem, changes = _database(settings)
    if problem is not None:
        problems.append(problem)
    if problems or org is None:
        return CheckReport(ok=False, text="\n".join(problems), org=org)
    text = _summary(settings, org, database) + _warnings(warnings) + _chat_changes(org, changes)
    return CheckReport(ok=True, text=text, org=org)


def _warnings(warnings: list[OrgProblem]) -> str:
    """What looks wrong in the file though the bot runs with it, one a line."""
    if not warnings:
        return ""
    lines = ["", f"Warnings ({len(warnings)}; the file is accepted, but look at these):"]
    return "\n".join([*lines, *(f"  {w}" for w in warnings)])


def _database(settings: Settings) -> tuple[str, str | None, tuple[BranchChangeRow, ...]]:
    """The database's line in the summary, its problem (None: it can be used), and the
    branch changes made in chat."""
    db = settings.db.resolve()
    if not db.parent.is_dir():
        return "", f"LIBBOT_DB: the directory {db.parent} for the database does not exist.", ()
    if not db.exists():
        return f"{db} (will be created)", None, ()
    health = inspect_database(db)
    if health.problem is not None:
        return "", f"LIBBOT_DB: the database {db} {health.problem}.", ()
    waiting = f", {health.unhandled} updates waiting" if health.unhandled else ""
    return (
        f"{db} (schema version {health.version} of {health.latest}, integrity"
        f" {health.integrity}{waiting})",
        None,
        health.branch_changes,
    )


def _chat_changes(org: Organisation, changes: tuple[BranchChangeRow, ...]) -> str:
    """The branch changes made in chat, one a line, and the branches in force with them."""
    if not changes:
        return ""
    lines = ["", "Branches changed in chat (kept over the file's at every start-up):"]
    for c in changes:
        by = f"by {c.changed_by} on {c.changed_at.date().isoformat()}"
        if c.action == "add":
            kind = (c.kind or "branch").replace("_", " ")
            opened = c.day.isoformat() if c.day else "?"
            lines.append(f"  added   {c.code}: {c.name} ({kind}, under {c.parent},"
                         f" open from {opened}) {by}")  # fmt: skip
        elif c.action == "rename":
            lines.append(f"  renamed {c.code}: now {c.name} {by}")
        else:
            closed = c.day.isoformat() if c.day else "?"
            lines.append(f"  closed  {c.code}: from {closed} {by}")
    org.use_branch_changes([branch_change(c) for c in changes])
    kinds = _counts((b.kind for b in org.branches), _KIND_ORDER)
    lines.append(f"Branches in force: {len(org.branches)} ({kinds})" + _dated(org))
    return "\n".join(lines)


def _dated(org: Organisation) -> str:
    """``; 2 with opening or closing dates`` (nothing when none has one)."""
    dated = sum(b.opened is not None or b.closed is not None for b in org.branches)
    return f"; {dated} with opening or closing dates" if dated else ""


# English plurals of the words counted in the summary; a word not here is its own plural
_PLURALS = {
    "branch": "branches", "partner": "partners", "subdistrict": "subdistricts",
    "service_point": "service points", "manager": "managers", "admin": "admins",
    "metric": "metrics", "branch allocation": "branch allocations",
    "threshold": "thresholds",
    "branch with its own population": "branches with their own population",
}  # fmt: skip


def _count(count: int, word: str) -> str:
    """``1 manager`` · ``2 managers`` · ``1,200 staff``: the number grouped, the word agreeing."""
    words = _PLURALS.get(word, word) if count != 1 else word
    return f"{format_decimal(count, locale='en')} {words.replace('_', ' ')}"


def _counts(values: Iterable[str], order: Iterable[str]) -> str:
    counter = Counter(values)
    return ", ".join(_count(counter[k], k) for k in order if counter[k])


def _summary(settings: Settings, org: Organisation, database: str) -> str:
    """A short human summary; says whether the token is set, never what it is."""
    info = org.org
    kinds = _counts((b.kind for b in org.file_branches), _KIND_ORDER)
    roles = _counts((s.role for s in org.staff), _ROLE_ORDER)
    years = "; ".join(
        f"{year} ({_count(len(plan.metrics), 'metric')},"
        f" {_count(len(plan.branches), 'branch allocation')})"
        for year, plan in sorted(org.targets.items())
    )
    chat = info.leadership_chat_id
    s = org.schedule
    schedule = (
        f"reminder {s.reminder_at:%H:%M}, due {s.report_due:%H:%M}, escalation"
        f" {s.escalate_at:%H:%M}, deadlines {s.deadline_reminder_at:%H:%M}"
        f" ({', '.join(map(str, s.deadline_reminders))} days before), digest {s.digest}"
    )
    closing = sum(b.closed_on_holidays for b in org.file_branches)
    holidays = f"{info.holidays}, closing {closing} of the branches" if info.holidays else "none"
    rules = _counts(
        ("dated" if d.due else "monthly" if d.monthly else "yearly" for d in org.deadlines),
        ("dated", "monthly", "yearly"),
    )
    lines = [
        f"Organisation:    {info.name} ({settings.org})",
        f"Time zone:       {info.timezone}",
        f"Language:        {info.locale}",
        f"Branches:        {len(org.file_branches)} ({kinds})" + _dated(org),
        f"Staff:           {len(org.staff)} ({roles})" if org.staff else "Staff:           none",
        f"Targets:         {years or 'none'}",
        f"Extra metrics:   {', '.join(m.code for m in org.metrics) or 'none'}",
        f"Leadership chat: {chat if chat is not None else 'not configured (no weekly digest)'}",
        f"Schedule:        {schedule}",
        f"Holidays:        {holidays}",
        f"Deadlines:       {rules or 'none'} in the file",
        f"Evaluation:      {_evaluation(org)}",
        f"Token:           {'set' if settings.token else 'not set (required for libbot run)'}",
        f"Database:        {database}",
    ]
    return "\n".join(lines)


def _evaluation(org: Organisation) -> str:
    """``population 704,000, cardholders 152,000, holdings 1,650,000; 6 thresholds; 1 branch
    with its own population`` — the bases of the year report's indicators."""
    info = org.org
    declared = [f"{key} {format_decimal(value, locale='en')}"
                for key in ("population", "cardholders", "holdings")
                if (value := getattr(info, key)) is not None]  # fmt: skip
    parts = [", ".join(declared) or "no population (no per-capita indicators)"]
    parts.append(_count(len(org.evaluation), "threshold"))
    own = sum(b.population is not None for b in org.file_branches)
    if own:
        parts.append(_count(own, "branch with its own population"))
    return "; ".join(parts)


def command(args: argparse.Namespace) -> int:
    """Print the summary, or the problem found; non-zero when there is one."""
    report = check(load_settings())
    print(report.text, file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1
