from pathlib import Path

import pytest

import bot.settings
from bot.settings import Settings, SettingsError, load_settings

TOKEN = "123456789:AAFakeTokenForTests_0123456789abcdef"


def test_defaults_when_nothing_is_set() -> None:
    settings = load_settings({}, env_file=None)
    assert settings.token is None
    assert settings.api_base_url == "https://api.telegram.org/bot"
    assert settings.db == Path("libbot.sqlite3")
    assert settings.org == Path("org.toml")
    assert settings.log_level == "INFO"


def test_reads_prefixed_variables_from_the_mapping() -> None:
    env = {
        "LIBBOT_TOKEN": TOKEN,
        "LIBBOT_API_BASE_URL": "http://localhost:8081/bot",
        "libbot_db": "/var/lib/libbot/data.sqlite3",
        "LIBBOT_ORG": "/etc/libbot/org.toml",
        "LIBBOT_LOG_LEVEL": "debug",
        "TOKEN": "not-ours",
    }
    settings = load_settings(env, env_file=None)
    assert settings.token is not None and settings.token.get_secret_value() == TOKEN
    assert settings.api_base_url == "http://localhost:8081/bot"
    assert settings.db == Path("/var/lib/libbot/data.sqlite3")
    assert settings.org == Path("/etc/libbot/org.toml")
    assert settings.log_level == "DEBUG"


def test_a_given_mapping_replaces_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIBBOT_DB", "/elsewhere.sqlite3")
    assert load_settings({}, env_file=None).db == Path("libbot.sqlite3")
    assert load_settings(None, env_file=None).db == Path("/elsewhere.sqlite3")


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"LIBBOT_TOKEN={TOKEN}\nLIBBOT_DB=from-file.sqlite3\nLIBBOT_LOG_LEVEL=warning\n",
        encoding="utf-8",
    )
    settings = load_settings({"LIBBOT_DB": "from-env.sqlite3"}, env_file=env_file)
    assert settings.token is not None and settings.token.get_secret_value() == TOKEN
    assert settings.db == Path("from-env.sqlite3")
    assert settings.log_level == "WARNING"


def test_a_missing_env_file_is_ignored(tmp_path: Path) -> None:
    assert load_settings({}, env_file=tmp_path / "absent.env").token is None


def test_empty_and_padded_tokens() -> None:
    assert load_settings({"LIBBOT_TOKEN": ""}, env_file=None).token is None
    padded = load_settings({"LIBBOT_TOKEN": f"  {TOKEN}\n"}, env_file=None)
    assert padded.token is not None and padded.token.get_secret_value() == TOKEN


def test_bad_log_level_names_the_variable_in_one_sentence() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"LIBBOT_LOG_LEVEL": "loud"}, env_file=None)
    message = str(caught.value)
    assert message.startswith("LIBBOT_LOG_LEVEL must be one of CRITICAL, ERROR, WARNING, INFO")
    assert "LOUD" in message
    assert "\n" not in message and message.endswith(".")
    assert "Traceback" not in message and "pydantic" not in message


def test_bad_token_error_never_shows_the_token() -> None:
    broken = TOKEN[:10] + " " + TOKEN[10:]
    with pytest.raises(SettingsError) as caught:
        load_settings({"LIBBOT_TOKEN": broken}, env_file=None)
    message = str(caught.value)
    assert message.startswith("LIBBOT_TOKEN ")
    assert TOKEN[:10] not in message and TOKEN[10:] not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_bad_api_base_url() -> None:
    with pytest.raises(SettingsError, match=r"^LIBBOT_API_BASE_URL must start with http"):
        load_settings({"LIBBOT_API_BASE_URL": "api.telegram.org/bot"}, env_file=None)


def test_token_stays_out_of_repr() -> None:
    settings = load_settings({"LIBBOT_TOKEN": TOKEN}, env_file=None)
    assert TOKEN not in repr(settings) and TOKEN not in str(settings)
    assert settings.token is not None and settings.token.get_secret_value() == TOKEN


def test_no_settings_instance_is_built_at_import() -> None:
    assert not any(isinstance(value, Settings) for value in vars(bot.settings).values())
