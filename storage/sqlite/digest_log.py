"""The weekly digest's sent-log, and where group chats moved when they became supergroups."""

from __future__ import annotations

import datetime as dt

from storage.sqlite.db import Database

STALE_CLAIM = dt.timedelta(minutes=10)  # a claim this old without a send was a crash


class SqliteDigestLogRepo:
    """The digest's sent-log in ``digest_log``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def claim(self, chat_id: int, week: str, now: dt.datetime) -> bool:
        """Take the right to post ``week``'s digest to ``chat_id``.

        False when it was posted, or another poster holds a fresh claim. A claim left behind
        by a crash between claiming and sending is taken over once it is stale.
        """
        stamp = now.isoformat(timespec="seconds")
        stale = (now - STALE_CLAIM).isoformat(timespec="seconds")
        changed = await self._db.execute(
            "INSERT INTO digest_log (chat_id, week, claimed_at) VALUES (?, ?, ?)"
            " ON CONFLICT (chat_id, week) DO UPDATE SET claimed_at = excluded.claimed_at"
            " WHERE sent_at IS NULL AND claimed_at < ?",
            (chat_id, week, stamp, stale),
        )
        return changed == 1

    async def mark_sent(
        self, chat_id: int, week: str, sent_to: int, message_id: int, now: dt.datetime
    ) -> None:
        """Record that the digest went out."""
        await self._db.execute(
            "UPDATE digest_log SET sent_at = ?, sent_to = ?, message_id = ?"
            " WHERE chat_id = ? AND week = ?",
            (now.isoformat(timespec="seconds"), sent_to, message_id, chat_id, week),
        )

    async def release(self, chat_id: int, week: str) -> None:
        """Give a claim back after a failed send, so the next attempt may post."""
        await self._db.execute(
            "DELETE FROM digest_log WHERE chat_id = ? AND week = ? AND sent_at IS NULL",
            (chat_id, week),
        )


class SqliteChatMovesRepo:
    """Supergroup moves in ``chat_migrations``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def record_move(self, old_chat_id: int, new_chat_id: int, now: dt.datetime) -> None:
        """A group became a supergroup with a new id."""
        await self._db.execute(
            "INSERT INTO chat_migrations (old_chat_id, new_chat_id, migrated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (old_chat_id) DO UPDATE SET new_chat_id = excluded.new_chat_id",
            (old_chat_id, new_chat_id, now.isoformat(timespec="seconds")),
        )

    async def moves(self) -> dict[int, int]:
        """Every recorded move: old chat id -> new chat id."""
        rows = await self._db.fetchall("SELECT old_chat_id, new_chat_id FROM chat_migrations")
        return {int(r["old_chat_id"]): int(r["new_chat_id"]) for r in rows}
