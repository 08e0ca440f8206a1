"""Single-use, expiring invite codes behind ``t.me/<bot>?start=<code>`` links."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from storage.db import Database
from storage.models import Role
from storage.roster import enrol_in

RedeemResult = Literal["joined", "unknown", "used", "expired"]


async def create_invite(
    db: Database,
    code: str,
    branch: str,
    role: Role,
    created_by: int,
    now: dt.datetime,
    expires_at: dt.datetime,
) -> None:
    """Store a new invite code."""
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO invites (code, branch, role, created_by, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (code, branch, role, created_by, now.isoformat(), expires_at.isoformat()),
        )


async def redeem_invite(
    db: Database,
    code: str,
    user_id: int,
    name: str,
    locale: str | None,
    now: dt.datetime,
) -> tuple[RedeemResult, str | None]:
    """Use the code for ``user_id`` and enrol them; returns the outcome and the branch."""
    async with db.transaction() as conn:
        async with conn.execute(
            "SELECT branch, role, expires_at, used_by FROM invites WHERE code = ?", (code,)
        ) as cursor:
            row = await cursor.fetchone()
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
        await enrol_in(conn, user_id, name, row["role"], row["branch"], locale, now)
        return "joined", row["branch"]
