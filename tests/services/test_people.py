"""PeopleService: the roster from the organisation file, languages, invites."""

from __future__ import annotations

import pytest

from bot.core.clock import ManualClock, OrgClock
from bot.core.commands import InviteCommand, parse_invite
from bot.core.org import Organisation
from bot.core.outcomes import InviteCreated, InviteRefused
from bot.services.people import INVITE_LIFETIME, PeopleService
from storage import Storage
from storage.models import Person


@pytest.fixture
async def people(storage: Storage, org: Organisation, clock: OrgClock) -> PeopleService:
    service = PeopleService(storage.people, org, clock)
    await service.sync_from_org()
    return service


async def test_the_organisation_file_becomes_the_roster(people: PeopleService) -> None:
    assert await people.person(1001) == Person(1001, "王芳", "staff", None, ("jiaolou",))
    assert await people.person(777) is None
    assert [p.user_id for p in await people.people("manager", "admin")] == [1002, 1003]


async def test_reporters_are_the_staff_and_managers_of_each_branch(people: PeopleService) -> None:
    reporters = await people.reporters()
    assert {code: [p.user_id for p in found] for code, found in reporters.items()} == {
        "jiaolou": [1001, 1002],
        "jingshan": [1002],
    }


async def test_a_chosen_language_is_stored_and_wins(people: PeopleService) -> None:
    wang = await people.person(1001)
    assert wang is not None
    assert people.locale_for(wang, "en") == "en"  # Telegram's language, none chosen yet
    assert not await people.set_language(wang, "fr")
    assert await people.set_language(wang, "en")
    chosen = await people.person(1001)
    assert chosen is not None and chosen.locale == "en"
    assert people.locale_for(chosen, "zh-hans") == "en"


async def test_the_org_file_language_comes_before_telegram_s(people: PeopleService) -> None:
    li = await people.person(1002)
    assert people.locale_for(li, "zh-hans") == "en"
    assert people.locale_for(None, None) == "zh_CN"  # the organisation's


async def test_an_invite_enrols_once_and_then_is_used(people: PeopleService) -> None:
    admin = await people.person(1003)
    assert admin is not None
    created = await people.create_invite(admin, InviteCommand("角楼图书馆", "manager"))
    assert isinstance(created, InviteCreated)
    assert (created.branch_name, created.role) == ("角楼图书馆", "manager")

    joined = await people.join(created.code, 4001, "新人", "en")
    assert (joined.status, joined.branch_name) == ("joined", "角楼图书馆")
    assert await people.person(4001) == Person(4001, "新人", "manager", "en", ("jiaolou",))
    assert (await people.join(created.code, 4002, "另一人", None)).status == "used"
    assert await people.person(4002) is None


async def test_an_expired_or_unknown_invite_enrols_nobody(
    people: PeopleService, clock: OrgClock, manual: ManualClock
) -> None:
    admin = await people.person(1003)
    assert admin is not None
    created = await people.create_invite(admin, InviteCommand("jiaolou", "staff"))
    assert isinstance(created, InviteCreated)
    assert created.expires_at == clock.now() + INVITE_LIFETIME
    manual.advance(days=4)
    assert (await people.join(created.code, 4001, "新人", None)).status == "expired"
    assert (await people.join("nope", 4001, "新人", None)).status == "unknown"
    assert await people.person(4001) is None


@pytest.mark.parametrize(
    ("args", "refusal"),
    [(["nowhere"], "unknown_branch"), (["jiaolou", "boss"], "bad_role")],
)
async def test_a_bad_invite_request_is_refused(
    people: PeopleService, args: list[str], refusal: str
) -> None:
    admin = await people.person(1003)
    assert admin is not None
    command = parse_invite(args)
    assert isinstance(command, InviteCommand)
    refused = await people.create_invite(admin, command)
    assert isinstance(refused, InviteRefused) and refused.reason == refusal
