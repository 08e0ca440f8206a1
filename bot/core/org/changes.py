"""Branches added, renamed and closed in chat, applied over the organisation file's.

The file is the seed; the changes made in chat are kept in the database and applied over
it, in the order they were made, at every start-up, so a restart never undoes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.core.org.sections import Branch, BranchKind

BranchAction = Literal["add", "rename", "close"]


@dataclass(frozen=True, slots=True)
class BranchChange:
    """One change made in chat. ``day``: the first day open (add) or closed (close)."""

    action: BranchAction
    code: str
    name: str | None = None
    kind: BranchKind | None = None
    parent: str | None = None
    day: dt.date | None = None


def apply_changes(
    branches: Sequence[Branch], changes: Iterable[BranchChange]
) -> tuple[Branch, ...]:
    """The branches as the file declares them with the chat's changes applied in order.

    A change about a branch the file no longer has (and chat did not add) is skipped; a
    renamed branch keeps its old name as an alias, so people may go on writing it.
    """
    by_code = {b.code: b for b in branches}
    for change in changes:
        current = by_code.get(change.code)
        if change.action == "add":
            parent = change.parent if change.parent in by_code else None
            if current is None:
                by_code[change.code] = Branch(
                    code=change.code,
                    name=change.name or change.code,
                    kind=change.kind or "branch",
                    parent=parent,
                    opened=change.day,
                )
            else:  # the file has since declared it too: what was said in chat still holds
                by_code[change.code] = current.model_copy(
                    update={
                        "name": change.name or current.name,
                        "kind": change.kind or current.kind,
                        "parent": parent,
                        "opened": change.day,
                    }
                )
        elif current is None:
            continue
        elif change.action == "rename" and change.name and change.name != current.name:
            aliases = current.aliases
            if current.name not in aliases:
                aliases = (*aliases, current.name)
            by_code[change.code] = current.model_copy(
                update={"name": change.name, "aliases": aliases}
            )
        elif change.action == "close":
            by_code[change.code] = current.model_copy(update={"closed": change.day})
    return tuple(by_code.values())
