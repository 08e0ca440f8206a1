"""record_report: one value per (branch, day, metric), every change kept."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

import pytest

from storage.models import ReportOutcome
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


# --- a first report, a second one -----------------------------------------------------


async def test_a_report_stores_its_figures_and_one_history_row_per_figure(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    outcome = await record(
        chat_id=555, message_id=7, figures={"visitors": 1234, "loans": 560}, update_id=1
    )

    assert outcome.status == "recorded"
    assert outcome.report_id is not None
    assert (outcome.branch, outcome.day, outcome.figures) == (
        "jiaolou",
        DAY,
        {"visitors": 1234, "loans": 560},
    )
    assert moves(outcome.changes) == {
        ("jiaolou", D, "visitors", None, 1234),
        ("jiaolou", D, "loans", None, 560),
    }
    assert await stored_figures(db) == {
        ("jiaolou", D, "visitors"): 1234,
        ("jiaolou", D, "loans"): 560,
    }
    owners = await db.fetchall("SELECT DISTINCT report_id FROM figures")
    assert [r["report_id"] for r in owners] == [outcome.report_id]
    rows = await history(db)
    assert sorted(rows, key=lambda r: r["metric"]) == [
        {
            "branch": "jiaolou",
            "day": D,
            "metric": metric,
            "old_value": None,
            "new_value": value,
            "action": "report",
            "report_id": outcome.report_id,
            "changed_by": 1001,
            "changed_at": NOW.isoformat(timespec="seconds"),
            "chat_id": 555,
            "message_id": 7,
        }
        for metric, value in [("loans", 560), ("visitors", 1234)]
    ]
    assert await store.reports.last_report_id(1001) == outcome.report_id
    assert await store.reports.report_owner(outcome.report_id) == 1001
    assert await store.reports.report_owner(outcome.report_id + 1) is None


async def test_another_persons_report_for_the_same_day_is_contested_and_writes_nothing(
    db: Database, record: Record
) -> None:
    await record(figures={"visitors": 1200, "loans": 500})
    before = await snapshot(db)

    second = await record(
        user_id=2001, chat_id=2001, figures={"visitors": 1250, "loans": 500}, now=LATER,
        update_id=9, replaces_others=False,
    )  # fmt: skip

    assert second.status == "contested" and second.report_id is None
    [contest] = second.contests  # the same value (loans 500) is no contest
    assert (contest.metric, contest.theirs, contest.mine, contest.user_id) == (
        "visitors", 1200, 1250, 1001,
    )  # fmt: skip
    assert contest.at == NOW
    assert await snapshot(db) == before  # not even the update is claimed: the question is


async def test_the_same_persons_second_report_replaces_without_asking(
    db: Database, record: Record
) -> None:
    await record(figures={"visitors": 1200})
    second = await record(
        message_id=2, figures={"visitors": 1250}, now=LATER, replaces_others=False
    )

    assert second.status == "recorded"
    assert await stored_figures(db) == {("jiaolou", D, "visitors"): 1250}


async def test_a_second_report_chosen_to_replace_replaces_the_value(
    db: Database, record: Record
) -> None:
    first = await record(figures={"visitors": 1200, "loans": 500})
    second = await record(user_id=2001, chat_id=2001, figures={"visitors": 1250}, now=LATER)

    assert second.status == "recorded" and second.report_id != first.report_id
    assert moves(second.changes) == {("jiaolou", D, "visitors", 1200, 1250)}
    assert await stored_figures(db) == {
        ("jiaolou", D, "visitors"): 1250,
        ("jiaolou", D, "loans"): 500,
    }
    [row] = await history(db, second.report_id)
    assert (row["old_value"], row["new_value"], row["changed_by"], row["changed_at"]) == (
        1200,
        1250,
        2001,
        LATER.isoformat(timespec="seconds"),
    )
    assert len(await history(db)) == 3


async def test_a_figure_for_another_day_or_branch_is_a_separate_value(
    db: Database, record: Record
) -> None:
    await record(figures={"visitors": 10})
    await record(figures={"visitors": 20}, day=YESTERDAY)
    await record(figures={"visitors": 30}, branch="main")
    assert await stored_figures(db) == {
        ("jiaolou", D, "visitors"): 10,
        ("jiaolou", YESTERDAY.isoformat(), "visitors"): 20,
        ("main", D, "visitors"): 30,
    }


async def test_a_report_that_fails_stores_nothing_not_even_its_update(
    db: Database, record: Record
) -> None:
    before = await snapshot(db)
    with pytest.raises(sqlite3.IntegrityError):
        await record(branch="nowhere", figures={"visitors": 1}, update_id=40)
    assert await snapshot(db) == before
    retried = await record(figures={"visitors": 1}, update_id=40)
    assert retried.status == "recorded"


# --- the same update twice --------------------------------------------------------------


async def test_the_same_update_twice_changes_nothing(db: Database, record: Record) -> None:
    first = await record(message_id=7, figures={"visitors": 1234}, closed=False, update_id=99)
    before = await snapshot(db)

    again = await record(message_id=7, figures={"visitors": 9999}, update_id=99, now=LATER)

    assert again.status == "duplicate"
    assert again.report_id == first.report_id
    assert (again.branch, again.day, again.figures, again.changes) == (
        "jiaolou",
        DAY,
        {"visitors": 1234},
        (),
    )
    assert await snapshot(db) == before


async def test_a_duplicate_reports_the_state_stored_now(db: Database, record: Record) -> None:
    original = await record(
        message_id=7, revision=100, figures={"visitors": 120, "loans": 45}, update_id=10
    )
    await record(message_id=7, revision=200, figures={"visitors": 125}, update_id=11)

    replayed = await record(message_id=7, revision=100, figures={"visitors": 1}, update_id=10)

    assert replayed == ReportOutcome(
        "duplicate", original.report_id, "jiaolou", DAY, figures={"visitors": 125}
    )


async def test_a_duplicate_of_a_closure_says_closed(db: Database, record: Record) -> None:
    original = await record(message_id=3, closed=True, update_id=5)
    replayed = await record(message_id=3, closed=True, update_id=5)
    assert replayed == ReportOutcome("duplicate", original.report_id, "jiaolou", DAY, closed=True)


async def test_duplicate_outcome_of_an_update_that_stored_no_report(store: SqliteStorage) -> None:
    assert await store.reports._duplicate_outcome(31337) == ReportOutcome("duplicate", None)


# --- edits ------------------------------------------------------------------------------


async def test_an_edit_corrects_values_and_takes_back_the_metrics_it_dropped(
    db: Database, record: Record
) -> None:
    earlier = await record(user_id=2001, chat_id=2001, figures={"events": 1})
    report = await record(
        message_id=50, revision=100, figures={"visitors": 120, "loans": 45, "events": 2}
    )

    edit = await record(
        message_id=50, revision=160, figures={"visitors": 125}, user_id=1001, now=LATER
    )

    assert edit.status == "recorded" and edit.report_id == report.report_id
    assert moves(edit.changes) == {
        ("jiaolou", D, "visitors", 120, 125),
        ("jiaolou", D, "loans", 45, None),  # nobody had a value before the report
        ("jiaolou", D, "events", 2, 1),  # back to the earlier report's value
    }
    assert await stored_figures(db) == {
        ("jiaolou", D, "visitors"): 125,
        ("jiaolou", D, "events"): 1,
    }
    edits = [r for r in await history(db, report.report_id) if r["action"] == "edit"]
    assert {(r["metric"], r["old_value"], r["new_value"]) for r in edits} == {
        ("visitors", 120, 125),
        ("loans", 45, None),
        ("events", 2, 1),
    }
    assert {(r["changed_at"], r["message_id"]) for r in edits} == {
        (LATER.isoformat(timespec="seconds"), 50)
    }
    assert earlier.report_id is not None
    revision = await db.fetchone("SELECT revision FROM reports WHERE id = ?", (report.report_id,))
    assert revision is not None and revision["revision"] == 160


async def test_an_edit_that_restates_the_same_figures_is_unchanged(
    db: Database, record: Record
) -> None:
    await record(message_id=50, revision=100, figures={"visitors": 120})
    before = len(await history(db))
    edit = await record(message_id=50, revision=160, figures={"visitors": 120})
    assert edit.status == "unchanged" and edit.changes == ()
    assert len(await history(db)) == before


@pytest.mark.parametrize(
    "moved", [{"day": YESTERDAY}, {"branch": "main"}], ids=["new-day", "new-branch"]
)
async def test_an_edit_that_changes_day_or_branch_moves_the_figures(
    db: Database, record: Record, moved: dict[str, Any]
) -> None:
    await record(user_id=2001, chat_id=2001, figures={"visitors": 100})
    report = await record(message_id=50, revision=100, figures={"visitors": 120, "loans": 45})

    edit = await record(message_id=50, revision=160, figures={"visitors": 120}, **moved)

    new_branch = moved.get("branch", "jiaolou")
    new_day = moved.get("day", DAY).isoformat()
    assert (edit.branch, edit.day) == (new_branch, moved.get("day", DAY))
    assert await stored_figures(db) == {
        ("jiaolou", D, "visitors"): 100,
        (new_branch, new_day, "visitors"): 120,
    }
    row = await db.fetchone("SELECT branch, day FROM reports WHERE id = ?", (report.report_id,))
    assert row is not None and (row["branch"], row["day"]) == (new_branch, new_day)


async def test_an_edit_that_arrives_before_its_original_wins(db: Database, record: Record) -> None:
    edited = await record(message_id=8, revision=200, figures={"visitors": 125}, update_id=21)
    before = await snapshot(db)

    original = await record(message_id=8, revision=100, figures={"visitors": 120}, update_id=20)

    assert original.status == "stale" and original.report_id == edited.report_id
    assert original.changes == ()
    assert await stored_figures(db) == {("jiaolou", D, "visitors"): 125}
    after = await snapshot(db)
    assert after["figure_history"] == before["figure_history"]
    assert after["reports"] == before["reports"]


async def test_the_same_revision_again_is_stale(db: Database, record: Record) -> None:
    await record(message_id=8, revision=100, figures={"visitors": 120})
    again = await record(message_id=8, revision=100, figures={"visitors": 130})
    assert again.status == "stale"
    assert await stored_figures(db) == {("jiaolou", D, "visitors"): 120}


# --- closures ---------------------------------------------------------------------------


async def test_a_closure_is_recorded_and_an_edit_withdraws_it(db: Database, record: Record) -> None:
    closed = await record(message_id=3, revision=100, closed=True, user_id=2001, chat_id=2001)

    assert (closed.status, closed.closed) == ("recorded", True)
    row = await db.fetchone(
        "SELECT reported_by FROM closures WHERE report_id = ?", (closed.report_id,)
    )
    assert row is not None and row["reported_by"] == 2001
    assert await closures(db) == {("jiaolou", D, closed.report_id)}

    reopened = await record(
        message_id=3,
        revision=160,
        closed=False,
        figures={"visitors": 40},
        user_id=2001,
        chat_id=2001,
    )
    assert (reopened.status, reopened.closed) == ("recorded", False)
    assert await closures(db) == set()
    assert await stored_figures(db) == {("jiaolou", D, "visitors"): 40}


async def test_an_edit_that_changes_the_day_moves_the_closure(db: Database, record: Record) -> None:
    closed = await record(message_id=3, revision=100, closed=True)
    moved = await record(message_id=3, revision=160, closed=True, day=YESTERDAY)
    assert moved.status == "recorded"
    assert await closures(db) == {("jiaolou", YESTERDAY.isoformat(), closed.report_id)}


# --- the audit trail and replies ----------------------------------------------------------


async def test_figure_history_is_append_only(db: Database, record: Record) -> None:
    await record(figures={"visitors": 120})
    before = await history(db)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        async with db.transaction() as conn:
            await conn.execute("UPDATE figure_history SET new_value = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        async with db.transaction() as conn:
            await conn.execute("DELETE FROM figure_history")
    assert await history(db) == before


async def test_mark_replied_and_already_answered(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    await record(figures={"visitors": 120}, update_id=80)
    assert not await store.updates.already_answered(80)
    await store.updates.mark_replied(80, LATER)
    await store.flush()  # the mark joins a group commit
    assert await store.updates.already_answered(80)
    row = await db.fetchone("SELECT report_id FROM handled_updates WHERE update_id = 80")
    assert row is not None and row["report_id"] is not None  # the claim is kept

    assert not await store.updates.already_answered(81)
    await store.updates.mark_replied(81, LATER)  # an update that stored nothing (a /progress, say)
    await store.updates.mark_replied(81, LATER)
    await store.flush()
    assert await store.updates.already_answered(81)
