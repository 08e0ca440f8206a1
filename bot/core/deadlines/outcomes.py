"""What the deadline service answers: plain data for the renderer, the digest and the jobs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

TITLE_LIMIT = 200  # characters in a deadline's title

RefusalReason = Literal[
    "usage", "bad_date", "past_date", "far_date", "unknown_branch", "empty_title", "long_title"
]
DoneStatus = Literal[
    "done",  # parts marked now (``marked``); ``owing`` is what is left
    "already_done",  # the parts asked for were done before
    "usage",
    "unknown",  # no deadline with that id
    "cancelled",
    "unknown_branch",  # ``hint``: the text that names no branch
    "not_owed",  # ``hint``: the branches (names) that have no part in this deadline
    "not_your_branch",  # staff naming another branch (``hint``)
    "managers_only",  # staff asking for ``/done <id> all``
]
CancelStatus = Literal["cancelled", "already_cancelled", "unknown", "usage"]


@dataclass(frozen=True, slots=True)
class DeadlineCreated:
    """``/deadline`` stored a deadline."""

    id: int
    title: str
    due: dt.date
    branches: tuple[str, ...]  # names of the branches that owe a part; empty: every branch
    remind: tuple[int, ...]  # days before ``due`` when reminders go out


@dataclass(frozen=True, slots=True)
class DeadlineRefused:
    """``/deadline`` stored nothing, and why."""

    reason: RefusalReason
    hint: str = ""  # the date text or branch name at fault
    due: dt.date | None = None  # the date given, for ``past_date``


@dataclass(frozen=True, slots=True)
class DeadlineItem:
    """One deadline as one reader sees it on ``day`` (a list, a reminder, the digest)."""

    id: int
    title: str
    due: dt.date
    days_left: int  # from the day it is seen; negative: that many days overdue
    owing: tuple[str, ...]  # names of the branches still owing (for staff: their own)
    done: int  # parts done
    parts: int  # parts in all

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True, slots=True)
class DeadlineList:
    """``/deadlines``: the open deadlines, soonest first."""

    day: dt.date
    items: tuple[DeadlineItem, ...]
    everyone: bool  # a manager's view of every branch; staff see their own branches'


@dataclass(frozen=True, slots=True)
class DoneResult:
    """``/done <id> [branch|all]``."""

    status: DoneStatus
    deadline_id: int | None = None
    title: str = ""
    marked: tuple[str, ...] = ()  # names of the branches marked done now
    owing: tuple[str, ...] = ()  # names of the branches still owing afterwards
    hint: str = ""


@dataclass(frozen=True, slots=True)
class CancelResult:
    """``/deadline cancel <id>``."""

    status: CancelStatus
    deadline_id: int | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class Owing:
    """A branch still owing its part, and the names of the people who report for it."""

    branch: str
    people: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OverdueItem:
    """A deadline past its due date with parts not done."""

    id: int
    title: str
    due: dt.date
    days_late: int
    owing: tuple[Owing, ...]


@dataclass(frozen=True, slots=True)
class DeadlineDigest:
    """The weekly digest's deadlines, as of the week's last day."""

    overdue: tuple[DeadlineItem, ...] = ()  # due by the week's end, parts not done by then
    coming_up: tuple[DeadlineItem, ...] = ()  # due within the 7 days after it
