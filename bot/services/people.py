"""Who is writing: the roster, languages, and joining through invite links."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from bot.core.clock import OrgClock
from bot.core.commands import InviteCommand
from bot.core.org import Organisation
from bot.core.outcomes import InviteCreated, InviteRefused
from bot.render.i18n import LOCALES, normalize_locale
from storage import PeopleRepo
from storage.models import BranchRow, Person, RedeemResult, Role, RosterEntry

INVITE_LIFETIME = dt.timedelta(days=3)
ROLES: dict[str, Role] = {"staff": "staff", "manager": "manager", "admin": "admin"}


@dataclass(frozen=True, slots=True)
class JoinResult:
    status: RedeemResult
    branch_name: str | None


class PeopleService:
    """The roster as the organisation file and invites make it."""

    def __init__(self, people: PeopleRepo, org: Organisation, clock: OrgClock) -> None:
        self._store = people
        self._org = org
        self._clock = clock
        # Rostered people by user id. Only this process writes the roster, and every write
        # below drops the entry, so the cache never disagrees with the database.
        self._known: dict[int, Person] = {}

    async def sync_from_org(self) -> None:
        """Store the branches in force (the file's with the chat's changes) and the file's staff."""
        branches = [
            BranchRow(b.code, b.name, b.kind, b.parent, b.closed_weekdays)
            for b in self._org.branches
        ]
        people = [RosterEntry(s.id, s.name, s.role, tuple(s.branches)) for s in self._org.staff]
        await self._store.sync_roster(branches, people, self._clock.now())
        self._known.clear()

    async def person(self, user_id: int) -> Person | None:
        """The rostered person with this Telegram user id (None for outsiders)."""
        known = self._known.get(user_id)
        if known is None:
            known = await self._store.person(user_id)
            if known is not None:
                self._known[user_id] = known
        return known

    async def people(self, *roles: Role) -> list[Person]:
        """Everyone rostered, or only those with one of ``roles``."""
        return await self._store.people(roles or None)

    async def reporters(self) -> dict[str, list[Person]]:
        """Who reports for each branch: the staff and managers who serve it."""
        found: dict[str, list[Person]] = {}
        for person in await self.people("staff", "manager"):
            for code in person.branches:
                found.setdefault(code, []).append(person)
        return found

    def locale_for(self, person: Person | None, language_code: str | None) -> str:
        """The reader's language: own choice, then the org file, then Telegram's, then the org's."""
        if person is not None and person.locale:
            return person.locale
        if person is not None:
            member = self._org.staff_member(person.user_id)
            if member is not None and member.locale:
                return member.locale
        return normalize_locale(language_code) or self._org.org.locale

    async def set_language(self, person: Person, locale: str) -> bool:
        """Remember the language a person picked with /lang (False: not one we speak)."""
        if locale not in LOCALES:
            return False
        await self._store.set_locale(person.user_id, locale)
        self._known.pop(person.user_id, None)
        return True

    async def create_invite(
        self, admin: Person, command: InviteCommand
    ) -> InviteCreated | InviteRefused:
        """``/invite <branch> [role]``: a single-use code that expires."""
        branch = self._org.resolve_branch(command.branch)
        if branch is None:
            return InviteRefused("unknown_branch", command.branch)
        if branch.closed is not None and branch.closed <= self._clock.today():
            return InviteRefused("closed_branch", branch.name)
        role = command.role
        if role not in ROLES:
            return InviteRefused("bad_role", role)
        now = self._clock.now()
        code = secrets.token_urlsafe(12)
        expires = now + INVITE_LIFETIME
        await self._store.create_invite(code, branch.code, ROLES[role], admin.user_id, now, expires)
        return InviteCreated(code, branch.name, ROLES[role], expires)

    async def join(
        self, code: str, user_id: int, name: str, language_code: str | None
    ) -> JoinResult:
        """Redeem an invite code for the person who opened the link."""
        status, branch = await self._store.redeem_invite(
            code, user_id, name, normalize_locale(language_code), self._clock.now()
        )
        self._known.pop(user_id, None)
        branch_name = self._org.branch(branch).name if branch and status == "joined" else None
        return JoinResult(status, branch_name)
