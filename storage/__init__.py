"""What the bot may ask of its storage: one repository protocol per store, and the bundle.

The rows they pass are in :mod:`storage.models`; the SQLite implementation is
:mod:`storage.sqlite`. Only the composition root (``bot/app``) and the command line choose
an implementation; everything else is given repositories and knows only these protocols.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol, TypeVar

from storage.models import (
    BranchChangeRow,
    BranchRow,
    Deadline,
    EventTitle,
    FetchedUpdate,
    FigureRow,
    FigureValues,
    HeldReport,
    ImportResult,
    ImportRow,
    InboxEntry,
    InboxOutcome,
    MonthFigureRow,
    MonthFigures,
    MonthSpan,
    MonthTotal,
    NewDeadline,
    PendingReason,
    PendingReport,
    Person,
    RedeemResult,
    ReminderOutcome,
    ReportOutcome,
    ReportWrite,
    Role,
    RosterEntry,
    Totals,
)

T = TypeVar("T")


class ReportsRepo(Protocol):
    """Reports and the figures they set: one value per (branch, day, metric), with history."""

    async def record_report(self, write: ReportWrite) -> ReportOutcome:
        """Store a report, or apply a newer revision (an edit) of one already stored."""

    async def undo_report(
        self, report_id: int, user_id: int, now: dt.datetime, update_id: int | None = None
    ) -> ReportOutcome:
        """Take back what a report set: each figure returns to its value before it."""

    async def last_report_id(self, user_id: int) -> int | None:
        """The newest report of ``user_id`` that has not been undone."""

    async def report_owner(self, report_id: int) -> int | None:
        """Who sent the report, or None when there is no such report."""

    async def message_report(self, chat_id: int, message_id: int) -> HeldReport | None:
        """The report a message made, with what it still holds (None: none, or undone)."""

    async def import_figures(
        self, rows: Iterable[tuple[str, dt.date, str, int]], user_id: int, now: dt.datetime
    ) -> int:
        """Bulk-load figures for days with no value yet; returns how many were added."""


class ImportsRepo(Protocol):
    """Figures loaded from files and opening balances, checked and written whole."""

    async def load(
        self,
        rows: Sequence[ImportRow],
        *,
        user_id: int,
        now: dt.datetime,
        replace: bool = False,
        dry_run: bool = False,
        entered_in_chat: bool = False,
    ) -> ImportResult:
        """Compare ``rows`` with what is stored; write them all unless one is refused."""


class PendingRepo(Protocol):
    """Reports parked until their sender taps a button."""

    async def park_report(
        self,
        *,
        user_id: int,
        chat_id: int,
        message_id: int,
        revision: int,
        reason: PendingReason,
        payload: dict[str, object],
        now: dt.datetime,
        update_id: int | None = None,
    ) -> int | None:
        """Park a parsed report; its id, or None when the update was handled before."""

    async def pending_report(self, pending_id: int) -> PendingReport | None:
        """The parked report with this id."""

    async def resolve_pending(self, pending_id: int, now: dt.datetime) -> bool:
        """Mark the parked report resolved; False when it already was (a second tap)."""


class FiguresRepo(Protocol):
    """Read queries on the stored figures, closures and event titles."""

    async def day_figures(self, branches: Sequence[str], day: dt.date) -> dict[str, dict[str, int]]:
        """Figures stored for ``day``: branch -> metric -> value."""

    async def closed_branches(self, branches: Sequence[str], day: dt.date) -> set[str]:
        """Which of ``branches`` sent a closure notice for ``day``."""

    async def day_notes(self, branches: Sequence[str], day: dt.date) -> dict[str, list[str]]:
        """The reasons senders gave with the figures held for ``day``: branch -> notes."""

    async def year_to_date(
        self,
        flow: Sequence[str],
        stock: Sequence[str],
        start: dt.date,
        end: dt.date,
        branches: Sequence[str] | None = None,
    ) -> dict[str, int]:
        """Totals over a range: flow metrics summed, stock metrics' latest levels added."""

    async def event_titles(self, start: dt.date, end: dt.date) -> list[EventTitle]:
        """Event titles named for the days ``start`` to ``end``, undone reports left out."""


class TotalsRepo(Protocol):
    """Totals over date ranges, read from the running totals (rollups)."""

    async def organisation_totals(
        self, metrics: Sequence[str], start: dt.date, end: dt.date
    ) -> dict[str, int]:
        """Every branch's figures of each flow metric from ``start`` to ``end``."""

    async def organisation_days(
        self, metrics: Sequence[str], start: dt.date, end: dt.date
    ) -> dict[str, dict[dt.date, int]]:
        """The organisation's total of each metric on each day: metric -> day -> total."""

    async def branch_totals(
        self,
        metrics: Sequence[str],
        start: dt.date,
        end: dt.date,
        branches: Sequence[str] | None = None,
    ) -> Totals:
        """Each branch's own figures of each flow metric from ``start`` to ``end``."""

    async def latest_levels(
        self, metric: str, end: dt.date, after: dt.date | None = None
    ) -> dict[str, int]:
        """Each branch's latest value of a stock metric on or before ``end``."""

    async def levels_at(
        self, metric: str, points: Sequence[tuple[dt.date, dt.date | None]]
    ) -> list[dict[str, int]]:
        """``latest_levels`` at each (end, after) of ``points``, in one read."""

    async def reported_days(self, start: dt.date, end: dt.date) -> dict[str, set[dt.date]]:
        """The days from ``start`` to ``end`` on which each branch reported any figure."""

    async def first_recorded(
        self, metrics: Sequence[str], start: dt.date, end: dt.date
    ) -> dict[str, dt.date]:
        """Each metric's first day from ``start`` to ``end`` with a figure (a monthly
        total's: its first month's first day)."""

    async def month_totals(
        self, metrics: Sequence[str], start: dt.date, end: dt.date
    ) -> list[MonthTotal]:
        """The organisation's monthly totals (opening balances) of spans inside the range."""

    async def covered_months(self, start: dt.date, end: dt.date) -> dict[str, list[MonthSpan]]:
        """Each branch's months with a monthly total touching the range: neither reported
        nor missing days."""

    async def closures(self, start: dt.date, end: dt.date) -> dict[str, set[dt.date]]:
        """Closure notices from ``start`` to ``end``: branch -> days."""

    async def monthly_totals_ending(self, metrics: Sequence[str], month: str) -> Totals:
        """Each branch's monthly figures (opening balances) whose months end in ``month``
        (``YYYY-MM``): what a range ending inside that month leaves out."""


class PeopleRepo(Protocol):
    """Branches and people: the roster from the organisation file, and invites."""

    async def sync_roster(
        self, branches: Sequence[BranchRow], people: Sequence[RosterEntry], now: dt.datetime
    ) -> None:
        """Make the stored roster agree with the organisation file (idempotent)."""

    async def person(self, user_id: int) -> Person | None:
        """The active rostered person with this Telegram user id, or None."""

    async def people(self, roles: Iterable[Role] | None = None) -> list[Person]:
        """Every active person, optionally only those with one of ``roles``."""

    async def set_locale(self, user_id: int, locale: str) -> None:
        """Remember the language a person chose."""

    async def enrol(
        self,
        user_id: int,
        name: str,
        role: Role,
        branch: str,
        locale: str | None,
        now: dt.datetime,
    ) -> None:
        """Add a person who joined (or give an existing one the branch)."""

    async def branches(self) -> list[BranchRow]:
        """Every active branch."""

    async def branch_codes(self) -> set[str]:
        """Every branch code ever stored, the inactive ones' too (a new code must differ)."""

    async def branch_changes(self) -> list[BranchChangeRow]:
        """Every branch change made in chat, oldest first."""

    async def branch_change_of(self, update_id: int) -> BranchChangeRow | None:
        """The change the command in ``update_id`` made, if it was handled before."""

    async def change_branch(self, change: BranchChangeRow, branch: BranchRow | None) -> None:
        """Log ``change`` and, in the same transaction, store ``branch`` as it now is
        (added or renamed; None: the branches table stays as it is)."""

    async def create_invite(
        self,
        code: str,
        branch: str,
        role: Role,
        created_by: int,
        now: dt.datetime,
        expires_at: dt.datetime,
    ) -> None:
        """Store a new single-use invite code."""

    async def redeem_invite(
        self, code: str, user_id: int, name: str, locale: str | None, now: dt.datetime
    ) -> tuple[RedeemResult, str | None]:
        """Use the code for ``user_id`` and enrol them; the outcome and the branch."""


class DigestLogRepo(Protocol):
    """The weekly digest's sent-log: once per (chat, week)."""

    async def claim(self, chat_id: int, week: str, now: dt.datetime) -> bool:
        """Take the right to post ``week``'s digest to ``chat_id``; False when taken."""

    async def mark_sent(
        self, chat_id: int, week: str, sent_to: int, message_id: int, now: dt.datetime
    ) -> None:
        """Record that the digest went out."""

    async def release(self, chat_id: int, week: str) -> None:
        """Give a claim back after a failed send."""


class ChatMovesRepo(Protocol):
    """Group chats that became supergroups, with their new ids."""

    async def record_move(self, old_chat_id: int, new_chat_id: int, now: dt.datetime) -> None:
        """A group became a supergroup with a new id."""

    async def moves(self) -> dict[int, int]:
        """Every recorded move: old chat id -> new chat id."""


class ReminderLogRepo(Protocol):
    """The reminders' sent-log, who cannot be reached, who muted, and the first day."""

    async def claim(self, user_id: int, day: dt.date, kind: str, now: dt.datetime) -> bool:
        """Take the right to send ``kind`` for ``day`` to ``user_id``; False when taken."""

    async def settle(
        self,
        user_id: int,
        day: dt.date,
        kind: str,
        outcome: ReminderOutcome,
        now: dt.datetime,
        message_id: int | None = None,
    ) -> None:
        """Record how the claimed message ended: it is never sent again."""

    async def release(self, user_id: int, day: dt.date, kind: str) -> None:
        """Give a claim back after a send that may be retried."""

    async def outcomes(self, day: dt.date, kind: str) -> dict[int, str | None]:
        """Who has a row for ``(day, kind)``, and its outcome (None: not settled)."""

    async def mark_unreachable(self, user_id: int, error: str, now: dt.datetime) -> None:
        """The person blocked the bot or has no chat with it."""

    async def clear_unreachable(self, user_id: int) -> None:
        """The person wrote to the bot again."""

    async def unreachable(self) -> set[int]:
        """Everyone the bot cannot reach now."""

    async def mute(self, user_id: int, until: dt.date | None, now: dt.datetime) -> None:
        """No reminders for ``user_id`` through ``until`` (None: until unmuted)."""

    async def unmute(self, user_id: int) -> bool:
        """Reminders again; False when the person was not muted."""

    async def muted(self, day: dt.date) -> set[int]:
        """Everyone muted on ``day``."""

    async def first_day(self, today: dt.date) -> dt.date:
        """The day the bot first ran here; ``today`` when this is that day."""


class DeadlinesRepo(Protocol):
    """Dated tasks and each branch's part of them."""

    async def add(self, deadlines: Iterable[NewDeadline], now: dt.datetime) -> list[int]:
        """Store deadlines with their parts; the new ids (a known ``org_key`` is skipped)."""

    async def get(self, deadline_id: int) -> Deadline | None:
        """The deadline with this id, cancelled or not."""

    async def unfinished(
        self,
        due_to: dt.date,
        due_from: dt.date = dt.date(1, 1, 1),
        done_before: dt.datetime | None = None,
    ) -> list[Deadline]:
        """Uncancelled deadlines due in the range with a part still owed; soonest first."""

    async def mark_done(
        self, deadline_id: int, branches: Sequence[str], user_id: int, now: dt.datetime
    ) -> tuple[str, ...]:
        """Mark these branches' parts done; the branches that were still owed."""

    async def cancel(self, deadline_id: int, now: dt.datetime) -> bool:
        """Cancel a deadline; False when there is none or it was cancelled before."""


class InboxRepo(Protocol):
    """Fetched updates, written before their offset is acknowledged, until handled."""

    async def store(self, fetched: Sequence[FetchedUpdate], now: dt.datetime) -> list[InboxEntry]:
        """Write a batch at once; the entries added (a repeat of a stored update is not)."""

    async def unhandled(
        self, chat_key: int | None = None, after: int = 0, limit: int = 10_000
    ) -> list[InboxEntry]:
        """Entries still to be handled, oldest first (optionally one chat's after a receipt)."""

    def settle(self, receipt: int, outcome: InboxOutcome, now: dt.datetime) -> None:
        """Mark the entry handled, soon (group commit); lost in a kill, it is handled again."""

    async def prune(self, before: dt.datetime) -> int:
        """Forget entries handled before ``before``; how many went."""


class UpdatesRepo(Protocol):
    """Updates (by receipt) handled and answered."""

    async def mark_replied(self, update_id: int, now: dt.datetime) -> None:
        """Note that the answer to ``update_id`` went out (after its commit), soon."""

    async def newest_answered(self) -> int:
        """The highest update id answered so far (0: none)."""

    async def already_answered(self, update_id: int) -> bool:
        """True when this update was handled and answered before."""


class FigureSnapshot(Protocol):
    """One consistent view of the figures, read from a single worker thread."""

    def months(self, year: int | None = None) -> list[MonthFigures]:
        """Every (branch, metric, month) with figures, optionally within one year."""

    def rows(self, year: int | None = None) -> Iterator[FigureRow]:
        """Every figure in date, branch, metric order, streamed (optionally one year)."""

    def values(self, year: int | None = None) -> Iterator[FigureValues]:
        """``rows()`` as plain tuples, the day in ISO form, for exports of millions."""

    def monthly(self, year: int | None = None) -> list[MonthFigureRow]:
        """Every monthly figure (opening balance), by months, branch and metric."""


class ExportRepo(Protocol):
    """Every stored figure, out: the long reads of exports."""

    async def holds(self, year: int) -> bool:
        """Whether any figure belongs to ``year``: a day's, or a monthly figure's ending in it."""

    async def read_snapshot(self, read: Callable[[FigureSnapshot], T]) -> T:
        """Run ``read`` in a worker thread on one consistent snapshot of the figures."""

    async def read_snapshot_apart(self, read: Callable[[FigureSnapshot], T]) -> T:
        """Run ``read`` on one consistent snapshot in a short-lived process of its own, for
        long pure-Python work that would hold up the event loop from a thread; ``read``
        and its result must pickle."""


class Storage(Protocol):
    """Every repository, over one store, and the way to close it."""

    @property
    def reports(self) -> ReportsRepo: ...
    @property
    def imports(self) -> ImportsRepo: ...
    @property
    def pending(self) -> PendingRepo: ...
    @property
    def figures(self) -> FiguresRepo: ...
    @property
    def totals(self) -> TotalsRepo: ...
    @property
    def people(self) -> PeopleRepo: ...
    @property
    def digest_log(self) -> DigestLogRepo: ...
    @property
    def chat_moves(self) -> ChatMovesRepo: ...
    @property
    def reminder_log(self) -> ReminderLogRepo: ...
    @property
    def deadlines(self) -> DeadlinesRepo: ...
    @property
    def updates(self) -> UpdatesRepo: ...
    @property
    def inbox(self) -> InboxRepo: ...
    @property
    def export(self) -> ExportRepo: ...

    async def flush(self) -> None:
        """Wait until the small writes queued for a group commit are committed."""

    async def close(self) -> None:
        """Close the store (waits for a running write to finish)."""
