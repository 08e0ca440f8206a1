"""Branches added, renamed and closed by admins in chat, kept over the organisation file."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.branch_commands import (
    NAME_LIMIT,
    AddBranch,
    BranchAdded,
    BranchClosed,
    BranchCommand,
    BranchOutcome,
    BranchRefused,
    BranchRenamed,
    CloseBranch,
    RenameBranch,
)
from bot.core.clock import OrgClock
from bot.core.org import Branch, BranchChange, BranchKind, Organisation
from bot.core.org.codes import branch_code
from storage import PeopleRepo
from storage.models import BranchChangeRow, BranchRow, Person

_KINDS: dict[str, BranchKind] = {
    "central": "central",
    "branch": "branch",
    "partner": "partner",
    "subdistrict": "subdistrict",
    "service_point": "service_point",
}


class BranchService:
    """``/branch``: the changes are logged in the database and applied to the organisation
    at once and at every start-up (:meth:`load`), so every feature sees them."""

    def __init__(self, store: PeopleRepo, org: Organisation, clock: OrgClock) -> None:
        self._store = store
        self._org = org
        self._clock = clock
        self._listeners: list[Callable[[], None]] = []

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after each change is applied (the report parser's names)."""
        self._listeners.append(listener)

    async def load(self) -> None:
        """Apply every change made in chat over the organisation file's branches."""
        rows = await self._store.branch_changes()
        self._org.use_branch_changes([branch_change(row) for row in rows])

    async def change(self, admin: Person, command: BranchCommand, update_id: int) -> BranchOutcome:
        """Add, rename or close a branch; a refusal changes nothing. The same update handled
        again (its answer was lost) gets the answer it got the first time."""
        done = await self._store.branch_change_of(update_id)
        if done is not None:
            return self._outcome(done)
        if isinstance(command, AddBranch):
            return await self._add(admin, command, update_id)
        if isinstance(command, RenameBranch):
            return await self._rename(admin, command, update_id)
        return await self._close(admin, command, update_id)

    def _outcome(self, done: BranchChangeRow) -> BranchOutcome:
        """What ``done`` answered when it was made."""
        names = {b.code: b.name for b in self._org.branches}
        day = done.day or self._clock.today()
        if done.action == "add":
            kind = _KINDS.get(done.kind or "", "branch")
            parent = names.get(done.parent or "", done.parent)
            return BranchAdded(done.code, done.name or done.code, kind, parent, day)
        if done.action == "rename":
            return BranchRenamed(done.previous or done.code, done.name or done.code)
        return BranchClosed(names.get(done.code, done.code), day)

    async def _add(
        self, admin: Person, command: AddBranch, update_id: int
    ) -> BranchAdded | BranchRefused:
        name = command.name.strip()
        if refused := self._bad_name(name, None):
            return refused
        parent = self._parent(command.parent)
        if parent is None:
            return BranchRefused("unknown_parent", command.parent or "")
        opened = command.opened or self._clock.today()
        if parent.closed is not None and parent.closed <= opened:
            return BranchRefused("parent_closed", other=parent.name, day=parent.closed)
        taken = await self._store.branch_codes() | {b.code for b in self._org.branches}
        code = branch_code(name, taken)
        row = BranchRow(code, name, command.kind, parent.code, frozenset())
        now = self._clock.now()
        change = BranchChangeRow("add", code, name, command.kind, parent.code, opened,
                                 admin.user_id, now, update_id)  # fmt: skip
        await self._log(change, row)
        return BranchAdded(code, name, command.kind, parent.name, opened)

    async def _rename(
        self, admin: Person, command: RenameBranch, update_id: int
    ) -> BranchRenamed | BranchRefused:
        branch = self._org.resolve_branch(command.branch)
        if branch is None:
            return BranchRefused("unknown_branch", command.branch)
        name = command.name.strip()
        if name == branch.name:
            return BranchRefused("same_name", name)
        if refused := self._bad_name(name, branch):
            return refused
        row = BranchRow(branch.code, name, branch.kind, branch.parent, branch.closed_weekdays)
        now = self._clock.now()
        change = BranchChangeRow("rename", branch.code, name, None, None, None, admin.user_id,
                                 now, update_id, previous=branch.name)  # fmt: skip
        await self._log(change, row)
        return BranchRenamed(branch.name, name)

    async def _close(
        self, admin: Person, command: CloseBranch, update_id: int
    ) -> BranchClosed | BranchRefused:
        branch = self._org.resolve_branch(command.branch)
        if branch is None:
            return BranchRefused("unknown_branch", command.branch)
        day = command.closed or self._clock.today()
        if branch.opened is not None and day <= branch.opened:
            return BranchRefused("before_opening", other=branch.name, day=day,
                                 opened=branch.opened)  # fmt: skip
        now = self._clock.now()
        change = BranchChangeRow("close", branch.code, None, None, None, day, admin.user_id,
                                 now, update_id)  # fmt: skip
        await self._log(change, None)
        return BranchClosed(branch.name, day)

    def _bad_name(self, name: str, renaming: Branch | None) -> BranchRefused | None:
        """Why ``name`` cannot be a branch's name (None: it can)."""
        if len(name) > NAME_LIMIT:
            return BranchRefused("name_too_long", name)
        wanted = name.casefold()
        for b in self._org.branches:
            if b != renaming and wanted in (n.casefold() for n in (b.name, *b.aliases, b.code)):
                return BranchRefused("name_taken", name, other=b.name)
        return None

    def _parent(self, hint: str | None) -> Branch | None:
        """The branch named as the parent; none named: the top of the tree."""
        if hint is not None:
            return self._org.resolve_branch(hint)
        tops = [b for b in self._org.branches if b.parent is None]
        return next((b for b in tops if b.kind == "central"), tops[0] if tops else None)

    async def _log(self, change: BranchChangeRow, row: BranchRow | None) -> None:
        """Store the change, then apply it: every feature sees it from the next update."""
        await self._store.change_branch(change, row)
        await self.load()
        for listener in self._listeners:
            listener()


def branch_change(row: BranchChangeRow) -> BranchChange:
    """A stored change as the organisation applies it."""
    return BranchChange(row.action, row.code, row.name, _KINDS.get(row.kind or ""), row.parent,
                        row.day)  # fmt: skip
