"""``libbot digest [--week YYYY-Www] [--send]``: print a week's digest, or post it."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from typing import TextIO

from bot.app.services import Services
from bot.core.clock import Clock, SystemClock
from bot.core.org import load_org
from bot.core.org_errors import OrgError
from bot.jobs.digest import DigestPublisher, compose
from bot.offline.standin import render_html
from bot.settings import Settings, load_settings
from bot.telegram.sender import Request, TelegramSender, bare_bot


async def digest_command(
    settings: Settings,
    monday: dt.date | None,
    send: bool,
    out: TextIO | None = None,
    *,
    clock: Clock | None = None,
    request: Request | None = None,
) -> int:
    """Print the digest for the week starting ``monday`` (default: last week); with
    ``send``, post it to the leadership chat unless it was posted before."""
    try:
        org = load_org(settings.org)
    except OrgError as error:
        print(f"libbot: {error}", file=sys.stderr)
        return 2
    token = settings.token.get_secret_value() if settings.token else ""
    if send and not token and request is None:
        print("libbot: --send needs LIBBOT_TOKEN", file=sys.stderr)
        return 2
    services = await Services.start(settings, org, clock or SystemClock())
    try:
        monday = monday or services.digest.last_complete_week()
        render = services.renderers.for_locale(org.org.locale)
        edition = await compose(services, monday, render)
        print(render_html(edition.text), file=out or sys.stdout)
        if not send:
            return 0
        async with bare_bot(token or "0:none", settings.api_base_url, request) as bot:
            result = await DigestPublisher(services, TelegramSender(bot)).publish(monday)
        messages = {
            "posted": "posted to the leadership chat",
            "already": "not posted: this week's digest was posted before",
            "no_chat": "not posted: the organisation file sets no leadership_chat_id",
            "before_start": "not posted: the bot was not running that week and it has no figures",
        }
        print(f"libbot: {messages[result]}", file=sys.stderr)
        return 0 if result == "posted" else 1
    finally:
        await services.close()


def command(args: argparse.Namespace) -> int:
    """Print the week's digest; with ``--send`` post it."""
    return asyncio.run(digest_command(load_settings(), args.week, args.send))
