"""The reminders' sent-log, people the bot cannot reach, and /mute."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from storage.db import Database

STALE_CLAIM = dt.timedelta(minutes=10)  # a claim this old and unsettled was left by a crash

Outcome = Literal["sent", "blocked", "no_chat", "error"]


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


async def claim(db: Database, user_id: int, day: dt.date, kind: str, now: dt.datetime) -> bool:
    """Take the right to send ``kind`` for ``day`` to ``user_id``.

    False when it was settled before or another sender holds a fresh claim; a claim
    left behind by a crash is taken over once it is stale.
    """
    changed = await db.execute(
        "INSERT INTO reminder_log (user_id, day, kind, claimed_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (user_id, day, kind) DO UPDATE SET claimed_at = excluded.claimed_at"
        " WHERE settled_at IS NULL AND claimed_at < ?",
        (user_id, day.isoformat(), kind, _stamp(now), _stamp(now - STALE_CLAIM)),
    )
    return changed == 1


async def settle(
    db: Database,
    user_id: int,
    day: dt.date,
    kind: str,
    outcome: Outcome,
    now: dt.datetime,
    message_id: int | None = None,
) -> None:
    """Record how the claimed message ended: it is never sent again."""
    await db.execute(
        "UPDATE reminder_log SET settled_at = ?, outcome = ?, message_id = ?"
        " WHERE user_id = ? AND day = ? AND kind = ?",
        (_stamp(now), outcome, message_id, user_id, day.isoformat(), kind),
    )


async def release(db: Database, user_id: int, day: dt.date, kind: str) -> None:
    """Give a claim back after a send that may be retried."""
    await db.execute(
        "DELETE FROM reminder_log WHERE user_id = ? AND day = ? AND kind = ?"
        " AND settled_at IS NULL",
        (user_id, day.isoformat(), kind),
    )


async def outcomes(db: Database, day: dt.date, kind: str) -> dict[int, str | None]:
    """Who has a row for ``(day, kind)``, and its outcome (None: claimed, not settled)."""
    rows = await db.fetchall(
        "SELECT user_id, outcome FROM reminder_log WHERE day = ? AND kind = ?",
        (day.isoformat(), kind),
    )
    return {int(r["user_id"]): r["outcome"] for r in rows}


async def mark_unreachable(db: Database, user_id: int, error: str, now: dt.datetime) -> None:
    """The person blocked the bot or has no chat with it."""
    await db.execute(
        "INSERT INTO unreachable (user_id, since, error) VALUES (?, ?, ?)"
        " ON CONFLICT (user_id) DO UPDATE SET error = excluded.error",
        (user_id, _stamp(now), error[:200]),
    )


async def clear_unreachable(db: Database, user_id: int) -> None:
    """The person wrote to the bot again."""
    await db.execute("DELETE FROM unreachable WHERE user_id = ?", (user_id,))


async def unreachable(db: Database) -> set[int]:
    """Everyone the bot cannot reach now."""
    return {int(r["user_id"]) for r in await db.fetchall("SELECT user_id FROM unreachable")}


async def mute(db: Database, user_id: int, until: dt.date | None, now: dt.datetime) -> None:
    """No reminders for ``user_id`` through ``until`` (None: until unmuted)."""
    await db.execute(
        "INSERT INTO mutes (user_id, muted_at, until) VALUES (?, ?, ?)"
        " ON CONFLICT (user_id) DO UPDATE SET muted_at = excluded.muted_at,"
        " until = excluded.until",
        (user_id, _stamp(now), until.isoformat() if until else None),
    )


async def unmute(db: Database, user_id: int) -> bool:
    """Reminders again; False when the person was not muted."""
    return await db.execute("DELETE FROM mutes WHERE user_id = ?", (user_id,)) == 1


async def muted(db: Database, day: dt.date) -> set[int]:
    """Everyone muted on ``day``."""
    rows = await db.fetchall(
        "SELECT user_id FROM mutes WHERE until IS NULL OR until >= ?", (day.isoformat(),)
    )
    return {int(r["user_id"]) for r in rows}


async def first_day(db: Database, today: dt.date) -> dt.date:
    """The day the bot first ran here; ``today`` when this is that day."""
    await db.execute(
        "INSERT INTO service_facts (key, value) VALUES ('first_day', ?) ON CONFLICT DO NOTHING",
        (today.isoformat(),),
    )
    row = await db.fetchone("SELECT value FROM service_facts WHERE key = 'first_day'")
    assert row is not None
    return dt.date.fromisoformat(row["value"])
