"""The database's one write connection, owned by a thread of its own.

aiosqlite runs each statement in its connection's thread, one trip there and back per
statement, and offers no public way to run a whole transaction in one trip. The writer
therefore keeps a plain :class:`sqlite3.Connection` on a single-thread executor: anything
given to :meth:`Writer.run` (a statement, or a transaction of many) runs there, in order,
in one trip. The connection is made in that thread and used only there (sqlite3's own
same-thread check stays on).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from storage.sqlite.one_hop import Params

T = TypeVar("T")

# synchronous=FULL: a COMMIT returns only once the write-ahead log is on disk, so what
# was acknowledged (an update's offset, a confirmation) survives a power cut, not only a
# kill; NORMAL may lose the last commits then. Group commit pays that fsync once a batch.
PRAGMAS = ("synchronous=FULL", "foreign_keys=ON", "busy_timeout=5000")


class Writer:
    """A sqlite3 connection in autocommit mode (transactions are explicit), with every
    call on it run in its own thread."""

    def __init__(self, executor: ThreadPoolExecutor, conn: sqlite3.Connection) -> None:
        self._executor = executor
        self._conn = conn
        self._closed = False

    @classmethod
    async def open(cls, path: Path) -> Writer:
        """Connect to ``path`` (WAL already set) and take the write lock once: a file that
        can be read but not written fails here, not at the first report."""
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-writer")
        try:
            conn = await asyncio.get_running_loop().run_in_executor(executor, _connect, path)
        except BaseException:
            executor.shutdown(wait=False)
            raise
        return cls(executor, conn)

    async def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` on the connection in the writer's thread, after everything given
        before it; its result (or its exception)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, work, self._conn)

    async def close(self) -> None:
        """Close the connection and end the thread (after the work queued before); once
        closed, closing again does nothing."""
        if self._closed:
            return
        self._closed = True
        await self.run(sqlite3.Connection.close)
        self._executor.shutdown(wait=True)


class Statements:
    """A write transaction's connection, one trip to the writer's thread per statement:
    for transactions that await other things between their statements (see
    :class:`storage.sqlite.db.OneHop` for the one-trip kind)."""

    def __init__(self, writer: Writer) -> None:
        self._writer = writer

    async def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        """Run one statement; its cursor, for ``rowcount`` and ``lastrowid``."""
        return await self._writer.run(lambda conn: conn.execute(sql, params))

    async def execute_fetchall(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Run a query; every row."""
        return await self._writer.run(lambda conn: conn.execute(sql, params).fetchall())

    async def executemany(self, sql: str, params: Iterable[Params]) -> sqlite3.Cursor:
        """Run one statement for each parameter set."""
        rows = list(params)
        return await self._writer.run(lambda conn: conn.executemany(sql, rows))


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        for pragma in PRAGMAS:
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except BaseException:
        conn.close()
        raise
    return conn
