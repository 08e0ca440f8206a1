"""Transactions run whole in the writer's thread, one trip each, and several committed
together (group commit), each keeping its own outcome.

A transaction here is the same async SQL the repositories write everywhere, against a
:class:`OneHop` connection whose methods finish at once: driven to its end inside the
writer's thread, it needs no trip back to the event loop between statements.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]
T = TypeVar("T")


class OneHop:
    """A write transaction's connection, used inside the writer's own thread.

    Its methods have the async shape of :class:`storage.sqlite.writer.Statements` but
    finish at once (they call SQLite directly), so a whole transaction written against
    them runs in one trip to the writer's thread instead of one per statement.
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


Body = Callable[[OneHop], Coroutine[Any, Any, T]]
Marks = dict[str, list[Params]]  # statement -> the parameter sets queued for it


@dataclass(frozen=True, slots=True)
class Done(Generic[T]):
    """A transaction body that ran to its end; committed once the batch is."""

    value: T


Outcome = Done[Any] | Exception


class _TransactionEnded(Exception):
    """An error that SQLite answered by rolling back the whole transaction."""


def commit_group(
    conn: sqlite3.Connection, bodies: Sequence[Body[Any]], marks: Marks
) -> list[Outcome]:
    """In the writer's thread: every body, then the queued marks, in one transaction.

    Each body runs in a savepoint of its own: one that raises is rolled back alone and
    gets its exception, the others are committed. When the transaction as a whole fails
    (``COMMIT`` refused, or an error that ended it), nothing of it stands and each body is
    run again in a transaction of its own, so that a failure stays the one body's. The
    outcomes exist only once their ``COMMIT`` has returned.
    """
    if len(bodies) == 1 and not marks:
        return [_alone(conn, bodies[0])]
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:  # busy past the timeout, or the disk: nothing was run
        _lost(marks, error)
        return [error] * len(bodies)
    try:
        outcomes = [_in_savepoint(conn, body) for body in bodies]
        _marks_in_savepoint(conn, marks)
        conn.execute("COMMIT")
    except (sqlite3.Error, _TransactionEnded):
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        outcomes = [_alone(conn, body) for body in bodies]
        _marks_alone(conn, marks)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return outcomes


def _in_savepoint(conn: sqlite3.Connection, body: Body[Any]) -> Outcome:
    conn.execute("SAVEPOINT hop")
    try:
        value = finish(body(OneHop(conn)))
    except Exception as error:
        if not conn.in_transaction:
            raise _TransactionEnded from error
        conn.execute("ROLLBACK TO hop")
        conn.execute("RELEASE hop")
        return error
    conn.execute("RELEASE hop")
    return Done(value)


def _alone(conn: sqlite3.Connection, body: Body[Any]) -> Outcome:
    """``BEGIN IMMEDIATE``, the body, ``COMMIT``; rolled back on any exception."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        value = finish(body(OneHop(conn)))
        conn.execute("COMMIT")
    except Exception as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        return error
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return Done(value)


def _marks_in_savepoint(conn: sqlite3.Connection, marks: Marks) -> None:
    if not marks:
        return
    conn.execute("SAVEPOINT marks")
    try:
        _write_marks(conn, marks)
    except sqlite3.Error as error:
        if not conn.in_transaction:
            raise _TransactionEnded from error
        conn.execute("ROLLBACK TO marks")
        _lost(marks, error)
    conn.execute("RELEASE marks")


def _marks_alone(conn: sqlite3.Connection, marks: Marks) -> None:
    if not marks:
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        _write_marks(conn, marks)
        conn.execute("COMMIT")
    except sqlite3.Error as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        _lost(marks, error)


def _write_marks(conn: sqlite3.Connection, marks: Marks) -> None:
    for sql, rows in marks.items():
        conn.executemany(sql, rows)


def _lost(marks: Marks, error: sqlite3.Error) -> None:
    if marks:  # the marks are lost: the work they would have let be skipped is done again
        log.warning("queued writes failed: %s", error)


def finish(coroutine: Coroutine[Any, Any, T]) -> T:
    """Drive a coroutine that never waits (it awaits only :class:`OneHop`) to its result."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    coroutine.close()
    raise RuntimeError("a one-hop transaction awaited something other than its connection")
