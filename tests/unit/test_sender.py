"""bot.telegram.sender: what each Telegram error means to the jobs, in their own words."""

from __future__ import annotations

import datetime as dt

import pytest
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.jobs.sender import ChatMoved, Refused, RetryLater, SendFailed, Unreachable
from bot.telegram.sender import translate


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (Forbidden("Forbidden: bot was blocked by the user"), "blocked"),
        (BadRequest("Bad Request: chat not found"), "no_chat"),
        (BadRequest("Bad Request: PEER_ID_INVALID"), "no_chat"),
        (BadRequest("Forbidden: user is deactivated"), "no_chat"),
    ],
)
def test_a_chat_that_cannot_be_written_to_is_unreachable(error: Exception, reason: str) -> None:
    assert isinstance(error, (Forbidden, BadRequest))
    translated = translate(error)
    assert isinstance(translated, Unreachable) and translated.reason == reason
    assert str(translated) == str(error)  # what is logged and stored stays Telegram's text


def test_a_message_telegram_refuses_is_refused_not_unreachable() -> None:
    translated = translate(BadRequest("Bad Request: can't parse entities"))
    assert type(translated) is Refused


def test_flood_control_is_retry_later_and_a_moved_group_names_its_new_id() -> None:
    assert type(translate(RetryAfter(dt.timedelta(seconds=30)))) is RetryLater
    moved = translate(ChatMigrated(-1009))
    assert isinstance(moved, ChatMoved) and moved.new_chat_id == -1009


def test_anything_else_is_a_plain_failure_to_retry() -> None:
    translated = translate(NetworkError("connection reset"))
    assert type(translated) is SendFailed
