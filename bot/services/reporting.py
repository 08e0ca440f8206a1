"""The reporting loop: a message's figures are parsed, checked, stored, then confirmed."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from bot.core.clock import OrgClock
from bot.core.org import Organisation
from bot.core.outcomes import (
    BranchQuestion,
    Cancelled,
    Confirmation,
    NotAReport,
    NothingToUndo,
    Rejection,
    ReportReply,
    Silent,
    Undone,
    ValueQuestion,
)
from bot.core.parsing import ParseIssue, ParseResult, ReportParser
from bot.core.parsing.event_titles import report_event_titles
from bot.core.plausibility import Assessment, Verdict, assess
from storage import FiguresRepo, PendingRepo, ReportsRepo
from storage.models import Person, ReportOutcome, ReportWrite

HISTORY_DAYS = 28


@dataclass(frozen=True, slots=True)
class IncomingReport:
    """A message (or an edit of one) that may carry figures."""

    update_id: int | None
    chat_id: int
    message_id: int
    revision: int  # unix time of the message, or of the edit
    text: str
    edited: bool = False
    forwarded: bool = False  # someone else's message, passed on by the sender


class ReportingService:
    """Turns report messages into stored figures, questions or explanations."""

    def __init__(
        self,
        reports: ReportsRepo,
        pending: PendingRepo,
        figures: FiguresRepo,
        org: Organisation,
        parser: ReportParser,
        clock: OrgClock,
    ) -> None:
        self._reports = reports
        self._pending = pending
        self._figures = figures
        self._org = org
        self._parser = parser
        self._clock = clock
        self._open_day_counts: dict[tuple[str, int], int] = {}

    def parse(self, text: str) -> ParseResult:
        """Parse ``text`` as of today."""
        return self._parser.parse(text, self._clock.today())

    async def submit(self, person: Person, message: IncomingReport) -> ReportReply:
        """Handle a report message from a rostered person."""
        result = self.parse(message.text)
        if result.error is not None:
            return Rejection("parse_error", issue=result.error)
        if not result.is_report:
            if message.edited:
                return Silent()
            return (
                Rejection("unclear", issue=result.warnings[0]) if result.warnings else NotAReport()
            )
        if message.forwarded:  # never filed as the forwarder's own
            return Rejection("forwarded")
        branch = self._branch_from_hint(person, result.branch)
        if isinstance(branch, Rejection):
            return branch
        payload = _payload(result, message.text)
        if branch is None:
            options = tuple((code, self._org.branch(code).name) for code in person.branches)
            if not options:
                return Rejection("no_branch")
            pending_id = await self._park(person, message, "branch", payload)
            return Silent() if pending_id is None else BranchQuestion(pending_id, options)
        return await self._check_and_store(person, message, branch, payload, result.warnings)

    async def choose_branch(self, person: Person, pending_id: int, code: str) -> ReportReply:
        """The sender tapped a branch for a parked report."""
        parked = await self._pending.pending_report(pending_id)
        if parked is None or parked.user_id != person.user_id or code not in person.branches:
            return Rejection("expired")
        if not await self._pending.resolve_pending(pending_id, self._clock.now()):
            return Silent()
        message = IncomingReport(None, parked.chat_id, parked.message_id, parked.revision, "")
        return await self._check_and_store(person, message, code, parked.payload, ())

    async def confirm_unusual(self, person: Person, pending_id: int, keep: bool) -> ReportReply:
        """The sender confirmed (or declined) an unusual value."""
        parked = await self._pending.pending_report(pending_id)
        if parked is None or parked.user_id != person.user_id or parked.reason != "unusual":
            return Rejection("expired")
        if not await self._pending.resolve_pending(pending_id, self._clock.now()):
            return Silent()
        if not keep:
            return Cancelled()
        branch = str(parked.payload["branch"])
        if await self._changed_since_asked(branch, parked.payload):
            return Rejection("outdated")
        message = IncomingReport(None, parked.chat_id, parked.message_id, parked.revision, "")
        return await self._store(person, message, branch, parked.payload, ())

    async def _changed_since_asked(self, branch: str, payload: dict[str, Any]) -> bool:
        """Whether another message stored one of the report's figures after the question.

        Read before the store, not in its transaction: another chat's report landing between
        the two is a narrow race left open (issue 10, item 7 moves the check into storage).
        """
        asked: dict[str, int | None] = payload.get("on_day", {})
        day = dt.date.fromisoformat(payload["date"])
        now = (await self._figures.day_figures([branch], day)).get(branch, {})
        return any(now.get(metric) != asked.get(metric) for metric in payload["figures"])

    async def undo(
        self, person: Person, update_id: int | None, report_id: int | None = None
    ) -> Undone | NothingToUndo:
        """Take back ``report_id``, or the person's last report (once per update)."""
        if report_id is None:
            report_id = await self._reports.last_report_id(person.user_id)
        elif (owner := await self._reports.report_owner(report_id)) != person.user_id and (
            owner is None or person.role == "staff"
        ):
            return NothingToUndo()
        if report_id is None:
            return NothingToUndo()
        outcome = await self._reports.undo_report(
            report_id, person.user_id, self._clock.now(), update_id
        )
        if outcome.status != "recorded" or outcome.branch is None or outcome.day is None:
            return NothingToUndo()
        taken_back = {c.metric: (c.old, c.new) for c in outcome.changes if c.old is not None}
        name = self._org.branch(outcome.branch).name
        return Undone(name, outcome.day, taken_back, reopened=outcome.closed)

    async def today_figures(
        self, person: Person
    ) -> tuple[dt.date, dict[str, dict[str, int]], set[str]]:
        """What the person's branches have reported today, and which are closed."""
        day = self._clock.today()
        codes = list(person.branches)
        figures = await self._figures.day_figures(codes, day)
        closed = await self._figures.closed_branches(codes, day)
        return day, figures, closed

    def _branch_from_hint(self, person: Person, hint: str | None) -> str | Rejection | None:
        """The branch a report is for: the hint, the person's only branch, or None (ask)."""
        if hint is None:
            return person.branches[0] if len(person.branches) == 1 else None
        branch = self._org.resolve_branch(hint)
        if branch is None:
            return Rejection("unknown_branch", hint=hint)
        if branch.code not in person.branches and person.role == "staff":
            return Rejection("not_your_branch", branch_name=branch.name)
        return branch.code

    async def _check_and_store(
        self,
        person: Person,
        message: IncomingReport,
        branch: str,
        payload: dict[str, Any],
        warnings: tuple[ParseIssue, ...],
    ) -> ReportReply:
        figures: dict[str, int] = payload["figures"]
        day = dt.date.fromisoformat(payload["date"])
        recent = await self._figures.recent_values(branch, list(figures), day, HISTORY_DAYS)
        checked = [
            assess(metric, value, recent.before[metric], self._expected(branch, metric, day))
            for metric, value in figures.items()
            if recent.on_day.get(metric) != value  # already stored: asked about before
        ]
        unusual = tuple(a for a in checked if a.verdict is not Verdict.OK)
        if unusual:  # asked about, never refused: a 书市 day is real
            on_day = {metric: recent.on_day.get(metric) for metric in figures}
            asked = {**payload, "on_day": on_day}
            return await self._ask_about(person, message, branch, asked, unusual)
        return await self._store(person, message, branch, payload, warnings)

    def _expected(self, branch: str, metric: str, day: dt.date) -> float | None:
        """A daily value the branch's share of the annual plan expects (flow metrics only).

        The branch's own allocation of the metric, else the organisation's target split
        evenly between its branches, spread over the branch's open days that year.
        """
        plan = self._org.targets_for(day.year)
        catalogue = self._org.catalogue()
        if plan is None or metric not in catalogue or catalogue.get(metric).kind != "flow":
            return None  # a stock metric's target is a year-end level, not a daily figure
        target: float | None = plan.for_branch(branch).get(metric)
        if target is None and metric in plan.metrics:
            target = plan.metrics[metric] / len(self._org.branches)
        if target is None:
            return None
        open_days = self._open_days(branch, day.year)
        return target / open_days if open_days else None

    def _open_days(self, branch: str, year: int) -> int:
        if (branch, year) not in self._open_day_counts:
            b = self._org.branch(branch)
            first, days = dt.date(year, 1, 1), 366 if calendar.isleap(year) else 365
            self._open_day_counts[branch, year] = sum(
                self._org.is_open(b, first + dt.timedelta(days=n)) for n in range(days)
            )
        return self._open_day_counts[branch, year]

    async def _ask_about(
        self,
        person: Person,
        message: IncomingReport,
        branch: str,
        payload: dict[str, Any],
        unusual: tuple[Assessment, ...],
    ) -> ReportReply:
        pending_id = await self._park(person, message, "unusual", {**payload, "branch": branch})
        if pending_id is None:
            return Silent()
        return ValueQuestion(
            pending_id,
            self._org.branch(branch).name,
            dt.date.fromisoformat(payload["date"]),
            dict(payload["figures"]),
            unusual,
            reason=str(payload.get("text", "")),
        )

    async def _park(
        self,
        person: Person,
        message: IncomingReport,
        reason: Literal["branch", "unusual"],
        payload: dict[str, Any],
    ) -> int | None:
        """Keep the parsed report until the sender taps; None when the update was seen."""
        return await self._pending.park_report(
            user_id=person.user_id,
            chat_id=message.chat_id,
            message_id=message.message_id,
            revision=message.revision,
            reason=reason,
            payload=payload,
            now=self._clock.now(),
            update_id=message.update_id,
        )

    async def _store(
        self,
        person: Person,
        message: IncomingReport,
        branch: str,
        payload: dict[str, Any],
        warnings: tuple[ParseIssue, ...],
    ) -> ReportReply:
        outcome = await self._reports.record_report(
            ReportWrite(
                user_id=person.user_id,
                chat_id=message.chat_id,
                message_id=message.message_id,
                revision=message.revision,
                branch=branch,
                day=dt.date.fromisoformat(payload["date"]),
                figures=dict(payload["figures"]),
                closed=bool(payload["closed"]),
                now=self._clock.now(),
                update_id=message.update_id,
                event_titles=tuple(payload.get("event_titles", ())),  # parked before: none
            ),
        )
        return self._confirmation(outcome, message.edited, warnings)

    def _confirmation(
        self, outcome: ReportOutcome, edited: bool, warnings: tuple[ParseIssue, ...]
    ) -> ReportReply:
        if outcome.status == "stale" or outcome.report_id is None:
            return Silent()
        if outcome.status == "undone":
            return Rejection("was_undone")
        assert outcome.branch is not None and outcome.day is not None
        corrected: dict[str, int | None] = {
            c.metric: c.old
            for c in outcome.changes
            if c.old is not None and c.branch == outcome.branch and c.day == outcome.day
        }
        return Confirmation(
            report_id=outcome.report_id,
            branch_name=self._org.branch(outcome.branch).name,
            day=outcome.day,
            figures=outcome.figures,
            corrected=corrected,
            closed=outcome.closed,
            edited=edited,
            warnings=warnings,
        )


def _payload(result: ParseResult, text: str) -> dict[str, Any]:
    """The parts of a parse worth parking in the database (JSON-safe)."""
    return {
        "date": result.date.isoformat(),
        "closed": result.closed,
        "figures": dict(result.figures),
        "event_titles": list(report_event_titles(text, result.figures)),
        "text": text,  # the sender's words, kept as the reason if a value is asked about
    }
