"""Database.transaction: all or nothing, and never shared between tasks."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from storage.sqlite.db import Database


async def branch_codes(db: Database) -> set[str]:
    return {r["code"] for r in await db.fetchall("SELECT code FROM branches")}


async def add_branch(conn: object, code: str) -> None:
    await conn.execute(  # type: ignore[attr-defined]
        "INSERT INTO branches (code, name, kind) VALUES (?, ?, 'branch')", (code, code)
    )


async def test_commit_keeps_every_statement(db: Database) -> None:
    async with db.transaction() as conn:
        await add_branch(conn, "a")
        await add_branch(conn, "b")
    assert {"a", "b"} <= await branch_codes(db)


async def test_an_exception_rolls_back_everything(db: Database) -> None:
    before = await branch_codes(db)
    with pytest.raises(RuntimeError, match="boom"):
        async with db.transaction() as conn:
            await add_branch(conn, "a")
            await add_branch(conn, "b")
            raise RuntimeError("boom")
    assert await branch_codes(db) == before
    async with db.transaction() as conn:  # and the connection is usable again
        await add_branch(conn, "c")
    assert await branch_codes(db) == before | {"c"}


async def test_a_failed_commit_is_rolled_back_and_the_connection_stays_usable(
    db: Database,
) -> None:
    """A deferred foreign key only fails at COMMIT: that must not leave a transaction open."""
    before = await branch_codes(db)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        async with db.transaction() as conn:
            await conn.execute("PRAGMA defer_foreign_keys = ON")
            await add_branch(conn, "a")
            await conn.execute("INSERT INTO staff_branches (user_id, branch) VALUES (424242, 'a')")
    async with db.transaction() as conn:
        await add_branch(conn, "c")
    assert await branch_codes(db) == before | {"c"}


async def test_execute_is_its_own_transaction(db: Database) -> None:
    before = await branch_codes(db)
    changed = await db.execute(
        "INSERT INTO branches (code, name, kind) VALUES ('a', 'a', 'branch')"
    )
    assert changed == 1 and await branch_codes(db) == before | {"a"}
    with pytest.raises(sqlite3.IntegrityError):
        await db.execute("INSERT INTO branches (code, name, kind) VALUES ('a', 'a', 'branch')")
    async with db.transaction() as conn:  # the failed statement left nothing open
        await conn.execute("INSERT INTO branches (code, name, kind) VALUES ('b', 'b', 'branch')")
    assert await branch_codes(db) == before | {"a", "b"}


async def test_reads_never_see_an_open_transaction(db: Database) -> None:
    before = await branch_codes(db)
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO branches (code, name, kind) VALUES ('z', 'z', 'branch')")
        assert await branch_codes(db) == before
    assert await branch_codes(db) == before | {"z"}


async def test_concurrent_tasks_never_share_a_transaction(db: Database) -> None:
    """A fails after B has asked to write: A's rollback must not take B's insert with it."""
    a_wrote = asyncio.Event()
    b_waiting = asyncio.Event()

    async def task_a() -> None:
        async with db.transaction() as conn:
            await add_branch(conn, "from_a")
            a_wrote.set()
            await b_waiting.wait()
            # Give B every chance to run its statements inside A's transaction.
            for _ in range(20):
                await conn.execute("SELECT 1")
                await asyncio.sleep(0)
            raise RuntimeError("A fails")

    async def task_b() -> None:
        await a_wrote.wait()
        b_waiting.set()
        async with db.transaction() as conn:
            await add_branch(conn, "from_b")

    results = await asyncio.gather(task_a(), task_b(), return_exceptions=True)
    assert isinstance(results[0], RuntimeError) and results[1] is None
    codes = await branch_codes(db)
    assert "from_b" in codes
    assert "from_a" not in codes


async def test_many_concurrent_writers_all_commit(db: Database) -> None:
    async def write(n: int) -> None:
        async with db.transaction() as conn:
            await add_branch(conn, f"b{n}")
            await asyncio.sleep(0)
            await add_branch(conn, f"c{n}")

    await asyncio.gather(*(write(n) for n in range(25)))
    codes = await branch_codes(db)
    assert {f"b{n}" for n in range(25)} | {f"c{n}" for n in range(25)} <= codes


async def test_close_waits_for_the_running_transaction(db: Database) -> None:
    inside = asyncio.Event()
    release = asyncio.Event()

    async def writer() -> None:
        async with db.transaction() as conn:
            await add_branch(conn, "late")
            inside.set()
            await release.wait()

    task = asyncio.create_task(writer())
    await inside.wait()
    closing = asyncio.create_task(db.close())
    await asyncio.sleep(0)
    assert not closing.done()
    release.set()
    await task
    await closing
    reopened = await Database.open(db.path)
    try:
        assert "late" in await branch_codes(reopened)
    finally:
        await reopened.close()
