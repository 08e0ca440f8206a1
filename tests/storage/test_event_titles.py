"""Event titles: written with their report, replaced by an edit, hidden by an undo."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from storage.models import EventTitle
from storage.sqlite import SqliteStorage
from storage.sqlite.db import Database
from tests.storage.sample import DAY, NOW, Record, snapshot

LATER = NOW + dt.timedelta(minutes=5)
YESTERDAY = DAY - dt.timedelta(days=1)
TOMORROW = DAY + dt.timedelta(days=1)
EVENTS = {"events": 2, "event_participants": 86}


async def stored(db: Database) -> list[tuple[object, ...]]:
    """Every event_titles row: (report id, branch, ISO day, position, title)."""
    rows = await db.fetchall(
        "SELECT report_id, branch, day, position, title FROM event_titles"
        " ORDER BY report_id, position"
    )
    return [tuple(r) for r in rows]


async def test_a_report_stores_its_titles_in_order(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    outcome = await record(figures=EVENTS, event_titles=("冬日童话", "非遗剪纸"))

    assert outcome.status == "recorded"
    assert await stored(db) == [
        (outcome.report_id, "jiaolou", DAY.isoformat(), 0, "冬日童话"),
        (outcome.report_id, "jiaolou", DAY.isoformat(), 1, "非遗剪纸"),
    ]
    assert await store.figures.event_titles(DAY, DAY) == [
        EventTitle("jiaolou", DAY, "冬日童话"),
        EventTitle("jiaolou", DAY, "非遗剪纸"),
    ]


async def test_a_new_report_without_titles_runs_no_statement_for_them(
    db: Database, record: Record
) -> None:
    seen: list[str] = []
    await db.trace(seen.append)
    try:
        await record(figures={"visitors": 120})
        await record(figures=EVENTS, event_titles=("冬日童话",))
    finally:
        await db.trace(None)

    touching = [s for s in seen if "event_titles" in s]
    assert len(touching) == 1 and touching[0].startswith("INSERT INTO event_titles")


async def test_an_edit_replaces_the_titles(db: Database, record: Record) -> None:
    original = await record(
        message_id=7, revision=100, figures=EVENTS, event_titles=("冬日童话", "非遗剪纸")
    )
    edit = await record(
        message_id=7, revision=200, figures=EVENTS, event_titles=("冬日物语",), now=LATER
    )

    assert edit.report_id == original.report_id
    assert await stored(db) == [(original.report_id, "jiaolou", DAY.isoformat(), 0, "冬日物语")]


async def test_an_edit_without_titles_clears_them(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    await record(message_id=7, revision=100, figures=EVENTS, event_titles=("冬日童话",))
    edit = await record(message_id=7, revision=200, figures={"visitors": 300}, now=LATER)

    assert edit.status == "recorded"
    assert await stored(db) == []
    assert await store.figures.event_titles(DAY, DAY) == []


async def test_an_edit_that_only_changes_a_title_replaces_it(
    store: SqliteStorage, record: Record
) -> None:
    await record(message_id=7, revision=100, figures=EVENTS, event_titles=("冬日童化",))
    edit = await record(
        message_id=7, revision=200, figures=EVENTS, event_titles=("冬日童话",), now=LATER
    )

    assert edit.status == "unchanged"  # the figures are what they were
    assert await store.figures.event_titles(DAY, DAY) == [EventTitle("jiaolou", DAY, "冬日童话")]


async def test_an_edit_that_moves_the_report_moves_its_titles(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    report = await record(message_id=7, revision=100, figures=EVENTS, event_titles=("冬日童话",))
    await record(
        message_id=7,
        revision=200,
        branch="main",
        day=YESTERDAY,
        figures=EVENTS,
        event_titles=("冬日童话",),
    )

    assert await stored(db) == [(report.report_id, "main", YESTERDAY.isoformat(), 0, "冬日童话")]
    assert await store.figures.event_titles(DAY, DAY) == []
    assert await store.figures.event_titles(YESTERDAY, YESTERDAY) == [
        EventTitle("main", YESTERDAY, "冬日童话")
    ]


async def test_an_older_revision_leaves_the_titles_alone(db: Database, record: Record) -> None:
    await record(message_id=8, revision=200, figures=EVENTS, event_titles=("新标题",))
    before = await snapshot(db)

    stale = await record(message_id=8, revision=100, figures=EVENTS, event_titles=("旧标题",))

    assert stale.status == "stale"
    assert await snapshot(db) == before


async def test_the_same_update_twice_writes_the_titles_once(db: Database, record: Record) -> None:
    first = await record(message_id=7, figures=EVENTS, event_titles=("冬日童话",), update_id=99)
    before = await snapshot(db)

    again = await record(
        message_id=7, figures=EVENTS, event_titles=("冬日童话", "别的"), update_id=99, now=LATER
    )

    assert (again.status, again.report_id) == ("duplicate", first.report_id)
    assert await snapshot(db) == before
    assert await stored(db) == [(first.report_id, "jiaolou", DAY.isoformat(), 0, "冬日童话")]


async def test_a_report_that_fails_stores_no_titles(db: Database, record: Record) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        await record(branch="nowhere", figures=EVENTS, event_titles=("冬日童话",))
    assert await stored(db) == []


async def test_an_undone_report_s_titles_are_not_listed(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    await record(user_id=2001, chat_id=2001, figures=EVENTS, event_titles=("留下",))
    undone = await record(figures=EVENTS, event_titles=("撤销",))
    assert undone.report_id is not None

    await store.reports.undo_report(undone.report_id, 1001, LATER)

    assert await store.figures.event_titles(DAY, DAY) == [EventTitle("jiaolou", DAY, "留下")]
    assert len(await stored(db)) == 2  # hidden by the query, not deleted


async def test_titles_of_the_days_asked_for_by_day_branch_and_order(
    store: SqliteStorage, record: Record
) -> None:
    await record(day=TOMORROW, figures=EVENTS, event_titles=("明天",))
    await record(branch="main", figures=EVENTS, event_titles=("总馆乙", "总馆甲"))
    await record(figures=EVENTS, event_titles=("角楼",))
    await record(day=YESTERDAY, figures=EVENTS, event_titles=("昨天",))
    await record(day=YESTERDAY - dt.timedelta(days=1), figures=EVENTS, event_titles=("前天",))

    assert await store.figures.event_titles(YESTERDAY, TOMORROW) == [
        EventTitle("jiaolou", YESTERDAY, "昨天"),
        EventTitle("jiaolou", DAY, "角楼"),
        EventTitle("main", DAY, "总馆乙"),
        EventTitle("main", DAY, "总馆甲"),
        EventTitle("jiaolou", TOMORROW, "明天"),
    ]
    assert await store.figures.event_titles(TOMORROW, YESTERDAY) == []


async def test_a_title_named_again_for_the_same_branch_and_day_is_listed_once(
    store: SqliteStorage, record: Record
) -> None:
    await record(figures=EVENTS, event_titles=("Story Time", "冬日童话"))
    await record(figures={"events": 3}, event_titles=("story time", "非遗剪纸"))  # a correction
    await record(branch="main", figures=EVENTS, event_titles=("冬日童话",))
    await record(day=YESTERDAY, figures=EVENTS, event_titles=("冬日童话",))

    assert await store.figures.event_titles(YESTERDAY, DAY) == [
        EventTitle("jiaolou", YESTERDAY, "冬日童话"),
        EventTitle("jiaolou", DAY, "Story Time"),
        EventTitle("jiaolou", DAY, "冬日童话"),
        EventTitle("jiaolou", DAY, "非遗剪纸"),
        EventTitle("main", DAY, "冬日童话"),
    ]
