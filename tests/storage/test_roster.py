"""The roster: synced from the organisation file, joined through invites."""

from __future__ import annotations

import dataclasses

from storage.db import Database
from storage.models import BranchRow, Person
from storage.roster import RosterEntry, branches, enrol, people, person, set_locale, sync_roster
from tests.storage.sample import BRANCHES, NOW, PEOPLE, Record, snapshot, stored_figures


async def test_the_file_becomes_the_roster(db: Database) -> None:
    assert await person(db, 1001) == Person(1001, "王芳", "staff", None, ("jiaolou",))
    assert await person(db, 2001) == Person(2001, "李强", "manager", None, ("jiaolou", "main"))
    assert await person(db, 3001) == Person(3001, "赵敏", "admin", None, ())
    assert await person(db, 9999) is None
    assert {b.code: b for b in await branches(db)} == {b.code: b for b in BRANCHES}


async def test_sync_is_idempotent(db: Database) -> None:
    before = await snapshot(db)
    await sync_roster(db, BRANCHES, PEOPLE, NOW)
    await sync_roster(db, BRANCHES, PEOPLE, NOW)
    assert await snapshot(db) == before


async def test_sync_applies_changes_to_people_and_branches(db: Database) -> None:
    renamed = dataclasses.replace(BRANCHES[0], name="角楼分馆", closed_weekdays=frozenset({0, 6}))
    promoted = RosterEntry(1001, "王芳", "manager", ("jiaolou", "main"))
    await sync_roster(db, (renamed, BRANCHES[1]), (promoted, *PEOPLE[1:]), NOW)
    assert await person(db, 1001) == Person(1001, "王芳", "manager", None, ("jiaolou", "main"))
    assert renamed in await branches(db)


async def test_sync_deactivates_what_left_the_file_and_keeps_its_figures(
    db: Database, record: Record
) -> None:
    await record(figures={"visitors": 120})
    before = await stored_figures(db)

    await sync_roster(db, BRANCHES[1:], PEOPLE[1:2], NOW)  # jiaolou, 1001 and 3001 are gone

    assert [b.code for b in await branches(db)] == ["main"]
    assert await person(db, 1001) is None
    assert await person(db, 3001) is None
    assert [p.user_id for p in await people(db)] == [2001]
    assert await stored_figures(db) == before
    history = await db.fetchall("SELECT COUNT(*) AS n FROM figure_history")
    assert history[0]["n"] == 1

    await sync_roster(db, BRANCHES, PEOPLE, NOW)  # and they come back
    assert await person(db, 1001) == Person(1001, "王芳", "staff", None, ("jiaolou",))
    assert {b.code for b in await branches(db)} == {"main", "jiaolou"}


async def test_a_deactivated_branch_is_no_longer_anyones_branch(db: Database) -> None:
    await enrol(db, 4001, "新人", "staff", "jiaolou", None, NOW)
    await sync_roster(db, BRANCHES[1:], (RosterEntry(2001, "李强", "manager", ("main",)),), NOW)
    assert await person(db, 2001) == Person(2001, "李强", "manager", None, ("main",))
    assert await person(db, 4001) == Person(4001, "新人", "staff", None, ())
    assert [p.branches for p in await people(db)] == [("main",), ()]


async def test_sync_keeps_people_who_joined_by_invite(db: Database) -> None:
    await enrol(db, 4001, "新人", "staff", "main", "en", NOW)
    await sync_roster(db, BRANCHES, PEOPLE, NOW)
    assert await person(db, 4001) == Person(4001, "新人", "staff", "en", ("main",))


async def test_someone_who_left_the_file_and_rejoins_by_invite_stays(db: Database) -> None:
    await sync_roster(db, BRANCHES, PEOPLE[1:], NOW)  # 1001 leaves the file
    assert await person(db, 1001) is None

    await enrol(db, 1001, "王芳", "staff", "main", None, NOW)  # and joins main by invite
    assert await person(db, 1001) == Person(1001, "王芳", "staff", None, ("main",))

    await sync_roster(db, BRANCHES, PEOPLE[1:], NOW)  # the next start-up
    assert await person(db, 1001) == Person(1001, "王芳", "staff", None, ("main",))


async def test_people_by_role(db: Database) -> None:
    everyone = await people(db)
    assert [p.user_id for p in everyone] == [1001, 2001, 3001]
    assert [p.user_id for p in await people(db, roles=["manager", "admin"])] == [2001, 3001]
    assert [p.user_id for p in await people(db, roles=("staff",))] == [1001]
    assert await people(db, roles=[]) == []
    assert everyone[1] == await person(db, 2001)


async def test_set_locale(db: Database) -> None:
    await set_locale(db, 1001, "en")
    assert (await person(db, 1001)) == Person(1001, "王芳", "staff", "en", ("jiaolou",))
    await sync_roster(db, BRANCHES, PEOPLE, NOW)  # the file does not reset a chosen language
    assert (await person(db, 1001)).locale == "en"  # type: ignore[union-attr]


async def test_enrol_adds_a_person_or_a_branch(db: Database) -> None:
    await enrol(db, 4001, "新人", "staff", "main", "zh_CN", NOW)
    assert await person(db, 4001) == Person(4001, "新人", "staff", "zh_CN", ("main",))
    await enrol(db, 4001, "新人", "staff", "jiaolou", "zh_CN", NOW)
    await enrol(db, 4001, "新人", "staff", "jiaolou", "zh_CN", NOW)
    assert await person(db, 4001) == Person(4001, "新人", "staff", "zh_CN", ("jiaolou", "main"))
    await enrol(db, 1001, "王芳", "admin", "main", None, NOW)  # an invite never changes a role
    assert await person(db, 1001) == Person(1001, "王芳", "staff", None, ("jiaolou", "main"))


async def test_branch_rows_keep_parent_and_closing_days(db: Database) -> None:
    extra = BranchRow("sp_1", "服务点", "service_point", "jiaolou", frozenset({0, 1}))
    await sync_roster(db, (extra, *BRANCHES), PEOPLE, NOW)
    assert extra in await branches(db)
