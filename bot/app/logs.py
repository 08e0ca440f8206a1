"""Process-wide logging and output that never let a secret (the bot token) out: a filter
on the log handler, and :func:`guard_output` for whatever else reaches stdout or stderr
(a traceback, a warning, a print)."""

from __future__ import annotations

import io
import logging
import sys
import threading
import traceback
from collections.abc import Iterable
from types import TracebackType
from typing import TextIO

REDACTED = "[redacted]"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# These log every request URL, and Bot API URLs contain the token.
NOISY_LOGGERS = ("httpx", "httpcore")


class RedactingFilter(logging.Filter):
    """Replaces every secret in a record's message, arguments, traceback and stack."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Longest first, so a secret containing another is replaced whole.
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """``text`` with every secret replaced."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        if not self.secrets:
            return True
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class RedactingStream(io.TextIOBase):
    """A text stream that writes to ``stream`` with every secret replaced."""

    def __init__(self, stream: TextIO, redact: RedactingFilter) -> None:
        self.stream = stream
        self._redact = redact

    def write(self, text: str) -> int:
        """Write ``text``, redacted; counts the characters given, as streams do."""
        self.stream.write(self._redact.redact(text))
        return len(text)

    def flush(self) -> None:
        """Flush the stream underneath."""
        self.stream.flush()

    def isatty(self) -> bool:
        """Whether the stream underneath is a terminal."""
        return self.stream.isatty()

    def fileno(self) -> int:
        """The stream underneath's file descriptor."""
        return self.stream.fileno()


def guard_output(secrets: Iterable[str]) -> None:
    """Redact ``secrets`` from everything this process writes to stdout and stderr:
    both streams are wrapped, and an uncaught exception's traceback (main thread or any
    other) is printed redacted."""
    redact = RedactingFilter(secrets)
    if not redact.secrets:
        return
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, RedactingStream):
            setattr(sys, name, RedactingStream(stream, redact))

    def excepthook(
        kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        text = "".join(traceback.format_exception(kind, error, tb))
        sys.stderr.write(redact.redact(text))

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook


class _LibbotHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Marks the handler this module installs, so a second call replaces it."""


def configure_logging(level: str, secrets: Iterable[str], *, stream: TextIO | None = None) -> None:
    """Log to ``stream`` (default stderr) at ``level`` with ``secrets`` redacted.

    Calling it again replaces the previous configuration instead of adding to it.
    """
    numeric = logging.getLevelNamesMapping().get(level.strip().upper())
    if numeric is None:
        raise ValueError(f"unknown log level {level!r}")
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _LibbotHandler)]:
        root.removeHandler(old)
        old.close()
    handler = _LibbotHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactingFilter(secrets))
    root.addHandler(handler)
    root.setLevel(numeric)
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(max(numeric, logging.WARNING))
