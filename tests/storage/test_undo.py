"""undo_report: every figure goes back to what it would be without the report."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from storage.sqlite import SqliteStorage
from storage.sqlite.db import Database
from tests.storage.sample import (
    DAY,
    NOW,
    Record,
    closures,
    history,
    moves,
    snapshot,
    stored_figures,
)

LATER = NOW + dt.timedelta(minutes=5)
YESTERDAY = DAY - dt.timedelta(days=1)
D = DAY.isoformat()


async def test_undo_restores_every_figure_to_its_value_before_the_report(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    earlier = await record(user_id=2001, chat_id=2001, figures={"visitors": 100})
    report = await record(chat_id=555, message_id=60, figures={"visitors": 120, "loans": 45})
    assert report.report_id is not None

    undone = await store.reports.undo_report(report.report_id, 1001, LATER)

    assert (undone.status, undone.report_id, undone.branch, undone.day) == (
        "recorded",
        report.report_id,
        "jiaolou",
        DAY,
    )
    assert moves(undone.changes) == {
        ("jiaolou", D, "visitors", 120, 100),
        ("jiaolou", D, "loans", 45, None),
    }
    assert await stored_figures(db) == {("jiaolou", D, "visitors"): 100}
    rows = [r for r in await history(db, report.report_id) if r["action"] == "undo"]
    assert {(r["metric"], r["old_value"], r["new_value"]) for r in rows} == {
        ("visitors", 120, 100),
        ("loans", 45, None),
    }
    assert {(r["changed_by"], r["changed_at"], r["chat_id"], r["message_id"]) for r in rows} == {
        (1001, LATER.isoformat(timespec="seconds"), 555, 60)
    }
    row = await db.fetchone("SELECT undone_at FROM reports WHERE id = ?", (report.report_id,))
    assert row is not None and row["undone_at"] == LATER.isoformat(timespec="seconds")
    assert await store.reports.last_report_id(1001) is None
    assert await store.reports.last_report_id(2001) == earlier.report_id


async def test_an_undone_report_cannot_be_undone_or_edited_again(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    report = await record(message_id=60, revision=100, figures={"visitors": 120})
    assert report.report_id is not None
    await store.reports.undo_report(report.report_id, 1001, LATER)
    before = await snapshot(db)

    assert (await store.reports.undo_report(report.report_id, 1001, LATER)).status == "undone"
    edit = await record(message_id=60, revision=160, figures={"visitors": 130})
    assert (edit.status, edit.report_id) == ("undone", report.report_id)
    assert (await store.reports.undo_report(424242, 1001, LATER)).status == "undone"
    assert await snapshot(db) == before


async def test_undo_of_an_edited_report_goes_back_before_the_original(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    await record(user_id=2001, chat_id=2001, figures={"visitors": 100})
    report = await record(message_id=60, revision=100, figures={"visitors": 120})
    await record(message_id=60, revision=160, figures={"visitors": 130, "loans": 5})
    assert report.report_id is not None

    await store.reports.undo_report(report.report_id, 1001, LATER)

    assert await stored_figures(db) == {("jiaolou", D, "visitors"): 100}


async def test_undo_of_a_report_moved_to_another_day(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    report = await record(message_id=60, revision=100, figures={"visitors": 120})
    await record(message_id=60, revision=160, figures={"visitors": 120}, day=YESTERDAY)
    assert report.report_id is not None

    await store.reports.undo_report(report.report_id, 1001, LATER)

    assert await stored_figures(db) == {}


async def test_undo_removes_the_closure(store: SqliteStorage, db: Database, record: Record) -> None:
    report = await record(closed=True)
    assert report.report_id is not None
    undone = await store.reports.undo_report(report.report_id, 1001, LATER)
    assert await closures(db) == set()
    assert undone.closed  # the outcome says a closure was taken back


async def test_undo_of_figures_only_took_back_no_closure(
    store: SqliteStorage, record: Record
) -> None:
    report = await record(figures={"visitors": 120})
    assert report.report_id is not None
    assert not (await store.reports.undo_report(report.report_id, 1001, LATER)).closed


async def test_undoing_the_last_two_reports_in_turn_restores_the_state_before_both(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    first = await record(figures={"visitors": 100, "loans": 40})
    second = await record(figures={"visitors": 200})
    assert first.report_id is not None and second.report_id is not None

    await store.reports.undo_report(second.report_id, 1001, LATER)
    assert await stored_figures(db) == {
        ("jiaolou", D, "visitors"): 100,
        ("jiaolou", D, "loans"): 40,
    }
    assert await store.reports.last_report_id(1001) == first.report_id
    await store.reports.undo_report(first.report_id, 1001, LATER)
    assert await stored_figures(db) == {}


async def test_undoing_an_older_report_first_keeps_the_newer_value_until_it_is_undone(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    base = await record(user_id=2001, chat_id=2001, figures={"visitors": 50})
    first = await record(figures={"visitors": 100})
    second = await record(figures={"visitors": 200})
    assert first.report_id is not None and second.report_id is not None

    await store.reports.undo_report(first.report_id, 1001, LATER)
    assert await stored_figures(db) == {("jiaolou", D, "visitors"): 200}
    await store.reports.undo_report(second.report_id, 1001, LATER)
    # The state as if neither had been sent: the base report's value.
    assert await stored_figures(db) == {("jiaolou", D, "visitors"): 50}
    assert base.report_id is not None


async def test_an_edit_retaking_a_figure_undoes_to_the_newer_report(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    first = await record(message_id=60, revision=100, figures={"visitors": 100})
    await record(user_id=2001, chat_id=2001, figures={"visitors": 200})
    await record(message_id=60, revision=160, figures={"visitors": 110})
    assert await stored_figures(db) == {("jiaolou", D, "visitors"): 110}
    assert first.report_id is not None

    await store.reports.undo_report(first.report_id, 1001, LATER)

    assert await stored_figures(db) == {("jiaolou", D, "visitors"): 200}


async def test_a_report_sent_again_after_an_undo_undoes_to_the_value_still_standing(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    base = await record(user_id=2001, chat_id=2001, figures={"visitors": 50})
    first = await record(figures={"visitors": 100})
    assert base.report_id is not None and first.report_id is not None
    await store.reports.undo_report(first.report_id, 1001, LATER)
    again = await record(figures={"visitors": 200})
    assert again.report_id is not None

    await store.reports.undo_report(again.report_id, 1001, LATER)
    assert await stored_figures(db) == {("jiaolou", D, "visitors"): 50}
    await store.reports.undo_report(base.report_id, 2001, LATER)
    assert await stored_figures(db) == {}


async def test_a_value_an_edit_handed_back_goes_with_its_own_report(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    first = await record(figures={"visitors": 100})
    second = await record(message_id=61, revision=100, figures={"visitors": 200, "loans": 5})
    await record(message_id=61, revision=160, figures={"loans": 5})  # visitors dropped
    assert await stored_figures(db) == {
        ("jiaolou", D, "visitors"): 100,
        ("jiaolou", D, "loans"): 5,
    }
    third = await record(figures={"visitors": 300})
    assert first.report_id and second.report_id and third.report_id

    await store.reports.undo_report(third.report_id, 1001, LATER)
    assert (await stored_figures(db))[("jiaolou", D, "visitors")] == 100
    await store.reports.undo_report(first.report_id, 1001, LATER)
    assert await stored_figures(db) == {("jiaolou", D, "loans"): 5}


async def test_undo_over_an_imported_value_goes_back_to_it(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    rows = [("jiaolou", DAY, "visitors", 50), ("jiaolou", YESTERDAY, "visitors", 40)]
    assert await store.reports.import_figures(rows, 3001, NOW) == 2
    report = await record(figures={"visitors": 100})
    assert report.report_id is not None
    assert (
        await store.reports.import_figures(rows, 3001, NOW) == 0
    )  # existing values are left alone

    await store.reports.undo_report(report.report_id, 1001, LATER)

    assert await stored_figures(db) == {
        ("jiaolou", D, "visitors"): 50,
        ("jiaolou", YESTERDAY.isoformat(), "visitors"): 40,
    }
    imported = [r for r in await history(db) if r["action"] == "import"]
    assert [(r["day"], r["new_value"], r["changed_by"]) for r in imported] == [
        (D, 50, 3001),
        (YESTERDAY.isoformat(), 40, 3001),
    ]


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
async def test_in_any_undo_order_the_figure_is_the_last_value_still_standing(
    store: SqliteStorage, db: Database, record: Record, order: tuple[int, ...]
) -> None:
    """Three reports of one figure, the first edited after the others; undo them in turn."""
    first = await record(message_id=70, revision=100, figures={"visitors": 100})
    second = await record(user_id=2001, chat_id=2001, figures={"visitors": 200})
    third = await record(figures={"visitors": 300})
    await record(message_id=70, revision=160, figures={"visitors": 110})
    reports = [first.report_id, second.report_id, third.report_id]
    writes = [(0, 100), (1, 200), (2, 300), (0, 110)]  # (report, value), oldest first

    undone: set[int] = set()
    for index in order:
        report_id = reports[index]
        assert report_id is not None
        await store.reports.undo_report(report_id, 1001, LATER)
        undone.add(index)
        standing = [value for report, value in writes if report not in undone]
        expected = {("jiaolou", D, "visitors"): standing[-1]} if standing else {}
        assert await stored_figures(db) == expected, f"after undoing {sorted(undone)}"


async def test_the_same_undo_update_twice_undoes_once(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    report = await record(figures={"visitors": 120})
    assert report.report_id is not None
    first = await store.reports.undo_report(report.report_id, 1001, LATER, update_id=70)
    before = await snapshot(db)
    again = await store.reports.undo_report(report.report_id, 1001, LATER, update_id=70)
    assert (first.status, again.status) == ("recorded", "duplicate")
    assert await snapshot(db) == before
    # Told again (its answer is being retried), it says what the first time took back.
    assert (again.report_id, again.branch, again.day) == (report.report_id, "jiaolou", DAY)
    assert again.changes == first.changes
