"""The composition root: the Application, every handler registered in one place, and the
start-up and shut-down hooks that open and close the services."""

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

from bot.app.command_table import COMMANDS, help_lines, offered_to
from bot.app.services import Services
from bot.core.clock import Clock
from bot.core.org import Organisation, Role
from bot.render import Renderer
from bot.settings import Settings
from bot.telegram.backoff import retrying
from bot.telegram.context import (
    BotContext,
    attach_help,
    attach_services,
    opened_services,
    services_of,
)
from bot.telegram.handling import UpdateHandling
from bot.telegram.rate_limit import TelegramRateLimiter
from bot.telegram.schedule import schedule_jobs
from handlers import chats, errors, people, reminders, reporting

log = logging.getLogger(__name__)

BotApplication = Application[Any, BotContext, Any, Any, Any, Any]


def build_application(
    settings: Settings,
    org: Organisation,
    clock: Clock,
    *,
    token: str,
    request: BaseRequest | None = None,
    rate_limiter: BaseRateLimiter[Any] | None = None,
) -> BotApplication:
    """The real application; ``request`` swaps the network for a stand-in (tests, demo).

    The services open in ``post_init`` and close in ``post_shutdown``. Every call goes
    through ``rate_limiter`` (by default Telegram's limits on real time). Updates come in
    through the inbox (:class:`~bot.telegram.handling.UpdateHandling`), not PTB's Updater.
    """

    async def post_init(application: BotApplication) -> None:
        """Open the services, make them reachable from handlers, publish the menus
        (retried while the network or Telegram fails)."""
        services = await Services.start(settings, org, clock)
        attach_services(application, services)
        await retrying(lambda: publish_commands(application, services), "setMyCommands")

    async def post_shutdown(application: BotApplication) -> None:
        """Close the services (and so the database), if they were opened."""
        services = opened_services(application)
        if services is not None:
            await services.close()

    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.api_base_url)
        .context_types(ContextTypes(context=BotContext))
        .updater(None)  # polling is bot.telegram.polling's, into the inbox
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    limiter: BaseRateLimiter[Any] = rate_limiter or TelegramRateLimiter()
    application: BotApplication = builder.rate_limiter(limiter).build()
    attach_help(application, help_lines)
    UpdateHandling(application)  # the first error handler: it decides what is tried again
    register_handlers(application)
    schedule_jobs(application, org)
    return application


async def open_application(application: BotApplication) -> Services:
    """Initialise ``application`` and run its start-up hook, without polling (the demo,
    tests); the services it opened."""
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    return services_of(application)


async def close_application(application: BotApplication) -> None:
    """The counterpart of :func:`open_application`."""
    await application.shutdown()
    assert application.post_shutdown is not None
    await application.post_shutdown(application)


def register_handlers(application: BotApplication) -> None:
    """All handlers, by group: lower groups run first and may stop the update."""
    # -4: someone the bot could not reach wrote to it, so reminders may go to them again.
    application.add_handler(TypeHandler(Update, reminders.reachable_again), group=-4)
    # -3: an update answered before changes nothing (handled again after a kill).
    application.add_handler(TypeHandler(Update, chats.skip_answered), group=-3)
    # -2: groups — leave unconfigured ones; in ours, only rostered people's commands.
    application.add_handler(TypeHandler(Update, chats.group_policy), group=-2)
    # -1: an outsider is told how to join at most once a minute; the rest is dropped.
    application.add_handler(TypeHandler(Update, chats.pace_outsiders), group=-1)
    # 0: the command table, each feature's buttons, then free-text and caption reports
    # (and their edits) in private chats, then a hint for any other private message.
    private = filters.ChatType.PRIVATE
    for command in COMMANDS:
        application.add_handler(
            CommandHandler(
                command.name, command.callback, filters=private if command.private else None
            )
        )
    application.add_handler(CallbackQueryHandler(reporting.on_button, pattern=reporting.BUTTONS))
    application.add_handler(
        CallbackQueryHandler(people.on_language, pattern=people.LANGUAGE_BUTTONS)
    )
    application.add_handler(CallbackQueryHandler(chats.unknown_button))  # after every pattern
    application.add_handler(
        MessageHandler(
            private & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND
            & filters.UpdateType.MESSAGES,
            reporting.on_report,
        )
    )  # fmt: skip
    # Last in 0: any other new private message (sticker, bare photo, voice, a command no
    # row above handles) gets a hint; edits of such messages get nothing.
    application.add_handler(
        MessageHandler(private & filters.UpdateType.MESSAGE, reporting.on_anything_else)
    )
    application.add_error_handler(errors.on_error)


def _menu(render: Renderer, role: Role) -> list[BotCommand]:
    return [BotCommand(c.name, render.menu_line(c.menu_for(role))) for c in offered_to(role)]


async def publish_commands(application: BotApplication, services: Services) -> None:
    """Command menus: everyone's in zh and en; managers and admins get theirs in their chat."""
    for locale, language_code in (("en", None), ("zh_CN", "zh"), ("en", "en")):
        render = services.renderers.for_locale(locale)
        await application.bot.set_my_commands(
            _menu(render, "staff"),
            scope=BotCommandScopeDefault(),
            language_code=language_code,
        )
    for person in await services.people.people("manager", "admin"):
        locale = services.people.locale_for(person, None)
        render = services.renderers.for_locale(locale, person.branches)
        try:
            await application.bot.set_my_commands(
                _menu(render, person.role), scope=BotCommandScopeChat(person.user_id)
            )
        except TelegramError as error:  # they never opened a chat with the bot
            log.info("no command menu for %s %s: %s", person.role, person.user_id, error)
