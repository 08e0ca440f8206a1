"""Telegram's HTML as the stand-in reads it: what a text displays as, or the 400 it earns."""

from __future__ import annotations

import re

from bot.offline.wire import ApiError, JSONDict

HTML_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a"}
    | {"code", "pre", "blockquote", "tg-emoji", "tg-time"}
)
_HTML_TOKEN = re.compile(r"<(/?)([^\s>/]*)[^>]*>|<")
_HTML_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _html_error(text: str, pos: int, what: str) -> ApiError:
    offset = len(text[:pos].encode())
    return ApiError(400, f"Bad Request: can't parse entities: {what} at byte offset {offset}")


def render_html(text: str) -> str:
    """Return ``text`` as Telegram displays it with ``parse_mode=HTML``, or raise its 400."""
    if "<" not in text and "&" not in text:
        return text
    stack: list[tuple[str, int]] = []
    parts: list[str] = []
    pos = 0
    for match in _HTML_TOKEN.finditer(text):
        parts.append(text[pos : match.start()])
        pos = match.end()
        name = (match.group(2) or "").lower()
        if name not in HTML_TAGS:
            raise _html_error(text, match.start(), f'Unsupported start tag "{name}"')
        if not match.group(1):
            stack.append((name, match.start()))
        elif not stack or stack[-1][0] != name:
            raise _html_error(text, match.start(), f'Unmatched end tag "{name}"')
        else:
            stack.pop()
    if stack:
        name, start = stack[-1]
        raise _html_error(text, start, f'Can\'t find end tag corresponding to start tag "{name}"')
    parts.append(text[pos:])
    return _HTML_ENTITY.sub(_unescape, "".join(parts))


def _unescape(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[name]
    return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))


def display_text(raw: str, params: JSONDict, limit: int) -> str:
    text = render_html(raw) if params.get("parse_mode") == "HTML" else raw
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if len(text) > limit:
        raise ApiError(400, "Bad Request: message is too long")
    return text
