"""``libbot check``: validate the settings and the organisation file, summarise them."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.org import BranchKind, Organisation, Role, load_org
from bot.core.org_errors import OrgError
from bot.settings import Settings, load_settings

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
    """The outcome of ``check``: ``text`` is the summary, or the one problem found."""

    ok: bool
    text: str
    org: Organisation | None = None


def check(settings: Settings) -> CheckReport:
    """Load the organisation file named by ``settings`` and describe what would run."""
    try:
        org = load_org(settings.org)
    except OrgError as exc:
        return CheckReport(ok=False, text=str(exc))
    db_dir = settings.db.resolve().parent
    if not db_dir.is_dir():
        problem = f"LIBBOT_DB: the directory {db_dir} for the database does not exist."
        return CheckReport(ok=False, text=problem, org=org)
    return CheckReport(ok=True, text=_summary(settings, org), org=org)


def _counts(values: Iterable[str], order: Iterable[str]) -> str:
    counter = Counter(values)
    return ", ".join(f"{counter[k]} {k.replace('_', ' ')}" for k in order if counter[k])


def _summary(settings: Settings, org: Organisation) -> str:
    """A short human summary; says whether the token is set, never what it is."""
    info = org.org
    kinds = _counts((b.kind for b in org.branches), _KIND_ORDER)
    roles = _counts((s.role for s in org.staff), _ROLE_ORDER)
    years = "; ".join(
        f"{year} ({len(plan.metrics)} metrics, {len(plan.branches)} branch allocations)"
        for year, plan in sorted(org.targets.items())
    )
    chat = info.leadership_chat_id
    db = settings.db.resolve()
    s = org.schedule
    schedule = (
        f"reminder {s.reminder_at:%H:%M}, due {s.report_due:%H:%M}, escalation"
        f" {s.escalate_at:%H:%M}, deadlines {s.deadline_reminder_at:%H:%M}"
        f" ({', '.join(map(str, s.deadline_reminders))} days before), digest {s.digest}"
    )
    closing = sum(b.closed_on_holidays for b in org.branches)
    holidays = f"{info.holidays}, closing {closing} of the branches" if info.holidays else "none"
    rules = _counts(
        ("dated" if d.due else "monthly" if d.monthly else "yearly" for d in org.deadlines),
        ("dated", "monthly", "yearly"),
    )
    lines = [
        f"Organisation:    {info.name} ({settings.org})",
        f"Time zone:       {info.timezone}",
        f"Language:        {info.locale}",
        f"Branches:        {len(org.branches)} ({kinds})",
        f"Staff:           {len(org.staff)} ({roles})" if org.staff else "Staff:           none",
        f"Targets:         {years or 'none'}",
        f"Extra metrics:   {', '.join(m.code for m in org.metrics) or 'none'}",
        f"Leadership chat: {chat if chat is not None else 'not configured (no weekly digest)'}",
        f"Schedule:        {schedule}",
        f"Holidays:        {holidays}",
        f"Deadlines:       {rules or 'none'} in the file",
        f"Token:           {'set' if settings.token else 'not set (required for libbot run)'}",
        f"Database:        {db}{'' if db.exists() else ' (will be created)'}",
    ]
    return "\n".join(lines)


def command(args: argparse.Namespace) -> int:
    """Print the summary, or the problem found; non-zero when there is one."""
    report = check(load_settings())
    print(report.text, file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1
