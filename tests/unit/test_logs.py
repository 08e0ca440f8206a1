import io
import logging
import sys
import threading
from collections.abc import Iterator

import pytest

from bot.app.logs import REDACTED, configure_logging, guard_output

TOKEN = "123456789:AAFakeTokenForTests_0123456789abcdef"
URL = f"https://api.telegram.org/bot{TOKEN}/getUpdates"


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    noisy = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
    root.setLevel(level)
    for name, old in noisy.items():
        logging.getLogger(name).setLevel(old)


@pytest.fixture
def stream() -> io.StringIO:
    out = io.StringIO()
    configure_logging("INFO", [TOKEN], stream=out)
    return out


def test_token_in_arguments_is_redacted(stream: io.StringIO) -> None:
    logging.getLogger("bot.test").info("POST %s", URL)
    output = stream.getvalue()
    assert TOKEN not in output
    assert f"bot{REDACTED}/getUpdates" in output


def test_token_in_the_message_itself_is_redacted(stream: io.StringIO) -> None:
    logging.getLogger("bot.test").warning(f"token is {TOKEN}")
    assert stream.getvalue().rstrip().endswith(f"token is {REDACTED}")


def test_token_in_a_logged_exception_is_redacted(stream: io.StringIO) -> None:
    try:
        raise RuntimeError(f"connection to {URL} failed")
    except RuntimeError:
        logging.getLogger("bot.test").exception("polling stopped")
    output = stream.getvalue()
    assert "Traceback (most recent call last)" in output
    assert f"RuntimeError: connection to https://api.telegram.org/bot{REDACTED}" in output
    assert TOKEN not in output


def test_noisy_http_loggers_are_quietened() -> None:
    logging.getLogger("httpx").setLevel(logging.DEBUG)
    logging.getLogger("httpcore").setLevel(logging.DEBUG)
    out = io.StringIO()
    configure_logging("DEBUG", [TOKEN], stream=out)
    assert logging.getLogger("httpx").level == logging.WARNING
    assert logging.getLogger("httpcore").level == logging.WARNING
    logging.getLogger("httpx").info('HTTP Request: POST %s "HTTP/1.1 200 OK"', URL)
    assert out.getvalue() == ""


def test_level_is_applied(stream: io.StringIO) -> None:
    logging.getLogger("bot.test").debug("hidden")
    logging.getLogger("bot.test").info("shown")
    assert "hidden" not in stream.getvalue() and "shown" in stream.getvalue()


def test_second_call_replaces_the_first() -> None:
    first, second = io.StringIO(), io.StringIO()
    configure_logging("INFO", ["old-secret"], stream=first)
    configure_logging("info", [TOKEN], stream=second)
    logging.getLogger("bot.test").info("once %s", TOKEN)
    assert first.getvalue() == ""
    assert second.getvalue().count("once") == 1
    assert TOKEN not in second.getvalue()


def test_empty_secret_is_ignored() -> None:
    out = io.StringIO()
    configure_logging("INFO", [""], stream=out)
    logging.getLogger("bot.test").info("plain text")
    assert out.getvalue().rstrip().endswith("bot.test: plain text")


def test_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="loud"):
        configure_logging("loud", [TOKEN], stream=io.StringIO())


def test_guarded_output_redacts_prints_and_uncaught_tracebacks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    guard_output([TOKEN])
    print(f"calling {URL}")
    try:
        raise RuntimeError(f"failed: {URL}")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    thread = threading.Thread(target=lambda: (_ for _ in ()).throw(ValueError(TOKEN)))
    thread.start()
    thread.join()
    written = out.getvalue() + err.getvalue()
    assert "Traceback" in written and "ValueError" in written
    assert TOKEN not in written and TOKEN.split(":")[1] not in written
    assert written.count(REDACTED) == 3
