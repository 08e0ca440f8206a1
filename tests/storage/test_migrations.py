"""Schema migrations: numbered, one transaction each, a newer database refused."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import aiosqlite
import pytest

import storage.sqlite.migrations
from storage.sqlite.db import Database
from storage.sqlite.migrations import Migration, SchemaTooNewError, available_migrations

LATEST = available_migrations()[-1].version


def file_state(path: Path) -> tuple[int, set[str]]:
    """(user_version, table names) as a separate plain sqlite3 connection sees the file."""
    with sqlite3.connect(path) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    return version, tables


def test_shipped_migrations_are_numbered_from_one() -> None:
    versions = [m.version for m in available_migrations()]
    assert versions == list(range(1, len(versions) + 1))
    assert all(m.name.startswith(f"{m.version:04d}_") for m in available_migrations())


async def test_fresh_file_gets_latest_version_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    db = await Database.open(path)
    try:
        assert (await db.fetchone("PRAGMA user_version"))[0] == LATEST
        assert (await db.fetchone("PRAGMA journal_mode"))[0] == "wal"
        assert (await db.fetchone("PRAGMA foreign_keys"))[0] == 1
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            async with db.transaction() as conn:
                await conn.execute(
                    "INSERT INTO figures (branch, day, metric, value, updated_at)"
                    " VALUES ('nowhere', '2026-11-20', 'visitors', 1, 'now')"
                )
    finally:
        await db.close()
    version, tables = file_state(path)
    assert version == LATEST
    assert {"branches", "staff", "reports", "figures", "figure_history"} <= tables


async def test_reopening_is_a_no_op(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "again.sqlite3"
    db = await Database.open(path)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO branches (code, name, kind) VALUES ('main', 'Main', 'central')"
        )
    schema = await db.fetchall("SELECT type, name, sql FROM sqlite_master ORDER BY name")
    await db.close()

    def must_not_run(script: str) -> list[str]:
        raise AssertionError("a migration ran on an up-to-date database")

    monkeypatch.setattr(storage.sqlite.migrations, "_statements", must_not_run)
    db = await Database.open(path)
    try:
        assert (await db.fetchone("PRAGMA user_version"))[0] == LATEST
        assert (
            await db.fetchall("SELECT type, name, sql FROM sqlite_master ORDER BY name") == schema
        )
        assert [r["code"] for r in await db.fetchall("SELECT code FROM branches")] == ["main"]
    finally:
        await db.close()


async def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE from_the_future (x INTEGER)")
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    with pytest.raises(SchemaTooNewError, match=str(LATEST + 1)):
        await Database.open(path)
    assert file_state(path) == (LATEST + 1, {"from_the_future"})


async def test_later_migrations_apply_in_order_one_version_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "grow.sqlite3"
    await (await Database.open(path)).close()
    extra = [
        Migration(LATEST + 1, "a.sql", "CREATE TABLE a (x INTEGER);\nINSERT INTO a VALUES (1);"),
        Migration(LATEST + 2, "b.sql", "-- b needs a\nCREATE TABLE b AS SELECT x + 1 AS y FROM a;"),
    ]
    monkeypatch.setattr(
        storage.sqlite.migrations, "available_migrations", lambda: [*available_migrations(), *extra]
    )
    db = await Database.open(path)
    try:
        assert (await db.fetchone("PRAGMA user_version"))[0] == LATEST + 2
        assert (await db.fetchone("SELECT y FROM b"))[0] == 2
    finally:
        await db.close()


@pytest.mark.parametrize("existing", [False, True], ids=["fresh", "existing"])
async def test_a_failing_migration_leaves_version_and_schema_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    path = tmp_path / "broken.sqlite3"
    if existing:
        await (await Database.open(path)).close()
    before = file_state(path) if existing else (0, set())
    broken = Migration(
        LATEST + 1,
        "broken.sql",
        "CREATE TABLE half_done (x INTEGER);\n"
        "ALTER TABLE figures ADD COLUMN note TEXT;\n"
        "INSERT INTO no_such_table VALUES (1);\n",
    )
    shipped = available_migrations()
    monkeypatch.setattr(
        storage.sqlite.migrations, "available_migrations", lambda: [*shipped, broken]
    )

    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        await Database.open(path)

    version, tables = file_state(path)
    if existing:
        assert (version, tables) == before
    else:
        # Every shipped migration committed on its own; only the broken one is missing.
        assert version == LATEST
        assert "half_done" not in tables and "figures" in tables
    with sqlite3.connect(path) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(figures)")}
    conn.close()
    assert "note" not in columns

    monkeypatch.undo()
    db = await Database.open(path)  # the shipped code still opens it
    await db.close()


async def test_two_connections_migrating_a_fresh_file_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both read version 0, then queue for the write lock: the second must not migrate again."""
    path = tmp_path / "race.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN IMMEDIATE")
    both_read = asyncio.Event()
    reads = 0
    real_schema_version = storage.sqlite.migrations.schema_version

    async def observed_schema_version(conn: aiosqlite.Connection) -> int:
        nonlocal reads
        version = await real_schema_version(conn)
        reads += 1
        if reads == 2:
            both_read.set()
        return version

    monkeypatch.setattr(storage.sqlite.migrations, "schema_version", observed_schema_version)
    opening = asyncio.gather(Database.open(path), Database.open(path), return_exceptions=True)
    try:
        await asyncio.wait_for(both_read.wait(), timeout=5)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    opened = await opening
    try:
        assert [type(db) for db in opened] == [Database, Database], opened
        for db in opened:
            assert isinstance(db, Database)
            assert (await db.fetchone("PRAGMA user_version"))[0] == LATEST
    finally:
        for db in opened:
            if isinstance(db, Database):
                await db.close()


async def test_names_stored_given_name_first_are_turned_round(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """0010: 晓梅 何 from an invite becomes 何晓梅; the organisation's names stay as written."""
    path = tmp_path / "names.sqlite3"
    shipped = available_migrations()
    before = [m for m in shipped if m.name < "0010"]
    monkeypatch.setattr(storage.sqlite.migrations, "available_migrations", lambda: before)
    await (await Database.open(path)).close()
    names = [
        (1, "晓梅 何", "invite"),
        (2, "Emma Wilson", "invite"),
        (3, "张 伟 明", "invite"),  # two spaces: no telling which part is which
        (4, "李 Emma", "invite"),
        (5, "王 芳", "org"),  # written in the organisation file as the library wants it
        (6, "李小芳", "invite"),
    ]
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO staff (user_id, name, role, source, joined_at)"
            " VALUES (?, ?, 'staff', ?, '2026-11-01')",
            names,
        )
    conn.close()
    monkeypatch.undo()
    await (await Database.open(path)).close()
    with sqlite3.connect(path) as conn:
        after = conn.execute("SELECT name FROM staff ORDER BY user_id").fetchall()
    conn.close()
    assert [name for (name,) in after] == [
        "何晓梅", "Emma Wilson", "张 伟 明", "李 Emma", "王 芳", "李小芳",
    ]  # fmt: skip
