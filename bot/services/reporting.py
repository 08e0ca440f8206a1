"""The reporting loop: a message's figures are parsed, checked, stored, then confirmed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from bot.core.clock import OrgClock
from bot.core.org import Organisation
from bot.core.outcomes import (
    BranchQuestion,
    Cancelled,
    ClosureQuestion,
    Confirmation,
    ContestChoice,
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
from bot.core.parsing import ParseIssue, ParseResult, ReportParser
from bot.core.parsing.remarks import remark
from bot.core.plausibility import Assessment, Verdict, assess
from bot.services.parked import (
    confirmation,
    others_from_json,
    others_to_json,
    parked_payload,
)
from bot.services.plan_share import PlanShare
from storage import FiguresRepo, PendingRepo, PeopleRepo, ReportsRepo
from storage.models import (
    Contest,
    HistoryCheck,
    PendingReason,
    PendingReport,
    Person,
    RecentValues,
    ReportOutcome,
    ReportWrite,
)

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
        people: PeopleRepo,
        org: Organisation,
        parser: ReportParser,
        clock: OrgClock,
    ) -> None:
        self._reports = reports
        self._pending = pending
        self._figures = figures
        self._people = people
        self._org = org
        self._parser = parser
        self._clock = clock
        self._plan_share = PlanShare(org)

    def use_parser(self, parser: ReportParser) -> None:
        """Read reports with ``parser`` from now on (the branches' names changed)."""
        self._parser = parser

    def parse(self, text: str) -> ParseResult:
        """Parse ``text`` as of today."""
        return self._parser.parse(text, self._clock.today())

    async def submit(self, person: Person, message: IncomingReport) -> ReportReply:
        """Handle a report message from a rostered person."""
        result = self.parse(message.text)
        if result.error is not None:
            held = message.edited and await self._still_holds(message)
            return Rejection("parse_error", issue=result.error, earlier_stand=held)
        if not result.is_report:
            if message.edited:
                return await self._emptied(message)
            return (
                Rejection("unclear", issue=result.warnings[0]) if result.warnings else NotAReport()
            )
        if message.forwarded:  # never filed as the forwarder's own
            return Rejection("forwarded")
        branch = self._branch_from_hint(person, result.branch)
        if isinstance(branch, Rejection):
            return branch
        payload = parked_payload(result, message.text)
        if branch is None:
            options = tuple((code, self._org.branch(code).name) for code in person.branches)
            if not options:
                return Rejection("no_branch")
            pending_id = await self._park(person, message, "branch", payload)
            return Silent() if pending_id is None else BranchQuestion(pending_id, options)
        return await self._check_and_store(person, message, branch, payload, result.warnings)

    async def choose_branch(self, person: Person, pending_id: int, code: str) -> ReportReply:
        """The sender tapped a branch for a parked report."""
        parked = await self._take(person, pending_id, "branch")
        if not isinstance(parked, PendingReport):
            return parked
        if code not in person.branches:
            return Rejection("expired")
        return await self._check_and_store(person, _tapped(parked), code, parked.payload, ())

    async def confirm_unusual(self, person: Person, pending_id: int, keep: bool) -> ReportReply:
        """The sender confirmed (or declined) an unusual value."""
        parked = await self._take(person, pending_id, "unusual")
        if not isinstance(parked, PendingReport):
            return parked
        if not keep:
            return Cancelled()
        payload: dict[str, Any] = {**parked.payload}
        payload["note"] = remark(str(payload.get("text", "")))
        expected: dict[str, int | None] = payload.pop("on_day")
        return await self._store(person, _tapped(parked), str(payload["branch"]), payload, (),
                                 expected=expected)  # fmt: skip

    async def resolve_contest(
        self, person: Person, pending_id: int, choice: ContestChoice
    ) -> ReportReply:
        """The sender chose what to do with another person's figures."""
        parked = await self._take(person, pending_id, "contested")
        if not isinstance(parked, PendingReport):
            return parked
        payload: dict[str, Any] = dict(parked.payload)
        others = others_from_json(payload.pop("others"))
        if choice == "add" and not self._addable(others):
            return Rejection("expired")
        figures: dict[str, int] = dict(payload["figures"])
        if choice == "add":
            figures.update({o.metric: o.theirs + o.mine for o in others})
        elif choice == "keep":
            figures = {m: v for m, v in figures.items() if m not in {o.metric for o in others}}
        payload.update(figures=figures, stated=dict(payload["figures"]))
        return await self._store(
            person, _tapped(parked), str(payload["branch"]), payload, (),
            expected={o.metric: o.theirs for o in others}, resolved=(others, choice),
        )  # fmt: skip

    async def resolve_closure(self, person: Person, pending_id: int, remove: bool) -> ReportReply:
        """The sender said whether a closure removes the figures of its days."""
        parked = await self._take(person, pending_id, "closure")
        if not isinstance(parked, PendingReport):
            return parked
        payload: dict[str, Any] = dict(parked.payload)
        held = tuple(dt.date.fromisoformat(day) for day in payload.pop("held_days"))
        return await self._store(person, _tapped(parked), str(payload["branch"]), payload, (),
                                 closure=(remove, held))  # fmt: skip

    async def _take(
        self, person: Person, pending_id: int, reason: PendingReason
    ) -> PendingReport | Rejection | Silent:
        """The sender's parked report, now resolved: else why the tap does nothing."""
        parked = await self._pending.pending_report(pending_id)
        if parked is None or parked.user_id != person.user_id or parked.reason != reason:
            return Rejection("expired")
        if not await self._pending.resolve_pending(pending_id, self._clock.now()):
            return Silent()  # a second tap
        return parked

    async def _still_holds(self, message: IncomingReport) -> bool:
        held = await self._reports.message_report(message.chat_id, message.message_id)
        return held is not None and bool(held.figures or held.closed)

    async def _emptied(self, message: IncomingReport) -> ReportReply:
        """An edit left no figures: ask whether to take back what the message still holds."""
        held = await self._reports.message_report(message.chat_id, message.message_id)
        if held is None or not (held.figures or held.closed):
            return Silent()
        name = self._org.branch(held.branch).name
        return EmptiedQuestion(held.report_id, name, held.day, held.figures, held.closed)

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
        told_again = outcome.status == "duplicate"  # the same update: the same answer
        if outcome.status != "recorded" and not told_again:
            return NothingToUndo()
        if outcome.branch is None or outcome.day is None:
            return NothingToUndo()
        taken_back = {c.metric: (c.old, c.new) for c in outcome.changes if c.old is not None}
        name = self._org.branch(outcome.branch).name
        return Undone(
            name, outcome.day, taken_back, reopened=outcome.closed, closed_again=outcome.lifted
        )

    async def today_figures(self, person: Person) -> TodayView:
        """What the person's branches have reported today, which are closed, and why a
        value confirmed as unusual is what it is. A manager or an admin sees the whole
        system's day: every branch in service, their own first."""
        day = self._clock.today()
        codes = list(person.branches)
        if person.role != "staff":
            codes += [
                b.code
                for b in self._org.branches
                if b.code not in codes and self._org.in_service(b, day)
            ]
        return TodayView(
            day,
            {code: self._org.branch(code).name for code in codes},
            await self._figures.day_figures(codes, day),
            await self._figures.closed_branches(codes, day),
            await self._figures.day_notes(codes, day),
        )

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
        served = self._org.branch(branch)
        if not self._org.in_service(served, day):  # before it opened, or since it closed
            return Rejection("out_of_service", branch_name=served.name, day=day)
        expected = {metric: self._plan_share.daily(branch, metric, day) for metric in figures}
        check = HistoryCheck(
            HISTORY_DAYS, lambda recent: not unusual_figures(figures, recent, expected)
        )
        return await self._store(person, message, branch, payload, warnings, check=check)

    def _addable(self, others: tuple[OtherFigure, ...]) -> bool:
        """Whether every figure is a count over the day (two desks' counts add up)."""
        catalogue = self._org.catalogue()
        return all(o.metric in catalogue and catalogue.get(o.metric).kind == "flow" for o in others)

    async def _ask_about(
        self,
        person: Person,
        message: IncomingReport,
        branch: str,
        payload: dict[str, Any],
        outcome: ReportOutcome,
    ) -> ReportReply:
        """A value far from the branch's usual: asked about, never refused (a 书市 day is
        real). The question keeps the figures of the day as the sender is shown them."""
        assert outcome.recent is not None
        figures: dict[str, int] = payload["figures"]
        day = dt.date.fromisoformat(payload["date"])
        expected = {metric: self._plan_share.daily(branch, metric, day) for metric in figures}
        unusual = unusual_figures(figures, outcome.recent, expected)
        on_day = {metric: outcome.recent.on_day.get(metric) for metric in figures}
        parked = {**payload, "on_day": on_day, "branch": branch}
        pending_id = await self._park(person, message, "unusual", parked)
        if pending_id is None:
            return Silent()
        return ValueQuestion(
            pending_id,
            self._org.branch(branch).name,
            day,
            dict(figures),
            unusual,
            reason=str(payload.get("text", "")),
        )

    async def _park(
        self,
        person: Person,
        message: IncomingReport,
        reason: PendingReason,
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
        *,
        expected: dict[str, int | None] | None = None,
        resolved: tuple[tuple[OtherFigure, ...], ContestChoice] | None = None,
        closure: tuple[bool, tuple[dt.date, ...]] | None = None,  # (remove, days with figures)
        check: HistoryCheck | None = None,
    ) -> ReportReply:
        until = payload.get("closed_until")
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
                closed_until=None if until is None else dt.date.fromisoformat(until),
                stated=payload.get("stated"),
                note=payload.get("note"),
                expected=expected,
                replaces_others=resolved is not None,
                closure_removes_figures=None if closure is None else closure[0],
                check=check,
            ),
        )
        match outcome.status:
            case "questioned":
                return await self._ask_about(person, message, branch, payload, outcome)
            case "outdated":
                return Rejection("outdated")
            case "contested":
                return await self._ask_about_others(person, message, branch, payload, outcome)
            case "closure_conflict":
                return await self._ask_about_closure(person, message, branch, payload, outcome)
        others, choice = resolved if resolved is not None else ((), None)
        left_open = closure[1] if closure is not None and not closure[0] else ()
        name = self._org.branch(branch).name
        answer = confirmation(outcome, name, message.edited, warnings, others, choice)
        if not isinstance(answer, Confirmation) or not outcome.closed:
            return answer
        first = outcome.day or dt.date.fromisoformat(payload["date"])
        last = first if until is None else dt.date.fromisoformat(until)
        closed_days = (last - first).days + 1 - len(left_open)
        return replace(
            answer,
            closed=closed_days > 0,
            closed_until=None if last == first else last,
            left_open=left_open,
        )

    async def _ask_about_others(
        self,
        person: Person,
        message: IncomingReport,
        branch: str,
        payload: dict[str, Any],
        outcome: ReportOutcome,
    ) -> ReportReply:
        others = tuple([await self._other(c) for c in outcome.contests])
        parked = {**payload, "branch": branch, "others": others_to_json(others)}
        pending_id = await self._park(person, message, "contested", parked)
        if pending_id is None:
            return Silent()
        name = self._org.branch(branch).name
        day = dt.date.fromisoformat(payload["date"])
        return ContestQuestion(pending_id, name, day, others, self._addable(others))

    async def _other(self, contest: Contest) -> OtherFigure:
        sender = await self._people.person(contest.user_id)
        by = sender.name if sender is not None else str(contest.user_id)
        at = contest.at.astimezone(self._clock.tz)
        return OtherFigure(contest.metric, contest.theirs, contest.mine, by, at)

    async def _ask_about_closure(
        self,
        person: Person,
        message: IncomingReport,
        branch: str,
        payload: dict[str, Any],
        outcome: ReportOutcome,
    ) -> ReportReply:
        held = tuple((row.day, row.metric, row.value) for row in outcome.on_closed_days)
        days = sorted({day.isoformat() for day, _, _ in held})
        parked = {**payload, "branch": branch, "held_days": days}
        pending_id = await self._park(person, message, "closure", parked)
        if pending_id is None:
            return Silent()
        first = dt.date.fromisoformat(payload["date"])
        until = payload.get("closed_until")
        last = first if until is None else dt.date.fromisoformat(until)
        return ClosureQuestion(pending_id, self._org.branch(branch).name, first, last, held)


def unusual_figures(
    figures: dict[str, int], recent: RecentValues, expected: dict[str, float | None]
) -> tuple[Assessment, ...]:
    """The figures far from the branch's recent values (or, before it has history, from
    its share of the plan, ``expected``). A figure stored already was asked about before."""
    checked = (
        assess(metric, value, recent.before[metric], expected[metric])
        for metric, value in figures.items()
        if recent.on_day.get(metric) != value
    )
    return tuple(a for a in checked if a.verdict is not Verdict.OK)


def _tapped(parked: PendingReport) -> IncomingReport:
    """The parked message, as the tap that resolves it writes it."""
    return IncomingReport(None, parked.chat_id, parked.message_id, parked.revision, "")
