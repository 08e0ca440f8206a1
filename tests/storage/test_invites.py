"""Invite codes: single use, expiring, enrolling the person on the invite's branch."""

from __future__ import annotations

import datetime as dt

from storage.models import Person
from storage.sqlite import SqliteStorage
from storage.sqlite.db import Database
from tests.storage.sample import NOW, snapshot

EXPIRES = NOW + dt.timedelta(days=3)


async def invite(store: SqliteStorage, code: str = "c0de", role: str = "staff") -> None:
    await store.people.create_invite(code, "jiaolou", role, 3001, NOW, EXPIRES)  # type: ignore[arg-type]


async def test_redeeming_enrols_the_person_on_the_branch(
    store: SqliteStorage, db: Database
) -> None:
    await invite(store, role="manager")
    assert await store.people.redeem_invite("c0de", 4001, "新人", "en", NOW) == (
        "joined",
        "jiaolou",
    )
    assert await store.people.person(4001) == Person(4001, "新人", "manager", "en", ("jiaolou",))
    row = await db.fetchone("SELECT used_by, used_at FROM invites WHERE code = 'c0de'")
    assert row is not None and row["used_by"] == 4001 and row["used_at"] is not None


async def test_a_code_works_once(store: SqliteStorage, db: Database) -> None:
    await invite(store)
    assert (await store.people.redeem_invite("c0de", 4001, "新人", None, NOW))[0] == "joined"
    before = await snapshot(db)

    assert await store.people.redeem_invite("c0de", 4002, "另一人", None, NOW) == (
        "used",
        "jiaolou",
    )
    assert await store.people.person(4002) is None
    # The same person opening the link again is told they joined; nothing changes.
    assert await store.people.redeem_invite("c0de", 4001, "新人", None, NOW) == (
        "joined",
        "jiaolou",
    )
    assert await snapshot(db) == before


async def test_an_expired_code_stores_nothing(store: SqliteStorage, db: Database) -> None:
    await invite(store)
    before = await snapshot(db)
    assert await store.people.redeem_invite("c0de", 4001, "新人", None, EXPIRES) == (
        "expired",
        "jiaolou",
    )
    assert await snapshot(db) == before
    assert await store.people.person(4001) is None
    just_before = EXPIRES - dt.timedelta(seconds=1)
    assert (await store.people.redeem_invite("c0de", 4001, "新人", None, just_before))[
        0
    ] == "joined"


async def test_an_unknown_code(store: SqliteStorage, db: Database) -> None:
    await invite(store)
    before = await snapshot(db)
    assert await store.people.redeem_invite("nope", 4001, "新人", None, NOW) == ("unknown", None)
    assert await snapshot(db) == before


async def test_a_rostered_person_redeeming_gets_the_branch_added(store: SqliteStorage) -> None:
    await store.people.create_invite("main1", "main", "staff", 3001, NOW, EXPIRES)
    assert await store.people.redeem_invite("main1", 1001, "王芳", None, NOW) == ("joined", "main")
    assert await store.people.person(1001) == Person(
        1001, "王芳", "staff", None, ("jiaolou", "main")
    )
