"""Database.in_one_hop: transactions ready together are committed together, each keeping
its own outcome, and none is answered before its COMMIT has returned."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from storage.sqlite.db import Database
from storage.sqlite.one_hop import OneHop


async def branch_codes(db: Database) -> set[str]:
    return {r["code"] for r in await db.fetchall("SELECT code FROM branches")}


def adding(code: str, *, then_fail: bool = False) -> Callable[[OneHop], Coroutine[Any, Any, str]]:
    """A one-hop body that adds a branch (and raises afterwards, with ``then_fail``)."""

    async def body(conn: OneHop) -> str:
        await conn.execute(
            "INSERT INTO branches (code, name, kind) VALUES (?, ?, 'branch')", (code, code)
        )
        if then_fail:
            raise RuntimeError(f"{code} fails")
        return code

    return body


async def traced(db: Database) -> list[str]:
    seen: list[str] = []
    await db.trace(seen.append)
    return seen


async def test_hops_ready_together_share_one_commit(db: Database) -> None:
    seen = await traced(db)
    async with db.transaction():  # the writer is busy while all five become ready
        hops = [asyncio.create_task(db.in_one_hop(adding(f"g{n}"))) for n in range(5)]
        await asyncio.sleep(0)
    done = await asyncio.gather(*hops)
    await db.trace(None)

    assert done == [f"g{n}" for n in range(5)]
    assert {f"g{n}" for n in range(5)} <= await branch_codes(db)
    # One BEGIN and one COMMIT for the five, after the busy transaction's own.
    assert seen.count("BEGIN IMMEDIATE") == 2 and seen.count("COMMIT") == 2
    assert seen.count("SAVEPOINT hop") == 5


async def test_one_failing_hop_rolls_back_only_itself(db: Database) -> None:
    before = await branch_codes(db)
    async with db.transaction():
        hops = [
            asyncio.create_task(db.in_one_hop(adding("ok1"))),
            asyncio.create_task(db.in_one_hop(adding("bad", then_fail=True))),
            asyncio.create_task(db.in_one_hop(adding("ok2"))),
        ]
        await asyncio.sleep(0)
    results = await asyncio.gather(*hops, return_exceptions=True)

    assert results[0] == "ok1" and results[2] == "ok2"
    assert isinstance(results[1], RuntimeError) and str(results[1]) == "bad fails"
    assert await branch_codes(db) == before | {"ok1", "ok2"}


async def test_a_failed_group_commit_runs_each_alone(db: Database) -> None:
    """A deferred foreign key fails only at COMMIT, so the whole group is refused: each
    transaction is run again alone, and only the guilty one fails."""
    before = await branch_codes(db)

    async def orphan(conn: OneHop) -> None:
        await conn.execute("PRAGMA defer_foreign_keys = ON")
        await conn.execute("INSERT INTO staff_branches (user_id, branch) VALUES (4242, 'none')")

    async with db.transaction():
        hops = [
            asyncio.create_task(db.in_one_hop(adding("x1"))),
            asyncio.create_task(db.in_one_hop(orphan)),
            asyncio.create_task(db.in_one_hop(adding("x2"))),
        ]
        await asyncio.sleep(0)
    results = await asyncio.gather(*hops, return_exceptions=True)

    assert results[0] == "x1" and results[2] == "x2"
    assert isinstance(results[1], sqlite3.IntegrityError)
    assert await branch_codes(db) == before | {"x1", "x2"}
    rows = await db.fetchall("SELECT 1 FROM staff_branches WHERE user_id = 4242")
    assert rows == []


async def test_an_answer_comes_only_after_its_commit(db: Database) -> None:
    """Whoever is told a hop's result can read what it wrote on the reader, which sees
    committed data only."""
    seen_on_reader: list[set[str]] = []

    async def hop_then_read(code: str) -> None:
        await db.in_one_hop(adding(code))
        seen_on_reader.append(await branch_codes(db))

    async with db.transaction():
        tasks = [asyncio.create_task(hop_then_read(f"c{n}")) for n in range(4)]
        await asyncio.sleep(0)
    await asyncio.gather(*tasks)

    assert all({f"c{n}" for n in range(4)} <= codes for codes in seen_on_reader)


async def test_queued_marks_join_the_next_hop(db: Database) -> None:
    seen = await traced(db)
    async with db.transaction():
        db.write_soon(
            "INSERT INTO branches (code, name, kind) VALUES (?, ?, 'branch')", ("mark", "mark")
        )
        hop = asyncio.create_task(db.in_one_hop(adding("report")))
        await asyncio.sleep(0)
    assert await hop == "report"
    await db.written()
    await db.trace(None)

    assert {"mark", "report"} <= await branch_codes(db)
    assert seen.count("BEGIN IMMEDIATE") == 2  # the busy one, then one for both


async def test_failing_marks_lose_only_themselves(db: Database) -> None:
    async with db.transaction():
        db.write_soon("INSERT INTO no_such_table VALUES (?)", (1,))
        hop = asyncio.create_task(db.in_one_hop(adding("stays")))
        await asyncio.sleep(0)
    assert await hop == "stays"
    await db.written()
    assert "stays" in await branch_codes(db)


async def test_a_hop_whose_caller_stopped_waiting_is_not_run(db: Database) -> None:
    async with db.transaction():
        dropped = asyncio.create_task(db.in_one_hop(adding("dropped")))
        kept = asyncio.create_task(db.in_one_hop(adding("kept")))
        await asyncio.sleep(0)
        dropped.cancel()
    with pytest.raises(asyncio.CancelledError):
        await dropped
    assert await kept == "kept"
    codes = await branch_codes(db)
    assert "kept" in codes and "dropped" not in codes


async def test_a_hop_alone_is_its_own_transaction(db: Database) -> None:
    seen = await traced(db)
    assert await db.in_one_hop(adding("solo")) == "solo"
    with pytest.raises(RuntimeError, match="late fails"):
        await db.in_one_hop(adding("late", then_fail=True))
    await db.trace(None)

    codes = await branch_codes(db)
    assert "solo" in codes and "late" not in codes
    assert "SAVEPOINT hop" not in seen and seen.count("ROLLBACK") == 1
