"""``/branch add|rename|close …``: the words read into a command, and what came of it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.core.deadlines.rules import read_due
from bot.core.org import BranchKind

BranchRefusal = Literal[
    "usage",
    "unknown_branch",  # hint: the branch as written
    "unknown_parent",  # hint: the parent as written
    "unknown_word",  # hint: a word that is no kind, parent or date
    "bad_date",  # hint: the date as written
    "name_taken",  # hint: the name; other: the branch that has it
    "name_too_long",
    "same_name",
    "before_opening",  # day: the date given; other: the branch; opened: its opening
    "parent_closed",  # other: the parent's name
]

ADD_WORDS = ("add", "新增", "添加", "增加")
RENAME_WORDS = ("rename", "改名", "更名")
CLOSE_WORDS = ("close", "关闭", "撤销", "停办")
NAME_LIMIT = 40

# The kinds in the file's words and in the words a coordinator writes.
KIND_WORDS: dict[str, BranchKind] = {
    "central": "central", "总馆": "central",
    "branch": "branch", "分馆": "branch",
    "partner": "partner", "合作馆": "partner", "联盟馆": "partner",
    "subdistrict": "subdistrict", "街道馆": "subdistrict", "街道图书馆": "subdistrict",
    "service_point": "service_point", "服务点": "service_point",
}  # fmt: skip
_PARENT = re.compile(r"^(?:上级|parent)\s*[:：=]\s*(?P<hint>.*)$", re.IGNORECASE)
_PARENT_SPACED = re.compile(r"(上级|parent)\s*[:：=]\s*", re.IGNORECASE)
_QUOTED = re.compile(r"^\s*[\"“「『](?P<name>[^\"”」』]+)[\"”」』]\s*(?P<rest>.*)$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class AddBranch:
    """``/branch add <name> [kind] [上级:<branch>] [date]`` (date: its first day open)."""

    name: str
    kind: BranchKind
    parent: str | None  # as written; None: under the top of the tree
    opened: dt.date | None  # None: today


@dataclass(frozen=True, slots=True)
class RenameBranch:
    """``/branch rename <branch> <new name>``."""

    branch: str  # as written
    name: str


@dataclass(frozen=True, slots=True)
class CloseBranch:
    """``/branch close <branch> [date]`` (date: its first day closed)."""

    branch: str  # as written
    closed: dt.date | None  # None: today


BranchCommand = AddBranch | RenameBranch | CloseBranch


@dataclass(frozen=True, slots=True)
class BranchAdded:
    code: str
    name: str
    kind: BranchKind
    parent: str | None  # the parent's name
    opened: dt.date


@dataclass(frozen=True, slots=True)
class BranchRenamed:
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class BranchClosed:
    name: str
    closed: dt.date  # its first day closed


@dataclass(frozen=True, slots=True)
class BranchRefused:
    """``/branch`` was used wrongly; nothing changed."""

    reason: BranchRefusal
    hint: str = ""
    other: str = ""
    day: dt.date | None = None
    opened: dt.date | None = None


BranchOutcome = BranchAdded | BranchRenamed | BranchClosed | BranchRefused


def parse_branch(words: Sequence[str], today: dt.date) -> BranchCommand | BranchRefused:
    """The words after ``/branch``; a date without a year is in ``today``'s year."""
    if len(words) < 2:
        return BranchRefused("usage")
    action, rest = words[0].casefold(), " ".join(words[1:]).strip()
    if action in ADD_WORDS:
        return _add(rest, today)
    if action in RENAME_WORDS:
        branch, _, name = rest.partition(" ")
        name = _unquote(name.strip())
        return RenameBranch(branch, name) if name else BranchRefused("usage")
    if action in CLOSE_WORDS:
        branch, _, when = rest.partition(" ")
        if not when.strip():
            return CloseBranch(branch, None)
        day, after = _date(when, today)
        if day is None or after:
            return BranchRefused("bad_date", when.strip())
        return CloseBranch(branch, day)
    return BranchRefused("usage")


def _add(text: str, today: dt.date) -> AddBranch | BranchRefused:
    text = _PARENT_SPACED.sub(r"\1:", text)  # 上级： 南山 → 上级:南山
    quoted = _QUOTED.match(text)
    if quoted:
        name, rest = quoted["name"].strip(), quoted["rest"].split()
    else:
        name, *rest = text.split()
    kind: BranchKind = "branch"
    parent: str | None = None
    opened: dt.date | None = None
    for word in rest:
        if word.casefold() in KIND_WORDS:
            kind = KIND_WORDS[word.casefold()]
        elif (named := _PARENT.match(word)) is not None:
            parent = named["hint"].strip()
            if not parent:
                return BranchRefused("unknown_parent", word)
        elif word[0].isdigit() or word[0] in "０１２３４５６７８９":
            opened, after = _date(word, today)
            if opened is None or after:
                return BranchRefused("bad_date", word)
        else:
            return BranchRefused("unknown_word", word)
    return AddBranch(name, kind, parent, opened)


def _date(text: str, today: dt.date) -> tuple[dt.date | None, str]:
    """A date (2026-11-16, 11月16日, 11-16: this year), and what follows it."""
    return read_due(text, dt.date(today.year, 1, 1))


def _unquote(text: str) -> str:
    quoted = _QUOTED.match(text)
    return quoted["name"].strip() if quoted and not quoted["rest"].strip() else text
