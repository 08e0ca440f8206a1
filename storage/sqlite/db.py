"""The SQLite database: a writer connection on a thread of its own, an aiosqlite reader,
WAL, explicit write transactions, group commit."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Generic, TypeVar

import aiosqlite

from storage.sqlite.migrations import apply_migrations
from storage.sqlite.one_hop import Body, Done, Marks, Outcome, Params, commit_group
from storage.sqlite.writer import PRAGMAS, Statements, Writer

T = TypeVar("T")


class Database:
    """Two connections: writes go through the :class:`Writer`, one transaction at a time;
    reads use their own connection, so they never see a transaction that has not
    committed."""

    def __init__(self, writer: Writer, reader: aiosqlite.Connection, path: Path) -> None:
        self._writer = writer
        self._reader = reader
        self._write_lock = asyncio.Lock()
        self._hops: list[_Hop[Any]] = []  # one-hop transactions waiting for the writer
        self._soon: Marks = {}
        self._committing: asyncio.Task[None] | None = None
        self.path = path

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        """Open (creating if needed) and migrate the database file at ``path``."""
        path = Path(path)
        if not path.parent.is_dir():  # said plainly, before SQLite's "unable to open"
            raise FileNotFoundError(f"the directory {path.parent} does not exist")
        reader = await aiosqlite.connect(path, isolation_level=None)
        try:
            await reader.execute("PRAGMA journal_mode=WAL")
            for pragma in PRAGMAS:
                await reader.execute(f"PRAGMA {pragma}")
            await apply_migrations(reader)
            # 32 MB of page cache: /progress's per-branch level lookups stay in memory.
            await reader.execute("PRAGMA query_only=ON")
            await reader.execute("PRAGMA cache_size=-32000")
            writer = await Writer.open(path)
        except BaseException:
            await reader.close()
            raise
        reader.row_factory = sqlite3.Row
        return cls(writer, reader, path)

    async def close(self) -> None:
        """Close both connections (writes what is queued, waits for a running
        transaction to finish)."""
        await self.written()
        async with self._write_lock:
            await self._reader.close()
            await self._writer.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Statements]:
        """``BEGIN IMMEDIATE … COMMIT``, rolled back on any exception; one trip to the
        writer per statement, so the body may await anything between them.

        The lock keeps two handlers from ever sharing an open transaction: one's
        rollback must never erase the other's insert.
        """
        async with self._write_lock:
            try:
                await self._writer.run(_begin)
                yield Statements(self._writer)
                await self._writer.run(_commit)
            except BaseException:
                # A failed COMMIT (a deferred constraint, say) leaves the transaction open;
                # some errors end it already. Either way the next one must start clean.
                await self._writer.run(_rollback_if_open)
                raise

    async def in_one_hop(self, body: Body[T]) -> T:
        """Run ``body`` as one write transaction in a single trip to the writer's thread;
        its result once its ``COMMIT`` has returned (its exception, rolled back, if not).

        A report's transaction is a dozen statements; sent one by one, each waits for the
        thread and back. ``body`` may await nothing but its :class:`OneHop` connection.
        Transactions that are ready while the writer is busy are committed together when
        it is free (one ``COMMIT`` for all), each in a savepoint of its own: one that fails
        is rolled back alone (see :func:`commit_group`).
        """
        hop: _Hop[T] = _Hop(body, asyncio.get_running_loop().create_future())
        self._hops.append(hop)
        self._commit_soon()
        return await hop.future

    def write_soon(self, sql: str, params: Params) -> None:
        """Queue a small write that need not wait for its own transaction (group commit).

        Everything queued joins the next transaction the writer runs in one hop, or one
        of its own as soon as the writer is free. A kill before then loses them, so only
        writes whose loss is harmless belong here (a mark that lets work be skipped, not
        the work).
        """
        self._soon.setdefault(sql, []).append(params)
        self._commit_soon()

    async def written(self) -> None:
        """Wait until every transaction and write queued for the writer is committed (or
        failed)."""
        while self._committing is not None:
            await asyncio.shield(self._committing)

    def _commit_soon(self) -> None:
        if self._committing is None:
            self._committing = asyncio.get_running_loop().create_task(self._commit())

    async def _commit(self) -> None:
        """Commit what is queued, in groups, until nothing is."""
        try:
            while self._hops or self._soon:
                async with self._write_lock:
                    hops = [hop for hop in self._hops if not hop.future.done()]  # cancelled
                    marks, self._hops, self._soon = self._soon, [], {}
                    bodies = [hop.body for hop in hops]
                    try:
                        outcomes = await self._writer.run(
                            partial(commit_group, bodies=bodies, marks=marks)
                        )
                    except Exception as error:  # the writer itself failed: all of them did
                        outcomes = [error] * len(hops)
                for hop, outcome in zip(hops, outcomes, strict=True):
                    hop.settle(outcome)
        finally:
            self._committing = None

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement as its own transaction; returns the rows it changed."""
        async with self._write_lock:
            return await self._writer.run(lambda conn: conn.execute(sql, params).rowcount)

    async def fetchall(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Run a read query on committed data and return every row."""
        rows = await self._reader.execute_fetchall(sql, params)
        return list(rows)

    async def fetchone(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """Run a read query on committed data and return its first row, or None."""
        rows = await self._reader.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def trace(self, callback: Callable[[str], object] | None) -> None:
        """Have ``callback`` see every statement either connection runs (None: stop)."""
        await self._writer.run(lambda conn: conn.set_trace_callback(callback))
        await self._reader.set_trace_callback(callback)  # type: ignore[arg-type]  # None too


@dataclass(frozen=True, slots=True)
class _Hop(Generic[T]):
    """A one-hop transaction waiting for the writer, and the future its caller awaits."""

    body: Body[T]
    future: asyncio.Future[T]

    def settle(self, outcome: Outcome) -> None:
        if self.future.done():  # its caller stopped waiting
            return
        if isinstance(outcome, Done):
            self.future.set_result(outcome.value)
        else:
            self.future.set_exception(outcome)


def _begin(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")


def _commit(conn: sqlite3.Connection) -> None:
    conn.execute("COMMIT")


def _rollback_if_open(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")
