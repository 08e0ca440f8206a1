"""Scheduled work through PTB's JobQueue: the weekly digest to the leadership group
(and, from bot/reminder_jobs.py, the daily reminders).

The job only asks "is a digest due and not yet posted?"; the sent-log in the database
answers, so the regular run, the catch-up at start-up and a retry after a failure can
all call it and the digest still goes out once per (chat, week).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any, Literal

from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import ChatMigrated, TelegramError
from telegram.ext import Application

from bot.core.weeks import week_label
from bot.jobs.reminders import schedule_reminders
from bot.render.base import split_text
from bot.services.container import Services
from bot.telegram.context import BotContext, services_of

log = logging.getLogger(__name__)

DIGEST_JOB = "weekly-digest"
RETRY_IN = dt.timedelta(minutes=5)  # after a failed post
MISFIRE_GRACE = dt.timedelta(hours=6)  # a late-running loop still posts; start-up catches up later

PostResult = Literal["posted", "already", "no_chat"]


async def post_digest(bot: Bot, services: Services, monday: dt.date) -> PostResult:
    """Post the digest for the week starting ``monday`` unless it was posted before."""
    chat = services.org.org.leadership_chat_id
    if chat is None:
        return "no_chat"
    week = week_label(monday)
    if not await services.digest.claim(chat, week):
        return "already"
    render = services.renderers.for_locale(services.org.org.locale)
    try:
        digest = await services.digest.build(monday)
        message = await _send_text(bot, services, render.digest(digest))
        await services.digest.sent(chat, week, message.chat_id, message.message_id)
    except BaseException:
        await services.digest.release(chat, week)
        raise
    chart = await asyncio.to_thread(services.digest.chart, digest, render.t)
    if chart is not None:
        try:
            await bot.send_photo(
                message.chat_id, chart, caption=render.t("Year to date against pace")
            )
        except TelegramError as error:  # the text is what counts; the picture may be lost
            log.warning("digest %s: the chart was not sent: %s", week, error)
    log.info("digest %s posted to %s", week, message.chat_id)
    return "posted"


async def post_due_digest(bot: Bot, services: Services) -> PostResult:
    """Post the newest digest that is due, if it has not been posted."""
    return await post_digest(bot, services, services.digest.due_week())


async def _send_text(bot: Bot, services: Services, text: str) -> Message:
    """Send to the leadership group, following it if it became a supergroup."""
    chat = services.chats.leadership_chat
    assert chat is not None
    try:
        return await _send_parts(bot, chat, text)
    except ChatMigrated as moved:
        await services.chats.chat_moved(chat, moved.new_chat_id)
        return await _send_parts(bot, moved.new_chat_id, text)


async def _send_parts(bot: Bot, chat_id: int, text: str) -> Message:
    *first, last = split_text(text)
    for part in first:
        await bot.send_message(chat_id, part, parse_mode=ParseMode.HTML)
    return await bot.send_message(chat_id, last, parse_mode=ParseMode.HTML)


async def digest_job(context: BotContext) -> None:
    """JobQueue callback: post the due digest; on failure try again in a few minutes."""
    try:
        await post_due_digest(context.bot, context.services)
    except Exception:
        log.exception("the weekly digest could not be posted; retrying in %s", RETRY_IN)
        if context.job_queue is not None:
            context.job_queue.run_once(digest_job, RETRY_IN, name=f"{DIGEST_JOB}-retry")


def schedule_jobs(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """The weekly digest and the daily reminders at the organisation's times, and
    catch-up runs at start-up."""
    jobs = application.job_queue
    if jobs is None:
        raise RuntimeError("python-telegram-bot was installed without the job-queue extra")
    org = services_of(application).org
    schedule = org.schedule
    jobs.run_daily(
        digest_job,
        time=schedule.digest_time.replace(tzinfo=org.org.tz),
        days=(ptb_weekday(schedule.digest_weekday),),
        name=DIGEST_JOB,
        job_kwargs={"misfire_grace_time": int(MISFIRE_GRACE.total_seconds()), "coalesce": True},
    )
    # Scheduled before the bot has started: however long start-up takes, it still runs.
    jobs.run_once(
        digest_job, 0, name=f"{DIGEST_JOB}-catch-up", job_kwargs={"misfire_grace_time": None}
    )
    schedule_reminders(jobs, org)


def ptb_weekday(weekday: int) -> int:
    """Python's weekday (0 = Monday) as PTB's ``run_daily`` counts (0 = Sunday)."""
    return (weekday + 1) % 7
