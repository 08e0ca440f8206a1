"""Scheduled work on PTB's JobQueue: the weekly digest and the daily reminders.

Times come from the organisation file; each callback wraps ``context.bot`` in a
:class:`~bot.telegram.sender.TelegramSender` and asks the jobs what is due. Catch-up runs at
start-up and retries after a failure call the same jobs; the sent-log keeps each send
exactly-once.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, cast

from telegram.ext import Application, JobQueue

from bot.core.org import Organisation
from bot.jobs.digest import DigestPublisher
from bot.jobs.reminders import run_due
from bot.telegram.context import BotContext
from bot.telegram.sender import TelegramSender

log = logging.getLogger(__name__)

DIGEST_JOB = "weekly-digest"
REMINDER_JOB = "reminders"
RETRY_IN = dt.timedelta(minutes=5)  # after a failed post or an interrupted fan-out
MISFIRE_GRACE = dt.timedelta(hours=6)  # a late-running loop still runs a late job

BotJobQueue = JobQueue[BotContext]


async def digest_job(context: BotContext) -> None:
    """JobQueue callback: post the due digest; on failure try again in a few minutes."""
    try:
        await DigestPublisher(context.services, TelegramSender(context.bot)).publish_due()
    except Exception:
        log.exception("the weekly digest could not be posted; retrying in %s", RETRY_IN)
        jobs = queue_of(context)
        if jobs is not None:
            jobs.run_once(digest_job, RETRY_IN, name=f"{DIGEST_JOB}-retry")


async def reminders_job(context: BotContext) -> None:
    """JobQueue callback: run what is due; when some letter is still owed, look again soon."""
    try:
        reports = await run_due(TelegramSender(context.bot), context.services)
        retry = any(report.retry_needed for report in reports)
    except Exception:
        log.exception("reminders could not be sent; retrying in %s", RETRY_IN)
        retry = True
    jobs = queue_of(context)
    if retry and jobs is not None and not jobs.get_jobs_by_name(f"{REMINDER_JOB}-retry"):
        jobs.run_once(reminders_job, RETRY_IN, name=f"{REMINDER_JOB}-retry")


def queue_of(context: BotContext) -> BotJobQueue | None:
    """The context's job queue, typed as it is (PTB types it by the bot-data type)."""
    return cast("BotJobQueue | None", context.job_queue)


def schedule_jobs(
    application: Application[Any, Any, Any, Any, Any, Any], org: Organisation
) -> None:
    """The weekly digest and the daily reminders at the organisation's times, and
    catch-up runs at start-up."""
    jobs: BotJobQueue | None = application.job_queue
    if jobs is None:
        raise RuntimeError("python-telegram-bot was installed without the job-queue extra")
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


def schedule_reminders(jobs: BotJobQueue, org: Organisation) -> None:
    """A run at each reminder time of the day, and a catch-up run at start-up."""
    schedule = org.schedule
    times = {schedule.reminder_at, schedule.escalate_at, schedule.deadline_reminder_at}
    for at in sorted(times):
        jobs.run_daily(
            reminders_job,
            time=at.replace(tzinfo=org.org.tz),
            name=f"{REMINDER_JOB}-{at:%H%M}",
            job_kwargs={"misfire_grace_time": int(MISFIRE_GRACE.total_seconds()), "coalesce": True},
        )
    # Scheduled before the bot has started: however long start-up takes, it still runs.
    jobs.run_once(
        reminders_job, 0, name=f"{REMINDER_JOB}-catch-up", job_kwargs={"misfire_grace_time": None}
    )


def ptb_weekday(weekday: int) -> int:
    """Python's weekday (0 = Monday) as PTB's ``run_daily`` counts (0 = Sunday)."""
    return (weekday + 1) % 7
