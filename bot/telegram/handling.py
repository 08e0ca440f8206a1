"""One inbox entry through the Application's handlers, and what came of it.

An entry is settled (never handled again) when its handlers ran to the end, or when its
answer cannot be delivered: the person blocked the bot or has no chat with it, or the
answer kept failing until it was too old to matter. An error that trying again may mend —
the network, a timeout, Telegram's 5xx, a busy database — leaves it unsettled: it is
handled again later, and what it stored before is not stored twice (its claim in
``handled_updates`` turns the second run into the same answer, sent again).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from typing import TYPE_CHECKING, Any, Literal

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, ApplicationHandlerStop

from bot.telegram.context import BotContext, services_of
from bot.telegram.sender import NO_CHAT
from storage.models import InboxEntry

if TYPE_CHECKING:
    from bot.services.inbox import Inbox

log = logging.getLogger(__name__)

Verdict = Literal["done", "again", "unreachable", "failed"]
HANDLING_KEY = "handling"


def verdict_on(error: BaseException) -> Verdict:
    """What an error raised while handling an update means for its entry."""
    if isinstance(error, Forbidden):
        return "unreachable"
    if isinstance(error, BadRequest):  # a NetworkError in PTB, but not a passing one
        return "unreachable" if any(w in error.message.lower() for w in NO_CHAT) else "failed"
    if isinstance(error, NetworkError | RetryAfter | sqlite3.OperationalError | OSError):
        return "again"
    return "failed"


class UpdateHandling:
    """Runs inbox entries through ``application``; the first of its error handlers."""

    def __init__(self, application: Application[Any, BotContext, Any, Any, Any, Any]) -> None:
        self._app = application
        self._errors: dict[int, BaseException] = {}
        application.add_error_handler(self.on_error)
        application.bot_data[HANDLING_KEY] = self

    @property
    def inbox(self) -> Inbox:
        """The inbox of the running services."""
        return services_of(self._app).inbox

    async def on_error(self, update: object, context: BotContext) -> None:
        """Note the error for the entry; one that trying again may mend, or that says the
        answer cannot be delivered, goes no further (no "it failed" message, no traceback)."""
        error = context.error
        if not isinstance(update, Update) or error is None:
            return
        self._errors[update.update_id] = error
        verdict = verdict_on(error)
        if verdict == "again":
            log.warning("update %s not finished, will try again: %s", update.update_id, error)
            raise ApplicationHandlerStop
        if verdict == "unreachable":
            log.info("update %s: the answer cannot be delivered: %s", update.update_id, error)
            raise ApplicationHandlerStop

    async def handle(self, entry: InboxEntry) -> bool:
        """Handle the entry; True when it is settled, False to try it again later."""
        try:
            data = {**json.loads(entry.raw), "update_id": entry.receipt}
            update = Update.de_json(data, self._app.bot)
        except (ValueError, TypeError, KeyError) as error:
            log.error("update %s cannot be read, skipped: %s", entry.receipt, error)
            self.inbox.settle(entry, "failed")
            return True
        await self._app.process_update(update)
        failure = self._errors.pop(entry.receipt, None)
        verdict: Verdict = "done" if failure is None else verdict_on(failure)
        inbox = self.inbox
        if verdict == "again":
            if not inbox.too_old_to_answer(entry):
                return False
            log.warning("update %s: giving up, its answer kept failing for a day", entry.receipt)
            inbox.settle(entry, "expired")
        else:
            inbox.settle(entry, "handled" if verdict == "done" else verdict)
        return True


def handling_of(application: Application[Any, Any, Any, Any, Any, Any]) -> UpdateHandling:
    """The :class:`UpdateHandling` built for ``application``."""
    handling: UpdateHandling = application.bot_data[HANDLING_KEY]
    return handling
