"""The inbox: fetched updates, written before their offset is acknowledged to Telegram."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence

from storage.models import FetchedUpdate, InboxEntry, InboxOutcome
from storage.sqlite.db import Database

_COLUMNS = "receipt, update_id, chat_key, raw, received_at"


class SqliteInboxRepo:
    """Updates in ``inbox``, each under its receipt, until handled and then pruned."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def store(self, fetched: Sequence[FetchedUpdate], now: dt.datetime) -> list[InboxEntry]:
        """Write a batch in one transaction (joining the reports committed with it); the
        entries it added, in order. An update stored before (same id, same content) is not
        added again."""
        if not fetched:
            return []
        stamp = _utc(now)
        values = ", ".join(["(?, ?, ?, ?, ?)"] * len(fetched))
        params = [
            part for f in fetched for part in (f.update_id, f.fingerprint, f.chat_key, f.raw, stamp)
        ]
        sql = (
            "INSERT INTO inbox (update_id, fingerprint, chat_key, raw, received_at)"
            f" VALUES {values} ON CONFLICT (update_id, fingerprint) DO NOTHING"
            f" RETURNING {_COLUMNS}"
        )
        rows = await self._db.in_one_hop(lambda conn: conn.execute_fetchall(sql, params))
        return sorted((_entry(row) for row in rows), key=lambda e: e.receipt)

    async def unhandled(
        self, chat_key: int | None = None, after: int = 0, limit: int = 10_000
    ) -> list[InboxEntry]:
        """Entries still to be handled, oldest first: all of them, or one chat's after the
        receipt ``after``."""
        if chat_key is None:
            rows = await self._db.fetchall(
                f"SELECT {_COLUMNS} FROM inbox WHERE handled_at IS NULL AND receipt > ?"
                " ORDER BY receipt LIMIT ?",
                (after, limit),
            )
        else:
            rows = await self._db.fetchall(
                f"SELECT {_COLUMNS} FROM inbox WHERE handled_at IS NULL AND chat_key = ?"
                " AND receipt > ? ORDER BY receipt LIMIT ?",
                (chat_key, after, limit),
            )
        return [_entry(row) for row in rows]

    def settle(self, receipt: int, outcome: InboxOutcome, now: dt.datetime) -> None:
        """Mark the entry handled, soon (group commit): lost in a kill, it is handled again."""
        self._db.write_soon(
            "UPDATE inbox SET handled_at = ?, outcome = ? WHERE receipt = ?",
            (_utc(now), outcome, receipt),
        )

    async def prune(self, before: dt.datetime) -> int:
        """Forget entries handled before ``before``; how many went."""
        return await self._db.execute(
            "DELETE FROM inbox WHERE handled_at IS NOT NULL AND handled_at < ?",
            (_utc(before),),
        )


def _entry(row: sqlite3.Row) -> InboxEntry:
    return InboxEntry(
        int(row["receipt"]),
        int(row["update_id"]),
        int(row["chat_key"]),
        row["raw"],
        dt.datetime.fromisoformat(row["received_at"]),
    )


def _utc(moment: dt.datetime) -> str:
    """ISO text in UTC, so stored times compare as text."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")
