"""The SQLite database: one aiosqlite connection, WAL, explicit write transactions."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from storage.sqlite.migrations import apply_migrations

Params = Sequence[Any] | dict[str, Any]


class Database:
    """Two connections: writes go through :meth:`transaction`, one at a time; reads use
    their own connection, so they never see a transaction that has not committed."""

    def __init__(
        self, writer: aiosqlite.Connection, reader: aiosqlite.Connection, path: Path
    ) -> None:
        self._conn = writer
        self._reader = reader
        self._write_lock = asyncio.Lock()
        self.path = path

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        """Open (creating if needed) and migrate the database file at ``path``."""
        path = Path(path)
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA busy_timeout=5000")
            await apply_migrations(conn)
            reader = await aiosqlite.connect(path, isolation_level=None)
        except BaseException:
            await conn.close()
            raise
        reader.row_factory = sqlite3.Row
        # 32 MB of page cache: /progress's per-branch level lookups stay in memory.
        for pragma in (
            "foreign_keys=ON",
            "busy_timeout=5000",
            "query_only=ON",
            "cache_size=-32000",
        ):
            await reader.execute(f"PRAGMA {pragma}")
        return cls(conn, reader, path)

    async def close(self) -> None:
        """Close both connections (waits for a running transaction to finish)."""
        async with self._write_lock:
            await self._reader.close()
            await self._conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """``BEGIN IMMEDIATE … COMMIT``, rolled back on any exception.

        The lock keeps two handlers from ever sharing an open transaction: one's
        rollback must never erase the other's insert.
        """
        async with self._write_lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                await self._conn.execute("COMMIT")
            except BaseException:
                # A failed COMMIT (a deferred constraint, say) leaves the transaction open;
                # some errors end it already. Either way the next one must start clean.
                if self._conn.in_transaction:
                    await self._conn.execute("ROLLBACK")
                raise

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement as its own transaction; returns the rows it changed."""
        async with self._write_lock:
            cursor = await self._conn.execute(sql, params)
            return cursor.rowcount

    async def fetchall(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Run a read query on committed data and return every row."""
        rows = await self._reader.execute_fetchall(sql, params)
        return list(rows)

    async def fetchone(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """Run a read query on committed data and return its first row, or None."""
        rows = await self._reader.execute_fetchall(sql, params)
        return next(iter(rows), None)
