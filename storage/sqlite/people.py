"""Branches and people: synced from the organisation file, joined through single-use,
expiring invite codes (behind ``t.me/<bot>?start=<code>`` links)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence

from storage.models import BranchChangeRow, BranchRow, Person, RedeemResult, Role, RosterEntry
from storage.sqlite.db import Database
from storage.sqlite.writer import Statements


class SqlitePeopleRepo:
    """The roster in ``branches``, ``staff`` and ``staff_branches``; invites in ``invites``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def sync_roster(
        self,
        branches: Sequence[BranchRow],
        people: Sequence[RosterEntry],
        now: dt.datetime,
    ) -> None:
        """Make the database agree with the organisation file (idempotent).

        Branches and people no longer in the file are deactivated, not deleted: their
        figures and history stay. People who joined by invite are left alone.
        """
        stamp = now.isoformat(timespec="seconds")
        async with self._db.transaction() as conn:
            await conn.execute("UPDATE branches SET active = 0")
            # Parents before children so the foreign key holds on a fresh database.
            for branch in _parents_first(branches):
                await conn.execute(
                    "INSERT INTO branches (code, name, kind, parent, closed_weekdays, active)"
                    " VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (code) DO UPDATE SET"
                    " name = excluded.name, kind = excluded.kind, parent = excluded.parent,"
                    " closed_weekdays = excluded.closed_weekdays, active = 1",
                    (
                        branch.code,
                        branch.name,
                        branch.kind,
                        branch.parent,
                        ",".join(str(d) for d in sorted(branch.closed_weekdays)),
                    ),
                )
            await conn.execute("UPDATE staff SET active = 0 WHERE source = 'org'")
            for person in people:
                await conn.execute(
                    "INSERT INTO staff (user_id, name, role, source, active, joined_at)"
                    " VALUES (?, ?, ?, 'org', 1, ?) ON CONFLICT (user_id) DO UPDATE SET"
                    " name = excluded.name, role = excluded.role, source = 'org', active = 1",
                    (person.user_id, person.name, person.role, stamp),
                )
                await conn.execute(
                    "DELETE FROM staff_branches WHERE user_id = ?", (person.user_id,)
                )
                await conn.executemany(
                    "INSERT INTO staff_branches (user_id, branch) VALUES (?, ?)",
                    [(person.user_id, code) for code in person.branches],
                )

    async def person(self, user_id: int) -> Person | None:
        """The active rostered person with this Telegram user id (and active branches), or None."""
        row = await self._db.fetchone(_PEOPLE.format(where=" AND s.user_id = ?"), (user_id,))
        return None if row is None else _person(row)

    async def people(self, roles: Iterable[Role] | None = None) -> list[Person]:
        """Every active person (with active branches), optionally only those with one of
        ``roles``."""
        wanted = set(roles) if roles is not None else None
        rows = await self._db.fetchall(_PEOPLE.format(where=""))
        return [_person(r) for r in rows if wanted is None or r["role"] in wanted]

    async def set_locale(self, user_id: int, locale: str) -> None:
        """Remember the language a person chose."""
        async with self._db.transaction() as conn:
            await conn.execute("UPDATE staff SET locale = ? WHERE user_id = ?", (locale, user_id))

    async def enrol(
        self,
        user_id: int,
        name: str,
        role: Role,
        branch: str,
        locale: str | None,
        now: dt.datetime,
    ) -> None:
        """Add a person who joined through an invite (or give an existing one the branch)."""
        async with self._db.transaction() as conn:
            await _enrol_in(conn, user_id, name, role, branch, locale, now)

    async def branches(self) -> list[BranchRow]:
        """Every active branch."""
        rows = await self._db.fetchall(
            "SELECT code, name, kind, parent, closed_weekdays FROM branches WHERE active = 1"
            " ORDER BY rowid"
        )
        return [
            BranchRow(
                r["code"],
                r["name"],
                r["kind"],
                r["parent"],
                frozenset(int(d) for d in r["closed_weekdays"].split(",") if d),
            )
            for r in rows
        ]

    async def branch_codes(self) -> set[str]:
        """Every branch code ever stored, the inactive ones' too."""
        return {r["code"] for r in await self._db.fetchall("SELECT code FROM branches")}

    async def branch_changes(self) -> list[BranchChangeRow]:
        """Every branch change made in chat, oldest first."""
        rows = await self._db.fetchall(_CHANGES.format(where=""))
        return [_branch_change(r) for r in rows]

    async def branch_change_of(self, update_id: int) -> BranchChangeRow | None:
        """The change the command in ``update_id`` made, if it was handled before."""
        row = await self._db.fetchone(_CHANGES.format(where=" WHERE update_id = ?"), (update_id,))
        return None if row is None else _branch_change(row)

    async def change_branch(self, change: BranchChangeRow, branch: BranchRow | None) -> None:
        """Log ``change`` and store ``branch`` as it now is, in one transaction."""
        async with self._db.transaction() as conn:
            if branch is not None:
                await conn.execute(
                    "INSERT INTO branches (code, name, kind, parent, closed_weekdays, active)"
                    " VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (code) DO UPDATE SET"
                    " name = excluded.name, kind = excluded.kind, parent = excluded.parent,"
                    " active = 1",
                    (
                        branch.code,
                        branch.name,
                        branch.kind,
                        branch.parent,
                        ",".join(str(d) for d in sorted(branch.closed_weekdays)),
                    ),
                )
            await conn.execute(
                "INSERT INTO branch_changes (code, action, name, kind, parent, day, previous,"
                " changed_by, changed_at, update_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    change.code,
                    change.action,
                    change.name,
                    change.kind,
                    change.parent,
                    change.day.isoformat() if change.day else None,
                    change.previous,
                    change.changed_by,
                    change.changed_at.isoformat(timespec="seconds"),
                    change.update_id,
                ),
            )

    async def create_invite(
        self,
        code: str,
        branch: str,
        role: Role,
        created_by: int,
        now: dt.datetime,
        expires_at: dt.datetime,
    ) -> None:
        """Store a new invite code."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO invites (code, branch, role, created_by, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (code, branch, role, created_by, now.isoformat(), expires_at.isoformat()),
            )

    async def redeem_invite(
        self,
        code: str,
        user_id: int,
        name: str,
        locale: str | None,
        now: dt.datetime,
    ) -> tuple[RedeemResult, str | None]:
        """Use the code for ``user_id`` and enrol them; returns the outcome and the branch."""
        async with self._db.transaction() as conn:
            found = await conn.execute_fetchall(
                "SELECT branch, role, expires_at, used_by FROM invites WHERE code = ?", (code,)
            )
            row = next(iter(found), None)
            if row is None:
                return "unknown", None
            if row["used_by"] is not None:
                return ("joined" if row["used_by"] == user_id else "used"), row["branch"]
            if dt.datetime.fromisoformat(row["expires_at"]) <= now:
                return "expired", row["branch"]
            await conn.execute(
                "UPDATE invites SET used_by = ?, used_at = ? WHERE code = ?",
                (user_id, now.isoformat(), code),
            )
            await _enrol_in(conn, user_id, name, row["role"], row["branch"], locale, now)
            return "joined", row["branch"]


def _parents_first(branches: Sequence[BranchRow]) -> list[BranchRow]:
    by_code = {b.code: b for b in branches}
    ordered: list[BranchRow] = []
    seen: set[str] = set()

    def visit(branch: BranchRow) -> None:
        if branch.code in seen:
            return
        seen.add(branch.code)
        if branch.parent in by_code:
            visit(by_code[branch.parent])
        ordered.append(branch)

    for branch in branches:
        visit(branch)
    return ordered


_PEOPLE = (
    "SELECT s.user_id, s.name, s.role, s.locale, group_concat(b.code) AS branches"
    " FROM staff s LEFT JOIN (staff_branches sb JOIN branches b"
    "   ON b.code = sb.branch AND b.active = 1) ON sb.user_id = s.user_id"
    " WHERE s.active = 1{where} GROUP BY s.user_id ORDER BY s.user_id"
)


_CHANGES = (
    "SELECT action, code, name, kind, parent, day, changed_by, changed_at, update_id, previous"
    " FROM branch_changes{where} ORDER BY id"
)


def _branch_change(r: sqlite3.Row) -> BranchChangeRow:
    return BranchChangeRow(
        r["action"],
        r["code"],
        r["name"],
        r["kind"],
        r["parent"],
        dt.date.fromisoformat(r["day"]) if r["day"] else None,
        r["changed_by"],
        dt.datetime.fromisoformat(r["changed_at"]),
        r["update_id"],
        r["previous"],
    )


def _person(row: sqlite3.Row) -> Person:
    branches = tuple(sorted(row["branches"].split(","))) if row["branches"] else ()
    return Person(row["user_id"], row["name"], row["role"], row["locale"], branches)


async def _enrol_in(
    conn: Statements,
    user_id: int,
    name: str,
    role: Role,
    branch: str,
    locale: str | None,
    now: dt.datetime,
) -> None:
    """``enrol`` inside a transaction the caller holds."""
    # Someone who left the roster joins afresh: their old branches do not come back, and
    # the next sync from the organisation file must not deactivate them again.
    await conn.execute("DELETE FROM staff WHERE user_id = ? AND active = 0", (user_id,))
    await conn.execute(
        "INSERT INTO staff (user_id, name, role, locale, source, active, joined_at)"
        " VALUES (?, ?, ?, ?, 'invite', 1, ?) ON CONFLICT (user_id) DO UPDATE SET active = 1",
        (user_id, name, role, locale, now.isoformat(timespec="seconds")),
    )
    await conn.execute(
        "INSERT INTO staff_branches (user_id, branch) VALUES (?, ?) ON CONFLICT DO NOTHING",
        (user_id, branch),
    )
