"""The SQLite database: one aiosqlite connection, WAL, explicit write transactions."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

import aiosqlite

from storage.sqlite.migrations import apply_migrations

Params = Sequence[Any] | dict[str, Any]

log = logging.getLogger(__name__)
T = TypeVar("T")


class Database:
    """Two connections: writes go through :meth:`transaction`, one at a time; reads use
    their own connection, so they never see a transaction that has not committed."""

    def __init__(
        self, writer: aiosqlite.Connection, reader: aiosqlite.Connection, path: Path
    ) -> None:
        self._conn = writer
        self._reader = reader
        self._write_lock = asyncio.Lock()
        self._soon: dict[str, list[Params]] = {}
        self._flushing: asyncio.Task[None] | None = None
        self.path = path

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        """Open (creating if needed) and migrate the database file at ``path``."""
        path = Path(path)
        if not path.parent.is_dir():  # said plainly, before SQLite's "unable to open"
            raise FileNotFoundError(f"the directory {path.parent} does not exist")
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA busy_timeout=5000")
            await apply_migrations(conn)
            # A file that can be read but not written opens fine and fails at the first
            # report; take the write lock once now, so it fails here instead.
            await conn.execute("BEGIN IMMEDIATE")
            await conn.execute("ROLLBACK")
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
        """Close both connections (writes the queued small writes, waits for a running
        transaction to finish)."""
        await self.written()
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

    async def in_one_hop(self, body: Callable[[OneHop], Coroutine[Any, Any, T]]) -> T:
        """Run ``body`` as one write transaction in a single hop to the writer's thread:
        ``BEGIN IMMEDIATE``, its statements, ``COMMIT``, rolled back on any exception.

        A report's transaction is a dozen statements; sent one by one, each waits for the
        thread and back. ``body`` may await nothing but its :class:`OneHop` connection.
        """
        async with self._write_lock:
            # aiosqlite runs a function in its thread only through this (private) call.
            done = await self._conn._execute(_in_writer_thread, self._conn, body)  # type: ignore[no-untyped-call]
        return cast("T", done)

    def write_soon(self, sql: str, params: Params) -> None:
        """Queue a small write that need not wait for its own transaction (group commit).

        Everything queued is written in one transaction as soon as the writer is free;
        writes queued meanwhile join it. A kill before then loses them, so only writes whose
        loss is harmless belong here (a mark that lets work be skipped, not the work).
        """
        self._soon.setdefault(sql, []).append(params)
        if self._flushing is None:
            self._flushing = asyncio.get_running_loop().create_task(self._flush())

    async def written(self) -> None:
        """Wait until every write queued by :meth:`write_soon` is committed (or failed)."""
        while self._flushing is not None:
            await asyncio.shield(self._flushing)

    async def _flush(self) -> None:
        try:
            while self._soon:
                async with self.transaction() as conn:
                    batch, self._soon = self._soon, {}
                    for sql, rows in batch.items():
                        await conn.executemany(sql, rows)
        except sqlite3.Error as error:  # the marks are lost: their work is done again
            self._soon.clear()
            log.warning("queued writes failed: %s", error)
        finally:
            self._flushing = None

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


class OneHop:
    """A write transaction's connection, used inside the writer's own thread.

    Its methods have the async shape of aiosqlite's but finish at once (they call SQLite
    directly), so a whole transaction written against them runs in one hop to the writer
    thread instead of one hop per statement (see :meth:`Database.in_one_hop`).
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        """Run one statement; its cursor (``rowcount``, ``lastrowid``)."""
        return self._conn.execute(sql, params)

    async def execute_fetchall(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Run a query; every row."""
        return self._conn.execute(sql, params).fetchall()

    async def executemany(self, sql: str, params: Iterable[Params]) -> sqlite3.Cursor:
        """Run one statement for each parameter set."""
        return self._conn.executemany(sql, params)


def _in_writer_thread(
    writer: aiosqlite.Connection, body: Callable[[OneHop], Coroutine[Any, Any, T]]
) -> T:
    return _run_in_transaction(body, writer._conn)


def _run_in_transaction(
    body: Callable[[OneHop], Coroutine[Any, Any, T]], conn: sqlite3.Connection
) -> T:
    """In the writer thread: ``BEGIN IMMEDIATE``, ``body`` driven to its end, ``COMMIT``
    (``ROLLBACK`` on any exception)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = _finish(body(OneHop(conn)))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return result


def _finish(coroutine: Coroutine[Any, Any, T]) -> T:
    """Drive a coroutine that never waits (it awaits only :class:`OneHop`) to its result."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    coroutine.close()
    raise RuntimeError("a one-hop transaction awaited something other than its connection")
