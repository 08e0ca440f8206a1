"""``libbot run``: long polling until SIGINT/SIGTERM, then a clean shut-down."""

from __future__ import annotations

import argparse
import asyncio
import logging

from bot.app.application import build_application
from bot.app.logs import configure_logging, guard_output
from bot.app.runner import StartupError, run
from bot.core.clock import Clock, SystemClock
from bot.core.org import load_org
from bot.core.org_errors import OrgError
from bot.settings import Settings, load_settings

log = logging.getLogger(__name__)


def run_polling(settings: Settings, clock: Clock | None = None) -> int:
    """Run the bot with ``settings`` on ``clock`` (the machine's by default; process tests
    pass one set to the moment they need); returns the process exit code.

    The runner starts up through the Application's hooks, polls into the inbox until a
    stop signal, then shuts down. A start-up that cannot succeed is one line and exit 2
    (the token or base URL) or 1 (the database); the token is in no output at all.
    """
    token = settings.token.get_secret_value() if settings.token else ""
    guard_output([token])
    configure_logging(settings.log_level, [token] if token else [])
    if not token:
        log.error("LIBBOT_TOKEN is not set; `libbot demo` runs without one")
        return 2
    try:
        org = load_org(settings.org)
    except OrgError as error:
        log.error("%s", error)
        return 2
    application = build_application(settings, org, clock or SystemClock(), token=token)
    log.info("libbot is starting for %s", org.org.name)
    try:
        asyncio.run(run(application, settings.api_base_url, settings.db))
    except StartupError as error:
        log.error("%s", error)
        return error.exit_code
    log.info("libbot stopped")
    return 0


def command(args: argparse.Namespace) -> int:
    """Run the bot until a signal stops it."""
    return run_polling(load_settings())
