"""The typed callback context: handlers reach services through it, nothing else."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

if TYPE_CHECKING:
    from bot.services.container import Services

SERVICES_KEY = "services"


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """A :class:`CallbackContext` that knows the application's services."""

    @property
    def services(self) -> Services:
        """The services built at start-up."""
        return services_of(self.application)


def attach_services(
    application: Application[Any, Any, Any, Any, Any, Any], services: Services
) -> None:
    """Make ``services`` reachable from every handler's context."""
    application.bot_data[SERVICES_KEY] = services


def services_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Services:
    """The services attached to ``application``."""
    services: Services = application.bot_data[SERVICES_KEY]
    return services
