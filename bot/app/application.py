"""Wiring: every handler registered in one place, start-up and shut-down hooks."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.jobs.digest import schedule_jobs
from bot.services.container import Services
from bot.telegram.context import BotContext, attach_services
from bot.telegram.ordering import PerChatUpdateProcessor
from bot.telegram.rate_limit import TelegramRateLimiter
from handlers import (
    buttons,
    chats,
    commands,
    deadlines,
    digest,
    errors,
    export,
    reminders,
    reporting,
)

log = logging.getLogger(__name__)

BotApplication = Application[Any, BotContext, Any, Any, Any, Any]

STAFF_COMMANDS = (
    "start", "help", "report", "today", "undo", "progress", "deadlines", "done", "mute",
    "unmute", "lang",
)  # fmt: skip
MANAGER_COMMANDS = ("missing", "digest", "export", "deadline")
ADMIN_COMMANDS = ("invite",)


def build_application(
    services: Services,
    *,
    token: str,
    base_url: str | None = None,
    request: BaseRequest | None = None,
    rate_limiter: BaseRateLimiter[Any] | None = None,
) -> BotApplication:
    """The real application; ``request`` swaps the network for a stand-in (tests, demo).

    Every call goes through ``rate_limiter`` (by default Telegram's limits on real time).
    """
    builder = (
        ApplicationBuilder()
        .token(token)
        .context_types(ContextTypes(context=BotContext))
        .concurrent_updates(PerChatUpdateProcessor())
    )
    if base_url:
        builder = builder.base_url(base_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    builder = builder.rate_limiter(rate_limiter or TelegramRateLimiter())
    application: BotApplication = builder.build()
    attach_services(application, services)
    register_handlers(application)
    schedule_jobs(application)
    return application


def register_handlers(application: BotApplication) -> None:
    """All handlers, by group: lower groups run first and may stop the update."""
    # -3: someone the bot could not reach wrote to it, so reminders may go to them again.
    application.add_handler(TypeHandler(Update, reminders.reachable_again), group=-3)
    # -2: an update answered before changes nothing (Telegram may deliver it twice).
    application.add_handler(TypeHandler(Update, chats.skip_answered), group=-2)
    # -1: groups — leave unconfigured ones; in ours, only rostered people's commands.
    application.add_handler(TypeHandler(Update, chats.group_policy), group=-1)
    # 0: commands, buttons, then free-text reports (and their edits) in private chats.
    for name, callback in (
        ("start", commands.start),
        ("help", commands.help_command),
        ("today", commands.today),
        ("undo", commands.undo),
        ("lang", commands.lang),
        ("progress", commands.progress),
        ("invite", commands.invite),
        ("export", export.export),
        ("digest", digest.digest),
        ("missing", digest.missing),
        ("deadline", deadlines.deadline),
        ("deadlines", deadlines.deadlines),
        ("done", deadlines.done),
        ("mute", reminders.mute),
        ("unmute", reminders.unmute),
    ):
        application.add_handler(CommandHandler(name, callback))
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("report", reporting.on_report, filters=private))
    application.add_handler(CallbackQueryHandler(buttons.on_button))
    application.add_handler(
        MessageHandler(
            private & filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGES,
            reporting.on_report,
        )
    )
    application.add_error_handler(errors.on_error)


async def publish_commands(application: BotApplication, services: Services) -> None:
    """Command menus: everyone's in zh and en; managers and admins get theirs in their chat."""
    for locale, language_code in (("en", None), ("zh_CN", "zh"), ("en", "en")):
        render = services.renderers.for_locale(locale)
        await application.bot.set_my_commands(
            [BotCommand(name, render.command_description(name)) for name in STAFF_COMMANDS],
            scope=BotCommandScopeDefault(),
            language_code=language_code,
        )
    for person in await services.people.people("manager", "admin"):
        render = services.renderers.for_locale(services.people.locale_for(person, None))
        names = STAFF_COMMANDS + MANAGER_COMMANDS
        if person.role == "admin":
            names += ADMIN_COMMANDS
        try:
            await application.bot.set_my_commands(
                [BotCommand(name, render.command_description(name)) for name in names],
                scope=BotCommandScopeChat(person.user_id),
            )
        except TelegramError as error:  # they never opened a chat with the bot
            log.info("no command menu for %s %s: %s", person.role, person.user_id, error)
