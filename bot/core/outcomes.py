"""What a service decided, in plain data: the render module turns these into replies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from bot.core.org import Role
from bot.core.parsing import ParseIssue
from bot.core.plausibility import Assessment
from bot.core.progress import MetricProgress

RejectionKind = Literal[
    "parse_error",
    "unclear",  # nothing recordable, only a warning
    "unknown_branch",
    "not_your_branch",
    "no_branch",
    "was_undone",
    "expired",
    "outdated",  # a question tapped after the figure it asked about was changed
    "forwarded",  # figures in a forwarded message: whose they are is not known
    "out_of_service",  # a day before the branch opened, or from its closing on
]
InviteRefusal = Literal["unknown_branch", "closed_branch", "bad_role", "usage"]
ContestChoice = Literal["replace", "add", "keep"]  # another person's figure: what to do
Reach = Literal["yes", "muted", "unreachable"]
MuteStatus = Literal["muted", "unmuted", "not_muted", "usage"]


@dataclass(frozen=True, slots=True)
class OtherFigure:
    """Another person's figure for the same branch, day and metric, and the sender's."""

    metric: str
    theirs: int
    mine: int
    by: str  # the name of who sent theirs
    at: dt.datetime  # when theirs was stored, in the organisation's time


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A report is stored (committed) — tell the sender exactly what is held now."""

    report_id: int
    branch_name: str
    day: dt.date
    figures: dict[str, int]
    corrected: dict[str, int | None] = field(default_factory=dict)  # metric -> old value
    closed: bool = False
    edited: bool = False
    warnings: tuple[ParseIssue, ...] = ()
    closed_until: dt.date | None = None  # the last day of a closure range
    # An edit left these as a later message set them (metric -> the value held).
    kept_later: dict[str, int] = field(default_factory=dict)
    # Another person's figures, and what the sender chose to do with them.
    others: tuple[OtherFigure, ...] = ()
    choice: ContestChoice | None = None
    removed: tuple[tuple[dt.date, str, int], ...] = ()  # (day, metric, value) a closure removed
    left_open: tuple[dt.date, ...] = ()  # days of a closure kept open: they have figures
    lifted: bool = False  # the day was marked closed; these figures show it opened


@dataclass(frozen=True, slots=True)
class Rejection:
    """Nothing was stored, and why."""

    kind: RejectionKind
    issue: ParseIssue | None = None
    branch_name: str | None = None
    hint: str | None = None
    earlier_stand: bool = False  # an edit: what the message said before is still stored
    day: dt.date | None = None  # the day out of service


@dataclass(frozen=True, slots=True)
class BranchQuestion:
    """The sender serves several branches and did not say which one."""

    pending_id: int
    options: tuple[tuple[str, str], ...]  # (code, name)


@dataclass(frozen=True, slots=True)
class ValueQuestion:
    """Some value is unusual for the branch: stored only after the sender confirms."""

    pending_id: int
    branch_name: str
    day: dt.date
    figures: dict[str, int]
    unusual: tuple[Assessment, ...]
    reason: str = ""  # the whole message the figures came in, words around them included


@dataclass(frozen=True, slots=True)
class ContestQuestion:
    """The report would replace another person's figures: replace, add to them, or keep."""

    pending_id: int
    branch_name: str
    day: dt.date
    others: tuple[OtherFigure, ...]
    can_add: bool  # every figure asked about is a count over the day, so adding makes sense


@dataclass(frozen=True, slots=True)
class ClosureQuestion:
    """A closure for days that already have figures: remove them, or keep them open."""

    pending_id: int
    branch_name: str
    first: dt.date
    last: dt.date
    figures: tuple[tuple[dt.date, str, int], ...]  # (day, metric, value) held now


@dataclass(frozen=True, slots=True)
class EmptiedQuestion:
    """An edit left the message with no figures: take back what it still holds?"""

    report_id: int
    branch_name: str
    day: dt.date
    figures: dict[str, int]
    closed: bool  # the message's closure still stands too


@dataclass(frozen=True, slots=True)
class TodayView:
    """What /today shows: the person's branches' figures today, closures and notes."""

    day: dt.date
    names: dict[str, str]  # branch code -> name, in the person's order
    figures: dict[str, dict[str, int]]  # branch -> metric -> value
    closed: set[str]
    notes: dict[str, list[str]]  # branch -> reasons given with its figures


@dataclass(frozen=True, slots=True)
class NotAReport:
    """Chit-chat: no figures found."""


@dataclass(frozen=True, slots=True)
class Silent:
    """Nothing to say (an old revision of an edited message, an update seen before)."""


@dataclass(frozen=True, slots=True)
class Undone:
    """A report was taken back. ``changes`` maps metric -> (value taken back, value now
    held; None: none); ``reopened``: its closure was taken back. With neither, later
    reports had replaced all of it and nothing changed."""

    branch_name: str
    day: dt.date
    changes: dict[str, tuple[int, int | None]]
    reopened: bool = False
    closed_again: bool = False  # a closure the report's figures had lifted stands again


@dataclass(frozen=True, slots=True)
class NothingToUndo:
    """There is no report of this person left to undo."""


@dataclass(frozen=True, slots=True)
class Cancelled:
    """The sender declined to store a parked report."""


ReportReply = (
    Confirmation
    | Rejection
    | BranchQuestion
    | ValueQuestion
    | ContestQuestion
    | ClosureQuestion
    | EmptiedQuestion
    | NotAReport
    | Silent
    | Cancelled
)


@dataclass(frozen=True, slots=True)
class InviteCreated:
    """A single-use join code was made."""

    code: str
    branch_name: str
    role: Role
    expires_at: dt.datetime


@dataclass(frozen=True, slots=True)
class InviteRefused:
    """``/invite`` was used wrongly."""

    reason: InviteRefusal
    hint: str = ""


@dataclass(frozen=True, slots=True)
class ProgressView:
    """What /progress shows: every metric for the organisation, or for some branches."""

    scope: str  # the organisation's or the branches' names
    day: dt.date  # figures count through the end of this day
    rows: list[MetricProgress]
    parts: tuple[str, ...] = ()  # sub-branches counted in a branch's figures
    # 同比: metric -> the same period last year's value, where last year has one
    year_ago: dict[str, int] = field(default_factory=dict)

    @property
    def seasonal(self) -> bool:
        """True when some row's pace follows last year's shape."""
        return any(row.seasonal for row in self.rows)


@dataclass(frozen=True, slots=True)
class BranchStanding:
    """One branch's own year-to-date of one metric against its own allocation."""

    code: str
    name: str
    progress: MetricProgress
    share: float | None  # of all branches' total


@dataclass(frozen=True, slots=True)
class Placed:
    """A branch's place in a ranking (1: the best) and its standing."""

    place: int
    row: BranchStanding


@dataclass(frozen=True, slots=True)
class RankingExcerpt:
    """The few branches of a long ranking that one message shows."""

    count: int  # branches ranked
    top: tuple[Placed, ...]
    bottom: tuple[Placed, ...]  # the last of those judged by attainment
    median: Placed | None
    own: tuple[Placed, ...]  # the reader's own branches, in ranking order
    more_own: int  # the reader's branches beyond those listed
    own_unranked: tuple[str, ...]  # names of the reader's branches with no figure, no target
    by_value: int  # branches without a target, ranked after those with one by value
    by_value_top: tuple[Placed, ...] = ()  # the first of those


@dataclass(frozen=True, slots=True)
class RankingView:
    """What /progress <metric> shows: branches ranked by attainment, under the scope's own
    figure against its target. With an ``excerpt``, the message shows only that and the
    whole list goes along as a workbook."""

    metric: str
    day: dt.date
    scope: str
    rows: list[BranchStanding]
    total: int
    system: MetricProgress  # the scope's figure against the plan (or the allocations' sum)
    year_ago: int | None = None  # 同比: the same period last year, where there is one
    excerpt: RankingExcerpt | None = None


@dataclass(frozen=True, slots=True)
class ProgressQuery:
    """/progress with words the bot could not match to a metric or a branch."""

    text: str
    refused_branch: bool = False  # a staff member asked for another branch


@dataclass(frozen=True, slots=True)
class MissingToday:
    """What /missing shows: open branches with no figures yet today."""

    day: dt.date
    due: str  # HH:MM
    open_branches: int
    missing: list[tuple[str, list[str]]]  # (branch name, names of the people who report for it)
    closed: list[str]  # names of branches closed today


@dataclass(frozen=True, slots=True)
class ReportReminder:
    """A nudge for one person: their open branches with no figures yet today."""

    day: dt.date
    due: str  # HH:MM
    branches: tuple[tuple[str, str], ...]  # (branch name, how a report names it: "#角楼")
    metrics: tuple[str, ...]  # metric codes for the one-line format to reply with
    several: bool  # the person serves several branches, so the reply must name one


@dataclass(frozen=True, slots=True)
class Responsible:
    """Someone who reports for a branch, and whether reminders reach them."""

    name: str
    reach: Reach = "yes"


@dataclass(frozen=True, slots=True)
class Escalation:
    """The managers' morning message: the open branches that never reported on ``day``."""

    day: dt.date
    open_branches: int
    missing: tuple[tuple[str, tuple[Responsible, ...]], ...]  # (branch name, who reports)


@dataclass(frozen=True, slots=True)
class MuteResult:
    """``/mute [days]`` and ``/unmute``."""

    status: MuteStatus
    until: dt.date | None = None  # the last muted day; None: until /unmute
