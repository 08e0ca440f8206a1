"""Typed rows the repositories return and take."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["staff", "manager", "admin"]
ReportStatus = Literal[
    "recorded",  # written (or an edit applied)
    "unchanged",  # an edit that changes nothing
    "duplicate",  # the update was handled before
    "stale",  # an older revision of a message whose newer edit is applied
    "undone",  # the message's report was taken back
    "contested",  # would replace another person's figure: ask first, nothing written
    "closure_conflict",  # a closure for a day with figures: ask first, nothing written
    "outdated",  # the figures changed since the sender was asked: nothing written
    "questioned",  # its history check did not accept it: ask first, nothing written
]
PendingReason = Literal["branch", "unusual", "contested", "closure"]
RedeemResult = Literal["joined", "unknown", "used", "expired"]
ReminderOutcome = Literal["sent", "blocked", "no_chat", "error"]
InboxOutcome = Literal[
    "handled",  # handled, and its answer (if any) went out
    "unreachable",  # the answer could not be delivered: the person blocked the bot, no chat
    "expired",  # the answer kept failing until it was too old to matter
    "failed",  # handling it raised an error that trying again would not mend
]
Totals = dict[str, dict[str, int]]  # branch -> metric -> total


@dataclass(frozen=True, slots=True)
class BranchRow:
    """A branch as the roster stores it (``closed_weekdays``: 0 is Monday)."""

    code: str
    name: str
    kind: str
    parent: str | None
    closed_weekdays: frozenset[int]


BranchAction = Literal["add", "rename", "close"]


@dataclass(frozen=True, slots=True)
class BranchChangeRow:
    """A branch added, renamed or closed in chat (``day``: first day open, or closed)."""

    action: BranchAction
    code: str
    name: str | None
    kind: str | None
    parent: str | None
    day: dt.date | None
    changed_by: int
    changed_at: dt.datetime
    update_id: int | None = None  # the chat command's update
    previous: str | None = None  # rename: the name before


@dataclass(frozen=True, slots=True)
class Person:
    """A rostered person: staff, manager or admin."""

    user_id: int
    name: str
    role: Role
    locale: str | None
    branches: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FigureChange:
    """One figure that a write set, corrected or removed (None = no value)."""

    branch: str
    day: dt.date
    metric: str
    old: int | None
    new: int | None


@dataclass(frozen=True, slots=True)
class ReportWrite:
    """What a report message asks the database to hold."""

    user_id: int
    chat_id: int
    message_id: int
    revision: int  # unix time of the message, or of the edit
    branch: str
    day: dt.date
    figures: dict[str, int]
    closed: bool
    now: dt.datetime
    update_id: int | None = None
    event_titles: tuple[str, ...] = ()  # titles of events the report names, in its order
    closed_until: dt.date | None = None  # the last day of a closure range
    stated: dict[str, int] | None = None  # what the message said, when not all is applied
    note: str | None = None  # the reason the sender gave for a value confirmed as unusual
    # The figures of (branch, day) as the sender was shown them when asked: when they have
    # changed since, nothing is written ("outdated"). None: nothing was asked.
    expected: dict[str, int | None] | None = None
    replaces_others: bool = False  # the sender chose to replace another person's figures
    # A closure for days that have figures: None asks first, True removes the figures.
    closure_removes_figures: bool | None = None
    # Asked inside the write's transaction, before anything is written (None: nothing).
    check: HistoryCheck | None = None


@dataclass(frozen=True, slots=True)
class HistoryCheck:
    """Whether a report may be written as it stands, judged by the branch's recent values
    of its figures: read, judged and written in one transaction, so nothing written
    between the judgement and the write goes unseen. Refused, the write is ``questioned``."""

    days: int  # the history covers this many days before the report's day
    accepts: Callable[[RecentValues], bool]  # pure: it runs in the database's thread


@dataclass(frozen=True, slots=True)
class Contest:
    """Another person's figure that a report would replace."""

    metric: str
    theirs: int
    mine: int
    user_id: int  # who sent theirs
    at: dt.datetime  # when theirs was stored


@dataclass(frozen=True, slots=True)
class ReportOutcome:
    """What a report write (or undo) did."""

    status: ReportStatus
    report_id: int | None
    branch: str | None = None
    day: dt.date | None = None
    changes: tuple[FigureChange, ...] = ()
    closed: bool = False
    figures: dict[str, int] = field(default_factory=dict)
    contests: tuple[Contest, ...] = ()  # "contested": whose figures it would replace
    on_closed_days: tuple[FigureRow, ...] = ()  # "closure_conflict": the figures held
    kept: dict[str, int] = field(default_factory=dict)  # an edit left these (a later message's)
    lifted: bool = False  # its figures lifted another message's closure of the day
    recent: RecentValues | None = None  # "questioned": the history the check was shown


@dataclass(frozen=True, slots=True)
class HeldReport:
    """A report that still stands, with the figures it holds and whether its closure does."""

    report_id: int
    user_id: int
    branch: str
    day: dt.date
    figures: dict[str, int]
    closed: bool


@dataclass(frozen=True, slots=True)
class PendingReport:
    """A parsed report waiting for a tap (which branch / yes, the value is right)."""

    id: int
    user_id: int
    chat_id: int
    message_id: int
    revision: int
    reason: PendingReason
    payload: dict[str, object]
    resolved: bool


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """A person as the organisation file declares them."""

    user_id: int
    name: str
    role: Role
    branches: tuple[str, ...]


FigureValues = tuple[str, str, str, int]
"""One stored figure as the exports stream it: ISO day, branch, metric, value."""


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One stored figure."""

    day: dt.date
    branch: str
    metric: str
    value: int


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """One branch's figures of one metric in one month."""

    branch: str
    metric: str
    month: str  # 'YYYY-MM'
    total: int  # the daily values added up (what a flow metric means)
    latest: int  # the value of the month's last day with a figure (what a level means)


@dataclass(frozen=True, slots=True)
class RecentValues:
    """A branch's figures on one day, and its values of the same metrics before it."""

    on_day: dict[str, int]
    before: dict[str, list[int]]


@dataclass(frozen=True, slots=True)
class EventTitle:
    """A title of an event a branch named in its report for a day."""

    branch: str
    day: dt.date
    title: str


@dataclass(frozen=True, slots=True)
class Part:
    """One branch's part of a deadline; ``done_at`` is None while it is owed."""

    branch: str
    done_at: dt.datetime | None = None
    done_by: int | None = None


@dataclass(frozen=True, slots=True)
class Deadline:
    """A stored deadline with every branch's part."""

    id: int
    title: str
    due: dt.date
    remind: tuple[int, ...]  # days before ``due``
    org_key: str | None
    created_by: int | None
    cancelled: bool
    parts: tuple[Part, ...]

    def owing(self, done_before: dt.datetime | None = None) -> tuple[str, ...]:
        """The branches whose part is not done (or was done at or after ``done_before``)."""
        return tuple(
            p.branch
            for p in self.parts
            if p.done_at is None or (done_before is not None and p.done_at >= done_before)
        )


@dataclass(frozen=True, slots=True)
class NewDeadline:
    """A deadline to store; ``org_key`` marks an occurrence from the organisation file."""

    title: str
    due: dt.date
    remind: tuple[int, ...]
    branches: tuple[str, ...]
    org_key: str | None = None
    created_by: int | None = None


@dataclass(frozen=True, slots=True)
class FetchedUpdate:
    """An update as fetched from Telegram, about to be written to the inbox."""

    update_id: int
    fingerprint: str  # what it is: the same update sent twice has the same
    chat_key: int  # the chat whose order it keeps (0: none)
    raw: str  # its JSON


@dataclass(frozen=True, slots=True)
class InboxEntry:
    """An update in the inbox under its receipt, the bot's own never-repeating number."""

    receipt: int
    update_id: int
    chat_key: int
    raw: str
    received_at: dt.datetime


@dataclass(frozen=True, slots=True)
class MonthSpan:
    """Whole months of one year, 'YYYY-MM' to 'YYYY-MM' (one month: ``first == last``)."""

    first: str
    last: str

    @property
    def label(self) -> str:
        """'2026-03', or the ISO 8601 interval '2026-01/2026-11'."""
        return self.first if self.first == self.last else f"{self.first}/{self.last}"

    def months(self) -> list[str]:
        """Every month of the span, in order."""
        year, first, last = int(self.first[:4]), int(self.first[5:]), int(self.last[5:])
        return [f"{year:04d}-{m:02d}" for m in range(first, last + 1)]

    @property
    def start(self) -> dt.date:
        """The span's first day."""
        return dt.date(int(self.first[:4]), int(self.first[5:]), 1)

    @property
    def end(self) -> dt.date:
        """The span's last day."""
        year, month = int(self.last[:4]), int(self.last[5:])
        after = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
        return after - dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One value to load: a day's figure (``day``) or a total over months (``months``).

    ``source`` says where it was read ("figures.xlsx, sheet 到馆人次, row 4, column D");
    it goes into the audit log with the value.
    """

    branch: str
    metric: str
    value: int
    source: str
    day: dt.date | None = None
    months: MonthSpan | None = None

    @property
    def period(self) -> str:
        """The day (ISO) or the months (``MonthSpan.label``) the value is for."""
        if self.months is not None:
            return self.months.label
        assert self.day is not None
        return self.day.isoformat()


ImportAction = Literal[
    "added",  # no value before
    "updated",  # an earlier import's value, replaced
    "unchanged",  # the same value is stored already
    "kept",  # differs from a value reported in chat, which is kept (no --replace)
    "replaced",  # differs from a value reported in chat, which is replaced (--replace)
]


@dataclass(frozen=True, slots=True)
class ImportChange:
    """What loading one row does: ``old`` is the value held before (None: none)."""

    row: ImportRow
    action: ImportAction
    old: int | None = None
    reported_by: int | None = None  # who reported the chat value (kept or replaced)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """A whole import: each row's change, or the refusals (then nothing was written)."""

    changes: tuple[ImportChange, ...] = ()
    refusals: tuple[str, ...] = ()
    written: bool = False


@dataclass(frozen=True, slots=True)
class MonthTotal:
    """A total over whole months (an opening balance), for the organisation or a branch."""

    metric: str
    months: MonthSpan
    total: int


@dataclass(frozen=True, slots=True)
class MonthFigureRow:
    """One stored monthly figure (an opening balance), as exports write it."""

    months: MonthSpan
    branch: str
    metric: str
    value: int
