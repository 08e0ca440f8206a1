"""Typed rows the repositories return and take."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["staff", "manager", "admin"]
ReportStatus = Literal["recorded", "unchanged", "duplicate", "stale", "undone"]


@dataclass(frozen=True, slots=True)
class BranchRow:
    code: str
    name: str
    kind: str
    parent: str | None
    closed_weekdays: frozenset[int]


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


@dataclass(frozen=True, slots=True)
class ReportOutcome:
    """What :func:`record_report` did."""

    status: ReportStatus
    report_id: int | None
    branch: str | None = None
    day: dt.date | None = None
    changes: tuple[FigureChange, ...] = ()
    closed: bool = False
    figures: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Invite:
    code: str
    branch: str
    role: Role
    created_by: int
    expires_at: dt.datetime
    used_by: int | None


@dataclass(frozen=True, slots=True)
class PendingReport:
    """A parsed report waiting for a tap (which branch / yes, the value is right)."""

    id: int
    user_id: int
    chat_id: int
    message_id: int
    revision: int
    reason: Literal["branch", "unusual"]
    payload: dict[str, object]
    resolved: bool
