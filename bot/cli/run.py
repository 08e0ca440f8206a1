"""``libbot run``: long polling until SIGINT/SIGTERM, then a clean shut-down."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

from telegram import Update

from bot.app.application import build_application, publish_commands
from bot.app.logs import configure_logging
from bot.core.clock import SystemClock
from bot.core.org import load_org
from bot.core.org_errors import OrgError
from bot.services.container import Services
from bot.settings import Settings, load_settings

log = logging.getLogger(__name__)


async def run_polling(settings: Settings) -> int:
    """Run the bot with ``settings``; returns the process exit code."""
    token = settings.token.get_secret_value() if settings.token else ""
    configure_logging(settings.log_level, [token] if token else [])
    if not token:
        log.error("LIBBOT_TOKEN is not set; `libbot demo` runs without one")
        return 2
    try:
        org = load_org(settings.org)
    except OrgError as error:
        log.error("%s", error)
        return 2
    services = await Services.start(settings, org, SystemClock())
    application = build_application(services, token=token, base_url=settings.api_base_url)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with application:
            await publish_commands(application, services)
            await application.start()
            assert application.updater is not None
            await application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
            log.info("libbot is running for %s", org.org.name)
            await stop.wait()
            await application.updater.stop()
            await application.stop()
    finally:
        await services.close()
    return 0


def command(args: argparse.Namespace) -> int:
    """Run the bot until a signal stops it."""
    return asyncio.run(run_polling(load_settings()))
