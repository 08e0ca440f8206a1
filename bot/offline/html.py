"""Telegram's HTML as the stand-in reads it: what a text displays as, or the 400 it earns.

Modelled on the parser behind the Bot API (tdlib's ``parse_html``): only the tags Telegram
supports, properly nested; ``span`` only as a spoiler; attributes written ``name=value``;
``&lt;``, ``&gt;``, ``&amp;``, ``&quot;`` and numeric references decoded (the ``;`` may be
left out), any other ``&`` kept as it is. Lengths are counted as Telegram counts them: in
UTF-16 code units of the text after entity parsing.
"""

from __future__ import annotations

import re

from bot.offline.wire import ApiError, JSONDict

HTML_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a"}
    | {"code", "pre", "blockquote", "tg-emoji", "tg-time"}
)
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#[xX]([0-9a-fA-F]*)|#([0-9]*)|([A-Za-z]*));?")
_PLAIN = re.compile(r"[^<&]+")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.-]*")


def utf16_length(text: str) -> int:
    """The length Telegram measures: UTF-16 code units (an emoji beyond U+FFFF counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def _error(text: str, pos: int, what: str) -> ApiError:
    offset = len(text[:pos].encode())
    return ApiError(400, f"Bad Request: can't parse entities: {what} at byte offset {offset}")


def decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    """The character the reference at ``text[pos]`` (an ``&``) stands for and where it ends,
    or None when Telegram would show the ``&`` as it is."""
    match = _ENTITY.match(text, pos)
    if match is None:
        return None
    hexadecimal, decimal, name = match.groups()
    if name is not None:
        char = _NAMED_ENTITIES.get(name)
        if char is None:
            return None
    else:
        digits = hexadecimal if hexadecimal is not None else decimal
        if not digits or match.end() - pos > 10:
            return None
        code = int(digits, 16 if hexadecimal is not None else 10)
        if code == 0 or code >= 0x10FFFF:
            return None
        char = chr(code)
    return char, match.end()


def render_html(text: str) -> str:
    """Return ``text`` as Telegram displays it with ``parse_mode=HTML``, or raise its 400."""
    parts: list[str] = []
    stack: list[str] = []
    pos, end = 0, len(text)
    while pos < end:
        char = text[pos]
        if char == "&":
            decoded = decode_entity(text, pos)
            parts.append(decoded[0] if decoded else "&")
            pos = decoded[1] if decoded else pos + 1
        elif char == "<":
            pos = _tag(text, pos, stack)
        else:
            plain = _PLAIN.match(text, pos)
            assert plain is not None
            parts.append(plain.group())
            pos = plain.end()
    if stack:
        raise _error(text, end, f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(parts)


def _tag(text: str, begin: int, stack: list[str]) -> int:
    """Read the tag at ``text[begin]`` into ``stack``; where the text goes on."""
    closing = text.startswith("/", begin + 1)
    pos = begin + 2 if closing else begin + 1
    while pos < len(text) and not text[pos].isspace() and text[pos] != ">":
        pos += 1
    name = text[begin + (2 if closing else 1) : pos]
    if closing:
        if not stack:
            raise _error(text, begin, "Unexpected end tag")
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos == len(text) or text[pos] != ">":
            raise _error(text, begin, "Unclosed end tag")
        if name and name != stack[-1]:
            raise _error(text, begin, f'Unmatched end tag, expected "</{stack[-1]}>", found '
                                      f'"</{name}>"')  # fmt: skip
        stack.pop()
        return pos + 1
    if pos == len(text):
        raise _error(text, begin, "Unclosed start tag")
    name = name.lower()
    if name not in HTML_TAGS:
        raise _error(text, begin, f'Unsupported start tag "{name}"')
    attributes, pos = _attributes(text, pos, name, begin)
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise _error(text, begin, 'Tag "span" must have class "tg-spoiler"')
    stack.append(name)
    return pos + 1


def _attributes(text: str, pos: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
    """The attributes of a start tag from ``pos`` on, and the position of its ``>``."""
    found: dict[str, str] = {}
    end = len(text)
    while True:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos == end:
            raise _error(text, begin, "Unclosed start tag")
        if text[pos] == ">":
            return found, pos
        start = pos
        while pos < end and not text[pos].isspace() and text[pos] not in "=>":
            pos += 1
        name = text[start:pos].lower()
        if not name:
            raise _error(text, begin, f'Empty attribute name in the tag "{tag}"')
        while pos < end and text[pos].isspace():
            pos += 1
        if pos == end or text[pos] != "=":
            if tag == "blockquote" and name == "expandable":
                found[name] = ""
                continue
            raise _error(text, begin, f'Expected equal sign in declaration of an attribute of '
                                      f'the tag "{tag}"')  # fmt: skip
        pos += 1
        while pos < end and text[pos].isspace():
            pos += 1
        if pos == end:
            raise _error(text, begin, "Unclosed start tag")
        found[name], pos = _attribute_value(text, pos)
        if pos == end:
            raise _error(text, begin, "Unclosed start tag")


def _attribute_value(text: str, pos: int) -> tuple[str, int]:
    """An attribute's value (quoted, with references decoded, or a bare name token)."""
    quote = text[pos]
    if quote not in "'\"":
        token = _NAME_TOKEN.match(text, pos)
        assert token is not None
        after = token.end()
        if after < len(text) and not text[after].isspace() and text[after] != ">":
            raise _error(text, pos, "Unexpected end of name token")
        return token.group().lower(), after
    value: list[str] = []
    pos += 1
    while pos < len(text) and text[pos] != quote:
        decoded = decode_entity(text, pos) if text[pos] == "&" else None
        value.append(decoded[0] if decoded else text[pos])
        pos = decoded[1] if decoded else pos + 1
    return "".join(value), min(pos + 1, len(text))


def display_text(raw: str, params: JSONDict, limit: int) -> str:
    """The text a message shows, or the 400 Telegram answers for it (empty, too long, bad
    HTML); ``limit`` counts UTF-16 code units after entity parsing, as Telegram does."""
    text = render_html(raw) if params.get("parse_mode") == "HTML" else raw
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_length(text) > limit:
        raise ApiError(400, "Bad Request: message is too long")
    return text
