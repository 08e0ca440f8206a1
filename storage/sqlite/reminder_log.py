"""The reminders' sent-log, people the bot cannot reach, and /mute."""

from __future__ import annotations

import datetime as dt

from storage.models import ReminderOutcome
from storage.sqlite.db import Database

STALE_CLAIM = dt.timedelta(minutes=10)  # a claim this old and unsettled was left by a crash


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


class SqliteReminderLogRepo:
    """``reminder_log``, ``unreachable``, ``mutes`` and the first day in ``service_facts``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def claim(self, user_id: int, day: dt.date, kind: str, now: dt.datetime) -> bool:
        """Take the right to send ``kind`` for ``day`` to ``user_id``.

        False when it was settled before or another sender holds a fresh claim; a claim
        left behind by a crash is taken over once it is stale.
        """
        changed = await self._db.execute(
            "INSERT INTO reminder_log (user_id, day, kind, claimed_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (user_id, day, kind) DO UPDATE SET claimed_at = excluded.claimed_at"
            " WHERE settled_at IS NULL AND claimed_at < ?",
            (user_id, day.isoformat(), kind, _stamp(now), _stamp(now - STALE_CLAIM)),
        )
        return changed == 1

    async def settle(
        self,
        user_id: int,
        day: dt.date,
        kind: str,
        outcome: ReminderOutcome,
        now: dt.datetime,
        message_id: int | None = None,
    ) -> None:
        """Record how the claimed message ended: it is never sent again."""
        await self._db.execute(
            "UPDATE reminder_log SET settled_at = ?, outcome = ?, message_id = ?"
            " WHERE user_id = ? AND day = ? AND kind = ?",
            (_stamp(now), outcome, message_id, user_id, day.isoformat(), kind),
        )

    async def release(self, user_id: int, day: dt.date, kind: str) -> None:
        """Give a claim back after a send that may be retried."""
        await self._db.execute(
            "DELETE FROM reminder_log WHERE user_id = ? AND day = ? AND kind = ?"
            " AND settled_at IS NULL",
            (user_id, day.isoformat(), kind),
        )

    async def outcomes(self, day: dt.date, kind: str) -> dict[int, str | None]:
        """Who has a row for ``(day, kind)``, and its outcome (None: claimed, not settled)."""
        rows = await self._db.fetchall(
            "SELECT user_id, outcome FROM reminder_log WHERE day = ? AND kind = ?",
            (day.isoformat(), kind),
        )
        return {int(r["user_id"]): r["outcome"] for r in rows}

    async def mark_unreachable(self, user_id: int, error: str, now: dt.datetime) -> None:
        """The person blocked the bot or has no chat with it."""
        await self._db.execute(
            "INSERT INTO unreachable (user_id, since, error) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET error = excluded.error",
            (user_id, _stamp(now), error[:200]),
        )

    async def clear_unreachable(self, user_id: int) -> None:
        """The person wrote to the bot again."""
        await self._db.execute("DELETE FROM unreachable WHERE user_id = ?", (user_id,))

    async def unreachable(self) -> set[int]:
        """Everyone the bot cannot reach now."""
        return {
            int(r["user_id"]) for r in await self._db.fetchall("SELECT user_id FROM unreachable")
        }

    async def mute(self, user_id: int, until: dt.date | None, now: dt.datetime) -> None:
        """No reminders for ``user_id`` through ``until`` (None: until unmuted)."""
        await self._db.execute(
            "INSERT INTO mutes (user_id, muted_at, until) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET muted_at = excluded.muted_at,"
            " until = excluded.until",
            (user_id, _stamp(now), until.isoformat() if until else None),
        )

    async def unmute(self, user_id: int) -> bool:
        """Reminders again; False when the person was not muted."""
        return await self._db.execute("DELETE FROM mutes WHERE user_id = ?", (user_id,)) == 1

    async def muted(self, day: dt.date) -> set[int]:
        """Everyone muted on ``day``."""
        rows = await self._db.fetchall(
            "SELECT user_id FROM mutes WHERE until IS NULL OR until >= ?", (day.isoformat(),)
        )
        return {int(r["user_id"]) for r in rows}

    async def first_day(self, today: dt.date) -> dt.date:
        """The day the bot first ran here; ``today`` when this is that day."""
        await self._db.execute(
            "INSERT INTO service_facts (key, value) VALUES ('first_day', ?) ON CONFLICT DO NOTHING",
            (today.isoformat(),),
        )
        row = await self._db.fetchone("SELECT value FROM service_facts WHERE key = 'first_day'")
        assert row is not None
        return dt.date.fromisoformat(row["value"])
