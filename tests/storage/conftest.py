"""A real database file per test, with the two-branch roster of ``sample``."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from storage.models import ReportOutcome, ReportWrite
from storage.sqlite import SqliteStorage, open_storage
from storage.sqlite.db import Database
from tests.storage.sample import BRANCHES, DAY, NOW, PEOPLE, Record


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStorage]:
    """Every repository over a fresh database file holding the sample roster."""
    opened = await open_storage(tmp_path / "libbot.sqlite3")
    await opened.people.sync_roster(BRANCHES, PEOPLE, NOW)
    yield opened
    await opened.close()


@pytest.fixture
def db(store: SqliteStorage) -> Database:
    """The database under ``store``, for reading tables directly."""
    return store.database


@pytest.fixture
def record(store: SqliteStorage, db: Database) -> Record:
    """``record_report`` with defaults: staff 1001 reports for jiaolou on DAY, a new message.

    A report replaces another person's figures without the question (``replaces_others``),
    so history and undo can be built from several senders; the question is tested apart.
    """
    message_ids = itertools.count(1)

    async def record(**fields: Any) -> ReportOutcome:
        message_id = next(message_ids)
        values: dict[str, Any] = {
            "user_id": 1001,
            "chat_id": 1001,
            "message_id": message_id,
            "revision": 1_790_000_000 + message_id,
            "branch": "jiaolou",
            "day": DAY,
            "figures": {},
            "closed": False,
            "now": NOW,
            "update_id": None,
            "replaces_others": True,
        }
        values.update(fields)
        return await store.reports.record_report(ReportWrite(**values))

    return record
