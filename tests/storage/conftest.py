"""A real database file per test, with the two-branch roster of ``sample``."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from storage.db import Database
from storage.models import ReportOutcome, ReportWrite
from storage.reports import record_report
from storage.roster import sync_roster
from tests.storage.sample import BRANCHES, DAY, NOW, PEOPLE, Record


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "libbot.sqlite3")
    await sync_roster(database, BRANCHES, PEOPLE, NOW)
    yield database
    await database.close()


@pytest.fixture
def record(db: Database) -> Record:
    """``record_report`` with defaults: staff 1001 reports for jiaolou on DAY, a new message."""
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
        }
        values.update(fields)
        return await record_report(db, ReportWrite(**values))

    return record
