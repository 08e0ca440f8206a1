"""Reminders through PTB's JobQueue: staff before figures are due, managers the next
morning, everyone who owes a deadline ahead of its date.

Each job only asks "what is due now?" (:func:`run_due`) and the sent-log answers what went
out already, so the scheduled runs, the catch-up at start-up and a retry after a failure
may all call it, and each person still hears once per (day, kind). What is due:

- the report reminder from ``reminder_at`` until ``report_due`` (later it is no use);
- the escalation about yesterday from ``escalate_at`` on, however late the bot started;
- deadline reminders from ``deadline_reminder_at`` on.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from telegram import Bot
from telegram.ext import JobQueue

from bot.core.org import Organisation
from bot.jobs.delivery import DeliveryReport, Letter
from bot.services.container import Services
from bot.telegram.context import BotContext

log = logging.getLogger(__name__)

REPORT, ESCALATION, DEADLINES = "report", "escalation", "deadlines"
REMINDER_JOB = "reminders"
RETRY_IN = dt.timedelta(minutes=5)  # after a failed or interrupted fan-out
MISFIRE_GRACE = dt.timedelta(hours=6)  # a busy loop runs a late job instead of skipping it


async def send_report_reminders(bot: Bot, services: Services, day: dt.date) -> DeliveryReport:
    """Nudge everyone whose open branch has no figures on ``day``."""
    letters = []
    for person, reminder in await services.reminders.report_reminders(day):
        render = services.renderers.for_locale(services.people.locale_for(person, None))
        letters.append(Letter(person.user_id, render.report_reminder(person.name, reminder)))
    return await services.delivery.send_all(bot, day, REPORT, letters)


async def send_escalations(bot: Bot, services: Services, day: dt.date) -> DeliveryReport:
    """Tell the managers which branches sent nothing the day before ``day``, and which
    deadlines are overdue; nothing when all is well."""
    missed = await services.reminders.escalation(
        day - dt.timedelta(days=1), services.delivery.unreachable
    )
    overdue = await services.deadlines.overdue(day)
    if not missed.missing and not overdue:
        return DeliveryReport()
    letters = []
    for manager in await services.reminders.managers():
        render = services.renderers.for_locale(services.people.locale_for(manager, None))
        text = render.escalation(missed, render.overdue_lines(overdue))
        letters.append(Letter(manager.user_id, text))
    return await services.delivery.send_all(bot, day, ESCALATION, letters)


async def send_deadline_reminders(bot: Bot, services: Services, day: dt.date) -> DeliveryReport:
    """Remind the people whose branches owe a deadline that is due in a reminder's days."""
    due = await services.deadlines.reminders_due(day)
    letters = []
    for person in await services.people.people():
        items = due.get(person.user_id)
        if items:
            render = services.renderers.for_locale(services.people.locale_for(person, None))
            letters.append(Letter(person.user_id, render.deadline_reminder(day, items)))
    return await services.delivery.send_all(bot, day, DEADLINES, letters)


async def run_due(bot: Bot, services: Services) -> list[DeliveryReport]:
    """Send whatever is due at this moment and has not gone out."""
    now = services.clock.local()
    today, at = now.date(), now.time()
    schedule = services.org.schedule
    reports = []
    if at >= schedule.escalate_at:
        reports.append(await send_escalations(bot, services, today))
    if at >= schedule.deadline_reminder_at:
        reports.append(await send_deadline_reminders(bot, services, today))
    if schedule.reminder_at <= at < schedule.report_due:
        reports.append(await send_report_reminders(bot, services, today))
    return reports


async def reminders_job(context: BotContext) -> None:
    """JobQueue callback: run what is due; when some letter is still owed, look again soon."""
    try:
        retry = any(report.retry_needed for report in await run_due(context.bot, context.services))
    except Exception:
        log.exception("reminders could not be sent; retrying in %s", RETRY_IN)
        retry = True
    jobs = context.job_queue
    if retry and jobs is not None and not jobs.get_jobs_by_name(f"{REMINDER_JOB}-retry"):
        jobs.run_once(reminders_job, RETRY_IN, name=f"{REMINDER_JOB}-retry")


def schedule_reminders(jobs: JobQueue[Any], org: Organisation) -> None:
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
