"""``libbot digest [--week YYYY-Www] [--send]``: print a week's digest, or post it."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from typing import TextIO

from telegram.request import BaseRequest

from bot.app.application import build_application
from bot.core.clock import Clock, SystemClock
from bot.core.org import load_org
from bot.core.org_errors import OrgError
from bot.jobs.digest import post_digest
from bot.offline.standin import render_html
from bot.services.container import Services
from bot.settings import Settings, load_settings


async def digest_command(
    settings: Settings,
    monday: dt.date | None,
    send: bool,
    out: TextIO | None = None,
    *,
    clock: Clock | None = None,
    request: BaseRequest | None = None,
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
        text = render.digest(await services.digest.build(monday))
        print(render_html(text), file=out or sys.stdout)
        if not send:
            return 0
        application = build_application(
            services, token=token or "0:none", base_url=settings.api_base_url, request=request
        )
        async with application:
            result = await post_digest(application.bot, services, monday)
        messages = {
            "posted": "posted to the leadership chat",
            "already": "not posted: this week's digest was posted before",
            "no_chat": "not posted: the organisation file sets no leadership_chat_id",
        }
        print(f"libbot: {messages[result]}", file=sys.stderr)
        return 0 if result == "posted" else 1
    finally:
        await services.close()


def command(args: argparse.Namespace) -> int:
    """Print the week's digest; with ``--send`` post it."""
    return asyncio.run(digest_command(load_settings(), args.week, args.send))
