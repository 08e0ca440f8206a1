"""Reports parked until the sender taps a button (which branch / the value is right)."""

from __future__ import annotations

import datetime as dt
import json

from storage.models import PendingReason, PendingReport
from storage.sqlite.db import Database


class SqlitePendingRepo:
    """Parked reports in ``pending_reports``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def park_report(
        self,
        *,
        user_id: int,
        chat_id: int,
        message_id: int,
        revision: int,
        reason: PendingReason,
        payload: dict[str, object],
        now: dt.datetime,
        update_id: int | None = None,
    ) -> int | None:
        """Park a parsed report; returns its id. An update handled before parks nothing:
        the id is the one it parked (its question is asked again), or None."""
        async with self._db.transaction() as conn:
            if update_id is not None:
                cursor = await conn.execute(
                    "INSERT INTO handled_updates (update_id, handled_at) VALUES (?, ?)"
                    " ON CONFLICT (update_id) DO NOTHING",
                    (update_id, now.isoformat(timespec="seconds")),
                )
                if cursor.rowcount != 1:
                    rows = await conn.execute_fetchall(
                        "SELECT pending_id FROM handled_updates WHERE update_id = ?", (update_id,)
                    )
                    parked = next(iter(rows), None)
                    return None if parked is None or parked[0] is None else int(parked[0])
            cursor = await conn.execute(
                "INSERT INTO pending_reports (user_id, chat_id, message_id, revision, payload,"
                " reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    user_id,
                    chat_id,
                    message_id,
                    revision,
                    json.dumps(payload, ensure_ascii=False),
                    reason,
                    now.isoformat(timespec="seconds"),
                ),
            )
            pending_id = int(cursor.lastrowid or 0)
            if update_id is not None:
                await conn.execute(
                    "UPDATE handled_updates SET pending_id = ? WHERE update_id = ?",
                    (pending_id, update_id),
                )
            return pending_id

    async def pending_report(self, pending_id: int) -> PendingReport | None:
        """The parked report with this id."""
        row = await self._db.fetchone(
            "SELECT id, user_id, chat_id, message_id, revision, reason, payload, resolved_at"
            " FROM pending_reports WHERE id = ?",
            (pending_id,),
        )
        if row is None:
            return None
        return PendingReport(
            row["id"],
            row["user_id"],
            row["chat_id"],
            row["message_id"],
            row["revision"],
            row["reason"],
            json.loads(row["payload"]),
            row["resolved_at"] is not None,
        )

    async def resolve_pending(self, pending_id: int, now: dt.datetime) -> bool:
        """Mark the parked report resolved; False when it already was (a second tap)."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE pending_reports SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL",
                (now.isoformat(timespec="seconds"), pending_id),
            )
            return cursor.rowcount == 1
