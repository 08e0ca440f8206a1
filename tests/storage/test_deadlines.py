"""storage.deadlines on a real file: org keys, parts done once, cancelling, what is owed."""

from __future__ import annotations

import datetime as dt

from storage import deadlines
from storage.db import Database
from storage.deadlines import NewDeadline
from tests.storage.sample import NOW

DUE = dt.date(2026, 12, 5)
REPORT = NewDeadline("提交月报", DUE, (3, 1, 0), ("jiaolou", "main"), org_key="org:月报:2026-12-05")


async def test_an_org_occurrence_is_stored_once(db: Database) -> None:
    [first] = await deadlines.add(db, [REPORT], NOW)
    assert await deadlines.add(db, [REPORT], NOW) == []
    rows = await db.fetchall("SELECT id, title, due, remind FROM deadlines")
    assert [tuple(r) for r in rows] == [(first, "提交月报", "2026-12-05", "3,1,0")]
    parts = await db.fetchall("SELECT branch FROM deadline_parts ORDER BY branch")
    assert [r["branch"] for r in parts] == ["jiaolou", "main"]


async def test_chat_deadlines_have_no_key_and_may_repeat(db: Database) -> None:
    chat = NewDeadline("提交材料", DUE, (3,), ("jiaolou",), created_by=2001)
    ids = await deadlines.add(db, [chat, chat], NOW)
    assert len(ids) == 2 and ids[0] != ids[1]
    found = await deadlines.get(db, ids[0])
    assert found is not None
    assert (found.title, found.due, found.remind, found.org_key, found.created_by) == (
        "提交材料", DUE, (3,), None, 2001,
    )  # fmt: skip
    assert found.parts == (deadlines.Part("jiaolou"),)
    assert await deadlines.get(db, 999) is None


async def test_a_part_is_marked_done_once_with_who_and_when(db: Database) -> None:
    [deadline_id] = await deadlines.add(db, [REPORT], NOW)
    later = NOW + dt.timedelta(hours=2)
    assert await deadlines.mark_done(db, deadline_id, ["jiaolou"], 1001, later) == ("jiaolou",)
    again = await deadlines.mark_done(db, deadline_id, ["jiaolou", "main"], 2001, later)
    assert again == ("main",)
    found = await deadlines.get(db, deadline_id)
    assert found is not None
    assert {p.branch: (p.done_by, p.done_at) for p in found.parts} == {
        "jiaolou": (1001, later),
        "main": (2001, later),
    }
    assert found.owing() == ()
    assert await deadlines.unfinished(db, dt.date.max) == []


async def test_unfinished_lists_open_deadlines_soonest_first(db: Database) -> None:
    late = NewDeadline("年报", DUE + dt.timedelta(days=30), (3,), ("main",))
    early = NewDeadline("周报", DUE - dt.timedelta(days=3), (3,), ("jiaolou",))
    late_id, early_id, report_id = await deadlines.add(db, [late, early, REPORT], NOW)
    await deadlines.mark_done(db, report_id, ["main"], 2001, NOW)
    found = await deadlines.unfinished(db, dt.date.max)
    assert [d.id for d in found] == [early_id, report_id, late_id]
    assert found[1].owing() == ("jiaolou",)
    assert [d.id for d in await deadlines.unfinished(db, DUE)] == [early_id, report_id]
    window = await deadlines.unfinished(db, DUE, due_from=DUE)
    assert [d.id for d in window] == [report_id]


async def test_unfinished_as_of_a_moment_counts_parts_done_later_as_owed(db: Database) -> None:
    [deadline_id] = await deadlines.add(db, [REPORT], NOW)
    done_at = NOW + dt.timedelta(days=1)
    await deadlines.mark_done(db, deadline_id, ["jiaolou", "main"], 2001, done_at)
    assert await deadlines.unfinished(db, dt.date.max) == []
    [then] = await deadlines.unfinished(db, dt.date.max, done_before=done_at)
    assert then.owing(done_at) == ("jiaolou", "main")
    after = done_at + dt.timedelta(seconds=1)
    assert await deadlines.unfinished(db, dt.date.max, done_before=after) == []


async def test_moments_in_other_zones_compare_correctly(db: Database) -> None:
    [deadline_id] = await deadlines.add(db, [REPORT], NOW)
    shanghai = dt.timezone(dt.timedelta(hours=8))
    await deadlines.mark_done(db, deadline_id, ["jiaolou"], 1001, NOW.astimezone(shanghai))
    before = (NOW - dt.timedelta(minutes=1)).astimezone(shanghai)
    [found] = await deadlines.unfinished(db, dt.date.max, done_before=before)
    assert found.owing(before) == ("jiaolou", "main")


async def test_a_cancelled_deadline_is_not_owed_and_cannot_be_done(db: Database) -> None:
    [deadline_id] = await deadlines.add(db, [REPORT], NOW)
    assert await deadlines.cancel(db, deadline_id, NOW)
    assert not await deadlines.cancel(db, deadline_id, NOW)
    assert not await deadlines.cancel(db, 999, NOW)
    assert await deadlines.unfinished(db, dt.date.max) == []
    assert await deadlines.mark_done(db, deadline_id, ["jiaolou"], 1001, NOW) == ()
    found = await deadlines.get(db, deadline_id)
    assert found is not None and found.cancelled and found.owing() == ("jiaolou", "main")
