"""The inbox: every update fetched is written down before Telegram is told it arrived, and
handled from there — a kill at any moment loses none.

An update is a repeat only when the same update id comes with the same content (for a
message: the same chat, message id and edit date). Telegram picks the next update id at
random after a week without updates, so an id alone proves nothing: everything new is
stored under a receipt of the bot's own, which never repeats, and handled once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from bot.core.clock import OrgClock
from storage import InboxRepo
from storage.models import FetchedUpdate, InboxEntry, InboxOutcome

# Update fields that carry a message, and so a chat, a message id and an edit date.
MESSAGE_KINDS = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_message",
    "edited_business_message",
)
NO_CHAT = 0  # the key of updates that belong to no chat (inline queries, polls…)
KEEP_HANDLED = dt.timedelta(days=7)  # a repeat is recognised for this long
ANSWER_MAX_AGE = dt.timedelta(hours=24)  # an answer still failing after this is dropped


def kind_of(update: Mapping[str, Any]) -> str:
    """The update's kind: the name of its one field besides ``update_id``."""
    return next((key for key in update if key != "update_id"), "")


def chat_key(update: Mapping[str, Any]) -> int:
    """The chat whose order the update keeps: a tap on a button is in the chat of its
    message; an update in no chat is keyed by its sender, or :data:`NO_CHAT`."""
    body = update.get(kind_of(update))
    if not isinstance(body, dict):
        return NO_CHAT
    message = body.get("message") if "data" in body or "chat_instance" in body else body
    for holder in (message, body):
        if isinstance(holder, dict) and isinstance(holder.get("chat"), dict):
            return int(holder["chat"]["id"])
    sender = body.get("from")
    return int(sender["id"]) if isinstance(sender, dict) else NO_CHAT


def fingerprint(update: Mapping[str, Any]) -> str:
    """What the update is, independent of its id: a message by chat, id and edit date,
    anything else by its content."""
    kind = kind_of(update)
    body = update.get(kind)
    if kind in MESSAGE_KINDS and isinstance(body, dict):
        chat = body.get("chat", {}).get("id")
        return f"{kind}:{chat}:{body.get('message_id')}:{body.get('edit_date', 0)}"
    content = json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
    return f"{kind}:{hashlib.blake2b(content, digest_size=12).hexdigest()}"


class Inbox:
    """Fetched updates in, entries to handle out; each settled once it is handled."""

    def __init__(self, repo: InboxRepo, clock: OrgClock) -> None:
        self._repo = repo
        self._clock = clock

    async def receive(self, updates: Sequence[Mapping[str, Any]]) -> list[InboxEntry]:
        """Write a fetched batch at once (before its offset is acknowledged); the entries
        to handle, in order — a repeat of an update stored before is not among them."""
        fetched = [
            FetchedUpdate(
                int(update["update_id"]),
                fingerprint(update),
                chat_key(update),
                json.dumps(update, ensure_ascii=False, separators=(",", ":")),
            )
            for update in updates
        ]
        return await self._repo.store(fetched, self._clock.now())

    async def unhandled(
        self, chat_key: int | None = None, after: int = 0, limit: int = 10_000
    ) -> list[InboxEntry]:
        """Entries still to be handled, oldest first: after a restart, the ones a kill
        interrupted; with ``chat_key``, one chat's after the receipt ``after``."""
        return await self._repo.unhandled(chat_key, after, limit)

    def settle(self, entry: InboxEntry, outcome: InboxOutcome) -> None:
        """The entry is done with: handled, or its answer given up on."""
        self._repo.settle(entry.receipt, outcome, self._clock.now())

    def too_old_to_answer(self, entry: InboxEntry) -> bool:
        """Whether an answer to the entry would come too late to be worth sending."""
        return self._clock.now() - entry.received_at > ANSWER_MAX_AGE

    async def prune(self) -> int:
        """Forget entries handled long enough ago; how many went."""
        return await self._repo.prune(self._clock.now() - KEEP_HANDLED)
