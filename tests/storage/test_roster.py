"""The roster: synced from the organisation file, joined through invites."""

from __future__ import annotations

import dataclasses

from storage.models import BranchRow, Person, RosterEntry
from storage.sqlite import SqliteStorage
from storage.sqlite.db import Database
from tests.storage.sample import BRANCHES, NOW, PEOPLE, Record, snapshot, stored_figures


async def test_the_file_becomes_the_roster(store: SqliteStorage) -> None:
    assert await store.people.person(1001) == Person(1001, "王芳", "staff", None, ("jiaolou",))
    assert await store.people.person(2001) == Person(
        2001, "李强", "manager", None, ("jiaolou", "main")
    )
    assert await store.people.person(3001) == Person(3001, "赵敏", "admin", None, ())
    assert await store.people.person(9999) is None
    assert {b.code: b for b in await store.people.branches()} == {b.code: b for b in BRANCHES}


async def test_sync_is_idempotent(store: SqliteStorage, db: Database) -> None:
    before = await snapshot(db)
    await store.people.sync_roster(BRANCHES, PEOPLE, NOW)
    await store.people.sync_roster(BRANCHES, PEOPLE, NOW)
    assert await snapshot(db) == before


async def test_sync_applies_changes_to_people_and_branches(store: SqliteStorage) -> None:
    renamed = dataclasses.replace(BRANCHES[0], name="角楼分馆", closed_weekdays=frozenset({0, 6}))
    promoted = RosterEntry(1001, "王芳", "manager", ("jiaolou", "main"))
    await store.people.sync_roster((renamed, BRANCHES[1]), (promoted, *PEOPLE[1:]), NOW)
    assert await store.people.person(1001) == Person(
        1001, "王芳", "manager", None, ("jiaolou", "main")
    )
    assert renamed in await store.people.branches()


async def test_sync_deactivates_what_left_the_file_and_keeps_its_figures(
    store: SqliteStorage, db: Database, record: Record
) -> None:
    await record(figures={"visitors": 120})
    before = await stored_figures(db)

    await store.people.sync_roster(
        BRANCHES[1:], PEOPLE[1:2], NOW
    )  # jiaolou, 1001 and 3001 are gone

    assert [b.code for b in await store.people.branches()] == ["main"]
    assert await store.people.person(1001) is None
    assert await store.people.person(3001) is None
    assert [p.user_id for p in await store.people.people()] == [2001]
    assert await stored_figures(db) == before
    history = await db.fetchall("SELECT COUNT(*) AS n FROM figure_history")
    assert history[0]["n"] == 1

    await store.people.sync_roster(BRANCHES, PEOPLE, NOW)  # and they come back
    assert await store.people.person(1001) == Person(1001, "王芳", "staff", None, ("jiaolou",))
    assert {b.code for b in await store.people.branches()} == {"main", "jiaolou"}


async def test_a_deactivated_branch_is_no_longer_anyones_branch(store: SqliteStorage) -> None:
    await store.people.enrol(4001, "新人", "staff", "jiaolou", None, NOW)
    await store.people.sync_roster(
        BRANCHES[1:], (RosterEntry(2001, "李强", "manager", ("main",)),), NOW
    )
    assert await store.people.person(2001) == Person(2001, "李强", "manager", None, ("main",))
    assert await store.people.person(4001) == Person(4001, "新人", "staff", None, ())
    assert [p.branches for p in await store.people.people()] == [("main",), ()]


async def test_sync_keeps_people_who_joined_by_invite(store: SqliteStorage) -> None:
    await store.people.enrol(4001, "新人", "staff", "main", "en", NOW)
    await store.people.sync_roster(BRANCHES, PEOPLE, NOW)
    assert await store.people.person(4001) == Person(4001, "新人", "staff", "en", ("main",))


async def test_someone_who_left_the_file_and_rejoins_by_invite_stays(store: SqliteStorage) -> None:
    await store.people.sync_roster(BRANCHES, PEOPLE[1:], NOW)  # 1001 leaves the file
    assert await store.people.person(1001) is None

    await store.people.enrol(1001, "王芳", "staff", "main", None, NOW)  # and joins main by invite
    assert await store.people.person(1001) == Person(1001, "王芳", "staff", None, ("main",))

    await store.people.sync_roster(BRANCHES, PEOPLE[1:], NOW)  # the next start-up
    assert await store.people.person(1001) == Person(1001, "王芳", "staff", None, ("main",))


async def test_people_by_role(store: SqliteStorage) -> None:
    everyone = await store.people.people()
    assert [p.user_id for p in everyone] == [1001, 2001, 3001]
    assert [p.user_id for p in await store.people.people(roles=["manager", "admin"])] == [
        2001,
        3001,
    ]
    assert [p.user_id for p in await store.people.people(roles=("staff",))] == [1001]
    assert await store.people.people(roles=[]) == []
    assert everyone[1] == await store.people.person(2001)


async def test_set_locale(store: SqliteStorage) -> None:
    await store.people.set_locale(1001, "en")
    assert (await store.people.person(1001)) == Person(1001, "王芳", "staff", "en", ("jiaolou",))
    await store.people.sync_roster(
        BRANCHES, PEOPLE, NOW
    )  # the file does not reset a chosen language
    assert (await store.people.person(1001)).locale == "en"  # type: ignore[union-attr]


async def test_enrol_adds_a_person_or_a_branch(store: SqliteStorage) -> None:
    await store.people.enrol(4001, "新人", "staff", "main", "zh_CN", NOW)
    assert await store.people.person(4001) == Person(4001, "新人", "staff", "zh_CN", ("main",))
    await store.people.enrol(4001, "新人", "staff", "jiaolou", "zh_CN", NOW)
    await store.people.enrol(4001, "新人", "staff", "jiaolou", "zh_CN", NOW)
    assert await store.people.person(4001) == Person(
        4001, "新人", "staff", "zh_CN", ("jiaolou", "main")
    )
    await store.people.enrol(
        1001, "王芳", "admin", "main", None, NOW
    )  # an invite never changes a role
    assert await store.people.person(1001) == Person(
        1001, "王芳", "staff", None, ("jiaolou", "main")
    )


async def test_branch_rows_keep_parent_and_closing_days(store: SqliteStorage) -> None:
    extra = BranchRow("sp_1", "服务点", "service_point", "jiaolou", frozenset({0, 1}))
    await store.people.sync_roster((extra, *BRANCHES), PEOPLE, NOW)
    assert extra in await store.people.branches()
