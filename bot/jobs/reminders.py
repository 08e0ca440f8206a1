"""Reminders: staff before figures are due, managers the next morning, everyone who owes a
deadline ahead of its date.

Each job only asks "what is due now?" (:func:`run_due`) and the sent-log answers what went
out already, so the scheduled runs, the catch-up at start-up and a retry after a failure
may all call it, and each person still hears once per (day, kind). What is due:

- the report reminder from ``reminder_at`` until ``report_due`` (later it is no use);
- the escalation about yesterday from ``escalate_at`` on, however late the bot started;
- deadline reminders from ``deadline_reminder_at`` on.
"""

from __future__ import annotations

import datetime as dt

from bot.jobs.delivery import DeliveryReport, Letter
from bot.jobs.sender import Sender
from bot.jobs.services import JobServices

REPORT, ESCALATION, DEADLINES = "report", "escalation", "deadlines"


async def send_report_reminders(
    sender: Sender, services: JobServices, day: dt.date
) -> DeliveryReport:
    """Nudge everyone whose open branch has no figures on ``day``."""
    letters = []
    for person, reminder in await services.reminders.report_reminders(day):
        locale = services.people.locale_for(person, None)
        render = services.renderers.for_locale(locale, person.branches)
        letters.append(Letter(person.user_id, render.report_reminder(person.name, reminder)))
    return await services.delivery.send_all(sender, day, REPORT, letters)


async def send_escalations(sender: Sender, services: JobServices, day: dt.date) -> DeliveryReport:
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
    return await services.delivery.send_all(sender, day, ESCALATION, letters)


async def send_deadline_reminders(
    sender: Sender, services: JobServices, day: dt.date
) -> DeliveryReport:
    """Remind the people whose branches owe a deadline that is due in a reminder's days."""
    due = await services.deadlines.reminders_due(day)
    letters = []
    for person in await services.people.people():
        items = due.get(person.user_id)
        if items:
            render = services.renderers.for_locale(services.people.locale_for(person, None))
            letters.append(Letter(person.user_id, render.deadline_reminder(day, items)))
    return await services.delivery.send_all(sender, day, DEADLINES, letters)


async def run_due(sender: Sender, services: JobServices) -> list[DeliveryReport]:
    """Send whatever is due at this moment and has not gone out."""
    now = services.clock.local()
    today, at = now.date(), now.time()
    schedule = services.org.schedule
    reports = []
    if at >= schedule.escalate_at:
        reports.append(await send_escalations(sender, services, today))
    if at >= schedule.deadline_reminder_at:
        reports.append(await send_deadline_reminders(sender, services, today))
    if schedule.reminder_at <= at < schedule.report_due:
        reports.append(await send_report_reminders(sender, services, today))
    return reports
