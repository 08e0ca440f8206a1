"""storage.deadlines on a real file: org keys, parts done once, cancelling, what is owed."""

from __future__ import annotations

import datetime as dt

from storage.models import NewDeadline, Part
from storage.sqlite import SqliteStorage
from storage.sqlite.db import Database
from tests.storage.sample import NOW

DUE = dt.date(2026, 12, 5)
REPORT = NewDeadline("提交月报", DUE, (3, 1, 0), ("jiaolou", "main"), org_key="org:月报:2026-12-05")


async def test_an_org_occurrence_is_stored_once(store: SqliteStorage, db: Database) -> None:
    [first] = await store.deadlines.add([REPORT], NOW)
    assert await store.deadlines.add([REPORT], NOW) == []
    rows = await db.fetchall("SELECT id, title, due, remind FROM deadlines")
    assert [tuple(r) for r in rows] == [(first, "提交月报", "2026-12-05", "3,1,0")]
    parts = await db.fetchall("SELECT branch FROM deadline_parts ORDER BY branch")
    assert [r["branch"] for r in parts] == ["jiaolou", "main"]


async def test_chat_deadlines_have_no_key_and_may_repeat(store: SqliteStorage) -> None:
    chat = NewDeadline("提交材料", DUE, (3,), ("jiaolou",), created_by=2001)
    ids = await store.deadlines.add([chat, chat], NOW)
    assert len(ids) == 2 and ids[0] != ids[1]
    found = await store.deadlines.get(ids[0])
    assert found is not None
    assert (found.title, found.due, found.remind, found.org_key, found.created_by) == (
        "提交材料", DUE, (3,), None, 2001,
    )  # fmt: skip
    assert found.parts == (Part("jiaolou"),)
    assert await store.deadlines.get(999) is None


async def test_a_part_is_marked_done_once_with_who_and_when(store: SqliteStorage) -> None:
    [deadline_id] = await store.deadlines.add([REPORT], NOW)
    later = NOW + dt.timedelta(hours=2)
    assert await store.deadlines.mark_done(deadline_id, ["jiaolou"], 1001, later) == ("jiaolou",)
    again = await store.deadlines.mark_done(deadline_id, ["jiaolou", "main"], 2001, later)
    assert again == ("main",)
    found = await store.deadlines.get(deadline_id)
    assert found is not None
    assert {p.branch: (p.done_by, p.done_at) for p in found.parts} == {
        "jiaolou": (1001, later),
        "main": (2001, later),
    }
    assert found.owing() == ()
    assert await store.deadlines.unfinished(dt.date.max) == []


async def test_unfinished_lists_open_deadlines_soonest_first(store: SqliteStorage) -> None:
    late = NewDeadline("年报", DUE + dt.timedelta(days=30), (3,), ("main",))
    early = NewDeadline("周报", DUE - dt.timedelta(days=3), (3,), ("jiaolou",))
    late_id, early_id, report_id = await store.deadlines.add([late, early, REPORT], NOW)
    await store.deadlines.mark_done(report_id, ["main"], 2001, NOW)
    found = await store.deadlines.unfinished(dt.date.max)
    assert [d.id for d in found] == [early_id, report_id, late_id]
    assert found[1].owing() == ("jiaolou",)
    assert [d.id for d in await store.deadlines.unfinished(DUE)] == [early_id, report_id]
    window = await store.deadlines.unfinished(DUE, due_from=DUE)
    assert [d.id for d in window] == [report_id]


async def test_unfinished_as_of_a_moment_counts_parts_done_later_as_owed(
    store: SqliteStorage,
) -> None:
    [deadline_id] = await store.deadlines.add([REPORT], NOW)
    done_at = NOW + dt.timedelta(days=1)
    await store.deadlines.mark_done(deadline_id, ["jiaolou", "main"], 2001, done_at)
    assert await store.deadlines.unfinished(dt.date.max) == []
    [then] = await store.deadlines.unfinished(dt.date.max, done_before=done_at)
    assert then.owing(done_at) == ("jiaolou", "main")
    after = done_at + dt.timedelta(seconds=1)
    assert await store.deadlines.unfinished(dt.date.max, done_before=after) == []


async def test_moments_in_other_zones_compare_correctly(store: SqliteStorage) -> None:
    [deadline_id] = await store.deadlines.add([REPORT], NOW)
    shanghai = dt.timezone(dt.timedelta(hours=8))
    await store.deadlines.mark_done(deadline_id, ["jiaolou"], 1001, NOW.astimezone(shanghai))
    before = (NOW - dt.timedelta(minutes=1)).astimezone(shanghai)
    [found] = await store.deadlines.unfinished(dt.date.max, done_before=before)
    assert found.owing(before) == ("jiaolou", "main")


async def test_a_cancelled_deadline_is_not_owed_and_cannot_be_done(store: SqliteStorage) -> None:
    [deadline_id] = await store.deadlines.add([REPORT], NOW)
    assert await store.deadlines.cancel(deadline_id, NOW)
    assert not await store.deadlines.cancel(deadline_id, NOW)
    assert not await store.deadlines.cancel(999, NOW)
    assert await store.deadlines.unfinished(dt.date.max) == []
    assert await store.deadlines.mark_done(deadline_id, ["jiaolou"], 1001, NOW) == ()
    found = await store.deadlines.get(deadline_id)
    assert found is not None and found.cancelled and found.owing() == ("jiaolou", "main")
