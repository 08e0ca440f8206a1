"""The words after a slash command, read into typed commands (or the usage reply's outcome)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.deadlines.outcomes import CancelResult, DeadlineRefused, DoneResult
from bot.core.deadlines.rules import read_due
from bot.core.org import Role
from bot.core.outcomes import InviteRefused, MuteResult
from bot.core.weeks import FIRST_YEAR, LAST_YEAR

__all__ = [
    "CancelDeadline",
    "DoneCommand",
    "InviteCommand",
    "MuteCommand",
    "NotAYear",
    "SetDeadline",
    "YearCommand",
    "parse_deadline",
    "parse_done",
    "parse_invite",
    "parse_mute",
    "parse_year",
]  # fmt: skip

CANCEL_WORDS = ("cancel", "取消")
ALL_WORDS = ("all", "全部")
ROLES: tuple[Role, ...] = ("staff", "manager", "admin")
MAX_MUTE_DAYS = 366


@dataclass(frozen=True, slots=True)
class SetDeadline:
    """``/deadline <date> [#branch …] <title>``."""

    due: dt.date
    branches: tuple[str, ...]  # the #hints as written, # included
    title: str


@dataclass(frozen=True, slots=True)
class CancelDeadline:
    """``/deadline cancel <id>``."""

    deadline_id: int


@dataclass(frozen=True, slots=True)
class DoneCommand:
    """``/done <id> [branch|all]``."""

    deadline_id: int
    branch: str | None = None  # the branch named; None: the sender's own branches
    all_branches: bool = False


@dataclass(frozen=True, slots=True)
class MuteCommand:
    """``/mute [days]``."""

    days: int | None = None  # today and the days after; None: until /unmute


@dataclass(frozen=True, slots=True)
class InviteCommand:
    """``/invite <branch> [role]``."""

    branch: str  # as written
    role: str  # as written: checked after the branch, so that error comes first


@dataclass(frozen=True, slots=True)
class YearCommand:
    """``/export [year]`` or ``/year [year]``: the year asked for."""

    year: int


@dataclass(frozen=True, slots=True)
class NotAYear:
    """``/export`` was given something other than one year."""

    text: str
    this_year: int


def parse_deadline(
    words: Sequence[str], today: dt.date
) -> SetDeadline | CancelDeadline | DeadlineRefused | CancelResult:
    """``/deadline …``: a new deadline, or ``cancel <id>``; dates read as of ``today``."""
    if words and words[0].casefold() in CANCEL_WORDS:
        deadline_id = _deadline_id(words[1]) if len(words) == 2 else None
        return CancelResult("usage") if deadline_id is None else CancelDeadline(deadline_id)
    text = " ".join(words).strip()
    if not text:
        return DeadlineRefused("usage")
    due, rest = read_due(text, today)
    if due is None:
        return DeadlineRefused("bad_date", text.split()[0])
    if due < today:
        return DeadlineRefused("past_date", text.split()[0], due)
    if due.year > LAST_YEAR:  # a slip of the keyboard (9999-12-31), not a plan
        return DeadlineRefused("far_date", text.split()[0], due)
    tokens = rest.split()
    branches = tuple(token for token in tokens if _is_branch_hint(token))
    title = " ".join(token for token in tokens if not _is_branch_hint(token))
    return SetDeadline(due, branches, title)


def parse_done(words: Sequence[str]) -> DoneCommand | DoneResult:
    """``/done <id> [branch|all]``."""
    deadline_id = _deadline_id(words[0]) if words else None
    if deadline_id is None:
        return DoneResult("usage")
    named = " ".join(words[1:]).strip()
    if not named:
        return DoneCommand(deadline_id)
    if named.casefold() in ALL_WORDS:
        return DoneCommand(deadline_id, all_branches=True)
    return DoneCommand(deadline_id, named)


def parse_mute(words: Sequence[str]) -> MuteCommand | MuteResult:
    """``/mute`` or ``/mute <days>`` (1 to a year)."""
    if not words:
        return MuteCommand()
    if len(words) == 1 and words[0].isdigit() and 0 < int(words[0]) <= MAX_MUTE_DAYS:
        return MuteCommand(int(words[0]))
    return MuteResult("usage")


def parse_invite(words: Sequence[str]) -> InviteCommand | InviteRefused:
    """``/invite <branch> [staff|manager|admin]`` (staff when no role is given)."""
    if not words or len(words) > 2:
        return InviteRefused("usage")
    return InviteCommand(words[0], words[1] if len(words) == 2 else "staff")


def parse_year(words: Sequence[str], this_year: int) -> YearCommand | NotAYear:
    """The year ``/export`` and ``/year`` take: none (this year), ``2025`` or ``2025年``."""
    if not words:
        return YearCommand(this_year)
    text = words[0].strip().removesuffix("年")
    if len(words) == 1 and text.isdecimal() and len(text) == 4:
        year = int(text)  # also reads full-width digits: ２０２５
        if FIRST_YEAR <= year <= LAST_YEAR:
            return YearCommand(year)
    return NotAYear(" ".join(words), this_year)


def _deadline_id(text: str) -> int | None:
    """A deadline id as written: ``12`` or ``#12``."""
    digits = text.strip().lstrip("#＃")
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) < 19 else None


def _is_branch_hint(token: str) -> bool:
    return token[0] in "#＃" and len(token) > 1
