"""Start-up settings: ``LIBBOT_*`` environment variables and an optional ``.env`` file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from dotenv import dotenv_values
from pydantic import SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "LIBBOT_"
DEFAULT_ENV_FILE = Path(".env")
TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


class SettingsError(Exception):
    """A setting is missing or invalid; ``str()`` is one sentence naming the variable."""


class Settings(BaseSettings):
    """Everything the process needs to start; built once and passed down."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=DEFAULT_ENV_FILE,
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        frozen=True,
    )

    token: SecretStr | None = None
    api_base_url: str = TELEGRAM_API_BASE_URL
    db: Path = Path("libbot.sqlite3")
    org: Path = Path("org.toml")
    log_level: str = "INFO"

    @field_validator("token", mode="before")
    @classmethod
    def _check_token(cls, value: object) -> object:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            if "/" in value or any(ch.isspace() for ch in value):
                raise ValueError(
                    "does not look like a bot token (it contains spaces or a slash); "
                    "copy it again from @BotFather"
                )
        return value

    @field_validator("api_base_url")
    @classmethod
    def _check_api_base_url(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"must start with http:// or https:// (got {value!r})")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _check_log_level(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().upper()
            if value not in LOG_LEVELS:
                raise ValueError(f"must be one of {', '.join(LOG_LEVELS)} (got {value!r})")
        return value


def load_settings(
    env: Mapping[str, str] | None = None, env_file: Path | None = DEFAULT_ENV_FILE
) -> Settings:
    """Build the settings from ``env`` (default ``os.environ``) over ``env_file``.

    Only ``LIBBOT_*`` names are read, case-insensitively; empty values count as unset.
    A missing ``env_file`` is ignored.
    """
    values = _defaults()
    if env_file is not None and env_file.is_file():
        values |= _prefixed(dotenv_values(env_file, encoding="utf-8"))
    values |= _prefixed(os.environ if env is None else env)
    try:
        # Every field is given explicitly: validated as data, pydantic-settings' own
        # sources (the environment, ./.env) are not consulted a second time.
        return Settings.model_validate(values)
    except ValidationError as exc:
        raise SettingsError(_describe(exc)) from None


def _defaults() -> dict[str, object]:
    return {name: field.get_default() for name, field in Settings.model_fields.items()}


def _prefixed(environ: Mapping[str, str | None]) -> dict[str, object]:
    """The ``LIBBOT_*`` entries of ``environ`` keyed by field name."""
    values: dict[str, object] = {}
    for key, value in environ.items():
        name = key.upper().removeprefix(ENV_PREFIX).lower()
        if key.upper().startswith(ENV_PREFIX) and name in Settings.model_fields and value:
            values[name] = value
    return values


def _describe(exc: ValidationError) -> str:
    """One sentence for the first error; never echoes the token."""
    error = exc.errors(include_input=False, include_url=False)[0]
    field = str(error["loc"][0]) if error["loc"] else "?"
    variable = f"{ENV_PREFIX}{field.upper()}"
    reason = error.get("ctx", {}).get("error")
    text = str(reason) if reason is not None else error["msg"][:1].lower() + error["msg"][1:]
    return f"{variable} {text}."
