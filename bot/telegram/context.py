"""The typed callback context: handlers reach services through it, nothing else."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

if TYPE_CHECKING:
    from bot.app.services import Services
    from bot.core.org import Role

SERVICES_KEY = "services"
HELP_KEY = "help"

HelpLines = Callable[["Role"], tuple[str, ...]]
"""The msgids of the /help lines a role sees (the command table answers)."""


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """A :class:`CallbackContext` that knows the application's services."""

    @property
    def services(self) -> Services:
        """The services opened at start-up."""
        return services_of(self.application)

    def help_lines(self, role: Role) -> tuple[str, ...]:
        """The msgids of the /help lines for ``role``, from the command table."""
        lines: HelpLines = self.application.bot_data[HELP_KEY]
        return lines(role)


def attach_services(
    application: Application[Any, Any, Any, Any, Any, Any], services: Services
) -> None:
    """Make ``services`` reachable from every handler's context."""
    application.bot_data[SERVICES_KEY] = services


def attach_help(application: Application[Any, Any, Any, Any, Any, Any], lines: HelpLines) -> None:
    """Make the command table's /help lines reachable from every handler's context."""
    application.bot_data[HELP_KEY] = lines


def opened_services(application: Application[Any, Any, Any, Any, Any, Any]) -> Services | None:
    """The services attached to ``application``, or None before they were opened."""
    services: Services | None = application.bot_data.get(SERVICES_KEY)
    return services


def services_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Services:
    """The services attached to ``application``."""
    services: Services = application.bot_data[SERVICES_KEY]
    return services
