"""Long HTML texts in parts that each fit in one Telegram message.

Telegram measures a text after entity parsing, in UTF-16 code units: tags count nothing,
``&amp;`` counts one, an emoji beyond U+FFFF counts two. A part is cut between blocks
(blank lines) where that leaves it at least a quarter full, else between lines or after a
space where that leaves it half full, else between two characters; never inside a tag, a
character reference or characters that show as one (an emoji with its skin tone). Tags
open at a cut are closed at the end of the part and opened again at the start of the next,
so every part is valid HTML on its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MESSAGE_LIMIT = 4096  # Telegram's longest text message, in UTF-16 code units once parsed

_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<name>[A-Za-z][\w-]*)[^>]*>"
    r"|&(?:#[xX](?P<hex>[0-9a-fA-F]+)|#(?P<dec>[0-9]+)|(?P<named>[A-Za-z]+));?"
)
_NAMED = {"lt", "gt", "amp", "quot"}


@dataclass(frozen=True, slots=True)
class _Atom:
    """A piece no cut may enter: a tag, a character reference or one character."""

    raw: str
    width: int  # UTF-16 code units it shows as
    opens: str | None = None  # the tag name, for an opening tag
    closes: str | None = None  # the tag name, for a closing tag


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """``text`` (Telegram HTML) in parts that each show at most ``limit`` UTF-16 units."""
    if utf16_length(text) <= limit:  # what shows is never longer than what is written
        return [text]
    atoms = _atoms(text)
    ink, shown = [0], [0]  # before atom i: how many show other than white space; width
    for atom in atoms:
        ink.append(ink[-1] + (atom.width > 0 and not atom.raw.isspace()))
        shown.append(shown[-1] + atom.width)
    parts: list[str] = []
    open_tags: list[_Atom] = []  # the opening tags in force where the next part starts
    start = 0
    while start < len(atoms):
        end = _fill(atoms, start, limit)
        if end == len(atoms):
            cut, resume = end, end
        else:
            cut, resume = _break(atoms, ink, shown, start, end)
        reopened = "".join(tag.raw for tag in open_tags)
        for atom in atoms[start:cut]:
            if atom.opens:
                open_tags.append(atom)
            elif atom.closes and open_tags and open_tags[-1].opens == atom.closes:
                open_tags.pop()
        body = "".join(atom.raw for atom in atoms[start:cut])
        closers = "".join(f"</{tag.opens}>" for tag in reversed(open_tags))
        if ink[cut] > ink[start]:
            parts.append(reopened + body + closers)
        start = resume
        while start < len(atoms) and atoms[start].width and atoms[start].raw.isspace():
            start += 1  # Telegram drops white space that opens a message
    return parts or [""]


def _atoms(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        atoms.extend(_Atom(char, utf16_length(char)) for char in text[pos : match.start()])
        raw, name = match.group(), match["name"]
        if name is not None:
            lowered = name.lower()
            closing = bool(match["close"])
            atoms.append(_Atom(raw, 0, None if closing else lowered, lowered if closing else None))
        else:
            atoms.append(_Atom(raw, _reference_width(match)))
        pos = match.end()
    atoms.extend(_Atom(char, utf16_length(char)) for char in text[pos:])
    return atoms


def _reference_width(match: re.Match[str]) -> int:
    """What a character reference shows as: one character, or itself when Telegram does
    not know it (``&nbsp;`` stays ``&nbsp;``)."""
    if match["named"] is not None:
        return 1 if match["named"] in _NAMED else len(match.group())
    digits = match["hex"] or match["dec"]
    code = int(digits, 16 if match["hex"] else 10) if len(digits) < 8 else 0
    return utf16_length(chr(code)) if 0 < code < 0x10FFFF else len(match.group())


def _fill(atoms: list[_Atom], start: int, limit: int) -> int:
    """The end of the longest run from ``start`` that fits in ``limit`` (at least one atom)."""
    width, end = 0, start
    while end < len(atoms) and width + atoms[end].width <= limit:
        width += atoms[end].width
        end += 1
    return max(end, start + 1)


def _break(
    atoms: list[_Atom], ink: list[int], shown: list[int], start: int, end: int
) -> tuple[int, int]:
    """Where to cut a run that must end by ``end``, and where the next part begins: the last
    blank line past a quarter of the run, else the last line break past half of it (both
    dropped), else after the last space past half, else between the last two characters
    that do not show as one."""
    full = shown[end] - shown[start]

    def fits(cut: int, share: float) -> bool:  # full enough, and not blank
        return shown[cut] - shown[start] >= full * share and ink[cut] > ink[start]

    def newline(i: int) -> bool:
        return i < len(atoms) and atoms[i].raw == "\n"

    cuts = range(end, start, -1)
    for cut in cuts:
        if newline(cut) and newline(cut + 1) and fits(cut, 0.25):
            return cut, cut + 2
    for cut in cuts:
        if newline(cut) and fits(cut, 0.5):
            return cut, cut + 1
    for cut in cuts:
        if atoms[cut - 1].raw == " " and fits(cut, 0.5):
            return cut, cut
    cut = end
    while cut - 1 > start and _joined(atoms[cut - 1].raw, atoms[cut].raw):
        cut -= 1
    return cut, cut


def _joined(before: str, after: str) -> bool:
    """Whether two characters show as one (a mark, a variation selector, a skin tone, a
    zero-width joiner), so no cut may fall between them."""
    if len(before) != 1 or len(after) != 1:
        return False
    code = ord(after)
    return (
        before == "\u200d"
        or code == 0x200D
        or unicodedata.combining(after) != 0
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )
