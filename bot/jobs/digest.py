"""The weekly digest to the leadership group, exactly once per (chat, week).

The publisher only asks "is this week's digest posted?"; the sent-log in the database
answers, so the scheduled run, the catch-up at start-up, a retry after a failure and
``libbot digest --send`` may all call it and the digest still goes out once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Literal

from bot.core.digest import Digest
from bot.core.weeks import week_label
from bot.jobs.sender import ChatMoved, Sender, SendFailed
from bot.jobs.services import JobServices
from bot.render import Renderer

log = logging.getLogger(__name__)

PostResult = Literal["posted", "already", "no_chat", "before_start"]


@dataclass(frozen=True, slots=True)
class Edition:
    """One week's digest as one reader gets it: the figures and the text."""

    digest: Digest
    text: str


async def compose(services: JobServices, monday: dt.date, render: Renderer) -> Edition:
    """The digest for the week starting ``monday``, in ``render``'s language."""
    digest = await services.digest.build(monday)
    return Edition(digest, render.digest(digest))


def _charts(digest: Digest, render: Renderer) -> list[tuple[bytes, str]]:
    year = render.digest_chart(digest)
    weeks = render.digest_week_chart(digest)
    weeks_caption = render.t.plural(
        "The last {count} week of the key figures",
        "The last {count} weeks of the key figures",
        len(digest.weeks),
    )
    if gaps := render.gaps(digest.gaps, digest.gaps_before):  # its last bar is short too
        weeks_caption = render.t("{caption} ({gaps})", caption=weeks_caption, gaps=gaps)
    return [
        (png, caption)
        for png, caption in (
            (year, render.t("Year to date against pace")),
            (weeks, weeks_caption),
        )
        if png is not None
    ]


class DigestPublisher:
    """Builds the week's digest and sends it: to the leadership group once (``publish``),
    or to anyone as a preview that claims nothing (``preview``)."""

    def __init__(self, services: JobServices, sender: Sender) -> None:
        self._services = services
        self._sender = sender

    async def publish_due(self) -> PostResult:
        """Post the newest digest that is due, if it has not been posted."""
        return await self.publish(self._services.digest.due_week())

    async def publish(self, monday: dt.date) -> PostResult:
        """Post the digest for the week starting ``monday`` unless it was posted before."""
        services = self._services
        chat = services.org.org.leadership_chat_id
        if chat is None:
            return "no_chat"
        week = week_label(monday)
        if not await services.digest.covers(monday):
            log.info(
                "digest %s not posted: the bot was not running then and it has no figures", week
            )
            return "before_start"
        if not await services.digest.claim(chat, week):
            return "already"
        render = services.renderers.for_locale(services.org.org.locale)
        try:
            edition = await compose(self._services, monday, render)
            sent_to, message_id = await self._send_to_leadership(edition.text)
            await services.digest.sent(chat, week, sent_to, message_id)
        except BaseException:
            await services.digest.release(chat, week)
            raise
        for chart, caption in await self.charts(edition, render):
            try:
                await self._sender.send_photo(sent_to, chart, caption=caption)
            except SendFailed as error:  # the text is what counts; a picture may be lost
                log.warning("digest %s: a chart was not sent: %s", week, error)
        log.info("digest %s posted to %s", week, sent_to)
        return "posted"

    async def preview(self, chat_id: int, monday: dt.date, render: Renderer) -> None:
        """Send the week's digest and its charts to ``chat_id``; nothing is claimed or
        recorded."""
        edition = await compose(self._services, monday, render)
        await self._sender.send_text(chat_id, edition.text)
        for chart, caption in await self.charts(edition, render):
            await self._sender.send_photo(chat_id, chart, caption=caption)

    async def charts(self, edition: Edition, render: Renderer) -> list[tuple[bytes, str]]:
        """The digest's charts with their captions, drawn off the event loop: the year to
        date against pace, then the last weeks of the key counts (each when it has
        something to draw)."""
        return await asyncio.to_thread(_charts, edition.digest, render)

    async def _send_to_leadership(self, text: str) -> tuple[int, int]:
        """Send to the leadership group, following it if it became a supergroup; the
        chat it went to and the id of the last message."""
        chats = self._services.chats
        chat = chats.leadership_chat
        assert chat is not None
        try:
            return chat, await self._sender.send_text(chat, text)
        except ChatMoved as moved:
            await chats.chat_moved(chat, moved.new_chat_id)
            return moved.new_chat_id, await self._sender.send_text(moved.new_chat_id, text)
