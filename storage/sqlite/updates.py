"""Telegram updates handled and answered: a second delivery of one changes nothing."""

from __future__ import annotations

import datetime as dt

from storage.sqlite.db import Database


class SqliteUpdatesRepo:
    """Handled and answered updates in ``handled_updates``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def mark_replied(self, update_id: int, now: dt.datetime) -> None:
        """Note that the answer to ``update_id`` went out (after its commit), soon: the
        note joins the next group commit, and lost in a kill it costs an answer sent twice."""
        self._db.write_soon(
            "INSERT INTO handled_updates (update_id, handled_at, reply_sent) VALUES (?, ?, 1)"
            " ON CONFLICT (update_id) DO UPDATE SET reply_sent = 1",
            (update_id, now.isoformat(timespec="seconds")),
        )

    async def newest_answered(self) -> int:
        """The highest update id answered so far (0: none). Receipts only grow."""
        row = await self._db.fetchone(
            "SELECT MAX(update_id) FROM handled_updates WHERE reply_sent = 1"
        )
        return int(row[0]) if row and row[0] is not None else 0

    async def already_answered(self, update_id: int) -> bool:
        """True when this update was handled and answered before."""
        row = await self._db.fetchone(
            "SELECT reply_sent FROM handled_updates WHERE update_id = ?", (update_id,)
        )
        return bool(row and row["reply_sent"])
