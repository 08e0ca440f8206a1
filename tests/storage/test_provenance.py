"""Who changed what: what each message stated, edits that leave later messages' figures,
questions checked in the write's own transaction, closures of ranges and of days with
figures (and their undo)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from storage.sqlite import SqliteStorage
from storage.sqlite.db import Database
from storage.sqlite.migrations import available_migrations
from tests.storage.sample import DAY, NOW, Record, closures, snapshot, stored_figures

LATER = NOW + dt.timedelta(minutes=5)
D = DAY.isoformat()
TOMORROW = DAY + dt.timedelta(days=1)


async def stated(db: Database, report_id: int | None) -> dict[str, int]:
    rows = await db.fetchall(
        "SELECT metric, value FROM report_figures WHERE report_id = ?", (report_id,)
    )
    return {r["metric"]: r["value"] for r in rows}


# --- edits of an old message ----------------------------------------------------------


async def test_an_edit_leaves_a_figure_a_later_message_replaced(
    db: Database, record: Record
) -> None:
    old = await record(message_id=10, revision=100, figures={"visitors": 120, "loans": 80})
    await record(message_id=11, revision=110, figures={"visitors": 135})

    edit = await record(
        message_id=10, revision=120, figures={"visitors": 120, "loans": 85}, now=LATER
    )

    assert edit.status == "recorded" and edit.report_id == old.report_id
    assert edit.kept == {"visitors": 135}  # the edit did not touch it: the later 135 stays
    assert edit.figures == {"loans": 85}
    assert await stored_figures(db) == {
        ("jiaolou", D, "visitors"): 135,
        ("jiaolou", D, "loans"): 85,
    }
    assert await stated(db, old.report_id) == {"visitors": 120, "loans": 85}


async def test_an_edit_that_changes_a_replaced_figure_changes_it(
    db: Database, record: Record
) -> None:
    await record(message_id=10, revision=100, figures={"visitors": 120})
    await record(message_id=11, revision=110, figures={"visitors": 135})

    edit = await record(message_id=10, revision=120, figures={"visitors": 140})

    assert edit.kept == {}
    assert await stored_figures(db) == {("jiaolou", D, "visitors"): 140}


async def test_an_edit_moving_the_report_to_another_day_sets_every_figure(
    db: Database, record: Record
) -> None:
    yesterday = DAY - dt.timedelta(days=1)
    await record(message_id=10, revision=100, figures={"visitors": 120})
    await record(message_id=11, revision=110, day=yesterday, figures={"visitors": 99})

    edit = await record(message_id=10, revision=120, day=yesterday, figures={"visitors": 120})

    assert edit.kept == {}
    assert await stored_figures(db) == {("jiaolou", yesterday.isoformat(), "visitors"): 120}


# --- the question's check, in the write's transaction -----------------------------------


async def test_a_write_expecting_other_figures_is_outdated_and_writes_nothing(
    db: Database, record: Record
) -> None:
    await record(figures={"visitors": 120})
    before = await snapshot(db)

    outcome = await record(figures={"visitors": 3100}, expected={"visitors": None}, update_id=4)

    assert outcome.status == "outdated" and outcome.report_id is None
    assert await snapshot(db) == before


async def test_a_write_expecting_the_figures_as_they_are_is_written(
    db: Database, record: Record
) -> None:
    await record(figures={"visitors": 120})
    outcome = await record(figures={"visitors": 3100}, expected={"visitors": 120})
    assert outcome.status == "recorded"
    assert await stored_figures(db) == {("jiaolou", D, "visitors"): 3100}


async def test_keeping_the_other_persons_figure_still_records_what_the_message_said(
    db: Database, record: Record
) -> None:
    await record(figures={"visitors": 120})
    mine = await record(
        user_id=2001, chat_id=2001, figures={"loans": 40}, stated={"visitors": 130, "loans": 40}
    )
    assert await stored_figures(db) == {
        ("jiaolou", D, "visitors"): 120,
        ("jiaolou", D, "loans"): 40,
    }
    assert await stated(db, mine.report_id) == {"visitors": 130, "loans": 40}


async def test_a_note_is_kept_on_the_report(db: Database, record: Record) -> None:
    outcome = await record(figures={"visitors": 3100}, note="今天有书市")
    row = await db.fetchone("SELECT note FROM reports WHERE id = ?", (outcome.report_id,))
    assert row is not None and row["note"] == "今天有书市"


# --- closures -----------------------------------------------------------------------------


async def test_a_closure_range_closes_every_day_of_it(db: Database, record: Record) -> None:
    last = DAY + dt.timedelta(days=2)
    outcome = await record(day=TOMORROW, closed=True, closed_until=last)

    assert outcome.status == "recorded"
    assert await closures(db) == {
        ("jiaolou", (DAY + dt.timedelta(days=n)).isoformat(), outcome.report_id) for n in (1, 2)
    }

    shorter = await record(message_id=1, revision=2_000_000_000, day=TOMORROW, closed=True)
    assert shorter.status == "recorded"
    assert await closures(db) == {("jiaolou", TOMORROW.isoformat(), outcome.report_id)}


async def test_a_closure_for_a_day_with_figures_asks_and_writes_nothing(
    db: Database, record: Record
) -> None:
    await record(figures={"visitors": 120, "loans": 30})
    before = await snapshot(db)

    outcome = await record(closed=True, update_id=7)

    assert outcome.status == "closure_conflict"
    assert {(r.day, r.metric, r.value) for r in outcome.on_closed_days} == {
        (DAY, "visitors", 120),
        (DAY, "loans", 30),
    }
    assert await snapshot(db) == before


async def test_a_closure_that_removes_the_figures_is_undone_with_them(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    figures = await record(figures={"visitors": 120, "loans": 30})
    closure = await record(closed=True, closure_removes_figures=True, now=LATER)

    assert closure.status == "recorded"
    assert await stored_figures(db) == {}
    assert await closures(db) == {("jiaolou", D, closure.report_id)}

    assert closure.report_id is not None
    undone = await store.reports.undo_report(closure.report_id, 1001, LATER)

    assert undone.closed  # reopened
    assert await closures(db) == set()
    assert await stored_figures(db) == {
        ("jiaolou", D, "visitors"): 120,
        ("jiaolou", D, "loans"): 30,
    }
    owners = await db.fetchall("SELECT DISTINCT report_id FROM figures")
    assert [r["report_id"] for r in owners] == [figures.report_id]


async def test_a_closure_that_keeps_the_figures_closes_only_the_days_without_any(
    db: Database, record: Record
) -> None:
    await record(figures={"visitors": 120})
    outcome = await record(closed=True, closed_until=TOMORROW, closure_removes_figures=False)
    assert outcome.status == "recorded"
    assert await stored_figures(db) == {("jiaolou", D, "visitors"): 120}
    assert await closures(db) == {("jiaolou", TOMORROW.isoformat(), outcome.report_id)}


async def test_a_message_report_holds_what_it_still_holds(
    store: SqliteStorage, record: Record
) -> None:
    first = await record(message_id=10, figures={"visitors": 120, "loans": 30})
    await record(message_id=11, figures={"visitors": 135})

    held = await store.reports.message_report(1001, 10)

    assert held is not None and held.report_id == first.report_id
    assert (held.branch, held.day, held.figures, held.closed) == (
        "jiaolou", DAY, {"loans": 30}, False,
    )  # fmt: skip
    assert await store.reports.message_report(1001, 99) is None


async def test_day_notes_are_those_of_reports_still_holding_figures(
    store: SqliteStorage, record: Record
) -> None:
    await record(message_id=10, figures={"visitors": 3100}, note="今天有书市")
    await record(message_id=11, figures={"loans": 20}, note="没有人看到")
    await record(message_id=12, figures={"loans": 25})
    notes = await store.figures.day_notes(["jiaolou", "main"], DAY)
    assert notes == {"jiaolou": ["今天有书市"]}


# --- the migration --------------------------------------------------------------------------


async def test_migration_five_fills_in_what_earlier_reports_stated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        for migration in available_migrations()[:4]:
            conn.executescript(migration.sql)
        conn.execute("PRAGMA user_version = 4")
        conn.executescript(
            "INSERT INTO branches (code, name, kind) VALUES ('b', 'B', 'branch');"
            "INSERT INTO reports (id, user_id, branch, day, chat_id, message_id, revision,"
            " created_at) VALUES (1, 1, 'b', '2026-11-20', 1, 1, 1, 'x'),"
            " (2, 2, 'b', '2026-11-20', 2, 2, 2, 'x');"
            "INSERT INTO figures VALUES ('b', '2026-11-20', 'visitors', 135, 2, 'x'),"
            " ('b', '2026-11-20', 'loans', 80, 1, 'x');"
            "INSERT INTO figure_history (branch, day, metric, old_value, new_value, action,"
            " report_id, changed_by, changed_at) VALUES"
            " ('b', '2026-11-20', 'visitors', NULL, 120, 'report', 1, 1, 'x'),"
            " ('b', '2026-11-20', 'loans', NULL, 80, 'report', 1, 1, 'x'),"
            " ('b', '2026-11-20', 'visitors', 120, 135, 'report', 2, 2, 'x');"
            "INSERT INTO pending_reports (user_id, chat_id, message_id, revision, payload,"
            " reason, created_at) VALUES (1, 1, 3, 3, '{}', 'unusual', 'x');"
        )
    db = await Database.open(path)
    try:
        assert (await db.fetchone("PRAGMA user_version"))[0] == len(available_migrations())
        assert await stated(db, 1) == {"visitors": 120, "loans": 80}  # its 120 was replaced
        assert await stated(db, 2) == {"visitors": 135}
        row = await db.fetchone("SELECT reason FROM pending_reports")
        assert row is not None and row["reason"] == "unusual"
    finally:
        await db.close()


async def test_an_edit_leaves_a_figure_it_did_not_change_as_it_is_held(
    db: Database, record: Record
) -> None:
    await record(figures={"visitors": 1200})
    added = await record(
        user_id=2001,
        chat_id=2001,
        message_id=20,
        revision=100,
        figures={"visitors": 2500},
        stated={"visitors": 1300},
    )  # fmt: skip  (two desks added up: the message said 1,300)

    edit = await record(
        user_id=2001, chat_id=2001, message_id=20, revision=200,
        figures={"visitors": 1300, "loans": 40},
    )  # fmt: skip

    assert edit.report_id == added.report_id and edit.kept == {}
    assert edit.figures == {"visitors": 2500, "loans": 40}
    assert await stored_figures(db) == {
        ("jiaolou", D, "visitors"): 2500,
        ("jiaolou", D, "loans"): 40,
    }
